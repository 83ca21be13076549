// An ARM template (or Bicep-compiled JSON) with its parameters, deployed into an empty world without a server:
// the template engine plans it as `az deployment group create` would, and each resource is applied in the plan's
// order with reference() reading what is deployed so far. So `-t main.json --parameters ...` analyses a design
// before it is deployed anywhere.
import { apply, canonicalType, EMPTY_WORLD } from '../model/index.ts';
import type { Problem, Warning, World } from '../model/index.ts';
import type { Result } from '../net/index.ts';
import { isObject } from '../net/index.ts';
import { TENANT_ID } from './identity.ts';
import { plannedPut, referenceIn } from './planned.ts';
import { planDeployment } from './template/index.ts';

export interface TemplateScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** Commit time of anything the deployment stamps (fixed, so a file gives the same world each time). */
  readonly now: string;
}

export interface TemplateWorld {
  readonly world: World;
  readonly warnings: Warning[];
  readonly problems: Problem[];
}

/** Whether a parsed JSON file is a deployment template rather than an export: its $schema says so. */
export const isDeploymentTemplate = (data: unknown): boolean =>
  isObject(data) &&
  Array.isArray(data.resources) &&
  typeof data.$schema === 'string' &&
  /deploymentTemplate\.json/i.test(data.$schema);

export function worldOfTemplate(
  template: unknown,
  parameters: Record<string, unknown>,
  scope: TemplateScope,
): Result<TemplateWorld> {
  const groupId = `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;
  const planned = planDeployment(template, parameters, {
    subscriptionId: scope.subscriptionId,
    tenantId: TENANT_ID,
    resourceGroup: { id: groupId, name: scope.resourceGroup, location: scope.location },
    deploymentName: 'vnetlab',
  });
  if (!planned.ok) return { ok: false, reason: `${planned.error.code}: ${planned.error.message}` };
  const warnings: Warning[] = planned.value.warnings.map((w) => ({
    kind: 'unsupported',
    code: w.code,
    message: w.message,
    ...(w.target !== undefined ? { target: w.target } : {}),
  }));
  let world = EMPTY_WORLD;
  const reference = referenceIn(() => world);
  for (const resource of planned.value.resources) {
    if (!canonicalType(resource.type)) {
      // As `-t` does with an export: a resource vnetlab does not model is skipped with a warning.
      warnings.push({
        kind: 'unsupported',
        code: 'UnsupportedResourceTypeSkipped',
        message: `vnetlab does not model resource type '${resource.type}'; ${resource.id} was skipped.`,
        target: resource.id,
      });
      continue;
    }
    const put = plannedPut(resource, reference);
    if (!put.ok) return { ok: false, reason: `${put.error.code}: ${put.error.message}` };
    const result = apply(world, [put.value.change], { ...put.value.options, now: scope.now });
    warnings.push(...result.warnings);
    if (!result.ok) return { ok: true, value: { world: EMPTY_WORLD, warnings, problems: result.problems } };
    world = result.world;
  }
  return { ok: true, value: { world, warnings, problems: [] } };
}
