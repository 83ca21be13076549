// Advice about a valid topology that an Azure network engineer would want to hear before deploying it: what the
// gateways advertise badly, and NICs left with no way to the internet. Read ../../../shared/azure-semantics.md
// §4.2 (outbound decision) and §7.1 (advertisement) before changing this file.
import { advertisedPrefixes, routesOfSubnet } from '../compile/index.ts';
import { keyOf, linksOf, resourcesOfType, T } from '../model/index.ts';
import type { LoadBalancer, NicAddress, VirtualNetworkGateway, Warning, World } from '../model/index.ts';
import { mustParseAddress } from '../net/index.ts';

/** A public address to ask the routes with: what a subnet does with internet-bound traffic. */
const SOME_PUBLIC_ADDRESS = mustParseAddress('203.0.113.10');

export function adviceOf(world: World): Warning[] {
  const gateways = resourcesOfType<VirtualNetworkGateway>(world, T.virtualNetworkGateway);
  return [...gateways.flatMap((g) => advertisedPrefixes(world, g.id).warnings), ...egressAdvice(world)];
}

/**
 * Azure's outbound decision for traffic whose route is Internet (§4.2): NAT gateway, instance public IP, load
 * balancer outbound rule, then default outbound access unless the subnet is private; otherwise nothing. One
 * warning per private subnet whose NICs have none of these.
 */
function egressAdvice(world: World): Warning[] {
  const links = linksOf(world);
  const outboundPools = poolsWithOutboundRules(world);
  const warnings: Warning[] = [];
  for (const [subnetKey, { subnet }] of links.subnets) {
    if (subnet.properties.defaultOutboundAccess !== false || subnet.properties.natGateway?.id) continue;
    const stranded = (links.addressesOfSubnet.get(subnetKey) ?? []).filter(
      (a) =>
        !a.nic.properties.privateEndpoint &&
        !a.nic.properties.privateLinkService &&
        !hasExplicitOutbound(a, outboundPools),
    );
    if (stranded.length === 0) continue;
    if (routesOfSubnet(world, subnet.id).lookup(SOME_PUBLIC_ADDRESS)?.nextHopType !== 'Internet') continue;
    const names = [...new Set(stranded.map((a) => a.nic.name))];
    warnings.push({
      kind: 'advice',
      code: 'NoOutboundConnectivity',
      message:
        `Subnet ${subnet.name} is private (defaultOutboundAccess is false) and has no NAT gateway, so ` +
        `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no outbound access to the internet: no ` +
        'instance public IP, no load balancer outbound rule, and internet-bound traffic follows the Internet ' +
        'route. Attach a NAT gateway, or route 0.0.0.0/0 to a firewall or NVA.',
      target: subnet.id,
    });
  }
  return warnings;
}

function hasExplicitOutbound(a: NicAddress, outboundPools: ReadonlySet<string>): boolean {
  const ip = a.ipConfiguration.properties;
  if (ip.publicIPAddress?.id) return true;
  return (ip.loadBalancerBackendAddressPools ?? []).some((p) => outboundPools.has(keyOf(p.id)));
}

function poolsWithOutboundRules(world: World): Set<string> {
  const pools = new Set<string>();
  for (const lb of resourcesOfType<LoadBalancer>(world, T.loadBalancer)) {
    for (const rule of lb.properties.outboundRules ?? []) {
      const pool = rule.properties.backendAddressPool?.id;
      if (pool) pools.add(keyOf(pool));
    }
  }
  return pools;
}
