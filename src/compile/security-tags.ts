// Service tags as NSG rules see them from one subnet: VirtualNetwork, AzureLoadBalancer, Internet and the
// AzurePlatform* tags. Read ../../../shared/azure-semantics.md §2.4, §3.1 and §9.2 before changing this file.
import { formatPrefix, mustParsePrefix, parsePrefix, subtractPrefixes } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import { getResource, keyOf, linksOf, parentIdOf, resourcesOfType, T, vnetPrefixes } from '../model/index.ts';
import type {
  LocalNetworkGateway,
  RouteTable,
  Subnet,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
  Warning,
  World,
} from '../model/index.ts';
import { avnmConnectedVnets } from './security-avnm.ts';
import type { PlatformTag, SecurityOptions, TagPrefixes } from './security-types.ts';

/** The host virtual IP ("wire server"), source of load balancer probes, DNS and DHCP (§9.2). */
export const WIRE_SERVER = mustParsePrefix('168.63.129.16/32');
/** Instance Metadata Service. */
export const IMDS = mustParsePrefix('169.254.169.254/32');

/** What an AzurePlatform* tag stands for: the address and, for DNS and licensing, the one port (§2.3). */
export const PLATFORM_TAGS: Readonly<Record<PlatformTag, { prefix: Prefix; port?: number }>> = {
  AzurePlatformDNS: { prefix: WIRE_SERVER, port: 53 },
  AzurePlatformIMDS: { prefix: IMDS },
  AzurePlatformLKM: { prefix: WIRE_SERVER, port: 1688 },
};

