// POST deployments/{name}/whatIf: what a deployment would change, without changing anything (WhatIfOperationResult,
// resources.json; `az deployment group what-if`). The plan is applied to a copy of the world, as the deployment
// would apply it, and each declared resource is compared before and after: Create, Modify (with the properties that
// change), NoChange; in Complete mode the group's undeclared resources are Delete, in Incremental mode Ignore.
import { apply, canonicalType, findResource, keyOf } from '../model/index.ts';
import type { World } from '../model/index.ts';
import { errorOfProblems } from './errors.ts';
import type { ArmErrorBody } from './errors.ts';
import { renderResource } from './render.ts';
import { plannedPut, referenceIn } from './planned.ts';
import type { ResourceGroup } from './state.ts';
import type { DeploymentPlan } from './template/index.ts';
import { isObject } from '../net/index.ts';

type Json = Record<string, unknown>;

export interface WhatIfChange {
  resourceId: string;
  changeType: 'Create' | 'Delete' | 'Ignore' | 'Modify' | 'NoChange' | 'Unsupported';
  before?: Json;
  after?: Json;
  delta?: PropertyChange[];
  unsupportedReason?: string;
}

export interface PropertyChange {
  path: string;
  propertyChangeType: 'Create' | 'Delete' | 'Modify';
  before?: unknown;
  after?: unknown;
}

export type WhatIfResult =
  | { status: 'Succeeded'; properties: { changes: WhatIfChange[] } }
  | { status: 'Failed'; error: ArmErrorBody };

export function whatIf(world: World, plan: DeploymentPlan, group: ResourceGroup, mode: string): WhatIfResult {
  let w = world;
  const reference = referenceIn(() => w);
  const changes: WhatIfChange[] = [];
  const declared = new Set<string>();
  for (const planned of plan.resources) {
    declared.add(keyOf(planned.id));
    if (!canonicalType(planned.type)) {
      changes.push({
        resourceId: planned.id,
        changeType: 'Unsupported',
        unsupportedReason: `vnetlab does not model resource type '${planned.type}'.`,
      });
      continue;
    }
    const put = plannedPut(planned, reference);
    if (!put.ok) return { status: 'Failed', error: put.error };
    const result = apply(w, [put.value.change], put.value.options);
    if (!result.ok) return { status: 'Failed', error: errorOfProblems(result.problems).error };
    w = result.world;
  }
  for (const planned of plan.resources) {
    if (!canonicalType(planned.type)) continue;
    const old = findResource(world, planned.id);
    const before = old ? comparable(renderResource(world, old)) : undefined;
    const after = comparable(renderResource(w, findResource(w, planned.id)!));
    if (!before) {
      changes.push({ resourceId: planned.id, changeType: 'Create', after });
      continue;
    }
    const delta = differences(before, after, '');
    changes.push({
      resourceId: planned.id,
      changeType: delta.length ? 'Modify' : 'NoChange',
      before,
      after,
      ...(delta.length ? { delta } : {}),
    });
  }
  const prefix = `${group.id}/`.toLowerCase();
  for (const [key, r] of world.resources)
    if (key.startsWith(prefix) && !declared.has(key))
      changes.push(
        mode === 'Complete'
          ? { resourceId: r.id, changeType: 'Delete', before: comparable(renderResource(world, r)) }
          : { resourceId: r.id, changeType: 'Ignore' },
      );
  return { status: 'Succeeded', properties: { changes } };
}

// What changes on every PUT without being a change of the design: ARM's what-if leaves these out too.
const NOISE = new Set(['etag', 'provisioningState']);

/** A GET body without the members that change on every PUT. */
function comparable(value: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (NOISE.has(k)) continue;
    out[k] = isObject(v)
      ? comparable(v)
      : Array.isArray(v)
        ? v.map((x) => (isObject(x) ? comparable(x) : x))
        : v;
  }
  return out;
}

/**
 * The leaf paths that differ ('properties.addressSpace.addressPrefixes').
 * Fidelity: an array that changes is one Modify with both arrays; ARM's what-if also lists an array's items.
 */
function differences(before: Json, after: Json, at: string): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = at ? `${at}.${key}` : key;
    const b = before[key];
    const a = after[key];
    if (b === undefined) out.push({ path, propertyChangeType: 'Create', after: a });
    else if (a === undefined) out.push({ path, propertyChangeType: 'Delete', before: b });
    else if (isObject(b) && isObject(a)) out.push(...differences(b, a, path));
    else if (JSON.stringify(b) !== JSON.stringify(a))
      out.push({ path, propertyChangeType: 'Modify', before: b, after: a });
  }
  return out;
}
