// Outputs (learn.microsoft.com/azure/azure-resource-manager/templates/outputs): { type, value } or
// { type, copy: { count, input } }, optional condition; evaluated after the resources, so reference() works.
// A failure is ARM's DeploymentOutputEvaluationFailed with the located InvalidTemplate error as detail.
import { invalidTemplate, type ArmError, type TemplateResult } from './errors.ts';
import { locatedError, type TemplateContext } from './template-context.ts';
import { evaluateCount, evaluateString, evaluateValue, withLoop, type Located } from './template-value.ts';
import type { ReferenceFn } from './types.ts';
import { isObject, TEMPLATE_TYPES, typeName, type JsonObject } from './values.ts';

function outputFailed(name: string, detail: ArmError): ArmError {
  return {
    code: 'DeploymentOutputEvaluationFailed',
    message: `Unable to evaluate template outputs: '${name}'. Please see error details and deployment operations. Please see https://aka.ms/arm-debug for usage details.`,
    target: `outputs.${name}`,
    details: [detail],
  };
}

export function evaluateOutputs(
  ctx: TemplateContext,
  reference: ReferenceFn,
): TemplateResult<Record<string, { type: string; value: unknown }>> {
  const outputs = ctx.template.outputs;
  const result: Record<string, { type: string; value: unknown }> = {};
  if (outputs === undefined) return { ok: true, value: result };
  if (!isObject(outputs))
    return {
      ok: false,
      error: invalidTemplate("The template 'outputs' section must be an object.", 'outputs'),
    };
  const site = ctx.site({ reference });
  for (const [name, raw] of Object.entries(outputs)) {
    const path = `outputs.${name}`;
    if (!isObject(raw) || typeof raw.type !== 'string') {
      return {
        ok: false,
        error: invalidTemplate(
          `The template output '${name}' at path '${path}' is not valid: it must declare a 'type'.`,
          path,
        ),
      };
    }
    if (raw.condition !== undefined) {
      const c =
        typeof raw.condition === 'string'
          ? evaluateString(raw.condition, site, `${path}.condition`)
          : { ok: true as const, value: raw.condition };
      if (!c.ok) return { ok: false, error: outputFailed(name, locatedError('output', name, c.failure)) };
      if (c.value === false) continue;
    }
    let v: Located<unknown>;
    if (isObject(raw.copy)) {
      const copy: JsonObject = raw.copy;
      const count = evaluateCount(copy.count, site, `${path}.copy.count`);
      if (!count.ok)
        return { ok: false, error: outputFailed(name, locatedError('output', name, count.failure)) };
      const items: unknown[] = [];
      v = { ok: true, value: items };
      for (let i = 0; i < count.value; i++) {
        const r = evaluateValue(copy.input, withLoop(site, name, i), `${path}.copy.input`);
        if (!r.ok) {
          v = r;
          break;
        }
        items.push(r.value);
      }
    } else {
      v = evaluateValue(raw.value, site, `${path}.value`);
    }
    if (!v.ok) return { ok: false, error: outputFailed(name, locatedError('output', name, v.failure)) };
    const expected = TEMPLATE_TYPES[raw.type.toLowerCase()];
    if (expected !== undefined && typeName(v.value) !== expected && v.value !== null) {
      return {
        ok: false,
        error: outputFailed(
          name,
          invalidTemplate(
            `The template output '${name}' is not valid: Template output JToken type is not valid. Expected '${expected}'. Actual '${typeName(v.value)}'.`,
            path,
          ),
        ),
      };
    }
    result[name] = { type: raw.type, value: v.value };
  }
  return { ok: true, value: result };
}
