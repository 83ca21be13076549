// ARM JSON exports → Change[]: an array of resources, a list response ({ "value": [...] }), Resource Graph output
// ({ "data": [...] }, types in lower case), one resource, or
// any nesting of these (several `az ... list` outputs pasted into one array). Resources come either as ARM
// serves them (with `properties`) or flattened as the Azure CLI's `az network ...` commands print them.
import { canonicalType, INLINE_CHILDREN, parseResourceId, typeOf } from '../model/index.ts';
import type { Change, Warning } from '../model/index.ts';
import { orderChanges } from './order.ts';
import type { Topology } from './types.ts';
import { isObject } from '../net/index.ts';

export type Located<T> = { ok: true; value: T } | { ok: false; pointer: string; message: string };

/** Top-level keys of an ARM resource envelope; everything else of a flattened az object is a property. */
const ENVELOPE = new Set([
  'id',
  'name',
  'type',
  'location',
  'tags',
  'sku',
  'zones',
  'etag',
  'kind',
  'identity',
  'extendedLocation',
  'plan',
  'managedBy',
]);
/** What az, `az resource list` and Resource Graph add that is not part of the resource. */
const CLIENT_ONLY = new Set(['resourceGroup', 'systemData', 'subscriptionId', 'tenantId']);

/**
 * An export states what is: a private subnet says `defaultOutboundAccess: false`, and an older subnet that says
 * nothing has default outbound access. So its resources are applied at an api-version before the creation
 * defaults of 2025-07-01 (private subnets), which would otherwise make every older subnet of an Azure export private.
 */
export const EXPORT_API_VERSION = '2024-05-01';

export function topologyFromArmJson(data: unknown): Located<Topology> {
  const resources: Record<string, unknown>[] = [];
  const found = collect(data, '', resources);
  if (!found.ok) return found;
  const changes: Change[] = [];
  const warnings: Warning[] = [];
  for (const r of resources) {
    const parsed = parseResourceId(String(r.id));
    const type = parsed.ok ? typeOf(parsed.value) : undefined;
    if (type !== undefined && canonicalType(type) === undefined) {
      // Fidelity: resource types vnetlab does not model (storage accounts, key vaults... in an
      // `az resource list` export) are skipped with a warning instead of rejecting the whole file.
      warnings.push({
        kind: 'unsupported',
        code: 'UnsupportedResourceTypeSkipped',
        message: `vnetlab does not model resource type '${type}'; ${String(r.id)} was skipped.`,
        target: String(r.id),
      });
      continue;
    }
    if (r.properties === null)
      return {
        ok: false,
        pointer: '',
        message: `${String(r.id)} has "properties": null, as 'az resource list' prints resources: it exported no properties to check. Export with them: 'az network vnet list', 'az network nsg list' and the other 'az network ... list' commands, 'az resource show --ids ...', or Resource Graph ('az graph query -q "Resources | where type startswith \\"microsoft.network\\""')`,
      };
    // Read-only properties (provisioningState, resourceGuid, back-references) are kept: apply() ignores them.
    changes.push({
      op: 'put',
      resource: asArmBody(r, type !== undefined ? canonicalType(type) : undefined),
      apiVersion: EXPORT_API_VERSION,
    });
  }
  const commits = commitsOf(data);
  if (!commits.ok) return commits;
  return {
    ok: true,
    value: {
      changes: [...orderChanges(changes), ...commits.value],
      expectations: [],
      guests: {},
      traffic: {},
      warnings,
    },
  };
}

/** The AVNM commits of a `vnetlab export` ({ value, networkManagerCommits }), applied after every resource. */
function commitsOf(data: unknown): Located<Change[]> {
  const list = isObject(data) ? data.networkManagerCommits : undefined;
  if (list === undefined) return { ok: true, value: [] };
  if (!Array.isArray(list))
    return { ok: false, pointer: '/networkManagerCommits', message: 'expected an array of commits' };
  const changes: Change[] = [];
  for (const [i, c] of list.entries()) {
    if (!isObject(c) || typeof c.networkManagerId !== 'string')
      return {
        ok: false,
        pointer: `/networkManagerCommits/${i}`,
        message: 'expected { networkManagerId, commitType, targetLocations, configurationIds }',
      };
    const { networkManagerId, ...commit } = c;
    changes.push({ op: 'commit', networkManagerId, commit });
  }
  return { ok: true, value: changes };
}

function collect(value: unknown, pointer: string, out: Record<string, unknown>[]): Located<true> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const r = collect(v, `${pointer}/${i}`, out);
      if (!r.ok) return r;
    }
    return { ok: true, value: true };
  }
  if (isObject(value) && typeof value.id === 'string') {
    out.push(value);
    return { ok: true, value: true };
  }
  if (isObject(value) && Array.isArray(value.value)) return collect(value.value, `${pointer}/value`, out);
  // Azure Resource Graph: the REST answer and `az graph query` print { count, data: [...], ... }.
  if (isObject(value) && Array.isArray(value.data)) return collect(value.data, `${pointer}/data`, out);
  return {
    ok: false,
    pointer,
    message: `expected an ARM resource (an object with an 'id'), an array of them, { "value": [...] } or Resource Graph's { "data": [...] }`,
  };
}

/** The body as ARM serves it: properties under `properties`, client-only keys removed. */
function asArmBody(r: Record<string, unknown>, type: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = r.properties;
  const flattened = !isObject(given);
  const properties: Record<string, unknown> = isObject(given) ? { ...given } : {};
  for (const [key, v] of Object.entries(r)) {
    if (CLIENT_ONLY.has(key) || key === 'properties') continue;
    if (ENVELOPE.has(key)) out[key] = v;
    // az prints absent properties as null; ARM omits them.
    else if (flattened && v !== null) properties[key] = v;
  }
  // Inline children printed by az are flattened too (a VNet's subnets, a NIC's ipConfigurations...).
  for (const [segment, property] of Object.entries(type ? (INLINE_CHILDREN[type] ?? {}) : {})) {
    const list = properties[property];
    if (!Array.isArray(list)) continue;
    const childType = `${type}/${segment}`;
    properties[property] = list.map((c: unknown) => (isObject(c) ? asArmBody(c, childType) : c));
  }
  out.properties = properties;
  return out;
}
