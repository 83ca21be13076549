// VNet peerings (§3.1, §11.5): the remote VNet exists when the peering is made, address spaces don't overlap
// (with the remote nor with VNets already peered with it), and gateway transit is coherent. A peering whose
// remote VNet was later deleted stays, Disconnected (links.ts computes the state).
import { keyOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { findResource } from '../world.ts';
import { linksOf } from '../links.ts';
import { formatPrefix, overlaps, parsePrefix } from '../../net/index.ts';
import type { Prefix } from '../../net/index.ts';
import type { Context } from './context.ts';
import type { VirtualNetwork, VirtualNetworkPeering } from '../types.ts';

const spaceOf = (vnet: VirtualNetwork | undefined): Prefix[] =>
  (vnet?.properties.addressSpace?.addressPrefixes ?? []).flatMap((t) => {
    const p = typeof t === 'string' ? parsePrefix(t, true) : undefined;
    return p?.ok ? [p.value] : [];
  });

/** The overlapping ranges of two address spaces (the narrower of each overlapping pair). */
function overlapOf(a: readonly Prefix[], b: readonly Prefix[]): string[] {
  const out: string[] = [];
  for (const x of a)
    for (const y of b) if (overlaps(x, y)) out.push(formatPrefix(x.length >= y.length ? x : y));
  return out;
}

export function validatePeerings(ctx: Context): void {
  const spaceChanged = (vnetKey: string): boolean => {
    if (!ctx.t.updated.has(vnetKey)) return false;
    const before = ctx.t.before.resources.get(vnetKey) as VirtualNetwork | undefined;
    const after = ctx.world.resources.get(vnetKey) as VirtualNetwork | undefined;
    const norm = (v: VirtualNetwork | undefined) => spaceOf(v).map(formatPrefix).sort().join(',');
    return norm(before) !== norm(after);
  };
  for (const key of ctx.touched) {
    const vnet = ctx.world.resources.get(key);
    if (vnet?.type !== T.virtualNetwork) continue;
    const local = vnet as VirtualNetwork;
    const peerings = local.properties.virtualNetworkPeerings ?? [];
    for (const peering of peerings) {
      const pk = keyOf(peering.id);
      if (!ctx.t.created.has(pk) && !ctx.t.updated.has(pk)) continue;
      validatePeering(ctx, local, peering, spaceChanged);
      if (peering.properties.peerCompleteVnets === false)
        ctx.warnings.push({
          kind: 'unsupported',
          code: 'SubnetPeeringNotModelled',
          message: `Peering ${peering.id} peers only some subnets (peerCompleteVnets=false); vnetlab treats it as a peering of the whole address spaces.`,
          target: peering.id,
        });
    }
  }
}

function validatePeering(
  ctx: Context,
  local: VirtualNetwork,
  peering: VirtualNetworkPeering,
  spaceChanged: (vnetKey: string) => boolean,
): void {
  const remoteId = peering.properties.remoteVirtualNetwork?.id;
  if (typeof remoteId !== 'string') {
    ctx.problems.push(
      E.invalidRequestFormat(`Peering ${peering.id} has no remoteVirtualNetwork.`, peering.id),
    );
    return;
  }
  const before = findResource(ctx.t.before, peering.id) as VirtualNetworkPeering | undefined;
  const beforeRemote = before?.properties.remoteVirtualNetwork?.id;
  if (before && beforeRemote && keyOf(beforeRemote) !== keyOf(remoteId)) {
    ctx.problems.push(E.changingRemoteVirtualNetworkNotAllowed(peering.id));
    return;
  }
  const remoteKey = keyOf(remoteId);
  const remote = ctx.world.resources.get(remoteKey) as VirtualNetwork | undefined;
  if (!remote || remote.type !== T.virtualNetwork) {
    if (!before)
      ctx.problems.push(E.invalidResourceReference(peering.id, remoteId, 'properties.remoteVirtualNetwork'));
    return; // an existing peering whose remote is gone is Disconnected, not invalid
  }
  const localKey = keyOf(local.id);
  if (!before || spaceChanged(localKey) || spaceChanged(remoteKey)) {
    const localSpace = spaceOf(local);
    const overlap = overlapOf(localSpace, spaceOf(remote));
    if (overlap.length)
      ctx.problems.push(E.vnetAddressSpacesOverlap(peering.id, local.id, remote.id, overlap));
    else {
      for (const otherKey of ctx.peersOf(remoteKey)) {
        if (otherKey === localKey) continue;
        const other = ctx.world.resources.get(otherKey) as VirtualNetwork;
        const o = overlapOf(localSpace, spaceOf(other));
        if (o.length) {
          ctx.problems.push(
            E.vnetAddressSpaceOverlapsWithAlreadyPeeredVnet(peering.id, local.id, remote.id, other.id, o),
          );
          break;
        }
      }
    }
  }
  if (peering.properties.useRemoteGateways === true && before?.properties.useRemoteGateways !== true)
    validateUseRemoteGateways(ctx, local, peering, remote);
}

function validateUseRemoteGateways(
  ctx: Context,
  local: VirtualNetwork,
  peering: VirtualNetworkPeering,
  remote: VirtualNetwork,
): void {
  const links = linksOf(ctx.world);
  if (links.gatewaysOfVnet.get(keyOf(local.id))?.length) {
    ctx.problems.push(E.useRemoteGatewaysWithLocalGateway(peering.id, local.id));
    return;
  }
  const other = (local.properties.virtualNetworkPeerings ?? []).find(
    (p) => p !== peering && p.properties.useRemoteGateways === true,
  );
  if (other) {
    ctx.problems.push(E.useRemoteGatewaysAlreadySet(peering.id, other.id));
    return;
  }
  if (peering.properties.doNotVerifyRemoteGateways === true) return;
  if (!links.gatewaysOfVnet.get(keyOf(remote.id))?.length) {
    ctx.problems.push(E.remoteVnetHasNoGateways(peering.id, remote.id));
    return;
  }
  const reverse = (remote.properties.virtualNetworkPeerings ?? []).find(
    (p) =>
      p.properties.remoteVirtualNetwork?.id &&
      keyOf(p.properties.remoteVirtualNetwork.id) === keyOf(local.id),
  );
  if (reverse && reverse.properties.allowGatewayTransit !== true)
    ctx.problems.push(E.remotePeeringDoesNotAllowGatewayTransit(peering.id, reverse.id));
}
