// Builds the Links of a world (see links.ts) in two linear passes, and holds the per-world cache. apply() builds
// them while validating the world it returns, reusing the subnet index completion made, so the first question
// after apply() doesn't rebuild them.
import { keyOf, parentIdOf } from './ids.ts';
import { T } from './resource-types.ts';
import { indexSubnets } from './allocate.ts';
import type { SubnetEntry } from './allocate.ts';
import type { Links, NicAddress, PeeringLink } from './links.ts';
import type { World } from './world.ts';
import type {
  NetworkInterface,
  Resource,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkPeering,
} from './types.ts';

export const linksCache = new WeakMap<World, Links>();

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * `subnets`: the world's subnet index when the caller already has it (its entries carry the parsed prefixes
 * too); it becomes Links.subnets.
 */
export function buildLinks(world: World, subnets?: ReadonlyMap<string, SubnetEntry>): Links {
  const subnetIndex = subnets ?? indexSubnets(world.resources.values());
  const addressesOfSubnet = new Map<string, NicAddress[]>();
  const addressesOfNic = new Map<string, NicAddress[]>();
  const subnetsByReference = new Map<string, string[]>();
  const nicsByNsg = new Map<string, string[]>();
  const asgMembers = new Map<string, NicAddress[]>();
  const peeringsOfVnet = new Map<string, PeeringLink[]>();
  const gatewaysOfVnet = new Map<string, VirtualNetworkGateway[]>();
  const vmOfNic = new Map<string, string>();
  const nicsByName = new Map<string, string[]>();
  const vnets = new Map<string, VirtualNetwork>();

  for (const { subnet } of subnetIndex.values()) {
    const sp = subnet.properties;
    if (sp.networkSecurityGroup?.id) push(subnetsByReference, keyOf(sp.networkSecurityGroup.id), subnet.id);
    if (sp.routeTable?.id) push(subnetsByReference, keyOf(sp.routeTable.id), subnet.id);
    if (sp.natGateway?.id) push(subnetsByReference, keyOf(sp.natGateway.id), subnet.id);
  }
  for (const [key, r] of world.resources) {
    if (r.type === T.networkInterface) {
      const nic = r as NetworkInterface;
      push(nicsByName, nic.name.toLowerCase(), key);
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
        push(addressesOfNic, key, a);
        for (const asg of ipConfiguration.properties.applicationSecurityGroups ?? [])
          push(asgMembers, keyOf(asg.id), a);
      }
    } else if (r.type === T.virtualNetwork) {
      vnets.set(key, r as VirtualNetwork);
    } else if (r.type === T.virtualMachine) {
      for (const n of (r as Resource<{ networkProfile?: { networkInterfaces?: { id?: string }[] } }>)
        .properties.networkProfile?.networkInterfaces ?? []) {
        if (typeof n?.id === 'string') vmOfNic.set(keyOf(n.id), r.id); // a reference without an id names no NIC
      }
    } else if (r.type === T.virtualNetworkGateway) {
      const gw = r as VirtualNetworkGateway;
      const subnetId = gw.properties.ipConfigurations?.[0]?.properties.subnet?.id;
      if (subnetId) push(gatewaysOfVnet, keyOf(parentIdOf(subnetId) ?? subnetId), gw);
    }
  }
  for (const [key, vnet] of vnets) {
    for (const peering of vnet.properties.virtualNetworkPeerings ?? []) {
      const remoteVnetId = peering.properties.remoteVirtualNetwork?.id;
      if (!remoteVnetId) continue;
      const remote = vnets.get(keyOf(remoteVnetId));
      // A side left Disconnected (its remote side was deleted) stays so, and does not count as a way back.
      const reverse = remote?.properties.virtualNetworkPeerings?.find((p: VirtualNetworkPeering) => {
        const back = p.properties.remoteVirtualNetwork?.id;
        return back !== undefined && keyOf(back) === key && p.properties.peeringState !== 'Disconnected';
      });
      const state =
        !remote || peering.properties.peeringState === 'Disconnected'
          ? 'Disconnected'
          : reverse
            ? 'Connected'
            : 'Initiated';
      push(peeringsOfVnet, key, { peering, localVnetId: vnet.id, remoteVnetId, state, reverse });
    }
  }
  return {
    subnets: subnetIndex,
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
