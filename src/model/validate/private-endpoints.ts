// Private endpoints (§5.3): their NIC is read-only to clients, and an existing endpoint keeps its subnet and
// its NIC's name.
import { keyOf, lastName } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { refId, topKeyOf } from './context.ts';
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
  // A NIC this apply brings that names a private endpoint (adopted by the endpoint, as an imported
  // `az network nic list` is) may carry only what ARM itself puts on an endpoint's NIC (seed 003, B1).
  for (const key of ctx.touched) {
    if (reported.has(key)) continue;
    const nic = ctx.world.resources.get(key) as NetworkInterface | undefined;
    const pe = nic?.type === T.networkInterface ? nic.properties.privateEndpoint?.id : undefined;
    if (!pe) continue;
    const property = notOnPrivateEndpointNic(nic!);
    if (property) ctx.problems.push(E.cannotModifyNicAttachedToPrivateEndpoint(nic!.id, pe, property));
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

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

// What ARM never puts on a private endpoint's NIC (§5.1): the endpoint holds its ASGs itself, and the NIC takes
// no NSG, IP forwarding, TAP, public IP, or load balancer / application gateway membership.
// Fidelity: Azure refuses a client's change of a PE NIC outright (seed 003 B1); for a NIC brought in the same
// batch as its endpoint (an import), vnetlab refuses only these properties, the ones ARM never sets there.
const IP_CONFIGURATION_LISTS = [
  'loadBalancerBackendAddressPools',
  'loadBalancerInboundNatRules',
  'applicationGatewayBackendAddressPools',
  'applicationSecurityGroups',
] as const;

/** The path of the first property of `nic` that a private endpoint's NIC can't have, if any. */
export function notOnPrivateEndpointNic(nic: NetworkInterface): string | undefined {
  const p = nic.properties as NetworkInterface['properties'] & Record<string, unknown>;
  if (p.networkSecurityGroup?.id) return 'properties.networkSecurityGroup';
  if (p.enableIPForwarding === true) return 'properties.enableIPForwarding';
  if (nonEmpty(p.tapConfigurations)) return 'properties.tapConfigurations';
  for (const [i, c] of (p.ipConfigurations ?? []).entries()) {
    const cp = c.properties as Record<string, unknown>;
    const at = `properties.ipConfigurations[${i}].properties`;
    for (const list of IP_CONFIGURATION_LISTS) if (nonEmpty(cp[list])) return `${at}.${list}`;
    if (refId(cp.publicIPAddress)) return `${at}.publicIPAddress`;
  }
  return undefined;
}
