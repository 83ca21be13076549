// planDeployment: validates a template and its parameters and plans the deployment (resource-group scope):
// syntax and function names first, then parameters, variables, resource expansion and ordering. Resource
// bodies and outputs are evaluated later, when the runner has deployed what they reference.
import {
  fail,
  invalidTemplate,
  ok,
  unsupported,
  withExpression,
  type ArmError,
  type TemplateResult,
} from './errors.ts';
import { orderInstances } from './dependencies.ts';
import { evaluateOutputs } from './outputs.ts';
import { bind, declarations } from './parameters.ts';
import { expandResources, type Instance } from './resources.ts';
import { checkSyntax } from './syntax-check.ts';
import { TemplateContext, type EngineOptions } from './template-context.ts';
import { childPath, evaluateValue } from './template-value.ts';
import type { DeploymentPlan, DeploymentScope, PlannedResource, ReferenceFn } from './types.ts';
import { isObject, NOT_IN_BODY, type JsonObject } from './values.ts';

const KNOWN_SECTIONS = new Set([
  '$schema',
  'contentversion',
  'metadata',
  'parameters',
  'variables',
  'resources',
  'outputs',
  'functions',
  'languageversion',
  'definitions',
]);

function plannedResource(inst: Instance, waitsFor: readonly Instance[]): PlannedResource {
  return {
    id: inst.id,
    type: inst.type,
    name: inst.name,
    apiVersion: inst.apiVersion,
    dependsOn: waitsFor.map((w) => w.id),
    path: inst.path,
    evaluate(reference: ReferenceFn): TemplateResult<Record<string, unknown>> {
      const site = { ...inst.site, reference };
      const body: JsonObject = {};
      for (const [key, raw] of Object.entries(inst.raw)) {
        if (NOT_IN_BODY.has(key.toLowerCase())) continue;
        if (key === 'name' || key === 'type') continue;
        const r = evaluateValue(raw, site, childPath(inst.path, key));
        if (!r.ok) {
          const f = r.failure;
          // ARM: "Unable to process template language expressions for resource '<id>' at line .. and column ..".
          return fail({
            code: 'InvalidTemplate',
            message: `Unable to process template language expressions for resource '${inst.id}' at path '${f.path}'. '${withExpression(f.message, f.expression, f.position)}'`,
            target: inst.id,
          });
        }
        body[key] = r.value;
      }
      return ok({ name: inst.name, type: inst.type, ...body });
    },
  };
}

export function planDeployment(
  template: unknown,
  parameters: unknown,
  scope: DeploymentScope,
  options: EngineOptions = {},
): TemplateResult<DeploymentPlan> {
  if (!isObject(template)) return fail(invalidTemplate('The template must be a JSON object.'));
  const warnings: ArmError[] = [];
  for (const key of Object.keys(template)) {
    if (!KNOWN_SECTIONS.has(key.toLowerCase()))
      warnings.push(
        unsupported(`The template section '${key}' is not supported by vnetlab and was ignored.`, key),
      );
  }
  if (template.definitions !== undefined) {
    warnings.push(
      unsupported(
        "User-defined types ('definitions') are not validated by vnetlab; values are accepted as their base types.",
        'definitions',
      ),
    );
  }

  const outputs = template.outputs;
  if (outputs !== undefined) {
    if (!isObject(outputs))
      return fail(invalidTemplate("The template 'outputs' section must be an object.", 'outputs'));
    for (const [name, o] of Object.entries(outputs)) {
      if (!isObject(o) || typeof o.type !== 'string') {
        return fail(
          invalidTemplate(
            `The template output '${name}' at path 'outputs.${name}' is not valid: it must be an object with a 'type'.`,
            `outputs.${name}`,
          ),
        );
      }
    }
  }

  const syntax = checkSyntax(template);
  if (syntax) return fail(syntax);

  const decls = declarations(template);
  if (!decls.ok) return decls;
  const bound = bind(decls.value, parameters);
  if (!bound.ok) return bound;

  const ctx = new TemplateContext(scope, template, decls.value, bound.value, options);
  const paramError = ctx.evaluateParameters();
  if (paramError) return fail(paramError);
  const varError = ctx.evaluateVariables();
  if (varError) return fail(varError);

  const expanded = expandResources(ctx, warnings);
  if (!expanded.ok) return expanded;
  const ordered = orderInstances(expanded.value);
  if (!ordered.ok) return ordered;

  const resources = ordered.value.order.map((inst) =>
    plannedResource(inst, ordered.value.waitsFor.get(inst) ?? []),
  );
  const plan: DeploymentPlan = {
    resources,
    outputs: (reference) => evaluateOutputs(ctx, reference),
    warnings,
  };
  return ok(plan);
}
