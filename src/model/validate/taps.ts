// Virtual network TAP (§6): one TAP configuration per NIC, one destination (a NIC IP configuration or an
// internal load balancer frontend) that is not a private endpoint or private link service NIC, in the same VNet
// as each monitored NIC or a VNet peered with it, and a port in 1-65535.
import { keyOf, parentIdOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { findResource } from '../world.ts';
import { childrenOf, refId } from './context.ts';
import type { Context } from './context.ts';
import type { NetworkInterface, Resource, VirtualNetworkTap } from '../types.ts';

interface Source {
  readonly nic: NetworkInterface;
  readonly tapConfigId: string;
}

export function validateTaps(ctx: Context): void {
  const sourcesOfTap = new Map<string, Source[]>();
  for (const r of ctx.world.resources.values()) {
    if (r.type !== T.networkInterface) continue;
    const configs = childrenOf(r, 'tapConfigurations');
    if (configs.length > 1 && ctx.touched.has(keyOf(r.id)))
      ctx.problems.push(E.tooManyTapConfigurations(r.id));
    for (const c of configs) {
      const tapId = refId(c.properties.virtualNetworkTap);
      if (!tapId) continue;
      const list = sourcesOfTap.get(keyOf(tapId)) ?? [];
      list.push({ nic: r as NetworkInterface, tapConfigId: c.id });
      sourcesOfTap.set(keyOf(tapId), list);
    }
  }
  for (const r of ctx.world.resources.values()) {
    if (r.type !== T.virtualNetworkTap) continue;
    const tap = r as VirtualNetworkTap;
    const sources = sourcesOfTap.get(keyOf(tap.id)) ?? [];
    const tapTouched = ctx.touched.has(keyOf(tap.id));
    const touchedSources = tapTouched ? sources : sources.filter((s) => ctx.isTouched(s.tapConfigId));
    if (!tapTouched && touchedSources.length === 0) continue;
    validateTap(ctx, tap, touchedSources, tapTouched);
  }
}

function validateTap(
  ctx: Context,
  tap: VirtualNetworkTap,
  sources: readonly Source[],
  tapTouched: boolean,
): void {
  const p = tap.properties;
  const nicDest = refId(p.destinationNetworkInterfaceIPConfiguration);
  const lbDest = refId(p.destinationLoadBalancerFrontEndIPConfiguration);
  if (tapTouched) {
    if (!nicDest === !lbDest) {
      ctx.problems.push(
        E.invalidTapDestination(
          tap.id,
          'exactly one of destinationNetworkInterfaceIPConfiguration and destinationLoadBalancerFrontEndIPConfiguration must be set.',
        ),
      );
      return;
    }
    const port = p.destinationPort;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
      ctx.problems.push(
        E.invalidTapDestination(tap.id, `destinationPort ${String(port)} must be between 1 and 65535.`),
      );
  }
  const destination = findResource<Resource<{ subnet?: { id?: string } }>>(ctx.world, (nicDest ?? lbDest)!);
  if (!destination) return; // references.ts reports it
  if (nicDest) {
    const nicId = parentIdOf(nicDest);
    const nic = nicId ? (ctx.world.resources.get(keyOf(nicId)) as NetworkInterface | undefined) : undefined;
    if (nic && (nic.properties.privateEndpoint?.id || nic.properties.privateLinkService?.id)) {
      ctx.problems.push(E.tapDestinationIsPrivateLinkNic(tap.id, nic.id));
      return;
    }
  } else if (!destination.properties.subnet?.id) {
    ctx.problems.push(
      E.invalidTapDestination(
        tap.id,
        `the destination ${destination.id} must be the frontend of an internal load balancer.`,
      ),
    );
    return;
  }
  const destinationSubnet = destination.properties.subnet?.id;
  const destinationVnet = destinationSubnet ? parentIdOf(destinationSubnet) : undefined;
  if (!destinationVnet) return;
  const destKey = keyOf(destinationVnet);
  for (const s of sources) {
    for (const ipc of s.nic.properties.ipConfigurations ?? []) {
      const subnet = ipc.properties.subnet?.id;
      const vnet = subnet ? parentIdOf(subnet) : undefined;
      if (!vnet) continue;
      const k = keyOf(vnet);
      if (k !== destKey && !ctx.peersOf(k).has(destKey)) {
        ctx.problems.push(E.tapDestinationNotReachable(s.tapConfigId, tap.id, vnet, destinationVnet));
        break;
      }
    }
  }
}
