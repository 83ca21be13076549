// GET endpoints that compute their answer: virtualNetworks/{vnet}/CheckIPAddressAvailability?ipAddress=IP
// (virtualNetwork.json), locations/{loc}/usages (usage.json) and locations/{loc}/serviceTags (serviceTags.json), as
// `az network vnet check-ip-address`, `az network list-usages` and `az network list-service-tags` call them.
import { checkIpAddressAvailability } from '../diagnostics/index.ts';
import { findResource, resourcesOfType, T } from '../model/index.ts';
import { normalizeLocation } from '../model/normalize.ts';
import type { VirtualNetwork, World } from '../model/index.ts';
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { ok, replyError } from './context.ts';
import { A } from './errors.ts';
import type { ProvidedTarget } from './resources.ts';

/** The reply of a computed GET, or undefined when the path is not one. */
export function readFunction(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget): ArmReply | undefined {
  if (req.method !== 'GET' || t.namespace.toLowerCase() !== 'microsoft.network') return undefined;
  const types = t.types.map((s) => s.toLowerCase()).join('/');
  if (types === 'virtualnetworks/checkipaddressavailability' && t.names.length === 1)
    return ipAvailability(ctx, req, t);
  if (types === 'locations/usages' && t.names.length === 1 && t.resourceGroup === undefined)
    return usages(ctx, t.subscriptionId, t.names[0]!);
  if (types === 'locations/servicetags' && t.names.length === 1 && t.resourceGroup === undefined)
    return serviceTags(t.subscriptionId);
  return undefined;
}

function ipAvailability(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget): ArmReply {
  const group =
    t.resourceGroup !== undefined ? ctx.state.group(t.subscriptionId, t.resourceGroup) : undefined;
  if (!group) return replyError(A.resourceGroupNotFound(t.resourceGroup ?? ''));
  const id = `${group.id}/providers/${T.virtualNetwork}/${t.names[0]}`;
  const vnet = findResource(ctx.state.world, id);
  if (vnet?.type !== T.virtualNetwork)
    return replyError(A.resourceNotFound(T.virtualNetwork, t.names[0]!, t.resourceGroup!));
  const ipAddress = req.query.ipAddress;
  if (!ipAddress)
    return replyError(A.invalidParameter("The query parameter 'ipAddress' is required.", 'ipAddress'));
  const answer = checkIpAddressAvailability(ctx.state.world, vnet as VirtualNetwork, ipAddress);
  return answer.ok ? ok(answer.value) : replyError(A.invalidParameter(answer.reason, 'ipAddress'));
}

// The default limits of azure-subscription-service-limits (networking limits, per subscription and region), under
// the names Microsoft.Network's usages list uses.
const LIMITS: readonly [name: string, localized: string, type: string, limit: number][] = [
  ['VirtualNetworks', 'Virtual Networks', T.virtualNetwork, 1000],
  ['NetworkSecurityGroups', 'Network Security Groups', T.networkSecurityGroup, 5000],
  ['NetworkInterfaces', 'Network Interfaces', T.networkInterface, 65536],
  ['PublicIPAddresses', 'Public IP Addresses', T.publicIPAddress, 1000],
  ['RouteTables', 'Route Tables', T.routeTable, 200],
  ['LoadBalancers', 'Load Balancers', T.loadBalancer, 1000],
  ['ApplicationSecurityGroups', 'Application Security Groups', T.applicationSecurityGroup, 3000],
  ['VirtualNetworkTaps', 'Virtual Network Taps', T.virtualNetworkTap, 100],
];

function usages(ctx: ArmContext, subscriptionId: string, location: string): ArmReply {
  const region = normalizeLocation(location);
  const base = `/subscriptions/${subscriptionId}/providers/Microsoft.Network/locations/${region}/usages`;
  const value = LIMITS.map(([name, localizedValue, type, limit]) => ({
    currentValue: countIn(ctx.state.world, type, subscriptionId, region),
    id: `${base}/${name}`,
    limit,
    name: { localizedValue, value: name },
    unit: 'Count',
  }));
  return ok({ value });
}

const countIn = (world: World, type: string, subscriptionId: string, region: string): number =>
  resourcesOfType(world, type).filter(
    (r) => r.location === region && r.id.split('/')[2]!.toLowerCase() === subscriptionId.toLowerCase(),
  ).length;

/**
 * The service tags with their prefixes, for the cloud of the subscription (the location only versions the list).
 * Fidelity: vnetlab holds no service-tag IP data, so the list is Azure's envelope with no tags in it
 * (FIDELITY.md, service tags).
 */
const serviceTags = (subscriptionId: string): ArmReply =>
  ok({
    name: 'Public',
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Network/serviceTags/Public`,
    type: 'Microsoft.Network/serviceTags',
    changeNumber: '1',
    cloud: 'Public',
    values: [],
  });
