// Effective routes per subnet: system, peering, AVNM connected-group, private endpoint, service endpoint,
// gateway and user routes, with Azure's selection (LPM; same prefix User > VirtualNetworkGateway > Default; BGP
// never beats VNet / peering / service-endpoint system routes). Read ../../../shared/azure-semantics.md §1
// (all), §3 and §5.1 before changing this file.
//
// Cost model: everything is memoised per World (WeakMap) and computed lazily. The routes a VNet gives all its
// subnets are built once per VNet; subnets with the same route table (and no service endpoints) share one
// compiled table, its arrays and its tries. A connected group's routes (5,000 members in a large AVNM mesh) are
// compiled once and shared by every member: a member's lookup consults its own trie and the group's trie, and
// its full route list is only materialised when asked for, from slices of the group's shared array
// (routes-merge.ts). Indexes are per VNet where they can be (PE /32s, ranges), so that the first question
// about one subnet reads only the VNets its routes come from.
import { findResource, keyOf, linksOf } from '../model/index.ts';
import type { RouteTable, VirtualNetwork, World } from '../model/index.ts';
import { containsPrefix, lastAddress, LpmTrie } from '../net/index.ts';
import type { Address, IpVersion, Prefix } from '../net/index.ts';
import { avnmRouting, groupTable, vnetRanges } from './routes-avnm.ts';
import type { GroupTable } from './routes-avnm.ts';
import { gatewayRoutesOfVnet, gatewayVnetsServing } from './routes-gateway.ts';
import { peeringRoutes } from './routes-peering.ts';
import { endpointRoutesOfVnet } from './routes-private-endpoints.ts';
import { serviceEndpointRoutes } from './routes-service-endpoints.ts';
import { systemRoutes } from './routes-system.ts';
import { mergeGroupRoutes, mergeGroupRoutesByScan } from './routes-merge.ts';
import type { MergeInput } from './routes-merge.ts';
import { PROTECTED_FROM_BGP, prefixKey } from './routes-types.ts';
import type { EffectiveRoute, RouteEntry, SubnetRoutes } from './routes-types.ts';
import { userRoutes } from './routes-user.ts';

export type { EffectiveRoute, NextHopType, RouteOrigin, RouteSource, SubnetRoutes } from './routes-types.ts';

/** What a VNet gives every one of its subnets, before the subnet's route table and service endpoints. */
interface VnetBase {
  readonly key: string;
  readonly system: readonly RouteEntry[];
  readonly peering: readonly RouteEntry[];
  readonly endpoints: readonly RouteEntry[];
  readonly gateway: readonly RouteEntry[];
  readonly groups: readonly GroupTable[];
  /** privateEndpointVNetPolicies Basic: high-scale PEs, no /32s from connected-group members (§3.4). */
  readonly highScale: boolean;
}

interface WorldCache {
  readonly bases: Map<string, VnetBase>;
  readonly tables: Map<string, CompiledTable>;
  readonly subnets: Map<string, SubnetRoutes>;
  readonly tableOfSubnet: Map<string, CompiledTable>;
}

const caches = new WeakMap<World, WorldCache>();

function cacheOf(world: World): WorldCache {
  let c = caches.get(world);
  if (!c)
    caches.set(
      world,
      (c = { bases: new Map(), tables: new Map(), subnets: new Map(), tableOfSubnet: new Map() }),
    );
  return c;
}

/**
 * The effective routes of a subnet. Throws for a subnet ID the world doesn't hold (a caller bug: diagnostics
 * resolve their NIC first).
 */
