// Reads an ARM request path into what it addresses. ARM paths are case-insensitive in their literal segments
// ('subscriptions', 'resourceGroups', 'providers'); names keep the casing the client sent.
// https://learn.microsoft.com/rest/api/azure/#uri-parameters and the ARM RPC resource-api-reference.md.

export type Target =
  | { kind: 'subscriptions' }
  | { kind: 'tenants' }
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'resourceGroups'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  /** Generic resource lists: /subscriptions/{s}/resources and /subscriptions/{s}/resourceGroups/{rg}/resources. */
  | { kind: 'genericList'; subscriptionId: string; resourceGroup?: string }
  | { kind: 'providers'; subscriptionId: string }
  | { kind: 'provider'; subscriptionId: string; namespace: string }
  /** /subscriptions/{s}/providers/{ns}/locations/{loc}/operations|operationResults/{id} */
  | { kind: 'operation'; subscriptionId: string; namespace: string; operationId: string; result: boolean }
  /**
   * Resources under a provider: `types` and `names` after the namespace. names.length === types.length addresses
   * one resource; names.length === types.length - 1 a collection (or an action on the parent, for POST).
   */
  | {
      kind: 'provided';
      subscriptionId: string;
      resourceGroup?: string;
      namespace: string;
      types: string[];
      names: string[];
    }
  | { kind: 'unknown' };

const is = (segment: string | undefined, word: string): boolean =>
  segment?.toLowerCase() === word.toLowerCase();

/** Splits a URL path (no query) into decoded segments; undefined when it does not decode. */
export function segmentsOf(path: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      return undefined; // malformed percent-encoding: the caller answers 400/404
    }
  }
  return out;
}

export function targetOf(s: readonly string[]): Target {
  if (s.length === 1 && is(s[0], 'subscriptions')) return { kind: 'subscriptions' };
  if (s.length === 1 && is(s[0], 'tenants')) return { kind: 'tenants' };
  if (!is(s[0], 'subscriptions') || s.length < 2) return { kind: 'unknown' };
  const subscriptionId = s[1]!;
  if (s.length === 2) return { kind: 'subscription', subscriptionId };
  if (s.length === 3 && is(s[2], 'resourceGroups')) return { kind: 'resourceGroups', subscriptionId };
  if (s.length === 3 && is(s[2], 'resources')) return { kind: 'genericList', subscriptionId };
  if (is(s[2], 'providers')) return providerTarget(subscriptionId, undefined, s.slice(3));
  if (!is(s[2], 'resourceGroups') || s.length < 4) return { kind: 'unknown' };
  const resourceGroup = s[3]!;
  if (s.length === 4) return { kind: 'resourceGroup', subscriptionId, resourceGroup };
  if (s.length === 5 && is(s[4], 'resources')) return { kind: 'genericList', subscriptionId, resourceGroup };
  if (is(s[4], 'providers')) return providerTarget(subscriptionId, resourceGroup, s.slice(5));
  return { kind: 'unknown' };
}

function providerTarget(
  subscriptionId: string,
  resourceGroup: string | undefined,
  rest: readonly string[],
): Target {
  if (rest.length === 0)
    return resourceGroup === undefined ? { kind: 'providers', subscriptionId } : { kind: 'unknown' };
  const namespace = rest[0]!;
  if (rest.length === 1)
    return resourceGroup === undefined
      ? { kind: 'provider', subscriptionId, namespace }
      : { kind: 'unknown' };
  if (
    resourceGroup === undefined &&
    rest.length === 5 &&
    is(rest[1], 'locations') &&
    (is(rest[3], 'operations') || is(rest[3], 'operationResults'))
  ) {
    return {
      kind: 'operation',
      subscriptionId,
      namespace,
      operationId: rest[4]!,
      result: is(rest[3], 'operationResults'),
    };
  }
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 1; i < rest.length; i += 2) {
    types.push(rest[i]!);
    if (i + 1 < rest.length) names.push(rest[i + 1]!);
  }
  return {
    kind: 'provided',
    subscriptionId,
    ...(resourceGroup !== undefined ? { resourceGroup } : {}),
    namespace,
    types,
    names,
  };
}
