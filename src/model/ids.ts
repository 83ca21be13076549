// ARM resource IDs: parsing, building and the case-insensitive key the world is indexed by.
// ARM compares IDs case-insensitively (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
import type { Result } from '../net/index.ts';

export interface ResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly provider: string; // e.g. "Microsoft.Network"
  /** Type segments after the provider, e.g. ["virtualNetworks", "subnets"]. */
  readonly types: readonly string[];
  /** Name segments, one per type segment. */
  readonly names: readonly string[];
}

/** Case-insensitive key of a resource ID; every map in the world is keyed by it. */
export const keyOf = (id: string): string => id.toLowerCase().replace(/\/+$/, '');

export function parseResourceId(id: string): Result<ResourceId> {
  const bad = { ok: false as const, reason: `'${id}' is not a valid resource ID` };
  const parts = id.replace(/\/+$/, '').split('/');
  // ["", "subscriptions", sub, "resourceGroups", rg, "providers", ns, type, name, (type, name)*]
  if (parts.length < 9 || parts[0] !== '' || (parts.length - 7) % 2 !== 0) return bad;
  if (parts[1]!.toLowerCase() !== 'subscriptions' || parts[3]!.toLowerCase() !== 'resourcegroups') return bad;
  if (parts[5]!.toLowerCase() !== 'providers') return bad;
  if (parts.some((p, i) => i > 0 && p === '')) return bad;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 7; i < parts.length; i += 2) {
    types.push(parts[i]!);
    names.push(parts[i + 1]!);
  }
  return {
    ok: true,
    value: { subscriptionId: parts[2]!, resourceGroup: parts[4]!, provider: parts[6]!, types, names },
  };
}

/** "Microsoft.Network/virtualNetworks/subnets" */
export const typeOf = (id: ResourceId): string => [id.provider, ...id.types].join('/');

export const nameOf = (id: ResourceId): string => id.names[id.names.length - 1]!;

export function formatResourceId(id: ResourceId): string {
  const tail = id.types.flatMap((t, i) => [t, id.names[i]!]);
  return [
    '',
    'subscriptions',
    id.subscriptionId,
    'resourceGroups',
    id.resourceGroup,
    'providers',
    id.provider,
    ...tail,
  ].join('/');
}

/** The parent's ID, or undefined for a top-level resource. */
export function parentIdOf(id: string): string | undefined {
  const r = parseResourceId(id);
  if (!r.ok || r.value.types.length < 2) return undefined;
  const v = r.value;
  return formatResourceId({ ...v, types: v.types.slice(0, -1), names: v.names.slice(0, -1) });
}

export const childId = (parentId: string, childType: string, name: string): string =>
  `${parentId.replace(/\/+$/, '')}/${childType}/${name}`;

/** The last name segment of an ID, for messages; the input itself when it is not an ID. */
export function lastName(id: string): string {
  const parts = id.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? id;
}
