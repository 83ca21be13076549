// evaluateExpression: one template-language string evaluated on its own (tests and the CLI), with what a
// resource body sees except reference() and parameters/variables (there is no template around it).
import { evaluateText } from './evaluator.ts';
import { invalidTemplate, describeFailure, type TemplateResult } from './errors.ts';
import { TemplateContext, type EngineOptions } from './template-context.ts';
import type { DeploymentScope } from './types.ts';

export function evaluateExpression(
  text: string,
  scope: DeploymentScope,
  options: EngineOptions = {},
): TemplateResult<unknown> {
  const ctx = new TemplateContext(scope, {}, [], new Map(), options);
  const r = evaluateText(text, ctx.site({}));
  if (r.ok) return { ok: true, value: r.value };
  return {
    ok: false,
    error: invalidTemplate(
      `The template language expression is not valid: ${describeFailure(text, r.failure)}`,
    ),
  };
}
