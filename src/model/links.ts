// Back-references ARM computes (a subnet's ipConfigurations, an NSG's subnets, a peering's state...), built
// once per world and cached. The world stores what was put; everything derivable lives here.
import { keyOf, parentIdOf } from './ids.ts';
import { T } from './resource-types.ts';
import type { World } from './world.ts';
import type {
  IpConfiguration,
  NetworkInterface,
  Resource,
  Subnet,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkPeering,
} from './types.ts';

/** One IP configuration of a NIC with where it sits. */
export interface NicAddress {
  readonly nic: NetworkInterface;
  readonly ipConfiguration: IpConfiguration;
  readonly subnetId: string;
  readonly vnetId: string;
  /** The private IP, once apply() has allocated it. */
  readonly address: string | undefined;
}

export interface PeeringLink {
  readonly peering: VirtualNetworkPeering;
  readonly localVnetId: string;
  readonly remoteVnetId: string;
  /** Connected when the remote VNet has a peering back; Initiated when not; Disconnected when the remote is gone. */
  readonly state: 'Initiated' | 'Connected' | 'Disconnected';
  /** The remote side's peering back to us, when it exists. */
  readonly reverse: VirtualNetworkPeering | undefined;
}

export interface Links {
  readonly subnets: ReadonlyMap<string, { subnet: Subnet; vnet: VirtualNetwork }>;
  readonly addressesOfSubnet: ReadonlyMap<string, readonly NicAddress[]>;
  readonly addressesOfNic: ReadonlyMap<string, readonly NicAddress[]>;
  /** Subnets by the NSG / route table / NAT gateway they reference (keyed by that resource's key). */
  readonly subnetsByReference: ReadonlyMap<string, readonly string[]>;
  /** NICs by the NSG they reference. */
  readonly nicsByNsg: ReadonlyMap<string, readonly string[]>;
  /** NIC addresses by ASG key. */
  readonly asgMembers: ReadonlyMap<string, readonly NicAddress[]>;
  readonly peeringsOfVnet: ReadonlyMap<string, readonly PeeringLink[]>;
  /** Virtual network gateways by the VNet of their GatewaySubnet. */
  readonly gatewaysOfVnet: ReadonlyMap<string, readonly VirtualNetworkGateway[]>;
  /** VM ID by NIC key. */
  readonly vmOfNic: ReadonlyMap<string, string>;
  /** NIC keys by name (lowercase), for CLI look-ups. */
  readonly nicsByName: ReadonlyMap<string, readonly string[]>;
}

const cache = new WeakMap<World, Links>();

export function linksOf(world: World): Links {
  let links = cache.get(world);
  if (!links) {
    links = build(world);
    cache.set(world, links);
  }
  return links;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function build(world: World): Links {
  const subnets = new Map<string, { subnet: Subnet; vnet: VirtualNetwork }>();
  const addressesOfSubnet = new Map<string, NicAddress[]>();
  const addressesOfNic = new Map<string, NicAddress[]>();
  const subnetsByReference = new Map<string, string[]>();
  const nicsByNsg = new Map<string, string[]>();
  const asgMembers = new Map<string, NicAddress[]>();
  const peeringsOfVnet = new Map<string, PeeringLink[]>();
  const gatewaysOfVnet = new Map<string, VirtualNetworkGateway[]>();
  const vmOfNic = new Map<string, string>();
  const nicsByName = new Map<string, string[]>();
  const vnets: VirtualNetwork[] = [];

  for (const r of world.resources.values()) {
    if (r.type === T.virtualNetwork) {
      const vnet = r as VirtualNetwork;
      vnets.push(vnet);
      for (const subnet of vnet.properties.subnets ?? []) {
        const key = keyOf(subnet.id);
        subnets.set(key, { subnet, vnet });
        for (const ref of [
          subnet.properties.networkSecurityGroup,
          subnet.properties.routeTable,
          subnet.properties.natGateway,
        ]) {
          if (ref?.id) push(subnetsByReference, keyOf(ref.id), subnet.id);
        }
      }
    }
  }
  for (const r of world.resources.values()) {
    if (r.type === T.networkInterface) {
      const nic = r as NetworkInterface;
      push(nicsByName, nic.name.toLowerCase(), keyOf(nic.id));
      if (nic.properties.networkSecurityGroup?.id)
        push(nicsByNsg, keyOf(nic.properties.networkSecurityGroup.id), nic.id);
      for (const ipConfiguration of nic.properties.ipConfigurations ?? []) {
        const subnetId = ipConfiguration.properties.subnet?.id;
        if (!subnetId) continue;
        const a: NicAddress = {
          nic,
          ipConfiguration,
          subnetId,
          vnetId: parentIdOf(subnetId) ?? subnetId,
          address: ipConfiguration.properties.privateIPAddress,
        };
        push(addressesOfSubnet, keyOf(subnetId), a);
        push(addressesOfNic, keyOf(nic.id), a);
        for (const asg of ipConfiguration.properties.applicationSecurityGroups ?? [])
          push(asgMembers, keyOf(asg.id), a);
      }
    } else if (r.type === T.virtualMachine) {
      for (const n of (r as Resource<{ networkProfile?: { networkInterfaces?: { id: string }[] } }>)
        .properties.networkProfile?.networkInterfaces ?? []) {
        vmOfNic.set(keyOf(n.id), r.id);
      }
    } else if (r.type === T.virtualNetworkGateway) {
      const gw = r as VirtualNetworkGateway;
      const subnetId = gw.properties.ipConfigurations?.[0]?.properties.subnet?.id;
      if (subnetId) push(gatewaysOfVnet, keyOf(parentIdOf(subnetId) ?? subnetId), gw);
    }
  }
  const vnetByKey = new Map(vnets.map((v) => [keyOf(v.id), v]));
  for (const vnet of vnets) {
    for (const peering of vnet.properties.virtualNetworkPeerings ?? []) {
      const remoteVnetId = peering.properties.remoteVirtualNetwork?.id;
      if (!remoteVnetId) continue;
      const remote = vnetByKey.get(keyOf(remoteVnetId));
      const reverse = remote?.properties.virtualNetworkPeerings?.find(
        (p) =>
          p.properties.remoteVirtualNetwork?.id !== undefined &&
          keyOf(p.properties.remoteVirtualNetwork.id) === keyOf(vnet.id),
      );
      const state = !remote ? 'Disconnected' : reverse ? 'Connected' : 'Initiated';
      push(peeringsOfVnet, keyOf(vnet.id), { peering, localVnetId: vnet.id, remoteVnetId, state, reverse });
    }
  }
  return {
    subnets,
    addressesOfSubnet,
    addressesOfNic,
    subnetsByReference,
    nicsByNsg,
    asgMembers,
    peeringsOfVnet,
    gatewaysOfVnet,
    vmOfNic,
    nicsByName,
  };
}

/** The address prefixes of a subnet (addressPrefix and addressPrefixes together). */
export const subnetPrefixes = (subnet: Subnet): string[] => [
  ...(subnet.properties.addressPrefix ? [subnet.properties.addressPrefix] : []),
  ...(subnet.properties.addressPrefixes ?? []),
];

export const vnetPrefixes = (vnet: VirtualNetwork): string[] =>
  vnet.properties.addressSpace?.addressPrefixes ?? [];
