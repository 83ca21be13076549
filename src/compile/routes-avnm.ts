// AVNM connectivity as routes: which committed configurations join a VNet to connected groups (mesh, or a
// hub-and-spoke spoke group with direct connectivity) and which hub <-> spoke peerings they create. A connected
// group's routes are compiled once and shared by every member. Read ../../../shared/azure-semantics.md §3.4 first.
import { getResource, keyOf, T } from '../model/index.ts';
import type { ConnectivityConfiguration, StaticMember, VirtualNetwork, World } from '../model/index.ts';
import { comparePrefixes, containsPrefix, LpmTrie, subtractPrefixes } from '../net/index.ts';
import type { IpVersion, Prefix } from '../net/index.ts';
import { endpointRoutesOfVnet } from './routes-private-endpoints.ts';
import { vnetRanges } from './routes-ranges.ts';
import { DEFAULT_FLAGS, prefixKey } from './routes-types.ts';
import type { EffectiveRoute, RouteEntry } from './routes-types.ts';

/** One connected group: the configuration that makes it and its member VNets. */
export interface GroupSpec {
  readonly key: string;
  readonly configuration: ConnectivityConfiguration;
  readonly members: readonly VirtualNetwork[];
  /** keyOf of each member's ID, computed once. */
  readonly memberKeys: readonly string[];
}

/** A hub <-> spoke peering AVNM creates for a hub-and-spoke configuration. */
export interface AvnmPeer {
  readonly remote: VirtualNetwork;
  readonly configuration: ConnectivityConfiguration;
  /** This side is a spoke whose group has useHubGateway 'True' (gateway transit through the hub). */
  readonly useHubGateway: boolean;
  /** This side is the hub and the spoke uses its gateway (the hub advertises the spoke, §7.1). */
  readonly spokeUsesHubGateway: boolean;
}

export interface AvnmRouting {
  readonly groupsOfVnet: ReadonlyMap<string, readonly GroupSpec[]>;
  readonly peersOfVnet: ReadonlyMap<string, readonly AvnmPeer[]>;
}

const routingCache = new WeakMap<World, AvnmRouting>();

/** A static member's VNet with its key. */
interface Member {
  readonly vnet: VirtualNetwork;
  readonly key: string;
}

const STATIC_MEMBERS = '/staticmembers/';

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export { vnetRanges } from './routes-ranges.ts';

