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

export function effectiveRouteTable(world: World, nic: string): Result<{ value: EffectiveRouteJson[] }> {
  const resolved = resolveNic(world, nic);
  if (!resolved.ok) return resolved;
  const subnet = routingSubnetOf(world, resolved.value);
  if (!subnet.ok) return subnet;
  return { ok: true, value: { value: routesOfSubnet(world, subnet.value).routes.map(routeJson) } };
}
