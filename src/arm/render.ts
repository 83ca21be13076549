// What a GET returns: the stored resource plus the read-only back-references ARM computes (a subnet's
// ipConfigurations and privateEndpoints, an NSG's subnets and networkInterfaces, a peering's state, a public IP's
// ipConfiguration...). The world stores what was put (complete.ts drops these on PUT); links.ts knows the rest.
// Read ../../../shared/azure-semantics.md §11.2 before changing this file.
import { publicAddressOf } from '../dataplane/fabric.ts';
import { keyOf, linksOf, parentIdOf, T, vnetPrefixes } from '../model/index.ts';
import { formatIpv4 } from '../wire/index.ts';
import type {
  NetworkInterface,
  PrivateEndpoint,
  PublicIPAddress,
  Resource,
  VirtualNetwork,
  World,
} from '../model/index.ts';

type Json = Record<string, unknown>;
const ids = (list: readonly string[]): { id: string }[] => list.map((id) => ({ id }));

/** The resource as ARM's GET returns it, with back-references; `resource` is the stored top-level or child. */
export function renderResource(world: World, resource: Resource<object>): Json {
  // ARM's key order: name, id, etag, type, location, tags, then the rest.
  const { name, id, etag, type, location, tags, properties, ...rest } = resource as Resource;
  const props: Json = { ...properties };
  const out: Json = {
    name,
    id,
    ...(etag !== undefined ? { etag } : {}),
    type,
    ...(location !== undefined ? { location } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...rest,
    properties: props,
  };
  const links = linksOf(world);
  const key = keyOf(resource.id);
  switch (resource.type) {
    case T.virtualNetwork: {
      const vnet = resource as VirtualNetwork;
      if (vnet.properties.subnets)
        props.subnets = vnet.properties.subnets.map((s) => renderResource(world, s));
      if (vnet.properties.virtualNetworkPeerings)
        props.virtualNetworkPeerings = vnet.properties.virtualNetworkPeerings.map((p) =>
          renderResource(world, p),
        );
      break;
    }
    case T.subnet: {
      const addresses = links.addressesOfSubnet.get(key) ?? [];
      if (addresses.length) props.ipConfigurations = ids(addresses.map((a) => a.ipConfiguration.id));
      const endpoints = moreLinksOf(world).endpointsOfSubnet.get(key) ?? [];
      if (endpoints.length) props.privateEndpoints = ids(endpoints);
      break;
    }
    case T.peering: {
      const vnetKey = keyOf(parentIdOf(resource.id) ?? '');
      const link = (links.peeringsOfVnet.get(vnetKey) ?? []).find((l) => l.peering === resource);
      if (link) {
        props.peeringState = link.state;
        props.peeringSyncLevel = link.state === 'Connected' ? 'FullyInSync' : 'RemoteNotInSync';
        const remote = world.resources.get(keyOf(link.remoteVnetId)) as VirtualNetwork | undefined;
        if (remote) {
          const space = { addressPrefixes: vnetPrefixes(remote) };
          props.remoteAddressSpace = space;
          props.remoteVirtualNetworkAddressSpace = space;
        }
      }
      break;
    }
    case T.networkSecurityGroup: {
      const subnets = links.subnetsByReference.get(key) ?? [];
      if (subnets.length) props.subnets = ids(subnets);
      const nics = links.nicsByNsg.get(key) ?? [];
      if (nics.length) props.networkInterfaces = ids(nics);
      break;
    }
    case T.routeTable:
    case T.natGateway: {
      const subnets = links.subnetsByReference.get(key) ?? [];
      if (subnets.length) props.subnets = ids(subnets);
      break;
    }
    case T.networkInterface: {
      const vm = links.vmOfNic.get(key);
      if (vm) props.virtualMachine = { id: vm };
      break;
    }
    case T.publicIPAddress: {
      const user = moreLinksOf(world).userOfPublicIp.get(key);
      if (user) props.ipConfiguration = { id: user };
      // Azure allocates the address of a Static (and every Standard) IPv4 public IP at creation. Fidelity: the
      // address is the one the data plane uses, derived from the resource ID in 20.0.0.0/8.
      const pip = resource as PublicIPAddress;
      const allocated =
        pip.properties.publicIPAllocationMethod === 'Static' || pip.sku?.name?.startsWith('Standard');
      if (props.ipAddress === undefined && allocated && pip.properties.publicIPAddressVersion !== 'IPv6')
        props.ipAddress = formatIpv4(publicAddressOf(pip));
      break;
    }
    case T.virtualNetworkTap: {
      const taps = moreLinksOf(world).tapConfigurations.get(key) ?? [];
      if (taps.length) props.networkInterfaceTapConfigurations = ids(taps);
      break;
    }
  }
  return out;
}

/** Back-references links.ts does not keep, found in one pass over a world and kept with it. */
interface MoreLinks {
  /** Private endpoint IDs by the key of their subnet. */
  readonly endpointsOfSubnet: ReadonlyMap<string, string[]>;
  /** The IP configuration (NIC or load balancer frontend) holding a public IP, by the public IP's key. */
  readonly userOfPublicIp: ReadonlyMap<string, string>;
  /** NIC TAP configuration IDs by the key of their virtual network TAP. */
  readonly tapConfigurations: ReadonlyMap<string, string[]>;
}

const moreLinksCache = new WeakMap<World, MoreLinks>();

// A list of VNets renders every subnet: one pass per world, not one per subnet.
function moreLinksOf(world: World): MoreLinks {
  let links = moreLinksCache.get(world);
  if (links) return links;
  const endpointsOfSubnet = new Map<string, string[]>();
  const userOfPublicIp = new Map<string, string>();
  const tapConfigurations = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  };
  for (const r of world.resources.values()) {
    if (r.type === T.privateEndpoint) {
      const subnetId = (r as PrivateEndpoint).properties.subnet?.id;
      if (subnetId) push(endpointsOfSubnet, keyOf(subnetId), r.id);
      continue;
    }
    const configs =
      r.type === T.networkInterface
        ? (r as NetworkInterface).properties.ipConfigurations
        : r.type === T.loadBalancer
          ? (r.properties.frontendIPConfigurations as Resource[] | undefined)
          : undefined;
    for (const c of configs ?? []) {
      const pip = (c.properties as { publicIPAddress?: { id?: string } }).publicIPAddress?.id;
      if (pip && !userOfPublicIp.has(keyOf(pip))) userOfPublicIp.set(keyOf(pip), c.id);
    }
    if (r.type !== T.networkInterface) continue;
    for (const c of (r as NetworkInterface).properties.tapConfigurations ?? []) {
      const tap = c.properties.virtualNetworkTap?.id;
      if (tap) push(tapConfigurations, keyOf(tap), c.id);
    }
  }
  links = { endpointsOfSubnet, userOfPublicIp, tapConfigurations };
  moreLinksCache.set(world, links);
  return links;
}
