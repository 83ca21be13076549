// Short IDs in YAML topologies (docs/topology-format.md, "Short IDs"): values under ID-bearing keys that do not
// start with '/' are completed with the file's subscription and resource group.
import type { Defaults } from './types.ts';

/** The keys whose string values (or lists of strings) are resource IDs. */
const ID_KEYS = new Set(['id', 'resourceId', 'networkGroupId', 'configurationIds', 'privateLinkServiceId']);

/**
 * `Microsoft.Compute/virtualMachines/vm1` → under that provider; `routeTables/rt` → under Microsoft.Network.
 * Values starting with '/' (full IDs, /providers/... IDs) and empty strings are left alone.
 */
export function completeId(value: string, d: Defaults): string {
  if (value === '' || value.startsWith('/')) return value;
  const first = value.split('/')[0]!;
  const scope = `/subscriptions/${d.subscription}/resourceGroups/${d.resourceGroup}/providers`;
  // A provider namespace has a dot (Microsoft.Network); resource type segments never do.
  return first.includes('.') ? `${scope}/${value}` : `${scope}/Microsoft.Network/${value}`;
}

/** A deep copy of a YAML value with every ID-bearing key's strings completed. */
export function completeIds(value: unknown, d: Defaults): unknown {
  if (Array.isArray(value)) return value.map((v) => completeIds(v, d));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!ID_KEYS.has(key)) out[key] = completeIds(v, d);
    else if (typeof v === 'string') out[key] = completeId(v, d);
    else if (Array.isArray(v))
      out[key] = v.map((x) => (typeof x === 'string' ? completeId(x, d) : completeIds(x, d)));
    else out[key] = completeIds(v, d);
  }
  return out;
}
