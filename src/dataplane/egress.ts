// Outbound methods other than the NAT gateway: load balancer outbound rules and default outbound access.
// Read ../../../shared/azure-semantics.md §4.2 before changing this file.
import { getResource, keyOf } from '../model/index.ts';
import type { LoadBalancer, PublicIPAddress } from '../model/index.ts';
import { fnv1aString } from './hash.ts';
import type { Fabric, Port } from './fabric.ts';
import { publicAddressOf } from './fabric.ts';
import type { Ipv4 } from './types.ts';

/**
 * The public address a backend's outbound flows leave from: the first frontend of an outbound rule (or of a
 * load-balancing rule without disableOutboundSnat) of a public load balancer whose pool holds the NIC.
 * Fidelity: SNAT ports of load balancer outbound rules are not allocated; the source port is kept.
 */
export function lbOutboundAddressOf(
  fabric: Fabric,
  port: Port,
): { lb: LoadBalancer; address: Ipv4 } | undefined {
  if (port.pools.length === 0) return undefined;
  const seen = new Set<string>();
  for (const poolKey of port.pools) {
    const lbKey = poolKey.slice(0, poolKey.indexOf('/backendaddresspools/'));
    if (seen.has(lbKey)) continue;
    seen.add(lbKey);
    const lb = fabric.world.resources.get(lbKey) as LoadBalancer | undefined;
    if (!lb) continue;
    const frontends = [
      ...(lb.properties.outboundRules ?? [])
        .filter((r) => keyOf(r.properties.backendAddressPool?.id ?? '') === poolKey)
        .flatMap((r) => r.properties.frontendIPConfigurations ?? []),
      ...(lb.properties.loadBalancingRules ?? [])
        .filter(
          (r) =>
            r.properties.disableOutboundSnat !== true &&
            keyOf(r.properties.backendAddressPool?.id ?? '') === poolKey,
        )
        .flatMap((r) => (r.properties.frontendIPConfiguration ? [r.properties.frontendIPConfiguration] : [])),
    ];
    for (const ref of frontends) {
      const fe = lb.properties.frontendIPConfigurations?.find((f) => keyOf(f.id) === keyOf(ref.id));
      const pipId = fe?.properties.publicIPAddress?.id;
      const pip = pipId ? getResource<PublicIPAddress>(fabric.world, pipId) : undefined;
      if (pip) return { lb, address: publicAddressOf(pip) };
    }
  }
  return undefined;
}

/**
 * Fidelity: default outbound access uses a Microsoft-owned address that Azure does not disclose in advance
 * (§4.2); vnetlab derives a stable one in 51.0.0.0/8 from the NIC.
 */
export function doaAddressOf(port: Port): Ipv4 {
  const h = fnv1aString(port.key);
  return ((51 << 24) | (h & 0xffff00) | (4 + (h % 200))) >>> 0;
}
