// Service endpoint routes of a subnet (§1.2, §1.4 rule 4). Read ../../../shared/azure-semantics.md §1.2 first.
import type { Subnet, VirtualNetwork } from '../model/index.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry } from './routes-types.ts';

/**
 * One VirtualNetworkServiceEndpoint route per enabled service, naming the service's regional tags.
 * Fidelity: Azure lists the service's public prefixes; vnetlab has no Azure public IP data, so the route carries
 * destinationServiceTags (e.g. "Storage.eastus", or "Storage" for locations ["*"]) and no prefix a lookup can
 * match. Traffic to service IPs therefore follows the other routes (0.0.0.0/0 -> Internet by default).
 */
export function serviceEndpointRoutes(subnet: Subnet, vnet: VirtualNetwork): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const se of subnet.properties.serviceEndpoints ?? []) {
    if (typeof se?.service !== 'string') continue;
    const tag = se.service.replace(/^Microsoft\./i, '');
    const locations = se.locations?.length ? se.locations : [vnet.location ?? ''];
    const tags = locations.map((l) => (l === '*' || l === '' ? tag : `${tag}.${l.replace(/\s+/g, '')}`));
    out.push({
      route: {
        source: 'Default',
        state: 'Active',
        prefixes: [],
        nextHopType: 'VirtualNetworkServiceEndpoint',
        nextHopIpAddress: [],
        origin: { id: subnet.id, name: subnet.name },
        destinationServiceTags: [...new Set(tags)],
        ...DEFAULT_FLAGS,
      },
      prefix: undefined,
      kind: 'service',
    });
  }
  return out;
}