/** Built once per world from the AVNM resources and world.commits; no per-query scans. */
export function avnmRouting(world: World): AvnmRouting {
  let routing = routingCache.get(world);
  if (routing) return routing;
  // Regions each connectivity configuration is committed to (model/commit.ts keeps only commits in force).
  const regionsOf = new Map<string, Set<string>>();
  for (const c of world.commits) {
    if (c.commitType !== 'Connectivity') continue;
    for (const id of c.configurationIds) {
      const set = regionsOf.get(keyOf(id)) ?? new Set<string>();
      for (const l of c.targetLocations) set.add(l);
      regionsOf.set(keyOf(id), set);
    }
  }
  const groupsOfVnet = new Map<string, GroupSpec[]>();
  const peersOfVnet = new Map<string, AvnmPeer[]>();
  routing = { groupsOfVnet, peersOfVnet };
  routingCache.set(world, routing);
  if (regionsOf.size === 0) return routing;

  const membersOfGroup = new Map<string, Member[]>();
  // Static members by scanning the world's keys (a key test is several times cheaper than reading the type of
  // 80,000 resources of many shapes); the type is checked on the few that pass. The parent's key is the key up
  // to its second-last '/'.
  for (const k of world.resources.keys()) {
    if (!k.includes(STATIC_MEMBERS)) continue;
    const r = world.resources.get(k)!;
    if (r.type !== T.staticMember) continue;
    const vnetId = (r as StaticMember).properties.resourceId ?? '';
    const vnetKey = keyOf(vnetId);
    const vnet = world.resources.get(vnetKey);
    const group = k.slice(0, k.lastIndexOf('/', k.lastIndexOf('/') - 1));
    if (vnet?.type === T.virtualNetwork)
      push(membersOfGroup, group, { vnet: vnet as VirtualNetwork, key: vnetKey });
  }
  const locations = new Map<string | undefined, string>();
  const location = (v: VirtualNetwork): string => {
    let l = locations.get(v.location);
    if (l === undefined)
      locations.set(v.location, (l = (v.location ?? '').replace(/\s+/g, '').toLowerCase()));
    return l;
  };

  const addGroup = (
    configuration: ConnectivityConfiguration,
    name: string,
    members: Member[],
    global: boolean,
    regions: Set<string>,
  ): void => {
    // A regional connected group joins the members of one region, in the regions the configuration is
    // committed to; a global one joins all members wherever it is committed.
    const parts = new Map<string, Member[]>();
    for (const m of members) {
      if (global) push(parts, '*', m);
      else if (regions.has(location(m.vnet))) push(parts, location(m.vnet), m);
    }
    for (const [region, list] of parts) {
      const unique = [...new Map(list.map((m) => [m.key, m])).values()];
      if (unique.length < 2) continue;
      const spec: GroupSpec = {
        key: `${keyOf(configuration.id)}|${name}|${region}`,
        configuration,
        members: unique.map((m) => m.vnet),
        memberKeys: unique.map((m) => m.key),
      };
      for (const m of unique) push(groupsOfVnet, m.key, spec);
    }
  };

  for (const [configKey, regions] of regionsOf) {
    const configuration = world.resources.get(configKey) as ConnectivityConfiguration | undefined;
    if (configuration?.type !== T.connectivityConfiguration) continue;
    const p = configuration.properties;
    const items = p.appliesToGroups ?? [];
    const configGlobal = p.isGlobal === 'True';
    if (p.connectivityTopology === 'Mesh') {
      // Fidelity: all network groups of one mesh configuration form one connected group.
      const members = items.flatMap((g) => membersOfGroup.get(keyOf(g.networkGroupId)) ?? []);
      addGroup(
        configuration,
        'mesh',
        members,
        configGlobal || items.some((g) => g.isGlobal === 'True'),
        regions,
      );
      continue;
    }
    const hubs = (p.hubs ?? []).flatMap((h) => {
      const hub = getResource(world, h.resourceId);
      return hub?.type === T.virtualNetwork ? [hub as VirtualNetwork] : [];
    });
    const hubKeys = new Set(hubs.map((h) => keyOf(h.id)));
    for (const item of items) {
      const spokes = (membersOfGroup.get(keyOf(item.networkGroupId)) ?? []).filter(
        (m) => !hubKeys.has(m.key),
      );
      // Fidelity: a hub <-> spoke peering exists when the configuration is committed to the spoke's region
      // (or is global); whether Azure also needs the hub's region committed is not modelled.
      const inForce = configGlobal ? spokes : spokes.filter((s) => regions.has(location(s.vnet)));
      const useHubGateway = item.useHubGateway === 'True';
      for (const { vnet: spoke, key: spokeKey } of inForce) {
        for (const hub of hubs) {
          push(peersOfVnet, spokeKey, {
            remote: hub,
            configuration,
            useHubGateway,
            spokeUsesHubGateway: false,
          });
          push(peersOfVnet, keyOf(hub.id), {
            remote: spoke,
            configuration,
            useHubGateway: false,
            spokeUsesHubGateway: useHubGateway,
          });
        }
      }
      if (item.groupConnectivity === 'DirectlyConnected')
        addGroup(
          configuration,
          keyOf(item.networkGroupId),
          spokes,
          configGlobal || item.isGlobal === 'True',
          regions,
        );
    }
  }
  return routing;
}

/** A connected group's routes, shared by all members: ranges minus overlaps, plus standard-scale PE /32s. */
export interface GroupTable {
  /** Each member's range routes (members in order, each one's contiguous), then the PE /32s (likewise). */
  readonly entries: readonly RouteEntry[];
  /** entries[i].route, so that a member's list is built from slices of one shared array. */
  readonly routes: readonly EffectiveRoute[];
  /** prefixKey of each entry, computed once for all members. */
  readonly keys: readonly string[];
  /** Where the PE /32 entries begin in `entries`. */
  readonly endpointStart: number;
  /** The PE /32 entries ordered by address, for finding those a UDR covers. */
  readonly endpoints: readonly RouteEntry[];
  /** The [start, end) index ranges in `entries` of one member's entries (its ranges, then its PE /32s). */
  spansOf(ownerKey: string): readonly (readonly [number, number])[];
  /** The indexes in `entries` of the entries with this prefixKey. */
  indexesOfKey(key: string): readonly number[];
  /** The index in `entries` of an entry of this table. */
  indexOf(entry: RouteEntry): number;
  trie(version: IpVersion): LpmTrie<RouteEntry> | undefined;
}

const tableCache = new WeakMap<World, Map<string, GroupTable>>();

