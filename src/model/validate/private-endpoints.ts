// Private endpoints (§5.3): their NIC is read-only to clients, and an existing endpoint keeps its subnet and
// its NIC's name.
import { keyOf, lastName } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { topKeyOf } from './context.ts';
import type { Context } from './context.ts';
import type { NetworkInterface, PrivateEndpoint } from '../types.ts';

export function validatePrivateEndpoints(ctx: Context): void {
  // A client PUT on a PE's NIC or one of its IP configurations (tags, LB backend pools, anything).
  const reported = new Set<string>();
  for (const key of ctx.t.updated.keys()) {
    const nicKey = topKeyOf(ctx.t.before, key);
    if (!nicKey || reported.has(nicKey)) continue;
    const before = ctx.t.before.resources.get(nicKey) as NetworkInterface | undefined;
    const pe = before?.type === T.networkInterface ? before.properties.privateEndpoint?.id : undefined;
    if (!pe) continue;
    reported.add(nicKey);
    ctx.problems.push(E.cannotModifyNicAttachedToPrivateEndpoint(before!.id, pe));
  }
  for (const key of ctx.touched) {
    const pe = ctx.world.resources.get(key) as PrivateEndpoint | undefined;
    const before = ctx.t.before.resources.get(key) as PrivateEndpoint | undefined;
    if (pe?.type !== T.privateEndpoint || !before) continue;
    const was = before.properties.subnet?.id;
    const now = pe.properties.subnet?.id;
    if (was && now && keyOf(was) !== keyOf(now))
      ctx.problems.push(E.cannotChangeSubnetOnExistingPrivateEndpoint(pe.id, was, now));
    const nicId = before.properties.networkInterfaces?.[0]?.id;
    const wanted = pe.properties.customNetworkInterfaceName;
    const current = before.properties.customNetworkInterfaceName ?? (nicId ? lastName(nicId) : undefined);
    if (wanted && current && wanted.toLowerCase() !== current.toLowerCase())
      ctx.problems.push(E.nameOfExistingPrivateEndpointNicCannotBeChanged(pe.id, current, wanted));
  }
}
