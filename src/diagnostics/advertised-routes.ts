// POST virtualNetworkGateways/{gw}/getAdvertisedRoutes: the routes a gateway advertises to its BGP peers, as
// GatewayRouteListResult, plus vnetlab's advice warnings. Read ../../../shared/azure-semantics.md §7.1 first.
import { advertisedPrefixes, gatewayAddresses } from '../compile/index.ts';
import { getResource, resourcesOfType, T } from '../model/index.ts';
import type { VirtualNetworkGateway, Warning, World } from '../model/index.ts';
import type { Result } from '../net/index.ts';

/** GatewayRoute (virtualNetworkGateway.json). */
export interface GatewayRouteJson {
  localAddress: string;
  network: string;
  nextHop: string;
  sourcePeer: string;
  origin: string;
  asPath: string;
  weight: number;
}

// Azure's default ASN for VPN and ExpressRoute gateways.
const DEFAULT_ASN = 65515;

export function resolveGateway(world: World, nameOrId: string): Result<VirtualNetworkGateway> {
  const byId = getResource(world, nameOrId);
  if (byId?.type === T.virtualNetworkGateway) return { ok: true, value: byId as VirtualNetworkGateway };
  if (!nameOrId.startsWith('/')) {
    const named = resourcesOfType(world, T.virtualNetworkGateway).filter(
      (g) => g.name.toLowerCase() === nameOrId.toLowerCase(),
    );
    if (named.length === 1) return { ok: true, value: named[0] as VirtualNetworkGateway };
    if (named.length > 1)
      return {
        ok: false,
        reason: `gateway name '${nameOrId}' is ambiguous (${named.length} gateways); give its resource ID`,
      };
  }
  return { ok: false, reason: `no virtual network gateway '${nameOrId}' in the topology` };
}

export function advertisedRoutes(
  world: World,
  gateway: string,
): Result<{ value: GatewayRouteJson[]; warnings: Warning[] }> {
  const resolved = resolveGateway(world, gateway);
  if (!resolved.ok) return resolved;
  const gw = resolved.value;
  const { prefixes, warnings } = advertisedPrefixes(world, gw.id);
  const local = gatewayAddresses(world, gw)[0] ?? '';
  const asn = String(gw.properties.bgpSettings?.asn ?? DEFAULT_ASN);
  // Fidelity: the row values follow `az network vnet-gateway list-advertised-routes` output as commonly shown
  // (origin Igp, asPath = the gateway's ASN, next hop = the gateway's BGP address, weight 0); UNVERIFIED against
  // the spec, whose example has an empty body. Azure also asks for the peer; vnetlab answers for any peer.
  const value = prefixes.map((p) => ({
    localAddress: local,
    network: p.prefix,
    nextHop: local,
    sourcePeer: local,
    origin: 'Igp',
    asPath: asn,
    weight: 0,
  }));
  return { ok: true, value: { value, warnings: [...warnings] } };
}
