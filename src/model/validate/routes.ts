// User-defined routes (§1.3): nextHopType in the UDR enum, nextHopIpAddress exactly with VirtualAppliance, and
// a CIDR (or a service tag) as the address prefix. Checked for touched route tables.
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { parseAddress } from '../../net/index.ts';
import { parseCidr } from './address-space.ts';
import { inEnum, isServiceTagName } from './security-rules.ts';
import type { Context } from './context.ts';
import type { RouteTable } from '../types.ts';

// routeTable.json RouteNextHopType; VNetPeering and VirtualNetworkServiceEndpoint are system-route types only.
const NEXT_HOP_TYPES = ['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None'];

export function validateRoutes(ctx: Context): void {
  for (const key of ctx.touched) {
    const r = ctx.world.resources.get(key);
    if (r?.type !== T.routeTable) continue;
    for (const route of (r as RouteTable).properties.routes ?? []) {
      const p = route.properties;
      if (!inEnum(p.nextHopType, NEXT_HOP_TYPES)) {
        ctx.problems.push(
          E.invalidRequestFormat(
            `Value '${String(p.nextHopType)}' of nextHopType in route ${route.id} is not valid. Allowed values: ${NEXT_HOP_TYPES.join(', ')}.`,
            route.id,
          ),
        );
      } else {
        const appliance = p.nextHopType.toLowerCase() === 'virtualappliance';
        const hasIp = typeof p.nextHopIpAddress === 'string' && p.nextHopIpAddress !== '';
        if (appliance && !hasIp) ctx.problems.push(E.missingNextHopIpAddress(route.id, route.name));
        if (!appliance && hasIp)
          ctx.problems.push(E.nextHopIpAddressNotAllowed(route.id, route.name, p.nextHopType));
        if (appliance && hasIp && !parseAddress(p.nextHopIpAddress!).ok)
          ctx.problems.push(
            E.invalidRequestFormat(
              `'${p.nextHopIpAddress}' is not a valid nextHopIpAddress in route ${route.id}.`,
              route.id,
            ),
          );
      }
      const text = p.addressPrefix;
      if (typeof text === 'string' && !/[/:]/.test(text) && isServiceTagName(text)) {
        ctx.warnings.push({
          kind: 'approximated',
          code: 'ServiceTagRouteNotResolved',
          message: `Route ${route.id} uses service tag ${text} as its address prefix; vnetlab has no service-tag IP data, so it cannot resolve the tag to address ranges.`,
          target: route.id,
        });
        continue;
      }
      const { problem } = parseCidr(route.id, text, 'properties.addressPrefix');
      if (problem) ctx.problems.push(problem);
    }
  }
}
