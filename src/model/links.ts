// Back-references ARM computes (a subnet's ipConfigurations, an NSG's subnets, a peering's state...), built
// once per world and cached. The world stores what was put; everything derivable lives here.
import { buildLinks, linksCache } from './links-build.ts';
import type { World } from './world.ts';
import type {
  IpConfiguration,
  NetworkInterface,
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
  /**
   * Connected when the remote VNet has a peering back; Initiated when not; Disconnected when the remote VNet is
   * gone or its peering back was deleted (until this side is created again).
   */
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

/** Built once per world: apply() builds the links of the world it returns while validating it. */
export function linksOf(world: World): Links {
  let links = linksCache.get(world);
  if (!links) {
    links = buildLinks(world);
    linksCache.set(world, links);
  }
  return links;
}

/** The address prefixes of a subnet (addressPrefix and addressPrefixes together). */
export const subnetPrefixes = (subnet: Subnet): string[] => [
  ...(subnet.properties.addressPrefix ? [subnet.properties.addressPrefix] : []),
  ...(subnet.properties.addressPrefixes ?? []),
];

export const vnetPrefixes = (vnet: VirtualNetwork): string[] =>
  vnet.properties.addressSpace?.addressPrefixes ?? [];
