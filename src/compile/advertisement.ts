// The prefixes a virtual network gateway advertises to on-premises: the hub VNet's ranges and those of VNets
// using its gateway, or the hub's summarizedGatewayPrefixes in their place. Read
// ../../../shared/azure-semantics.md §7.1 (and seed 000, "Summarized Gateway Prefixes") before changing this file.
import { getResource, keyOf, linksOf, parentIdOf, T } from '../model/index.ts';
import type { VirtualNetwork, VirtualNetworkGateway, Warning, World } from '../model/index.ts';
import { containsPrefix, formatPrefix, overlaps, parsePrefix, subtractPrefixes } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import { avnmRouting, vnetRanges } from './routes-avnm.ts';
import type { RouteOrigin } from './routes-types.ts';

export interface AdvertisedPrefix {
  readonly prefix: string;
  readonly origin: RouteOrigin;
}

export interface Advertisement {
  readonly prefixes: readonly AdvertisedPrefix[];
  readonly warnings: readonly Warning[];
}

// §7.1: "maximum number of routes advertised by gateway is 1,000" (ExpressRoute, IPv4) and 100 IPv6; seed 000
// gives the same numbers for VPN gateways ("ExpressRoute and VPN Gateway limits on advertised prefixes (for
// example, 1,000 IPv4 and 100 IPv6 prefixes)").
export const ADVERTISED_PREFIX_LIMIT = { 4: 1000, 6: 100 } as const;

const cache = new WeakMap<World, Map<string, Advertisement>>();

export function advertisedPrefixes(world: World, gatewayId: string): Advertisement {
  let byGateway = cache.get(world);
  if (!byGateway) cache.set(world, (byGateway = new Map()));
  const key = keyOf(gatewayId);
  let result = byGateway.get(key);
  if (!result) byGateway.set(key, (result = compute(world, gatewayId)));
  return result;
}

/** The VNets whose space the hub's gateway advertises: peers using it through gateway transit (§3.3, §3.4). */
function spokesOf(world: World, hub: VirtualNetwork): VirtualNetwork[] {
  const out = new Map<string, VirtualNetwork>();
  for (const link of linksOf(world).peeringsOfVnet.get(keyOf(hub.id)) ?? []) {
    if (link.state !== 'Connected' || link.peering.properties.allowGatewayTransit !== true) continue;
    if (link.reverse?.properties.useRemoteGateways !== true) continue;
    const remote = getResource(world, link.remoteVnetId);
    if (remote?.type === T.virtualNetwork) out.set(keyOf(remote.id), remote as VirtualNetwork);
  }
  for (const peer of avnmRouting(world).peersOfVnet.get(keyOf(hub.id)) ?? [])
    if (peer.spokeUsesHubGateway) out.set(keyOf(peer.remote.id), peer.remote);
  return [...out.values()];
}

function compute(world: World, gatewayId: string): Advertisement {
  const warnings: Warning[] = [];
  const gw = getResource(world, gatewayId) as VirtualNetworkGateway | undefined;
  const subnetId =
    gw?.type === T.virtualNetworkGateway
      ? gw.properties.ipConfigurations?.[0]?.properties.subnet?.id
      : undefined;
  const hub = subnetId ? getResource(world, parentIdOf(subnetId) ?? '') : undefined;
  if (!gw || hub?.type !== T.virtualNetwork) {
    warnings.push({
      kind: 'advice',
      code: 'GatewayVnetNotFound',
      message: `No virtual network gateway ${gatewayId} with a GatewaySubnet in the topology; it advertises nothing.`,
      target: gatewayId,
    });
    return { prefixes: [], warnings };
  }
  const hubVnet = hub as VirtualNetwork;
  const hubOrigin = { id: hubVnet.id, name: hubVnet.name };
  const hubRanges = vnetRanges(hubVnet);
  const summaries: Prefix[] = [];
  for (const text of hubVnet.properties.summarizedGatewayPrefixes?.addressPrefixes ?? []) {
    const r = parsePrefix(text);
    if (r.ok) summaries.push(r.value);
    else
      warnings.push({
        kind: 'advice',
        code: 'InvalidSummarizedGatewayPrefix',
        message: `summarizedGatewayPrefixes of ${hubVnet.id}: ${r.reason}; it is ignored.`,
        target: hubVnet.id,
      });
  }
  const prefixes: AdvertisedPrefix[] = [];
  if (summaries.length) {
    // §7.1: the summaries replace the hub's own space; the customer must make them cover it.
    for (const s of summaries) prefixes.push({ prefix: formatPrefix(s), origin: hubOrigin });
    for (const range of hubRanges) {
      const left = subtractPrefixes(range, summaries);
      if (left.length)
        warnings.push({
          kind: 'advice',
          code: 'SummaryLeavesHubSpaceUnadvertised',
          message: `summarizedGatewayPrefixes of ${hubVnet.name} do not cover ${left.map(formatPrefix).join(', ')} of its address space ${formatPrefix(range)}; on-premises gets no route to it.`,
          target: hubVnet.id,
        });
    }
    for (let i = 0; i < summaries.length; i++)
      for (let j = i + 1; j < summaries.length; j++)
        if (overlaps(summaries[i]!, summaries[j]!))
          warnings.push({
            kind: 'advice',
            code: 'SummarizedGatewayPrefixesOverlap',
            message: `summarizedGatewayPrefixes of ${hubVnet.name}: ${formatPrefix(summaries[i]!)} and ${formatPrefix(summaries[j]!)} overlap; the list must not overlap itself.`,
            target: hubVnet.id,
          });
  } else {
    for (const r of hubRanges) prefixes.push({ prefix: formatPrefix(r), origin: hubOrigin });
  }
  for (const spoke of spokesOf(world, hubVnet)) {
    const origin = { id: spoke.id, name: spoke.name };
    // §7.1: a spoke range inside a summary is not advertised on its own; uncovered ranges still are.
    for (const r of vnetRanges(spoke))
      if (!summaries.some((s) => containsPrefix(s, r))) prefixes.push({ prefix: formatPrefix(r), origin });
  }
  for (const version of [4, 6] as const) {
    const count = prefixes.filter((p) => (version === 4) === !p.prefix.includes(':')).length;
    if (count > ADVERTISED_PREFIX_LIMIT[version])
      warnings.push({
        kind: 'advice',
        code: 'AdvertisedPrefixLimitExceeded',
        message: `${gw.name} would advertise ${count} IPv${version} prefixes, above the limit of ${ADVERTISED_PREFIX_LIMIT[version]}; consider summarizedGatewayPrefixes on ${hubVnet.name}.`,
        target: gw.id,
      });
  }
  return { prefixes, warnings };
}
