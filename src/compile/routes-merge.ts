// A subnet's full route list: its own routes with the connected groups' routes spliced in after the peering
// routes. Read ../../../shared/azure-semantics.md §3.4 and §5.1 before changing this file.
//
// Cost model: a connected group of a 5,000-VNet mesh holds 5,000+ routes shared by every member. A member's list
// is that shared array minus a few index ranges (its own VNet's entries; PE /32s when it is high-scale) with a
// few entries left out or shown Invalid (prefixes its own routes also have), so it is built from slices of the
// shared array: O(group size) copying, no per-entry map lookups. `mergeGroupRoutesByScan` is the plain
// per-entry definition; a property test holds the two equal.
import type { GroupTable } from './routes-avnm.ts';
import type { EffectiveRoute, RouteEntry, RouteKind } from './routes-types.ts';

export interface MergeInput {
  /** The subnet's own entries in Azure's order, states decided. */
  readonly local: readonly RouteEntry[];
  /** prefixKey -> kinds of the Active local entries with that prefix. */
  readonly localKinds: ReadonlyMap<string, ReadonlySet<RouteKind>>;
  readonly groups: readonly GroupTable[];
  /** The key of the subnet's VNet: a member ignores its own group entries. */
  readonly selfKey: string;
  /** privateEndpointVNetPolicies Basic: no PE /32s from the group (§3.4). */
  readonly highScale: boolean;
  /** Group PE /32s a UDR of this subnet overrides (§5.1). */
  readonly invalidGroupEndpoints: ReadonlySet<RouteEntry>;
}

const invalid = (r: EffectiveRoute): EffectiveRoute => ({ ...r, state: 'Invalid' });

/** Connected-group routes go after the peering routes (VNet ranges, Internet, reserved, peering first). */
function cutOf(local: readonly RouteEntry[]): number {
  const at = local.findIndex(
    (e) => e.kind !== 'vnet' && e.kind !== 'internet' && e.kind !== 'reserved' && e.kind !== 'peering',
  );
  return at < 0 ? local.length : at;
}

function splice(local: readonly RouteEntry[], grouped: readonly EffectiveRoute[]): EffectiveRoute[] {
  const routes = local.map((e) => e.route);
  const at = cutOf(local);
  return routes.slice(0, at).concat(grouped, routes.slice(at));
}

export function mergeGroupRoutes(m: MergeInput): EffectiveRoute[] {
  if (!m.groups.length) return m.local.map((e) => e.route);
  // Two groups can share members and prefixes (listed once): rare, so the plain definition serves.
  if (m.groups.length > 1) return mergeGroupRoutesByScan(m);
  return splice(m.local, groupRoutesOf(m, m.groups[0]!));
}

/**
 * One group's routes as this subnet lists them: slices of the group's shared array joined by one concat (a
 * builtin copy, several times faster than pushing 5,000 entries one by one, most of all before the JIT warms).
 */
function groupRoutesOf(m: MergeInput, g: GroupTable): EffectiveRoute[] {
  const routes = g.routes;
  // [start, end, shown instead]: the entries in [start, end) are left out, and `put` (if any) listed there.
  const events: [number, number, EffectiveRoute | undefined][] = [];
  for (const [start, end] of g.spansOf(m.selfKey)) events.push([start, end, undefined]);
  if (m.highScale && g.endpointStart < routes.length)
    events.push([g.endpointStart, routes.length, undefined]);
  const edits = new Map<number, EffectiveRoute | undefined>();
  for (const e of m.invalidGroupEndpoints) {
    const i = g.indexOf(e);
    if (i >= 0) edits.set(i, invalid(e.route));
  }
  // An Active local route to the same prefix keeps the group's out of the list (a real peering, §3.4), unless
  // it is a UDR: then the group route is listed as Invalid.
  for (const [key, kinds] of m.localKinds)
    for (const i of g.indexesOfKey(key)) edits.set(i, kinds.has('user') ? invalid(routes[i]!) : undefined);
  for (const [i, put] of edits) events.push([i, i + 1, put]);
  if (!events.length) return routes.slice();
  // By start; a range before the single entries it contains, so that those are skipped with it.
  events.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const parts: (EffectiveRoute | EffectiveRoute[])[] = [];
  let at = 0;
  for (const [start, end, put] of events) {
    if (end <= at) continue;
    if (start > at) parts.push(routes.slice(at, start));
    if (put) parts.push(put);
    at = end;
  }
  if (at < routes.length) parts.push(routes.slice(at));
  return flatten(parts);
}

/** concat of the parts, in batches small enough to pass as arguments. */
function flatten<T>(parts: readonly (T | readonly T[])[]): T[] {
  let out: T[] = [];
  for (let i = 0; i < parts.length; i += 4096) out = out.concat(...parts.slice(i, i + 4096));
  return out;
}

/** The definition, entry by entry. */
export function mergeGroupRoutesByScan(m: MergeInput): EffectiveRoute[] {
  if (!m.groups.length) return m.local.map((e) => e.route);
  const grouped: EffectiveRoute[] = [];
  // Two groups can share members; list each prefix once.
  const listed = m.groups.length > 1 ? new Set<string>() : undefined;
  for (const g of m.groups) {
    for (let i = 0; i < g.entries.length; i++) {
      const e = g.entries[i]!;
      if (e.ownerKey === m.selfKey || (e.kind === 'endpoint' && m.highScale)) continue;
      const k = g.keys[i]!;
      if (listed) {
        if (listed.has(k)) continue;
        listed.add(k);
      }
      const kinds = m.localKinds.get(k);
      if (kinds && !kinds.has('user')) continue;
      grouped.push(kinds || m.invalidGroupEndpoints.has(e) ? invalid(e.route) : e.route);
    }
  }
  return splice(m.local, grouped);
}
