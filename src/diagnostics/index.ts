// diagnostics: Network Watcher's questions over compiled state, one file each, answering in Azure's JSON
// shapes. May import net/, model/ and compile/. Bad questions (unknown NIC, malformed address) are results.
export { resolveNic } from './resolve.ts';
export {
  effectiveRouteTable,
  routeJson,
  routingSubnetOf,
  primaryIpConfiguration,
} from './effective-route-table.ts';
export type { EffectiveRouteJson } from './effective-route-table.ts';
export { nextHop, SYSTEM_ROUTE } from './next-hop.ts';
export type { NextHopParameters, NextHopAnswer } from './next-hop.ts';
export { advertisedRoutes, resolveGateway } from './advertised-routes.ts';
export type { GatewayRouteJson } from './advertised-routes.ts';
export { bgpPeerStatus, learnedRoutes } from './gateway-peers.ts';
export type { BgpPeerStatusJson } from './gateway-peers.ts';
export { ipFlowVerify, ruleNameOf } from './ip-flow-verify.ts';
export type { IpFlowVerifyParameters, IpFlowVerifyResult } from './ip-flow-verify.ts';
export { effectiveNetworkSecurityGroups } from './effective-security-groups.ts';
export type {
  EffectiveNetworkSecurityGroupJson,
  EffectiveNetworkSecurityRuleJson,
} from './effective-security-groups.ts';
export { checkExpectations, primaryAddress, EXPECTATION_SOURCE_PORT } from './expectations.ts';
export type { Expectation, ExpectationResult, ActualOutcome } from './expectations.ts';
export { adviceOf } from './advice.ts';
export { connectivityCheck } from './connectivity-check.ts';
export type { ConnectivityHop, ConnectivityIssue, ConnectivityInformation } from './connectivity-check.ts';
export { checkIpAddressAvailability } from './ip-availability.ts';
export type { IpAddressAvailability } from './ip-availability.ts';