export function routesOfSubnet(world: World, subnetId: string): SubnetRoutes {
  const cache = cacheOf(world);
  const key = keyOf(subnetId);
  const hit = cache.subnets.get(key);
  if (hit) return hit;
  const where = linksOf(world).subnets.get(key);
  if (!where) throw new RangeError(`no subnet ${subnetId} in the world`);
  const { subnet, vnet } = where;
  const base = vnetBase(world, cache, vnet);
  const rtId = subnet.properties.routeTable?.id;
  const rt = rtId ? (findResource(world, rtId) as RouteTable | undefined) : undefined;
  const services = serviceEndpointRoutes(subnet, vnet);
  // Subnets share a compiled table when what differs between them (route table, service endpoints) is equal;
  // service-endpoint routes name their subnet, so a subnet with endpoints has a table of its own.
  const tableKey = `${base.key}|${rt ? keyOf(rt.id) : ''}|${services.length ? key : ''}`;
  let table = cache.tables.get(tableKey);
  if (!table) cache.tables.set(tableKey, (table = new CompiledTable(base, rt, services)));
  const compiled = table;
  const result: SubnetRoutes = {
    subnetId: subnet.id,
    get routes() {
      return compiled.routes;
    },
    lookup: (address: Address) => compiled.lookup(address),
  };
  cache.subnets.set(key, result);
  cache.tableOfSubnet.set(key, compiled);
  return result;
}

/** Route look-up for IPv4 addresses given as uint32 numbers (the packet data plane's path: no bigint). */
export interface RouteLookupV4 {
  lookupV4(address: number): EffectiveRoute | undefined;
}

/**
 * The same decision as routesOfSubnet(world, subnetId).lookup, for IPv4 addresses as numbers. Throws as
 * routesOfSubnet does for a subnet the world doesn't hold.
 */
export function routeLookupV4(world: World, subnetId: string): RouteLookupV4 {
  routesOfSubnet(world, subnetId);
  return cacheOf(world).tableOfSubnet.get(keyOf(subnetId))!;
}

/**
 * The same list as routesOfSubnet(...).routes, built entry by entry (the definition the fast merge must equal).
 * For tests; not exported from the folder.
 */
export function routesOfSubnetByScan(world: World, subnetId: string): readonly EffectiveRoute[] {
  routesOfSubnet(world, subnetId);
  return cacheOf(world).tableOfSubnet.get(keyOf(subnetId))!.routesByScan();
}

function vnetBase(world: World, cache: WorldCache, vnet: VirtualNetwork): VnetBase {
  const key = keyOf(vnet.id);
  const hit = cache.bases.get(key);
  if (hit) return hit;
  const peering = peeringRoutes(world, vnet);
  const own = endpointRoutesOfVnet(world, vnet);
  const gateway = gatewayVnetsServing(world, vnet).flatMap((k) => gatewayRoutesOfVnet(world, k));
  const groups = (avnmRouting(world).groupsOfVnet.get(key) ?? []).map((spec) => groupTable(world, spec));
  const base: VnetBase = {
    key,
    system: systemRoutes(vnet, vnetRanges(vnet)),
    peering: peering.routes,
    endpoints: [...own, ...peering.endpoints],
    gateway,
    groups,
    highScale: vnet.properties.privateEndpointVNetPolicies === 'Basic',
  };
  cache.bases.set(key, base);
  return base;
}

const RANK = { User: 3, VirtualNetworkGateway: 2, Default: 1 } as const;

const invalid = (e: RouteEntry): RouteEntry => ({ ...e, route: { ...e.route, state: 'Invalid' } });

class CompiledTable {
  /** Local entries (everything but connected groups) in Azure's order, with their states decided. */
  private readonly local: readonly RouteEntry[];
  /** prefixKey -> kinds of the Active local entries with that prefix. */
  private readonly localKinds = new Map<string, Set<RouteEntry['kind']>>();
  /** Group PE /32s a UDR overrides in this table (§5.1). */
  private readonly invalidGroupEndpoints = new Set<RouteEntry>();
  private readonly tries = new Map<IpVersion, LpmTrie<RouteEntry>>();
  private materialised: readonly EffectiveRoute[] | undefined;

