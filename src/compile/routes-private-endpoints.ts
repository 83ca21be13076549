// Private endpoint /32 routes: each PE NIC address becomes a Default /32 in its own VNet, directly peered VNets
// and (standard-scale) connected groups. Read ../../../shared/azure-semantics.md §5.1 and §3.4 first.
import { lastName, linksOf, keyOf, vnetPrefixes } from '../model/index.ts';
import { bitsOf, containsAddress, parseAddress, parsePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import type { World } from '../model/index.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry } from './routes-types.ts';

/** PE /32 entries by VNet key, built once per world from the NIC addresses apply() allocated. */
const cache = new WeakMap<World, ReadonlyMap<string, readonly RouteEntry[]>>();

export function endpointRoutesByVnet(world: World): ReadonlyMap<string, readonly RouteEntry[]> {
  let index = cache.get(world);
  if (index) return index;
  const out = new Map<string, RouteEntry[]>();
  const links = linksOf(world);
  for (const addresses of links.addressesOfNic.values()) {
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
      const where = links.subnets.get(keyOf(a.subnetId));
      const policy = where?.subnet.properties.privateEndpointNetworkPolicies;
      // §5.1: with RouteTableEnabled (or Enabled) a UDR no broader than the PE VNet's range overrides the /32.
      const range = where
        ? vnetPrefixes(where.vnet)
            .map((t) => parsePrefix(t, true))
            .find((r) => r.ok && containsAddress(r.value, parsed.value))
        : undefined;
      const entry: RouteEntry = {
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
        ...((policy === 'RouteTableEnabled' || policy === 'Enabled') && range?.ok
          ? { udrOverridableWithin: range.value.length }
          : {}),
      };
      const key = keyOf(a.vnetId);
      const list = out.get(key);
      if (list) list.push(entry);
      else out.set(key, [entry]);
    }
  }
  index = out;
  cache.set(world, index);
  return index;
}
