// Virtual network gateway routes: the prefixes a VNet's gateways reach (local network gateways, VNet-to-VNet
// peers, and `learnedPrefixes` standing in for BGP), given to every subnet of the gateway VNet and of VNets using
// it through gateway transit. Read ../../../shared/azure-semantics.md §1.2, §1.3, §3.3 and §7.2 first.
import { getResource, keyOf, lastName, linksOf, parentIdOf, T } from '../model/index.ts';
import type {
  LocalNetworkGateway,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
  World,
} from '../model/index.ts';
import { bitsOf, formatAddress, lastAddress, parsePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import { avnmRouting, vnetRanges } from './routes-avnm.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry, RouteOrigin } from './routes-types.ts';

const connectionsCache = new WeakMap<
  World,
  ReadonlyMap<string, readonly VirtualNetworkGatewayConnection[]>
>();

/** Connections by the key of their virtualNetworkGateway1, built once per world. */
function connectionsByGateway(world: World): ReadonlyMap<string, readonly VirtualNetworkGatewayConnection[]> {
  let index = connectionsCache.get(world);
  if (index) return index;
  const out = new Map<string, VirtualNetworkGatewayConnection[]>();
  for (const r of world.resources.values()) {
    if (r.type !== T.connection) continue;
    const c = r as VirtualNetworkGatewayConnection;
    const gw = c.properties.virtualNetworkGateway1?.id;
    if (!gw) continue;
    const list = out.get(keyOf(gw));
    if (list) list.push(c);
    else out.set(keyOf(gw), [c]);
  }
  index = out;
  connectionsCache.set(world, index);
  return index;
}

/**
 * The connections of a gateway (it is their virtualNetworkGateway1) that count.
 * Fidelity: no tunnel is negotiated; a connection counts unless its status says it is down.
 */
export function liveConnectionsOf(
  world: World,
  gw: VirtualNetworkGateway,
): VirtualNetworkGatewayConnection[] {
  return (connectionsByGateway(world).get(keyOf(gw.id)) ?? []).filter(
    (c) => c.properties.connectionStatus !== 'NotConnected' && c.properties.connectionStatus !== 'Connecting',
  );
}

/** The VNet a gateway is in: the parent of the subnet of its first IP configuration (its GatewaySubnet). */
export function vnetOfGateway(world: World, gw: VirtualNetworkGateway): VirtualNetwork | undefined {
  const subnet = gw.properties.ipConfigurations?.[0]?.properties.subnet?.id;
  const vnet = subnet ? getResource(world, parentIdOf(subnet) ?? '') : undefined;
  return vnet?.type === T.virtualNetwork ? (vnet as VirtualNetwork) : undefined;
}

/**
 * The gateway's next-hop addresses: its BGP peering address(es) (comma-separated when active-active), else the
 * private IPs of its IP configurations.
 * Fidelity: Azure shows the instances' addresses (or the public IP for active-standby, §1.2); vnetlab has no
 * instances and uses what the gateway resource states.
 */
export function gatewayAddresses(world: World, gw: VirtualNetworkGateway): string[] {
  const bgp = gw.properties.bgpSettings?.bgpPeeringAddress;
  if (bgp)
    return bgp
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const stated = (gw.properties.ipConfigurations ?? []).flatMap((c) =>
    c.properties.privateIPAddress ? [c.properties.privateIPAddress] : [],
  );
  return stated.length ? stated : defaultBgpPeeringAddresses(world, gw);
}

/**
 * Azure gives a gateway's instances the highest usable addresses of the GatewaySubnet as BGP peering
 * addresses (the VPN BGP how-to shows 10.12.255.30 for GatewaySubnet 10.12.255.0/27): one for
 * active-standby, two for active-active. The last address of the subnet is reserved.
 */
function defaultBgpPeeringAddresses(world: World, gw: VirtualNetworkGateway): string[] {
  const subnetId = gw.properties.ipConfigurations?.[0]?.properties.subnet?.id;
  const subnet = subnetId ? linksOf(world).subnets.get(keyOf(subnetId))?.subnet : undefined;
  const text = subnet?.properties.addressPrefix ?? subnet?.properties.addressPrefixes?.[0];
  const prefix = text ? parsePrefix(text) : undefined;
  if (!prefix?.ok || prefix.value.length > bitsOf(prefix.value.version) - 3) return [];
  const last = lastAddress(prefix.value);
  const count = gw.properties.activeActive ? 2 : 1;
  return Array.from({ length: count }, (_, i) =>
    formatAddress({ version: prefix.value.version, value: last - 1n - BigInt(i) }),
  );
}

const parseAll = (texts: readonly string[] | undefined): Prefix[] =>
  (texts ?? []).flatMap((t) => {
    const r = parsePrefix(t, true);
    return r.ok ? [r.value] : [];
  });

const routesCache = new WeakMap<World, Map<string, readonly RouteEntry[]>>();

/** The VirtualNetworkGateway routes of the gateways in one VNet (memoised per world and VNet). */
export function gatewayRoutesOfVnet(world: World, gatewayVnetKey: string): readonly RouteEntry[] {
  let byVnet = routesCache.get(world);
  if (!byVnet) routesCache.set(world, (byVnet = new Map()));
  const hit = byVnet.get(gatewayVnetKey);
  if (hit) return hit;
  const out: RouteEntry[] = [];
  for (const gw of linksOf(world).gatewaysOfVnet.get(gatewayVnetKey) ?? []) {
    const nextHopIpAddress = gatewayAddresses(world, gw);
    const add = (prefixes: readonly Prefix[], origin: RouteOrigin): void => {
      for (const prefix of prefixes)
        out.push({
          route: {
            source: 'VirtualNetworkGateway',
            state: 'Active',
            prefixes: [prefix],
            nextHopType: 'VirtualNetworkGateway',
            nextHopIpAddress,
            origin,
            ...DEFAULT_FLAGS,
          },
          prefix,
          kind: 'gateway',
        });
    };
    for (const c of liveConnectionsOf(world, gw)) {
      const lngId = c.properties.localNetworkGateway2?.id;
      const lng = lngId ? (getResource(world, lngId) as LocalNetworkGateway | undefined) : undefined;
      if (lng)
        add(parseAll(lng.properties.localNetworkAddressSpace?.addressPrefixes), {
          id: lng.id,
          name: lng.name,
        });
      const peerGwId = c.properties.virtualNetworkGateway2?.id;
      const peerGw = peerGwId
        ? (getResource(world, peerGwId) as VirtualNetworkGateway | undefined)
        : undefined;
      const peerVnet = peerGw ? vnetOfGateway(world, peerGw) : undefined;
      // VNet-to-VNet: the other gateway's VNet ranges arrive as gateway routes.
      if (peerVnet) add(vnetRanges(peerVnet), { id: c.id, name: c.name });
      // vnetlab extension standing in for BGP-learned prefixes (model/types.ts).
      add(parseAll(c.properties.learnedPrefixes), { id: c.id, name: lastName(c.id) });
    }
  }
  byVnet.set(gatewayVnetKey, out);
  return out;
}

/**
 * Keys of the VNets whose gateways serve this VNet: its own, or (§3.3) a peered VNet's when this side sets
 * useRemoteGateways and the remote side allowGatewayTransit, or an AVNM hub with useHubGateway.
 */
export function gatewayVnetsServing(world: World, vnet: VirtualNetwork): string[] {
  const links = linksOf(world);
  const key = keyOf(vnet.id);
  const out = new Set<string>();
  if (links.gatewaysOfVnet.has(key)) out.add(key);
  for (const link of links.peeringsOfVnet.get(key) ?? []) {
    if (link.state !== 'Connected' || link.peering.properties.useRemoteGateways !== true) continue;
    if (link.reverse?.properties.allowGatewayTransit !== true) continue;
    if (links.gatewaysOfVnet.has(keyOf(link.remoteVnetId))) out.add(keyOf(link.remoteVnetId));
  }
  for (const peer of avnmRouting(world).peersOfVnet.get(key) ?? [])
    if (peer.useHubGateway && links.gatewaysOfVnet.has(keyOf(peer.remote.id))) out.add(keyOf(peer.remote.id));
  return [...out];
}
