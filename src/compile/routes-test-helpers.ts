// Route lookups for the route compiler's tests; worlds come from the shared builders in ../model/fixtures.ts.
import type { World } from '../model/index.ts';
import { id } from '../model/fixtures.ts';
import { formatPrefix, mustParseAddress } from '../net/index.ts';
import { routesOfSubnet } from './effective-routes.ts';
import type { EffectiveRoute } from './effective-routes.ts';

/** The route deciding for a destination from a subnet. */
export const hop = (world: World, vnetName: string, subnet: string, ip: string): EffectiveRoute | undefined =>
  routesOfSubnet(world, id.subnet(vnetName, subnet)).lookup(mustParseAddress(ip));

/** The routes of a subnet whose first prefix is `prefix`. */
export const routesTo = (world: World, vnetName: string, subnet: string, prefix: string): EffectiveRoute[] =>
  routesOfSubnet(world, id.subnet(vnetName, subnet)).routes.filter(
    (r) => r.prefixes[0] !== undefined && formatPrefix(r.prefixes[0]) === prefix,
  );

/** Compact view of a route list: "prefix nextHopType state". */
export const summary = (routes: readonly EffectiveRoute[]): string[] =>
  routes.map(
    (r) =>
      `${r.prefixes.map(formatPrefix).join(',') || (r.destinationServiceTags ?? []).join(',')} ${r.nextHopType} ${r.state}`,
  );
