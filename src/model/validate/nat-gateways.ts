// NAT gateways (§4.1): all subnets of one gateway in one VNet; SKU pairing with public IPs and the GatewaySubnet
// are flagged as warnings (vnetlab can't be sure how ARM reacts).
import { keyOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { refIds } from './context.ts';
import type { Context } from './context.ts';
import type { NatGateway } from '../types.ts';

export function validateNatGateways(ctx: Context): void {
  const vnetsOfNat = new Map<string, { vnets: Map<string, string>; touched: boolean; natId: string }>();
  for (const { subnet, vnet } of ctx.subnets.values()) {
    const natId = subnet.properties.natGateway?.id;
    if (typeof natId !== 'string') continue;
    const natKey = keyOf(natId);
    const entry = vnetsOfNat.get(natKey) ?? { vnets: new Map(), touched: ctx.touched.has(natKey), natId };
    entry.vnets.set(keyOf(vnet.id), vnet.id);
    const touched = ctx.isTouched(subnet.id);
    entry.touched ||= touched;
    vnetsOfNat.set(natKey, entry);
    if (touched && subnet.name.toLowerCase() === 'gatewaysubnet')
      ctx.warnings.push({
        kind: 'unsupported',
        code: 'NatGatewayOnGatewaySubnet',
        message: `Subnet ${subnet.id} is a GatewaySubnet; Azure does not support a NAT gateway there and vnetlab does not model its effect.`,
        target: subnet.id,
      });
  }
  for (const { vnets, touched, natId } of vnetsOfNat.values()) {
    if (vnets.size < 2 || !touched) continue;
    const [a, b] = [...vnets.values()];
    ctx.problems.push(E.natGatewaySubnetsInDifferentVnets(natId, a!, b!));
  }
  for (const key of ctx.touched) {
    const nat = ctx.world.resources.get(key) as NatGateway | undefined;
    if (nat?.type !== T.natGateway) continue;
    const natSku = nat.sku?.name ?? 'Standard';
    for (const pipId of [
      ...refIds(nat.properties.publicIpAddresses),
      ...refIds(nat.properties.publicIpAddressesV6),
    ]) {
      const pip = ctx.world.resources.get(keyOf(pipId));
      if (!pip) continue;
      const pipSku = pip.sku?.name ?? 'Basic';
      const ok = natSku === 'StandardV2' ? pipSku === 'StandardV2' : pipSku === 'Standard';
      if (!ok)
        ctx.warnings.push({
          kind: 'approximated',
          code: 'NatGatewayPublicIpSkuMismatch',
          message: `NAT gateway ${nat.id} (SKU ${natSku}) uses public IP ${pip.id} of SKU ${pipSku}; Azure requires ${natSku === 'StandardV2' ? 'StandardV2' : 'Standard'} public IPs (nat-sku.md). vnetlab accepts it.`,
          target: nat.id,
        });
    }
  }
}