  constructor(
    private readonly base: VnetBase,
    rt: RouteTable | undefined,
    services: readonly RouteEntry[],
  ) {
    const user = rt ? userRoutes(rt) : [];
    // §1.3: disableBgpRoutePropagation drops gateway routes, learned and static alike.
    const gateway = rt?.properties.disableBgpRoutePropagation === true ? [] : base.gateway;
    // §1.5: an Active UDR 0.0.0.0/0 removes the reserved-range None routes from the table.
    // Fidelity: whether a BGP-learned 0.0.0.0/0 does the same is UNVERIFIED; vnetlab keeps them then.
    const userDefault = user.some((u) => u.prefix?.version === 4 && u.prefix.length === 0);
    const system = userDefault ? base.system.filter((e) => e.kind !== 'reserved') : base.system;
    const entries = [...system, ...base.peering, ...base.endpoints, ...services, ...gateway, ...user];
    this.local = this.decide(entries, user);
    // Only Active routes take a group route's place in the list: a BGP route the group range made Invalid
    // (§1.4 rule 3) leaves the group route listed, and Active, as lookup() finds it.
    for (const e of this.local) {
      if (!e.prefix || e.route.state !== 'Active') continue;
      const k = prefixKey(e.prefix);
      const kinds = this.localKinds.get(k) ?? new Set();
      kinds.add(e.kind);
      this.localKinds.set(k, kinds);
    }
  }

  /** Same-prefix ties, §1.4 rule 3 and §5.1 UDR overrides; returns the entries with their states. */
  private decide(entries: RouteEntry[], user: readonly RouteEntry[]): RouteEntry[] {
    const out = entries.slice();
    const byPrefix = new Map<string, number[]>();
    out.forEach((e, i) => {
      if (!e.prefix) return;
      const k = prefixKey(e.prefix);
      const list = byPrefix.get(k);
      if (list) list.push(i);
      else byPrefix.set(k, [i]);
    });
    const active = (i: number) => out[i]!.route.state === 'Active';
    // Same prefix, User present: everything else is Invalid (§1.4 rule 2).
    for (const list of byPrefix.values()) {
      if (list.length < 2 || !list.some((i) => out[i]!.kind === 'user')) continue;
      for (const i of list) if (out[i]!.kind !== 'user') out[i] = invalid(out[i]!);
    }
    // §1.4 rule 3: a BGP route inside an Active VNet / peering / connected-group / service-endpoint route can
    // never decide, so vnetlab marks it Invalid (and lookup stays plain LPM).
    // Fidelity: Azure's listing may show such routes Active; the forwarding decision is the same.
    const gatewayIdx = out.flatMap((e, i) => (e.kind === 'gateway' && active(i) ? [i] : []));
    if (gatewayIdx.length) {
      const shields = out.filter((e, i) => e.prefix && PROTECTED_FROM_BGP.has(e.kind) && active(i));
      for (const i of gatewayIdx) {
        const p = out[i]!.prefix!;
        const covered =
          shields.some((s) => containsPrefix(s.prefix!, p)) ||
          this.base.groups.some((g) =>
            (g.trie(p.version)?.matchAll(p.network) ?? []).some(
              (m) => m.length <= p.length && m.value.kind === 'group' && m.value.ownerKey !== this.base.key,
            ),
          );
        if (covered) out[i] = invalid(out[i]!);
      }
    }
    // Remaining same-prefix ties: VirtualNetworkGateway beats Default; among Default routes a reserved None
    // route loses to any other.
    for (const list of byPrefix.values()) {
      const live = list.filter(active);
      if (live.length < 2) continue;
      const best = Math.max(...live.map((i) => RANK[out[i]!.route.source]));
      const hasNonReserved = live.some((i) => out[i]!.kind !== 'reserved');
      for (const i of live) {
        const e = out[i]!;
        if (RANK[e.route.source] < best || (e.kind === 'reserved' && hasNonReserved)) out[i] = invalid(e);
      }
    }
    // §5.1: with RouteTableEnabled / Enabled on the PE's subnet, a UDR covering the PE IP and no broader than
    // the PE VNet's range makes the /32 Invalid (a 0.0.0.0/0 UDR does not).
    const udrs = user.filter((u) => u.prefix);
    if (udrs.length) {
      const overridden = (e: RouteEntry) =>
        e.udrOverridableWithin !== undefined &&
        udrs.some((u) => u.prefix!.length >= e.udrOverridableWithin! && containsPrefix(u.prefix!, e.prefix!));
      out.forEach((e, i) => {
        if (e.kind === 'endpoint' && active(i) && overridden(e)) out[i] = invalid(e);
      });
      if (!this.base.highScale) {
        for (const g of this.base.groups) {
          for (const u of udrs) {
            for (const e of endpointsWithin(g.endpoints, u.prefix!))
              if (e.udrOverridableWithin !== undefined && u.prefix!.length >= e.udrOverridableWithin)
                this.invalidGroupEndpoints.add(e);
          }
        }
      }
    }
    return out;
  }

