// User-defined routes of a subnet's route table. Read ../../../shared/azure-semantics.md §1.3 first.
import type { RouteTable } from '../model/index.ts';
import { parsePrefix } from '../net/index.ts';
import type { RouteEntry } from './routes-types.ts';

export function userRoutes(table: RouteTable): RouteEntry[] {
  const disableBgpRoutePropagation = table.properties.disableBgpRoutePropagation === true;
  return (table.properties.routes ?? []).map((r) => {
    const p = r.properties;
    const parsed = typeof p.addressPrefix === 'string' ? parsePrefix(p.addressPrefix) : undefined;
    const prefix = parsed?.ok ? parsed.value : undefined;
    return {
      route: {
        source: 'User',
        state: 'Active',
        // Fidelity: a service-tag addressPrefix can't be resolved (no service-tag IP data, apply() warns
        // ServiceTagRouteNotResolved): the route is listed with destinationServiceTags and matches no address.
        prefixes: prefix ? [prefix] : [],
        nextHopType: p.nextHopType,
        nextHopIpAddress:
          p.nextHopType === 'VirtualAppliance' && p.nextHopIpAddress ? [p.nextHopIpAddress] : [],
        name: r.name,
        origin: { id: r.id, name: r.name },
        routeTableId: table.id,
        disableBgpRoutePropagation,
        hasBgpOverride: p.hasBgpOverride === true,
        ...(prefix ? {} : { destinationServiceTags: [String(p.addressPrefix)] }),
      },
      prefix,
      kind: 'user',
    };
  });
}
