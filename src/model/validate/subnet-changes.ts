// Properties of an existing subnet that a PUT may not change (§4.2): defaultOutboundAccess, which the 2025-07-01
// REST spec (virtualNetwork.json, SubnetPropertiesFormat.defaultOutboundAccess) says "can only be set at the
// time of subnet creation and cannot be updated for an existing subnet". Newer Azure lets an existing subnet be
// made private; ApplyOptions.allowDefaultOutboundAccessChange accepts the change for that behaviour.
import { keyOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { findResource } from '../world.ts';
import type { Context } from './context.ts';
import type { Subnet, VirtualNetwork } from '../types.ts';

/** A subnet without the property has default outbound access (older api-versions never set it). */
const outboundAccessOf = (s: Subnet): boolean => s.properties.defaultOutboundAccess !== false;

export function validateSubnetChanges(ctx: Context): void {
  if (ctx.options.allowDefaultOutboundAccessChange || ctx.t.updated.size === 0) return;
  for (const key of ctx.touched) {
    const vnet = ctx.world.resources.get(key);
    if (vnet?.type !== T.virtualNetwork) continue;
    for (const subnet of (vnet as VirtualNetwork).properties.subnets ?? []) {
      if (!ctx.t.updated.has(keyOf(subnet.id))) continue;
      const before = findResource(ctx.t.before, subnet.id) as Subnet | undefined;
      if (!before || outboundAccessOf(before) === outboundAccessOf(subnet)) continue;
      // Fidelity: DefaultOutboundAccessCannotBeUpdated is vnetlab's code (errors.ts).
      ctx.problems.push(
        E.defaultOutboundAccessCannotBeUpdated(subnet.id, outboundAccessOf(before), outboundAccessOf(subnet)),
      );
    }
  }
}
