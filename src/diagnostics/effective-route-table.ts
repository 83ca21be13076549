// POST networkInterfaces/{nic}/effectiveRouteTable: the routes of the NIC's subnet, in Network Watcher's JSON
// shape. Read ../../../shared/azure-semantics.md §1.6 and §10.3 before changing this file.
import { routesOfSubnet } from '../compile/index.ts';
import type { EffectiveRoute } from '../compile/index.ts';
import { linksOf, keyOf } from '../model/index.ts';
import type { IpConfiguration, NetworkInterface, World } from '../model/index.ts';
import { formatPrefix } from '../net/index.ts';
import type { Result } from '../net/index.ts';
import { resolveNic } from './resolve.ts';

/** EffectiveRoute (networkInterface.json), keys in the order real responses print them (§1.6). */
export interface EffectiveRouteJson {
  name?: string;
  disableBgpRoutePropagation: boolean;
  source: string;
  state: string;
  hasBgpOverride: boolean;
  addressPrefix: string[];
  nextHopType: string;
  nextHopIpAddress: string[];
  destinationServiceTags: string[];
  tagMap: Record<string, string[]>;
}

export function routeJson(r: EffectiveRoute): EffectiveRouteJson {
  return {
    ...(r.name !== undefined ? { name: r.name } : {}),
    disableBgpRoutePropagation: r.disableBgpRoutePropagation,
    source: r.source,
    state: r.state,
    hasBgpOverride: r.hasBgpOverride,
    addressPrefix: r.prefixes.map(formatPrefix),
    nextHopType: r.nextHopType,
    nextHopIpAddress: [...r.nextHopIpAddress],
    destinationServiceTags: [...(r.destinationServiceTags ?? [])],
    // Fidelity: tagMap (service tag -> its prefixes) stays empty: vnetlab has no service-tag IP data.
    tagMap: {},
  };
}

/** The IP configuration whose subnet gives a NIC its routes: the primary one (the only one, usually). */
export function primaryIpConfiguration(nic: NetworkInterface): IpConfiguration | undefined {
  const ipcs = nic.properties.ipConfigurations ?? [];
  return ipcs.find((c) => c.properties.primary === true) ?? ipcs[0];
}

/** The subnet ID a NIC's routes come from, or why there is none. */
export function routingSubnetOf(world: World, nic: NetworkInterface): Result<string> {
  // §5.1 / §10.3: Azure shows no effective routes for private endpoint NICs.
  if (nic.properties.privateEndpoint)
    return {
      ok: false,
      reason: `${nic.name} is a private endpoint's network interface; Azure shows no effective routes for it`,
    };
  const subnetId = primaryIpConfiguration(nic)?.properties.subnet?.id;
  if (!subnetId || !linksOf(world).subnets.has(keyOf(subnetId)))
    return { ok: false, reason: `network interface ${nic.name} is not in a subnet of the topology` };
  return { ok: true, value: subnetId };
}

// Cost model: in a 5,000-VNet mesh every member lists the same 5,000 connected-group routes (the route objects
// themselves are shared, in the same order), so each route's JSON is rendered once (its prefixes formatted once)
// and shared by every answer that lists it. A new list copies the runs it shares with lists rendered before,
// comparing route identities, and looks routes up only where a run breaks; each list's JSON is kept for all the
// subnets that share it. Shared objects are frozen: a caller that writes to one gets a TypeError instead of
// changing other answers. Each answer gets an array of its own.

/** Where a route's JSON was first rendered: that list, its JSON, and the route's index there. */
interface Rendered {
  readonly routes: readonly EffectiveRoute[];
  readonly json: readonly EffectiveRouteJson[];
  readonly index: number;
}

const renderedAt = new WeakMap<EffectiveRoute, Rendered>();
const jsonOfList = new WeakMap<readonly EffectiveRoute[], readonly EffectiveRouteJson[]>();

function frozenJson(r: EffectiveRoute): EffectiveRouteJson {
  const j = routeJson(r);
  Object.freeze(j.addressPrefix);
  Object.freeze(j.nextHopIpAddress);
  Object.freeze(j.destinationServiceTags);
  Object.freeze(j.tagMap);
  return Object.freeze(j);
}

/** concat of the parts, in batches small enough to pass as arguments. */
function flatten<T>(parts: readonly (T | readonly T[])[]): T[] {
  let out: T[] = [];
  for (let i = 0; i < parts.length; i += 4096) out = out.concat(...parts.slice(i, i + 4096));
  return out;
}

function renderList(routes: readonly EffectiveRoute[]): readonly EffectiveRouteJson[] {
  // Runs shared with earlier lists are found by comparing identities and copied as slices (a builtin copy).
  const parts: (EffectiveRouteJson | readonly EffectiveRouteJson[])[] = [];
  // Routes first rendered here: registered with their index in the finished list, once it exists.
  const fresh: [EffectiveRoute, number][] = [];
  let i = 0;
  while (i < routes.length) {
    const r = routes[i]!;
    const at = renderedAt.get(r);
    if (!at) {
      parts.push(frozenJson(r));
      fresh.push([r, i]);
      i++;
      continue;
    }
    const from = at.index;
    let k = from + 1;
    i++;
    while (i < routes.length && k < at.routes.length && at.routes[k] === routes[i]) {
      k++;
      i++;
    }
    parts.push(at.json.slice(from, k));
  }
  const json = flatten(parts);
  for (const [r, index] of fresh) renderedAt.set(r, { routes, json, index });
  return json;
}

export function effectiveRouteTable(world: World, nic: string): Result<{ value: EffectiveRouteJson[] }> {
  const resolved = resolveNic(world, nic);
  if (!resolved.ok) return resolved;
  const subnet = routingSubnetOf(world, resolved.value);
  if (!subnet.ok) return subnet;
  const routes = routesOfSubnet(world, subnet.value).routes;
  let list = jsonOfList.get(routes);
  if (!list) jsonOfList.set(routes, (list = renderList(routes)));
  return { ok: true, value: { value: list.slice() } };
}
