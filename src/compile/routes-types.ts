// The effective-route vocabulary shared by the route compiler's files. Read ../../../shared/azure-semantics.md
// §1.6 before changing a name: source, state and nextHopType values are Azure's, exactly.
import type { Address, Prefix } from '../net/index.ts';

export type RouteSource = 'Default' | 'User' | 'VirtualNetworkGateway';

export type NextHopType =
  | 'VnetLocal'
  | 'VNetPeering'
  | 'GlobalVNetPeering'
  | 'ConnectedGroup'
  | 'VirtualNetworkGateway'
  | 'VirtualNetworkServiceEndpoint'
  | 'Internet'
  | 'VirtualAppliance'
  | 'None'
  | 'InterfaceEndpoint';

export interface RouteOrigin {
  readonly id: string;
  readonly name: string;
}

export interface EffectiveRoute {
  readonly source: RouteSource;
  readonly state: 'Active' | 'Invalid';
  /** ARM shows addressPrefix as a list. */
  readonly prefixes: readonly Prefix[];
  readonly nextHopType: NextHopType;
  readonly nextHopIpAddress: readonly string[];
  /** The UDR's name. */
  readonly name?: string;
  /**
   * The resource the route came from: route, VNet, peering, private endpoint, connectivity configuration,
   * gateway / connection / local network gateway, or subnet (service endpoint).
   */
  readonly origin: RouteOrigin;
  /** For User routes. */
  readonly routeTableId?: string;
  readonly disableBgpRoutePropagation: boolean;
  readonly hasBgpOverride: boolean;
  readonly destinationServiceTags?: readonly string[];
}

export interface SubnetRoutes {
  readonly subnetId: string;
  /** In the order Azure lists them: Default first (VNet ranges, Internet, reserved), then the others. */
  readonly routes: readonly EffectiveRoute[];
  /** The Active route that decides for a destination: LPM over Active routes. */
  lookup(address: Address): EffectiveRoute | undefined;
}

/** What produced a route inside the compiler; decides tie-breaks and the removals of §1.1 and §1.5. */
export type RouteKind =
  'vnet' | 'internet' | 'reserved' | 'peering' | 'group' | 'endpoint' | 'service' | 'gateway' | 'user';

/** A compiled route with its one matchable prefix (none for service-tag routes) and compiler facts. */
export interface RouteEntry {
  readonly route: EffectiveRoute;
  readonly prefix: Prefix | undefined;
  readonly kind: RouteKind;
  /** For group entries: the key of the member VNet the prefix belongs to (a VNet ignores its own). */
  readonly ownerKey?: string;
  /** For private endpoint /32s whose subnet lets UDRs override them (§5.1): the PE VNet range's length. */
  readonly udrOverridableWithin?: number;
}

export const DEFAULT_FLAGS = { disableBgpRoutePropagation: false, hasBgpOverride: false } as const;

/** Kinds §1.4 rule 3 protects from BGP: "virtual network, virtual network peerings, service endpoints". */
export const PROTECTED_FROM_BGP: ReadonlySet<RouteKind> = new Set(['vnet', 'peering', 'group', 'service']);

export const prefixKey = (p: Prefix): string => `${p.version}/${p.network.toString(16)}/${p.length}`;
