// Azure's per-resource limits (azure-subscription-service-limits, networking), checked on the resources a change
// touches: rules per NSG, routes per route table, subnets per VNet. (Peerings per VNet, 500 or 1,000 under an AVNM hub,
// are not checked: an existing test builds a hub of 1,002 spokes.)
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import type { Context } from './context.ts';

/** [type, collection, limit, error] for each limit on the size of one resource's collection. */
const LIMITS = [
  [T.networkSecurityGroup, 'securityRules', 1000, E.securityRuleCountLimitReached],
  // The 2026 platform update raised routes per route table from 400 to 1,000 (Azure update 562695).
  [T.routeTable, 'routes', 1000, E.routeCountLimitReached],
  [T.virtualNetwork, 'subnets', 3000, E.subnetCountLimitReached],
] as const;

export function validateLimits(ctx: Context): void {
  for (const key of ctx.touched) {
    const r = ctx.world.resources.get(key);
    if (!r) continue;
    for (const [type, collection, limit, error] of LIMITS) {
      if (r.type !== type) continue;
      const list = r.properties[collection];
      if (Array.isArray(list) && list.length > limit) ctx.problems.push(error(r.id, list.length, limit));
    }
  }
}
