// Resource IDs as ARM builds them: /subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{t1}/{n1}/{t2}/{n2}...
// A type "Microsoft.Network/virtualNetworks/subnets" has one name segment per type segment after the namespace.

export interface SplitType {
  readonly namespace: string;
  readonly types: readonly string[];
}

export function splitType(type: string): SplitType | undefined {
  const parts = type.split('/');
  if (parts.length < 2 || parts.some((p) => p.trim() === '')) return undefined;
  return { namespace: parts[0]!, types: parts.slice(1) };
}

export const resourceGroupId = (subscriptionId: string, resourceGroup: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** Builds `${prefix}/providers/...`; undefined when the name segments do not match the type segments. */
export function buildResourceId(prefix: string, type: string, names: readonly string[]): string | undefined {
  const t = splitType(type);
  if (!t || t.types.length !== names.length || names.some((n) => n === '')) return undefined;
  const tail = t.types.map((ty, i) => `${ty}/${names[i]}`).join('/');
  return `${prefix}/providers/${t.namespace}/${tail}`;
}

/** ARM's message for a type/name mismatch (learn.microsoft.com/.../troubleshooting/error-invalid-template). */
export const segmentLengthMessage = (name: string, type: string): string =>
  `The template resource '${name}' for type '${type}' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name.`;

/** "type/name" of an ID's last provider section, e.g. Microsoft.Network/virtualNetworks/vnet1/subnets/s1. */
export function typeAndNameOf(id: string): { type: string; name: string } | undefined {
  const i = id.toLowerCase().lastIndexOf('/providers/');
  if (i < 0) return undefined;
  const parts = id.slice(i + '/providers/'.length).split('/');
  if (parts.length < 3 || parts.length % 2 === 0) return undefined;
  const types = [parts[0]!];
  const names: string[] = [];
  for (let k = 1; k < parts.length; k += 2) {
    types.push(parts[k]!);
    names.push(parts[k + 1]!);
  }
  return { type: types.join('/'), name: names.join('/') };
}

export const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
