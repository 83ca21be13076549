// A GatewaySubnet that holds a virtual network gateway takes no network security group (ARM refuses either
// order: the NSG associated to a gateway's subnet, or the gateway created in a subnet with an NSG).
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { fastKey } from '../allocate.ts';
import type { Context } from './context.ts';
import type { VirtualNetworkGateway } from '../types.ts';

export function validateGatewaySubnets(ctx: Context): void {
  for (const [key, r] of ctx.world.resources) {
    if (r.type !== T.virtualNetworkGateway) continue;
    for (const c of (r as VirtualNetworkGateway).properties.ipConfigurations ?? []) {
      const subnetId = c.properties?.subnet?.id;
      const entry = typeof subnetId === 'string' ? ctx.subnets.get(fastKey(subnetId)) : undefined;
      const nsgId = entry?.subnet.properties.networkSecurityGroup?.id;
      if (!entry || typeof nsgId !== 'string') continue;
      if (!ctx.touched.has(key) && !ctx.isTouched(entry.subnet.id)) continue;
      ctx.problems.push(E.nsgOnGatewaySubnet(entry.subnet.id, nsgId.slice(nsgId.lastIndexOf('/') + 1)));
    }
  }
}
