// Private endpoint /32 routes: each PE NIC address becomes a Default /32 in its own VNet, directly peered VNets
// and (standard-scale) connected groups. Read ../../../shared/azure-semantics.md §5.1 and §3.4 first.
import { lastName, linksOf, keyOf } from '../model/index.ts';
import type { VirtualNetwork, World } from '../model/index.ts';
import { bitsOf, containsAddress, parseAddress } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import { vnetRanges } from './routes-ranges.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry } from './routes-types.ts';

/** PE /32 entries per VNet key, built on first use from the NIC addresses apply() allocated in its subnets. */
const cache = new WeakMap<World, Map<string, readonly RouteEntry[]>>();

/**
 * The PE /32 entries of one VNet: its subnets in order, each subnet's PE NICs in the world's order. Computed per
 * VNet (not for the whole world at once) so that a question about one subnet of a 5,000-VNet world reads only
 * the VNets it routes to (the own VNet, peered VNets, standard-scale group members).
 */
export function endpointRoutesOfVnet(world: World, vnet: VirtualNetwork): readonly RouteEntry[] {
  let byVnet = cache.get(world);
  if (!byVnet) cache.set(world, (byVnet = new Map()));
  const key = keyOf(vnet.id);
  let list = byVnet.get(key);
  if (list) return list;
  const out: RouteEntry[] = [];
  const links = linksOf(world);
  for (const subnet of vnet.properties.subnets ?? []) {
    const addresses = links.addressesOfSubnet.get(keyOf(subnet.id));
    if (!addresses) continue;
    const policy = subnet.properties.privateEndpointNetworkPolicies;
    for (const a of addresses) {
      const peId = a.nic.properties.privateEndpoint?.id;
      if (!peId || !a.address) continue;
      const parsed = parseAddress(a.address);
      if (!parsed.ok) continue;
      const prefix: Prefix = {
        version: parsed.value.version,
        network: parsed.value.value,
        length: bitsOf(parsed.value.version),
      };
      // §5.1: with RouteTableEnabled (or Enabled) a UDR no broader than the PE VNet's range overrides the /32.
      const range = vnetRanges(vnet).find((r) => containsAddress(r, parsed.value));
      out.push({
        route: {
          source: 'Default',
          state: 'Active',
          prefixes: [prefix],
          // Fidelity: the nextHopType string of PE /32 routes is UNVERIFIED (§1.2, Appendix B).
          nextHopType: 'InterfaceEndpoint',
          nextHopIpAddress: [],
          origin: { id: peId, name: lastName(peId) },
          ...DEFAULT_FLAGS,
        },
        prefix,
        kind: 'endpoint',
        ...((policy === 'RouteTableEnabled' || policy === 'Enabled') && range
          ? { udrOverridableWithin: range.length }
          : {}),
      });
    }
  }
  byVnet.set(key, (list = out));
  return list;
}