// Fidelity: Azure publishes no prefix list for the Internet tag ("address space outside the virtual network and
// reachable by the public internet"). vnetlab takes all addresses minus the VirtualNetwork tag minus the
// special-purpose ranges that are not publicly routable (IANA IPv4/IPv6 Special-Purpose Address Registries,
// RFC 6890): this-network, RFC 1918, RFC 6598 shared space, loopback, link-local, multicast and reserved.
const NOT_INTERNET: readonly Prefix[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
  '::/8',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map(mustParsePrefix);
const ALL_V4 = mustParsePrefix('0.0.0.0/0');
const ALL_V6 = mustParsePrefix('::/0');

const isDefaultRoute = (p: Prefix): boolean => p.length === 0;

function parseAll(texts: readonly string[], into: Prefix[]): void {
  for (const t of texts) {
    const r = parsePrefix(t, true);
    if (r.ok) into.push(r.value);
  }
}

/** Gateway connections by the key of either gateway they join. */
function connectionsByGateway(world: World): Map<string, VirtualNetworkGatewayConnection[]> {
  const out = new Map<string, VirtualNetworkGatewayConnection[]>();
  for (const c of resourcesOfType(world, T.connection) as VirtualNetworkGatewayConnection[]) {
    for (const gw of [c.properties.virtualNetworkGateway1, c.properties.virtualNetworkGateway2]) {
      if (!gw?.id) continue;
      const list = out.get(keyOf(gw.id)) ?? [];
      list.push(c);
      out.set(keyOf(gw.id), list);
    }
  }
  return out;
}
const connectionsCache = new WeakMap<World, Map<string, VirtualNetworkGatewayConnection[]>>();

/** Address spaces reachable through a VNet's gateways: local network gateways, learned prefixes, VNet-to-VNet. */
function gatewaySpaces(world: World, vnetId: string): Prefix[] {
  let byGateway = connectionsCache.get(world);
  if (!byGateway) {
    byGateway = connectionsByGateway(world);
    connectionsCache.set(world, byGateway);
  }
  const out: Prefix[] = [];
  for (const gw of linksOf(world).gatewaysOfVnet.get(keyOf(vnetId)) ?? []) {
    for (const c of byGateway.get(keyOf(gw.id)) ?? []) {
      const lng = c.properties.localNetworkGateway2?.id
        ? (getResource(world, c.properties.localNetworkGateway2.id) as LocalNetworkGateway | undefined)
        : undefined;
      parseAll(lng?.properties.localNetworkAddressSpace?.addressPrefixes ?? [], out);
      parseAll(c.properties.learnedPrefixes ?? [], out);
      // VNet-to-VNet: the other gateway's VNet.
      for (const other of [c.properties.virtualNetworkGateway1, c.properties.virtualNetworkGateway2]) {
        if (!other?.id || keyOf(other.id) === keyOf(gw.id)) continue;
        const otherGw = getResource(world, other.id) as VirtualNetworkGateway | undefined;
        const subnetId = otherGw?.properties.ipConfigurations?.[0]?.properties.subnet?.id;
        const otherVnet = subnetId
          ? (getResource(world, parentIdOf(subnetId) ?? '') as VirtualNetwork | undefined)
          : undefined;
        if (otherVnet) parseAll(vnetPrefixes(otherVnet), out);
      }
    }
  }
  return out;
}

/** The prefixes of the named subnets of a VNet (subnet peering). */
function subnetSpaces(vnet: VirtualNetwork, names: readonly string[]): string[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return (vnet.properties.subnets ?? [])
    .filter((s) => wanted.has(s.name.toLowerCase()))
    .flatMap((s) => [
      ...(s.properties.addressPrefix ? [s.properties.addressPrefix] : []),
      ...(s.properties.addressPrefixes ?? []),
    ]);
}

function dedupe(prefixes: readonly Prefix[]): Prefix[] {
  const seen = new Set<string>();
  const out: Prefix[] = [];
  for (const p of prefixes) {
    const k = formatPrefix(p);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

/** The service tags as seen from one subnet, with warnings for what could not be resolved. */
export function tagsOfSubnet(
  world: World,
  subnet: Subnet,
  vnet: VirtualNetwork,
  options: Required<SecurityOptions>,
): { tags: TagPrefixes; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const vnetTag: Prefix[] = [];
  parseAll(vnetPrefixes(vnet), vnetTag);

  // Peered VNets, only while our side's allowVirtualNetworkAccess is true (default true, §3.1). Gateway transit:
  // a peering with useRemoteGateways brings in what the remote gateway reaches.
  const links = linksOf(world);
  const gatewayVnets = [vnet.id];
  for (const link of links.peeringsOfVnet.get(keyOf(vnet.id)) ?? []) {
    if (link.state !== 'Connected') continue;
    const remote = getResource(world, link.remoteVnetId) as VirtualNetwork | undefined;
    if (!remote) continue;
    const p = link.peering.properties;
    if (p.allowVirtualNetworkAccess !== false) {
      if (p.peerCompleteVnets === false) parseAll(subnetSpaces(remote, p.remoteSubnetNames ?? []), vnetTag);
      else parseAll(vnetPrefixes(remote), vnetTag);
    }
    if (p.useRemoteGateways === true && link.reverse?.properties.allowGatewayTransit === true)
      gatewayVnets.push(remote.id);
  }
  // Fidelity: AVNM connected groups computed here from committed configurations and static members; dynamic
  // (Azure Policy) membership and the removal of overlapping spaces are not modelled.
  for (const other of avnmConnectedVnets(world, vnet)) parseAll(vnetPrefixes(other), vnetTag);
  for (const id of gatewayVnets) vnetTag.push(...gatewaySpaces(world, id));
  vnetTag.push(WIRE_SERVER);

  // UDR prefixes of the subnet's route table (§2.4 pitfall: default routes excluded unless asked for).
  const routeTableId = subnet.properties.routeTable?.id;
  if (routeTableId && options.udrPrefixesInVirtualNetworkTag !== 'none') {
    const table = getResource(world, routeTableId) as RouteTable | undefined;
    for (const route of table?.properties.routes ?? []) {
      const r = parsePrefix(route.properties.addressPrefix, true);
      if (!r.ok) {
        warnings.push({
          kind: 'approximated',
          code: 'UdrServiceTagNotInVirtualNetworkTag',
          message: `Route '${route.name}' uses '${route.properties.addressPrefix}', a service tag without IP data in vnetlab; it is left out of the VirtualNetwork tag.`,
          target: route.id,
        });
        continue;
      }
      if (isDefaultRoute(r.value) && options.udrPrefixesInVirtualNetworkTag === 'exclude-default-route')
        continue;
      vnetTag.push(r.value);
    }
  }
  const virtualNetwork = dedupe(vnetTag);
  const internet = [
    ...subtractPrefixes(ALL_V4, [...virtualNetwork, ...NOT_INTERNET]),
    ...subtractPrefixes(ALL_V6, [...virtualNetwork, ...NOT_INTERNET]),
  ];
  return {
    tags: { VirtualNetwork: virtualNetwork, AzureLoadBalancer: [WIRE_SERVER], Internet: internet },
    warnings,
  };
}

/** A tag name as written in a rule, in Azure's spelling, or undefined when it is not one vnetlab resolves. */
export type ResolvedTag =
  { kind: 'any' } | { kind: 'tag'; name: keyof TagPrefixes } | { kind: 'platform'; name: PlatformTag };

const KNOWN: ReadonlyMap<string, ResolvedTag> = new Map<string, ResolvedTag>([
  ['*', { kind: 'any' }],
  ['any', { kind: 'any' }],
  ['virtualnetwork', { kind: 'tag', name: 'VirtualNetwork' }],
  ['virtual_network', { kind: 'tag', name: 'VirtualNetwork' }], // classic spelling, still accepted
  ['azureloadbalancer', { kind: 'tag', name: 'AzureLoadBalancer' }],
  ['azure_loadbalancer', { kind: 'tag', name: 'AzureLoadBalancer' }],
  ['internet', { kind: 'tag', name: 'Internet' }],
  ['azureplatformdns', { kind: 'platform', name: 'AzurePlatformDNS' }],
  ['azureplatformimds', { kind: 'platform', name: 'AzurePlatformIMDS' }],
  ['azureplatformlkm', { kind: 'platform', name: 'AzurePlatformLKM' }],
]);

export const resolveTag = (text: string): ResolvedTag | undefined => KNOWN.get(text.trim().toLowerCase());

/** Looks like a service tag name (AzureCloud, Storage.EastUS, Sql.WestEurope...) rather than an address. */
export const looksLikeServiceTag = (text: string): boolean =>
  /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/.test(text.trim());
