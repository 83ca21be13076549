// compile: pure functions of a World, memoised per World and computed lazily: effective routes per subnet,
// security rule sets per NIC, gateway advertisements. May import net/ and model/ only; never sees bytes.
export { routesOfSubnet } from './effective-routes.ts';
export type {
  EffectiveRoute,
  NextHopType,
  RouteOrigin,
  RouteSource,
  SubnetRoutes,
} from './effective-routes.ts';
export { advertisedPrefixes, ADVERTISED_PREFIX_LIMIT } from './advertisement.ts';
export type { AdvertisedPrefix, Advertisement } from './advertisement.ts';
export { gatewayAddresses, liveConnectionsOf, vnetOfGateway } from './routes-gateway.ts';
