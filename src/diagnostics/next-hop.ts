// POST networkWatchers/{nw}/nextHop: the next hop of a packet leaving a VM's NIC for a destination IP, decided
// by the effective routes of the NIC's subnet. Read ../../../shared/azure-semantics.md §10.2 and §1.4 first.
import { routesOfSubnet } from '../compile/index.ts';
import type { EffectiveRoute } from '../compile/index.ts';
import { keyOf, linksOf } from '../model/index.ts';
import type { World } from '../model/index.ts';
import { parseAddress } from '../net/index.ts';
import type { Result } from '../net/index.ts';
import { routingSubnetOf } from './effective-route-table.ts';
import { resolveNic } from './resolve.ts';

/** NextHopParameters (networkWatcher.json). */
export interface NextHopParameters {
  targetResourceId: string;
  sourceIPAddress?: string;
  destinationIPAddress: string;
  targetNicResourceId?: string;
}

export interface NextHopAnswer {
  /**
   * Fidelity: the REST enum is Internet, VirtualAppliance, VirtualNetworkGateway, VnetLocal, HyperNetGateway,
   * None (modelAsString); for peering, connected-group, service-endpoint and PE routes vnetlab returns the
   * effective route's own type (VNetPeering, GlobalVNetPeering, ConnectedGroup, VirtualNetworkServiceEndpoint,
   * InterfaceEndpoint). What the service returns for those is UNVERIFIED.
   */
  nextHopType: string;
  nextHopIpAddress?: string;
  /** The route table's resource ID when a User route decides, else "System Route" (§10.2). */
  routeTableId: string;
  /** The deciding route (vnetlab's provenance; not part of NextHopResult). */
  route?: EffectiveRoute;
}

export const SYSTEM_ROUTE = 'System Route';

export function nextHop(world: World, p: NextHopParameters): Result<NextHopAnswer> {
  const destination = parseAddress(p.destinationIPAddress);
  if (!destination.ok) return { ok: false, reason: `destinationIPAddress: ${destination.reason}` };
  const resolved = resolveNic(world, p.targetNicResourceId ?? p.targetResourceId);
  if (!resolved.ok) return resolved;
  const nic = resolved.value;
  let subnetId: string;
  if (p.sourceIPAddress !== undefined) {
    const source = parseAddress(p.sourceIPAddress);
    if (!source.ok) return { ok: false, reason: `sourceIPAddress: ${source.reason}` };
    // The source must be one of the NIC's addresses; its IP configuration's subnet decides the routes.
    const held = (linksOf(world).addressesOfNic.get(keyOf(nic.id)) ?? []).find((a) => {
      const x = a.address === undefined ? undefined : parseAddress(a.address);
      return (
        x?.ok === true && x.value.version === source.value.version && x.value.value === source.value.value
      );
    });
    if (!held)
      return { ok: false, reason: `sourceIPAddress ${p.sourceIPAddress} is not an address of ${nic.name}` };
    if (nic.properties.privateEndpoint)
      return {
        ok: false,
        reason: `${nic.name} is a private endpoint's network interface; next hop needs a VM's NIC`,
      };
    if (!linksOf(world).subnets.has(keyOf(held.subnetId)))
      return { ok: false, reason: `network interface ${nic.name} is not in a subnet of the topology` };
    subnetId = held.subnetId;
  } else {
    const subnet = routingSubnetOf(world, nic);
    if (!subnet.ok) return subnet;
    subnetId = subnet.value;
  }
  const route = routesOfSubnet(world, subnetId).lookup(destination.value);
  // No Active route matches (possible only for IPv6 without ::/0): the packet is dropped.
  if (!route) return { ok: true, value: { nextHopType: 'None', routeTableId: SYSTEM_ROUTE } };
  const ip = route.nextHopIpAddress[0];
  return {
    ok: true,
    value: {
      nextHopType: route.nextHopType,
      ...(ip !== undefined ? { nextHopIpAddress: ip } : {}),
      routeTableId: route.source === 'User' && route.routeTableId ? route.routeTableId : SYSTEM_ROUTE,
      route,
    },
  };
}