export function groupTable(world: World, spec: GroupSpec): GroupTable {
  let tables = tableCache.get(world);
  if (!tables) tableCache.set(world, (tables = new Map()));
  let table = tables.get(spec.key);
  if (!table) tables.set(spec.key, (table = buildGroupTable(world, spec)));
  return table;
}

function buildGroupTable(world: World, spec: GroupSpec): GroupTable {
  const origin = { id: spec.configuration.id, name: spec.configuration.name };
  const items = spec.members.flatMap((m, i) =>
    vnetRanges(m).map((prefix) => ({ prefix, owner: spec.memberKeys[i]! })),
  );
  // §3.4: space that overlaps another member's is removed from the group for everyone. Sorted by network then
  // length, the prefixes containing an item are exactly those left on the stack (n log n, not n²).
  items.sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  const holes = new Map<(typeof items)[number], Prefix[]>();
  const stack: (typeof items)[number][] = [];
  const hole = (item: (typeof items)[number], p: Prefix) => {
    const list = holes.get(item);
    if (list) list.push(p);
    else holes.set(item, [p]);
  };
  for (const item of items) {
    while (stack.length && !containsPrefix(stack[stack.length - 1]!.prefix, item.prefix)) stack.pop();
    for (const outer of stack) {
      if (outer.owner === item.owner) continue;
      hole(outer, item.prefix);
      hole(item, outer.prefix);
    }
    stack.push(item);
  }
  const byOwner = new Map<string, RouteEntry[]>();
  for (const item of items) {
    const kept = holes.has(item) ? subtractPrefixes(item.prefix, holes.get(item)!) : [item.prefix];
    for (const prefix of kept) {
      push(byOwner, item.owner, {
        route: {
          source: 'Default',
          state: 'Active',
          prefixes: [prefix],
          nextHopType: 'ConnectedGroup',
          nextHopIpAddress: [],
          origin,
          ...DEFAULT_FLAGS,
        },
        prefix,
        kind: 'group',
        ownerKey: item.owner,
      });
    }
  }
  const entries: RouteEntry[] = [];
  const endpoints: RouteEntry[] = [];
  const spans = new Map<string, [number, number][]>();
  const span = (owner: string, start: number, end: number): void => {
    if (end > start) push(spans, owner, [start, end]);
  };
  const highScale = (m: VirtualNetwork) => m.properties.privateEndpointVNetPolicies === 'Basic';
  for (const key of spec.memberKeys) {
    const start = entries.length;
    for (const e of byOwner.get(key) ?? []) entries.push(e);
    span(key, start, entries.length);
  }
  const endpointStart = entries.length;
  for (const [i, m] of spec.members.entries()) {
    // §3.4 / §5: PEs of a high-scale VNet (privateEndpointVNetPolicies Basic) get no /32s in the group; the
    // member's range route covers them.
    if (highScale(m)) continue;
    const key = spec.memberKeys[i]!;
    const start = entries.length;
    for (const e of endpointRoutesOfVnet(world, m)) {
      const entry = { ...e, ownerKey: key };
      entries.push(entry);
      endpoints.push(entry);
    }
    span(key, start, entries.length);
  }
  endpoints.sort((a, b) => comparePrefixes(a.prefix!, b.prefix!));
  const keys = entries.map((e) => prefixKey(e.prefix!));
  // Built on first use: only tables whose own routes share a prefix with the group (or hide one of its PEs
  // behind a UDR) ask.
  let byKey: Map<string, number[]> | undefined;
  let byEntry: Map<RouteEntry, number> | undefined;
  const tries = new Map<IpVersion, LpmTrie<RouteEntry>>();
  return {
    entries,
    routes: entries.map((e) => e.route),
    keys,
    endpointStart,
    endpoints,
    spansOf: (ownerKey) => spans.get(ownerKey) ?? [],
    indexesOfKey(key) {
      if (!byKey) {
        byKey = new Map();
        keys.forEach((k, i) => push(byKey!, k, i));
      }
      return byKey.get(key) ?? [];
    },
    indexOf(entry) {
      byEntry ??= new Map(entries.map((e, i) => [e, i]));
      return byEntry.get(entry) ?? -1;
    },
    trie(version) {
      let t = tries.get(version);
      if (!t) {
        t = new LpmTrie<RouteEntry>(version);
        for (const e of entries)
          if (e.prefix?.version === version) t.insert(e.prefix.network, e.prefix.length, e);
        tries.set(version, t);
      }
      return t;
    },
  };
}
