// VNet peering routes: one route per remote range of each Connected peering (VNetPeering, or GlobalVNetPeering
// across regions), AVNM hub <-> spoke peerings alike, never transitive; and the remote VNets' PE /32s.
// Read ../../../shared/azure-semantics.md §1.2, §3.1, §3.2 and §5.1 before changing this file.
import { getResource, keyOf, linksOf, subnetPrefixes, T } from '../model/index.ts';
import type { VirtualNetwork, VirtualNetworkPeering, World } from '../model/index.ts';
import { containsPrefix, parsePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import { avnmRouting, vnetRanges } from './routes-avnm.ts';
import { endpointRoutesOfVnet } from './routes-private-endpoints.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry, RouteOrigin } from './routes-types.ts';

const region = (v: VirtualNetwork): string => (v.location ?? '').replace(/\s+/g, '').toLowerCase();

/** The remote prefixes a peering gives routes to: the remote ranges, or only the peered remote subnets. */
function peeredPrefixes(peering: VirtualNetworkPeering, remote: VirtualNetwork): readonly Prefix[] {
  if (peering.properties.peerCompleteVnets !== false) return vnetRanges(remote);
  // §3.2 subnet peering. Fidelity (Azure's known limitation, kept): every local subnet gets these routes, not
  // only the localSubnetNames; packets from non-peered subnets are dropped at the destination.
  const names = new Set((peering.properties.remoteSubnetNames ?? []).map((n) => n.toLowerCase()));
  return (remote.properties.subnets ?? [])
    .filter((s) => names.has(s.name.toLowerCase()))
    .flatMap((s) => subnetPrefixes(s))
    .flatMap((t) => {
      const r = parsePrefix(t, true);
      return r.ok ? [r.value] : [];
    });
}

export interface PeeringRoutes {
  readonly routes: RouteEntry[];
  /** PE /32s of directly peered VNets (§5.1: not transitive). */
  readonly endpoints: RouteEntry[];
}

export function peeringRoutes(world: World, vnet: VirtualNetwork): PeeringRoutes {
  const routes: RouteEntry[] = [];
  const endpoints: RouteEntry[] = [];
  const seen = new Set<string>([keyOf(vnet.id)]);
  const add = (remote: VirtualNetwork, prefixes: readonly Prefix[], origin: RouteOrigin): void => {
    seen.add(keyOf(remote.id));
    const nextHopType = region(remote) === region(vnet) ? 'VNetPeering' : 'GlobalVNetPeering';
    for (const prefix of prefixes) {
      routes.push({
        route: {
          source: 'Default',
          state: 'Active',
          prefixes: [prefix],
          nextHopType,
          nextHopIpAddress: [],
          origin,
          ...DEFAULT_FLAGS,
        },
        prefix,
        kind: 'peering',
      });
    }
    for (const e of endpointRoutesOfVnet(world, remote))
      if (prefixes.some((p) => containsPrefix(p, e.prefix!))) endpoints.push(e);
  };
  // allowVirtualNetworkAccess only changes the VirtualNetwork tag (§3.1): routes stay either way.
  for (const link of linksOf(world).peeringsOfVnet.get(keyOf(vnet.id)) ?? []) {
    if (link.state !== 'Connected' || seen.has(keyOf(link.remoteVnetId))) continue;
    const remote = getResource(world, link.remoteVnetId);
    if (remote?.type !== T.virtualNetwork) continue;
    const r = remote as VirtualNetwork;
    add(r, peeredPrefixes(link.peering, r), { id: link.peering.id, name: link.peering.name });
  }
  // AVNM hub-and-spoke creates real peerings (§3.4); a peering made by hand to the same VNet takes their place.
  for (const peer of avnmRouting(world).peersOfVnet.get(keyOf(vnet.id)) ?? []) {
    if (seen.has(keyOf(peer.remote.id))) continue;
    add(peer.remote, vnetRanges(peer.remote), { id: peer.configuration.id, name: peer.configuration.name });
  }
  return { routes, endpoints };
}
