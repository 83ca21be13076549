// POST virtualNetworkGateways/{gw}/getLearnedRoutes and /getBgpPeerStatus: what a gateway has learned (its VNet's
// ranges, its local network gateways' prefixes, the prefixes its BGP peers announce) and its BGP peers, as
// GatewayRouteListResult and BgpPeerStatusListResult (virtualNetworkGateway.json).
import { gatewayAddresses, liveConnectionsOf, vnetOfGateway } from '../compile/index.ts';
import { getResource, vnetPrefixes } from '../model/index.ts';
import type {
  LocalNetworkGateway,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
  World,
} from '../model/index.ts';
import type { GatewayRouteJson } from './advertised-routes.ts';

/** BgpPeerStatus (virtualNetworkGateway.json). */
export interface BgpPeerStatusJson {
  localAddress: string;
  neighbor: string;
  asn: number;
  state: 'Unknown' | 'Stopped' | 'Idle' | 'Connecting' | 'Connected';
  connectedDuration: string;
  routesReceived: number;
  messagesSent: number;
  messagesReceived: number;
}

// Fidelity: the weight Azure's gateways give every route they learn, as `az network vnet-gateway
// list-learned-routes` prints it; vnetlab has no BGP speaker to ask.
const LEARNED_WEIGHT = 32768;

const localGatewayOf = (
  world: World,
  c: VirtualNetworkGatewayConnection,
): LocalNetworkGateway | undefined => {
  const id = c.properties.localNetworkGateway2?.id;
  return id ? (getResource(world, id) as LocalNetworkGateway | undefined) : undefined;
};

/**
 * The routes a gateway has learned. Its VNet's ranges (origin Network, no next hop); a local network gateway's
 * address space (origin Network, next hop its public IP); over BGP, what the peer announces (origin EBgp, next hop
 * and source peer the peer's BGP address, AS path its ASN): vnetlab's `learnedPrefixes` of the connection.
 * Fidelity: row values as `az network vnet-gateway list-learned-routes` prints them; a VNet-to-VNet connection's
 * remote ranges are shown as Network routes with the remote gateway's address as next hop.
 */
export function learnedRoutes(world: World, gw: VirtualNetworkGateway): GatewayRouteJson[] {
  const local = gatewayAddresses(world, gw)[0] ?? '';
  const row = (network: string, origin: string, nextHop: string, sourcePeer: string, asPath = '') => ({
    localAddress: local,
    network,
    nextHop,
    sourcePeer,
    origin,
    asPath,
    weight: LEARNED_WEIGHT,
  });
  const out: GatewayRouteJson[] = [];
  const vnet = vnetOfGateway(world, gw);
  if (vnet) for (const p of vnetPrefixes(vnet)) out.push(row(p, 'Network', '', local));
  for (const c of liveConnectionsOf(world, gw)) {
    const lng = localGatewayOf(world, c);
    const lngAddress = lng?.properties.gatewayIpAddress ?? '';
    for (const p of lng?.properties.localNetworkAddressSpace?.addressPrefixes ?? [])
      out.push(row(p, 'Network', lngAddress, local));
    const peerId = c.properties.virtualNetworkGateway2?.id;
    const peer = peerId ? (getResource(world, peerId) as VirtualNetworkGateway | undefined) : undefined;
    const peerVnet = peer ? vnetOfGateway(world, peer) : undefined;
    const peerAddress = peer ? (gatewayAddresses(world, peer)[0] ?? '') : '';
    if (peerVnet) for (const p of vnetPrefixes(peerVnet)) out.push(row(p, 'Network', peerAddress, local));
    const bgp = lng?.properties.bgpSettings;
    const neighbor = bgp?.bgpPeeringAddress ?? lngAddress;
    for (const p of c.properties.learnedPrefixes ?? [])
      out.push(row(p, 'EBgp', neighbor, neighbor, bgp?.asn !== undefined ? String(bgp.asn) : ''));
  }
  return out;
}

/**
 * The BGP peers of a gateway: the local network gateways of its BGP-enabled connections.
 * Fidelity: no session is negotiated; a peer of a connection not stated down is Connected, with the prefixes the
 * topology says it announces as routesReceived, and no message counts or duration.
 */
export function bgpPeerStatus(world: World, gw: VirtualNetworkGateway): BgpPeerStatusJson[] {
  const local = gatewayAddresses(world, gw)[0] ?? '';
  const out: BgpPeerStatusJson[] = [];
  for (const c of liveConnectionsOf(world, gw)) {
    const bgp = localGatewayOf(world, c)?.properties.bgpSettings;
    if (c.properties.enableBgp !== true || !bgp?.bgpPeeringAddress) continue;
    out.push({
      localAddress: local,
      neighbor: bgp.bgpPeeringAddress,
      asn: bgp.asn ?? 0,
      state: 'Connected',
      connectedDuration: '00:00:00',
      routesReceived: c.properties.learnedPrefixes?.length ?? 0,
      messagesSent: 0,
      messagesReceived: 0,
    });
  }
  return out;
}