  /** Whether a group entry can decide for this table (not our own range, not an overridden or hidden PE). */
  private usable(e: RouteEntry): boolean {
    if (e.ownerKey === this.base.key) return false;
    if (e.kind === 'endpoint') return !this.base.highScale && !this.invalidGroupEndpoints.has(e);
    return true;
  }

  get routes(): readonly EffectiveRoute[] {
    return (this.materialised ??= mergeGroupRoutes(this.mergeInput()));
  }

  /** The route list by the per-entry definition, for tests holding the fast merge to it. */
  routesByScan(): readonly EffectiveRoute[] {
    return mergeGroupRoutesByScan(this.mergeInput());
  }

  private mergeInput(): MergeInput {
    return {
      local: this.local,
      localKinds: this.localKinds,
      groups: this.base.groups,
      selfKey: this.base.key,
      highScale: this.base.highScale,
      invalidGroupEndpoints: this.invalidGroupEndpoints,
    };
  }

  lookup(address: Address): EffectiveRoute | undefined {
    let best = this.trie(address.version).lookup(address.value);
    for (const g of this.base.groups) {
      const t = g.trie(address.version);
      if (!t) continue;
      let e = t.lookup(address.value);
      if (e && !this.usable(e)) e = t.matchAll(address.value).find((m) => this.usable(m.value))?.value;
      // Equal lengths mean the same prefix: the local route (a peering, or a UDR) decides.
      if (e && (!best || e.prefix!.length > best.prefix!.length)) best = e;
    }
    return best?.route;
  }

  /** lookup() for an IPv4 address as a uint32: the same walk with LpmTrie.lookup4. */
  lookupV4(address: number): EffectiveRoute | undefined {
    let best = this.trie(4).lookup4(address);
    for (const g of this.base.groups) {
      const t = g.trie(4);
      if (!t) continue;
      let e = t.lookup4(address);
      // Rare (a member's own range, a hidden PE): the bigint walk of every match decides as lookup() does.
      if (e && !this.usable(e)) e = t.matchAll(BigInt(address)).find((m) => this.usable(m.value))?.value;
      if (e && (!best || e.prefix!.length > best.prefix!.length)) best = e;
    }
    return best?.route;
  }

  private trie(version: IpVersion): LpmTrie<RouteEntry> {
    let t = this.tries.get(version);
    if (!t) {
      t = new LpmTrie<RouteEntry>(version);
      // Insert in reverse so that, among Active routes of one prefix, the first listed is the one kept.
      for (let i = this.local.length - 1; i >= 0; i--) {
        const e = this.local[i]!;
        if (e.prefix?.version === version && e.route.state === 'Active')
          t.insert(e.prefix.network, e.prefix.length, e);
      }
      this.tries.set(version, t);
    }
    return t;
  }
}

/** The entries of a list sorted by prefix whose prefix lies inside `outer` (binary search, then a scan). */
function endpointsWithin(sorted: readonly RouteEntry[], outer: Prefix): RouteEntry[] {
  const last = lastAddress(outer);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = sorted[mid]!.prefix!;
    if (p.version < outer.version || (p.version === outer.version && p.network < outer.network)) lo = mid + 1;
    else hi = mid;
  }
  const out: RouteEntry[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const p = sorted[i]!.prefix!;
    if (p.version !== outer.version || p.network > last) break;
    out.push(sorted[i]!);
  }
  return out;
}
