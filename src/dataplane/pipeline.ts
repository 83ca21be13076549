// The slow path: the decisions Azure's host takes for a connection's first packet, layer by layer, as steps of a
// trace. Outbound from a NIC: source check, TAP copy, security (admin rules, NIC NSG, subnet NSG, stateful), route
// lookup, next hop (delivery, NVA, gateway, internet egress with NAT). Inbound to a NIC the reverse.
// Read ../../../shared/azure-semantics.md Appendix A, §4, §5 and §6 before changing this file.
import type { EffectiveRoute } from '../compile/index.ts';
import { avnmConnectedVnets as avnmPeers } from '../compile/security-avnm.ts';
import { evaluateV4 } from '../compile/security.ts';
import type { CompiledRule, Flow, FlowV4, SecurityOptions, Verdict } from '../compile/security.ts';
import { getResource, keyOf, linksOf, vnetPrefixes } from '../model/index.ts';
import type { NatGateway, PrivateLinkService, World } from '../model/index.ts';
import { containsAddress, formatPrefix, parsePrefix } from '../net/index.ts';
import type { Address } from '../net/index.ts';
import { formatIpv4 } from '../wire/index.ts';
import { fnv1aNumbers } from './hash.ts';
import type { ConnTrack, Decision } from './conntrack.ts';
import type { Fabric, Frontend, Owner, Port } from './fabric.ts';
import { ipv4Of } from './fabric.ts';
import { endpoint, PROTOCOL_NAMES } from './flow.ts';
import type { Action, Tuple } from './flow.ts';
import type { FlowRecorder } from './flow-log.ts';
import type { NatGatewayTable } from './nat-gateway.ts';
import { endingOf, HopPlace, refOf, StepKind } from './trace.ts';
import type { Ending, TraceBuilder } from './trace.ts';
import type { Ipv4, ResourceRef } from './types.ts';
import { doaAddressOf, lbOutboundAddressOf } from './egress.ts';
import { portRoutes, portSecurity } from './port-cache.ts';

/** A rewrite remembered for the replies of a translated flow, keyed by the reply's tuple. */
export interface Session {
  readonly src?: Ipv4;
  readonly srcPort?: number;
  readonly dst?: Ipv4;
  readonly dstPort?: number;
  /** Where a reply from outside Azure goes once translated. */
  readonly port?: Port;
  /** The NAT gateway translates the reply itself; the session only remembers the NIC the flow left from. */
  readonly natGateway?: boolean;
  readonly by: { id: string; name: string };
  readonly what: string;
}

/** The engine's state the slow path reads and extends. */
export interface State {
  readonly world: World;
  readonly fabric: Fabric;
  now(): number;
  readonly conntrack: ConnTrack;
  readonly security: SecurityOptions | undefined;
  readonly flows: FlowRecorder | undefined;
  natTable(natGateway: NatGateway): NatGatewayTable;
  /** Replies that leave a NIC with a translated source (load balancer, instance public IP, Private Link). */
  readonly sessions: Map<string, Session>;
  /** Replies arriving at an address Azure translated (Private Link NAT IP, public IPs without a NAT gateway). */
  readonly returns: Map<string, Session>;
  nextPlsPort(pls: PrivateLinkService): number;
}

export interface Context {
  readonly state: State;
  readonly tb: TraceBuilder;
  readonly actions: Action[];
  /** Ports and resources whose configuration decided: the flow cache's dependencies (each key once). */
  readonly ports: string[];
  resources: string[] | undefined;
  cacheable: boolean;
  readonly mirror: boolean;
  hops: number;
}

const MAX_HOPS = 32;

/** The flow's cached decision depends on this resource's body (few per flow: a list beats a Set). */
function dependOn(ctx: Context, key: string): void {
  if (!ctx.resources) ctx.resources = [key];
  else if (!ctx.resources.includes(key)) ctx.resources.push(key);
}

export const sessionKey = (
  protocol: number,
  src: Ipv4,
  srcPort: number,
  dst: Ipv4,
  dstPort: number,
): string => `${protocol}|${src}|${srcPort}|${dst}|${dstPort}`;

const replyKey = (t: Tuple): string => sessionKey(t.protocol, t.dst, t.dstPort, t.src, t.srcPort);
const keyOfTuple = (t: Tuple): string => sessionKey(t.protocol, t.src, t.srcPort, t.dst, t.dstPort);
const address = (n: Ipv4): Address => ({ version: 4, value: BigInt(n) });
const lastSegment = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

function rewrite(
  ctx: Context,
  t: Tuple,
  change: Partial<Pick<Tuple, 'src' | 'srcPort' | 'dst' | 'dstPort'>>,
): string {
  const before = `${endpoint(t.src, t.srcPort, t.protocol)} > ${endpoint(t.dst, t.dstPort, t.protocol)}`;
  Object.assign(t, change);
  ctx.actions.push({ op: 'rewrite', ...change });
  return `${before} became ${endpoint(t.src, t.srcPort, t.protocol)} > ${endpoint(t.dst, t.dstPort, t.protocol)}`;
}

/** A NIC's two hop places, made once per port. */
const places = new WeakMap<Port, { readonly out: HopPlace; readonly in: HopPlace }>();

function placeOf(port: Port, direction: 'Outbound' | 'Inbound'): HopPlace {
  let p = places.get(port);
  if (!p) {
    p = {
      out: new HopPlace(port.nic.name, port.nic.id, 'Outbound'),
      in: new HopPlace(port.nic.name, port.nic.id, 'Inbound'),
    };
    places.set(port, p);
  }
  return direction === 'Outbound' ? p.out : p.in;
}

function enterHop(ctx: Context, port: Port, direction: 'Outbound' | 'Inbound', t: Tuple): boolean {
  ctx.tb.hopAt(placeOf(port, direction), t);
  if (!ctx.ports.includes(port.key)) ctx.ports.push(port.key);
  if (++ctx.hops > MAX_HOPS) {
    ctx.tb.end('LoopDetected', `the packet passed ${MAX_HOPS} hops`);
    return false;
  }
  return true;
}

// ---- Outbound --------------------------------------------------------------------------------------------

// Fidelity: the fabric does not decrement TTL (tracert shows no Azure hops, §9.1); NVAs' guests do.
export function outbound(ctx: Context, port: Port, t: Tuple): void {
  const { tb } = ctx;
  if (!enterHop(ctx, port, 'Outbound', t)) return;
  if (!ctx.mirror && !addressCheck(ctx, port, t.src, 'source')) return;
  // Fidelity: the egress copy is the frame as the VM sent it, before any rule; copies are never mirrored again.
  tapCopy(ctx, port, false);
  // Fidelity: a TAP copy is made by the host: it skips the source NIC's outbound rules (UNVERIFIED).
  if (!ctx.mirror && !security(ctx, port, t, 'Outbound')) return;
  // Most flows meet an empty session table: no key is built for it.
  const session = ctx.state.sessions.size > 0 ? ctx.state.sessions.get(keyOfTuple(t)) : undefined;
  if (session) {
    const detail = rewrite(ctx, t, { src: session.src, srcPort: session.srcPort });
    tb.step('Nat', 'Translated', `${session.what}: ${detail}`, session.by);
  }
  const route = portRoutes(ctx.state.world, port).lookupV4(t.dst);
  if (!route) {
    tb.step('Route', 'Dropped', `no effective route of ${subnetName(port)} covers ${formatIpv4(t.dst)}`);
    tb.end('NoRoute', `no route to ${formatIpv4(t.dst)} in ${subnetName(port)}`);
    return;
  }
  routeStep(ctx, route, t.dst);
  nextHop(ctx, port, t, route, session !== undefined);
}

/** The source/destination check (§9.4): a NIC takes and sends only its own addresses unless IP forwarding is on. */
function addressCheck(ctx: Context, port: Port, address: Ipv4, side: 'source' | 'destination'): boolean {
  if (port.addresses.includes(address)) return true;
  const nic = port.nic.name;
  if (!port.ipForwarding) {
    ctx.tb.step(
      'SourceCheck',
      'Dropped',
      `${side} ${formatIpv4(address)} is not an address of ${nic}, which has IP forwarding off`,
      refOf(port.nic),
    );
    ctx.tb.end(
      side === 'source' ? 'SourceCheckFailed' : 'DestinationCheckFailed',
      `${nic} has enableIPForwarding false`,
    );
    return false;
  }
  const why = side === 'source' ? 'forwarded packet: ' : '';
  ctx.tb.step(
    'SourceCheck',
    'Passed',
    `${why}${nic} has IP forwarding on, so it ${side === 'source' ? 'sends' : 'takes'} packets of other addresses`,
    refOf(port.nic),
  );
  return true;
}

function tapCopy(ctx: Context, port: Port, inbound: boolean): void {
  if (!port.tap || ctx.mirror) return;
  ctx.actions.push({ op: 'mirror', port, inbound });
  ctx.tb.step('Tap', 'Copied', tapDetail(port), refOf(port.tap.tap), {
    vni: port.tap.vni,
    destination: formatIpv4(port.tap.destination),
  });
}

function tapDetail(port: Port): string {
  const tap = port.tap!;
  return `mirrored to ${formatIpv4(tap.destination)} UDP ${tap.port} (VXLAN VNI ${tap.vni}) by ${tap.tap.name}`;
}

const subnetName = (port: Port): string => lastSegment(port.subnetId);

function routeStep(ctx: Context, route: EffectiveRoute, dst: Ipv4): void {
  ctx.tb.stepOf(ROUTE_MATCHED, route, dst);
}

// The route step's texts, rendered when a trace is read.
const routePrefixText = (route: EffectiveRoute, dst: Ipv4): string => {
  const prefix = route.prefixes.find((p) => containsAddress(p, address(dst))) ?? route.prefixes[0];
  return prefix ? formatPrefix(prefix) : '';
};
const routeDetail = (route: EffectiveRoute, dst: Ipv4): string => {
  const via = route.nextHopIpAddress.length > 0 ? ` ${route.nextHopIpAddress.join(', ')}` : '';
  const name = route.source === 'User' ? `route ${route.name ?? route.origin.name}` : `${route.source} route`;
  return `${name} ${routePrefixText(route, dst)} → ${route.nextHopType}${via}`;
};
const routeOrigin = (route: EffectiveRoute): ResourceRef => route.origin;
const routeData = (route: EffectiveRoute, dst: Ipv4): Record<string, string> => ({
  prefix: routePrefixText(route, dst),
  nextHopType: route.nextHopType,
  source: route.source,
  ...(route.nextHopIpAddress[0] ? { nextHopIpAddress: route.nextHopIpAddress[0] } : {}),
  ...(route.source === 'User' ? { routeName: route.name ?? route.origin.name } : {}),
  ...(route.routeTableId ? { routeTableId: route.routeTableId } : {}),
});
const ROUTE_MATCHED = new StepKind('Route', 'Matched', routeDetail, routeOrigin, routeData);

function nextHop(ctx: Context, port: Port, t: Tuple, route: EffectiveRoute, translated: boolean): void {
  const { tb } = ctx;
  switch (route.nextHopType) {
    case 'None':
      tb.end(
        'NullRouted',
        `next hop None (${route.source === 'User' ? `route ${route.name ?? route.origin.name}` : 'system route'})`,
      );
      return;
    case 'Internet':
      egress(ctx, port, t, translated);
      return;
    case 'VirtualNetworkServiceEndpoint':
      leave(
        ctx,
        'Internet',
        t,
        `to the Azure service over the subnet's service endpoint; the source stays private`,
      );
      return;
    case 'VirtualNetworkGateway':
      leave(ctx, 'OnPremises', t, `through the virtual network gateway`);
      return;
    case 'VirtualAppliance': {
      const nva = ipv4Of(route.nextHopIpAddress[0]);
      const owner = nva === undefined ? undefined : findOwner(ctx.state, port, nva);
      if (!owner || owner.owner.kind === 'pls-nat') {
        tb.end(
          'NoListener',
          `next hop ${route.nextHopIpAddress[0] ?? '?'} is no NIC or load balancer frontend reachable from ${subnetName(port)}`,
        );
        return;
      }
      if (!crossingAllowed(ctx, port, owner.vnetKey, t)) return;
      deliverTo(ctx, owner.owner, t);
      return;
    }
    default: {
      // A VnetLocal route keeps the packet in the source's VNet: an AVNM mesh may share overlapping space (§3.4),
      // and an address of it that no NIC here holds must not be delivered to another member that holds it.
      const local =
        route.nextHopType === 'VnetLocal' ? ctx.state.fabric.owners.get(port.vnetKey)?.get(t.dst) : undefined;
      const owner =
        route.nextHopType === 'VnetLocal'
          ? local
            ? { owner: local, vnetKey: port.vnetKey }
            : undefined
          : findOwner(ctx.state, port, t.dst);
      if (!owner) {
        tb.end('NoListener', `no NIC, frontend or endpoint holds ${formatIpv4(t.dst)}`);
        return;
      }
      if (!crossingAllowed(ctx, port, owner.vnetKey, t)) return;
      deliverTo(ctx, owner.owner, t);
    }
  }
}

/** reachableVnets per port and world: every new flow to another VNet asks. */
const reachable = new WeakMap<Port, { readonly world: World; readonly vnets: readonly string[] }>();

/** The VNets a NIC reaches directly: its own, connected peers, AVNM connected-group members. */
function reachableVnets(state: State, port: Port): readonly string[] {
  let r = reachable.get(port);
  if (r?.world !== state.world)
    reachable.set(port, (r = { world: state.world, vnets: vnetsOf(state, port) }));
  return r.vnets;
}

function vnetsOf(state: State, port: Port): string[] {
  const links = linksOf(state.world);
  const out = [port.vnetKey];
  for (const p of links.peeringsOfVnet.get(port.vnetKey) ?? [])
    if (p.state === 'Connected') out.push(keyOf(p.remoteVnetId));
  const vnet = links.subnets.get(keyOf(port.subnetId))?.vnet;
  if (vnet) for (const v of connectedVnets(state.world, vnet.id)) if (!out.includes(v)) out.push(v);
  return out;
}

function connectedVnets(world: World, vnetId: string): string[] {
  const vnet = getResource(world, vnetId);
  if (!vnet) return [];
  return avnmPeers(world, vnet).map((v) => keyOf(v.id));
}

function findOwner(state: State, port: Port, dst: Ipv4): { owner: Owner; vnetKey: string } | undefined {
  for (const vnetKey of reachableVnets(state, port)) {
    const owner = state.fabric.owners.get(vnetKey)?.get(dst);
    if (owner) return { owner, vnetKey };
  }
  return undefined;
}

/** Peering's allowForwardedTraffic (§3.1): a VNet accepts traffic an NVA forwarded from a peer only if it says so. */
function crossingAllowed(ctx: Context, port: Port, toVnetKey: string, t: Tuple): boolean {
  if (toVnetKey === port.vnetKey || ctx.mirror) return true;
  const links = linksOf(ctx.state.world);
  const from = links.subnets.get(keyOf(port.subnetId))?.vnet;
  if (!from) return true;
  const inSender = vnetPrefixes(from).some((text) => {
    const p = parsePrefix(text);
    return p.ok && containsAddress(p.value, address(t.src));
  });
  if (inSender) return true;
  const back = (links.peeringsOfVnet.get(toVnetKey) ?? []).find(
    (p) => keyOf(p.remoteVnetId) === keyOf(from.id),
  );
  if (!back) return true; // an AVNM connected group, not a peering
  dependOn(ctx, keyOf(back.peering.id));
  if (back.peering.properties.allowForwardedTraffic === true) return true;
  ctx.tb.step(
    'Route',
    'Dropped',
    `${back.peering.name} does not allow forwarded traffic (source ${formatIpv4(t.src)} is outside ${from.name})`,
    refOf(back.peering),
  );
  ctx.tb.end('NoListener', `peering ${back.peering.name} has allowForwardedTraffic false`);
  return false;
}

function deliverTo(ctx: Context, owner: Owner, t: Tuple): void {
  if (owner.kind === 'frontend') loadBalance(ctx, owner.frontend, t);
  else if (owner.kind === 'pls-nat') privateLinkReturn(ctx, owner.pls, t);
  else if (owner.port.privateEndpoint) privateEndpoint(ctx, owner.port, t);
  else inbound(ctx, owner.port, t);
}

// ---- Security ---------------------------------------------------------------------------------------------

/** Flow logs name rules UserRule_x / DefaultRule_x; admin rules by name (§10.6). */
export function flowLogRuleName(rule: CompiledRule | undefined): string {
  if (!rule) return 'unspecified';
  if (rule.kind === 'user') return `UserRule_${rule.name}`;
  if (rule.kind === 'default') return `DefaultRule_${rule.name}`;
  return rule.name;
}

/**
 * What a verdict records in the connections it allows (and in flow logs), made once per verdict and direction:
 * verdicts are shared per rule, and every connection keeps its decision for its life.
 */
const decisions = new WeakMap<Verdict, [Decision | undefined, Decision | undefined]>();

function decisionOf(verdict: Verdict, outbound: boolean): Decision {
  let pair = decisions.get(verdict);
  if (!pair) decisions.set(verdict, (pair = [undefined, undefined]));
  const i = outbound ? 0 : 1;
  return (pair[i] ??= {
    initiator: outbound ? 'local' : 'remote',
    aclId: verdict.rule?.ownerId ?? 'unspecified',
    rule: flowLogRuleName(verdict.rule),
  });
}

/** Counts the packet in VNet flow logs, when the engine keeps them. */
function record(
  ctx: Context,
  port: Port,
  t: Tuple,
  connection: Decision,
  fromInitiator: boolean,
  denied: boolean,
): void {
  const flows = ctx.state.flows;
  if (!flows) return;
  // The packet's own addresses: FlowRecorder.packet orients the tuple by fromInitiator itself.
  const { src, dst, srcPort, dstPort, protocol, tcpFlags } = t;
  ctx.actions.push({
    op: 'log',
    log: (bytes, time) =>
      flows.packet({
        time,
        nicId: port.nic.id,
        mac: port.mac,
        aclId: connection.aclId,
        rule: connection.rule,
        src,
        dst,
        srcPort,
        dstPort,
        protocol,
        initiator: connection.initiator,
        fromInitiator,
        bytes,
        denied,
        tcpFlags,
      }),
  });
}

// The security step's texts, rendered when a trace is read.
const connectionDetail = (fromInitiator: boolean, rule: string): string =>
  `${fromInitiator ? 'existing connection' : 'return traffic of a connection'} ${
    rule === 'unspecified' ? 'no rule restricts' : `allowed by ${rule}`
  }`;
const connectionData = (_: boolean, rule: string): Record<string, string> => ({ rule, state: 'connection' });
const verdictReason = (v: Verdict): string => v.reason;
const verdictResource = (v: Verdict): ResourceRef | undefined =>
  v.rule ? { id: v.rule.id, name: v.rule.name } : undefined;
const verdictData = (v: Verdict): Record<string, string> =>
  v.rule
    ? { rule: v.rule.name, ruleKind: v.rule.kind, nsg: lastSegment(v.rule.ownerId), stage: v.stage }
    : { stage: v.stage };
const CONNECTION_ALLOWED = new StepKind('Security', 'Allowed', connectionDetail, undefined, connectionData);
const RULES_ALLOWED = new StepKind('Security', 'Allowed', verdictReason, verdictResource, verdictData);
const RULES_DENIED = new StepKind('Security', 'Denied', verdictReason, verdictResource, verdictData);

function security(ctx: Context, port: Port, t: Tuple, direction: 'Inbound' | 'Outbound'): boolean {
  const { tb, state } = ctx;
  const now = state.now();
  const found = state.conntrack.find(
    port.index,
    direction,
    t.protocol,
    t.src,
    t.srcPort,
    t.dst,
    t.dstPort,
    now,
  );
  if (found) {
    const c = found.connection;
    c.lastSeen = now;
    if (t.tcpFlags & 0x05) c.closed = true; // FIN or RST: Fidelity: the entry goes at the next sweep.
    tb.stepOf(CONNECTION_ALLOWED, found.fromInitiator, c.rule);
    ctx.actions.push(c);
    record(ctx, port, t, c, found.fromInitiator, false);
    return true;
  }
  const { sec, options } = portSecurity(state.world, port, state.security);
  if (direction === 'Inbound' && sec.privateEndpointNsg === 'bypassed') {
    tb.step(
      'Security',
      'Allowed',
      `NSGs do not apply to private endpoints in ${subnetName(port)} (privateEndpointNetworkPolicies Disabled)`,
    );
    return true;
  }
  const outbound = direction === 'Outbound';
  // One flow object for every evaluation: evaluateV4 neither keeps nor re-enters it.
  const flow = FLOW;
  flow.direction = direction;
  flow.protocol = protocolName(t);
  flow.local = outbound ? t.src : t.dst;
  flow.localPort = outbound ? t.srcPort : t.dstPort;
  flow.remote = outbound ? t.dst : t.src;
  flow.remotePort = outbound ? t.dstPort : t.srcPort;
  const verdict = evaluateV4(sec, flow, options);
  const decision = decisionOf(verdict, outbound);
  if (verdict.access === 'Deny') {
    const owner = verdict.rule ? lastSegment(verdict.rule.ownerId) : '';
    tb.stepOf(RULES_DENIED, verdict, undefined);
    record(ctx, port, t, decision, true, true);
    tb.end(
      outbound ? 'DeniedOut' : 'DeniedIn',
      `${outbound ? 'DeniedOut' : 'DeniedIn'} by ${owner}/${decision.rule}`,
    );
    return false;
  }
  tb.stepOf(RULES_ALLOWED, verdict, undefined);
  const c = state.conntrack.open(
    port.index,
    direction,
    t.protocol,
    t.src,
    t.srcPort,
    t.dst,
    t.dstPort,
    decision,
    now,
  );
  ctx.actions.push(c);
  record(ctx, port, t, c, true, false);
  return true;
}

const FLOW: { -readonly [K in keyof FlowV4]: FlowV4[K] } = {
  direction: 'Outbound',
  protocol: 'TCP',
  local: 0,
  localPort: 0,
  remote: 0,
  remotePort: 0,
};

const protocolName = (t: Tuple): Flow['protocol'] =>
  t.protocol === 6 ? 'TCP' : t.protocol === 17 ? 'UDP' : 'ICMP';

// ---- Inbound ----------------------------------------------------------------------------------------------

export function inbound(ctx: Context, port: Port, t: Tuple): void {
  const { tb } = ctx;
  if (!enterHop(ctx, port, 'Inbound', t)) return;
  if (!security(ctx, port, t, 'Inbound')) return;
  if (!addressCheck(ctx, port, t.dst, 'destination')) return;
  // Fidelity: the ingress copy is the frame as the VM receives it, after the inbound rules (UNVERIFIED).
  tapCopy(ctx, port, true);
  const delivery = deliveryOf(port);
  ctx.actions.push(delivery);
  tb.stepOf(DELIVERED, port, undefined);
  tb.endWith(delivery.ending);
}

/** A port's delivery action and trace ending, made once per port: every flow to the port keeps them. */
const deliveries = new WeakMap<Port, { op: 'deliver'; port: Port; ending: Ending }>();

function deliveryOf(port: Port): { op: 'deliver'; port: Port; ending: Ending } {
  let d = deliveries.get(port);
  if (!d)
    deliveries.set(port, (d = { op: 'deliver', port, ending: endingOf('Delivered', deliveredReason(port)) }));
  return d;
}

// The delivery step's texts, rendered when a trace is read.
const deliveryDetail = (port: Port): string => `to ${port.nic.name}${port.vmId ? ` (${port.name})` : ''}`;
const deliveryResource = (port: Port): ResourceRef => refOf(port.nic);
const deliveredReason = (port: Port): string => `delivered to ${port.name}`;
const DELIVERED = new StepKind('Delivery', 'Delivered', deliveryDetail, deliveryResource);

// ---- Load balancers and Private Link -------------------------------------------------------------------

/** Spreads flows over the backends of the matching load-balancing rule, by a hash of the 5-tuple. */
function loadBalance(ctx: Context, fe: Frontend, t: Tuple): void {
  const { tb, state } = ctx;
  dependOn(ctx, keyOf(fe.lb.id));
  const proto = PROTOCOL_NAMES[t.protocol];
  const rule = (fe.lb.properties.loadBalancingRules ?? []).find(
    (r) =>
      keyOf(r.properties.frontendIPConfiguration?.id ?? '') === keyOf(fe.frontendId) &&
      ((r.properties.protocol === 'All' && r.properties.frontendPort === 0) ||
        ((r.properties.protocol === 'All' || r.properties.protocol.toUpperCase() === proto) &&
          r.properties.frontendPort === t.dstPort)),
  );
  if (!rule) {
    tb.end('NoListener', `no load-balancing rule of ${fe.lb.name} for ${proto ?? t.protocol} ${t.dstPort}`);
    return;
  }
  const pool = rule.properties.backendAddressPool?.id ?? rule.properties.backendAddressPools?.[0]?.id;
  const members = pool ? (state.fabric.poolMembers.get(keyOf(pool)) ?? []) : [];
  if (members.length === 0) {
    tb.end('NoListener', `backend pool of ${rule.name} on ${fe.lb.name} is empty`);
    return;
  }
  // Fidelity: health probes are not sent; every backend counts as healthy.
  const backend = members[hashTuple(t) % members.length]!;
  const floating = rule.properties.enableFloatingIP === true;
  const frontendPort = t.dstPort;
  const backendPort = floating ? t.dstPort : (rule.properties.backendPort ?? rule.properties.frontendPort);
  const detail = floating
    ? `${fe.lb.name}/${rule.name} chose ${backend.name} (floating IP: destination kept)`
    : `${fe.lb.name}/${rule.name} chose ${backend.name}: ${rewrite(ctx, t, { dst: backend.addresses[0]!, dstPort: backendPort })}`;
  tb.step('LoadBalancer', 'Translated', detail, { id: rule.id, name: rule.name }, { backend: backend.name });
  if (!floating)
    state.sessions.set(replyKey(t), {
      src: fe.address,
      srcPort: frontendPort,
      by: refOf(fe.lb),
      what: `${fe.lb.name} reply`,
    });
  inbound(ctx, backend, t);
}

const hashTuple = (t: Tuple): number => fnv1aNumbers([t.protocol, t.src, t.srcPort, t.dst, t.dstPort]);

function privateEndpoint(ctx: Context, pePort: Port, t: Tuple): void {
  const { tb, state } = ctx;
  if (!enterHop(ctx, pePort, 'Inbound', t)) return;
  if (!security(ctx, pePort, t, 'Inbound')) return;
  const pe = pePort.privateEndpoint!;
  dependOn(ctx, keyOf(pe.id));
  const auto = pe.properties.privateLinkServiceConnections?.[0];
  const connection = auto ?? pe.properties.manualPrivateLinkServiceConnections?.[0];
  // Fidelity: without a recorded state, automatic connections count as Approved (the requester owns the
  // service) and manual ones as Pending, as ARM leaves them until the provider approves.
  const status =
    connection?.properties.privateLinkServiceConnectionState?.status ?? (auto ? 'Approved' : 'Pending');
  if (!connection || status !== 'Approved') {
    tb.end(
      'NoListener',
      `${pe.name}'s connection is ${connection ? status : 'missing'}: only Approved connections carry traffic`,
    );
    return;
  }
  const target = getResource<PrivateLinkService>(state.world, connection.properties.privateLinkServiceId);
  if (target?.type !== 'Microsoft.Network/privateLinkServices') {
    ctx.actions.push({ op: 'deliver', port: pePort });
    tb.step(
      'PrivateLink',
      'Delivered',
      `to ${lastSegment(connection.properties.privateLinkServiceId)} through ${pe.name}`,
      refOf(pe),
    );
    tb.end('Delivered', `delivered to the service behind ${pe.name}`);
    return;
  }
  dependOn(ctx, keyOf(target.id));
  const natIp = ipv4Of(target.properties.ipConfigurations?.[0]?.properties.privateIPAddress);
  const feId = target.properties.loadBalancerFrontendIpConfigurations?.[0]?.id;
  const fe = [...state.fabric.owners.values()]
    .map((m) =>
      [...m.values()].find(
        (o) => o.kind === 'frontend' && keyOf(o.frontend.frontendId) === keyOf(feId ?? ''),
      ),
    )
    .find((o) => o !== undefined);
  if (natIp === undefined || fe?.kind !== 'frontend') {
    tb.end('NoListener', `${target.name} has no NAT IP or load balancer frontend`);
    return;
  }
  const consumer = { src: t.src, srcPort: t.srcPort, dst: t.dst, dstPort: t.dstPort };
  const natPort = t.protocol === 1 ? t.srcPort : state.nextPlsPort(target);
  const detail = rewrite(ctx, t, { src: natIp, srcPort: natPort, dst: fe.frontend.address });
  tb.step(
    'PrivateLink',
    'Translated',
    `${pe.name} → ${target.name}: ${detail} (the provider sees the NAT IP)`,
    refOf(target),
    { natIp: formatIpv4(natIp) },
  );
  state.returns.set(sessionKey(t.protocol, t.dst, t.dstPort, natIp, natPort), {
    src: consumer.dst,
    srcPort: consumer.dstPort,
    dst: consumer.src,
    dstPort: consumer.srcPort,
    port: pePort,
    by: refOf(target),
    what: `${target.name} reply to the consumer`,
  });
  loadBalance(ctx, fe.frontend, t);
}

/** A provider's reply to a Private Link NAT IP goes back to the consumer, from the private endpoint's address. */
function privateLinkReturn(ctx: Context, pls: PrivateLinkService, t: Tuple): void {
  const { tb, state } = ctx;
  const s = state.returns.get(keyOfTuple(t));
  if (!s?.port) {
    tb.end('NoListener', `${pls.name}'s NAT IP takes only replies to consumer flows`);
    return;
  }
  const detail = rewrite(ctx, t, { src: s.src, srcPort: s.srcPort, dst: s.dst, dstPort: s.dstPort });
  tb.step('PrivateLink', 'Translated', `${s.what}: ${detail}`, s.by);
  const owner = findOwner(state, s.port, t.dst);
  if (!owner || owner.owner.kind !== 'nic') {
    tb.end('NoListener', `the consumer ${formatIpv4(t.dst)} is gone`);
    return;
  }
  inbound(ctx, owner.owner.port, t);
}

// ---- Leaving Azure and coming back ----------------------------------------------------------------------

function leave(ctx: Context, node: 'Internet' | 'OnPremises', t: Tuple, why: string): void {
  ctx.tb.hop(node, node, 'External', t);
  ctx.actions.push({ op: 'external', node });
  ctx.tb.step('Delivery', 'Delivered', why);
  ctx.tb.end(node === 'Internet' ? 'DeliveredToInternet' : 'DeliveredToOnPremises', why);
}

/**
 * Internet egress in Azure's order (§4.2): NAT gateway, instance public IP, load balancer outbound SNAT, default
 * outbound access; nothing from a private subnet. A reply of an inbound flow keeps the address it came in on.
 */
function egress(ctx: Context, port: Port, t: Tuple, translated: boolean): void {
  const { tb, state } = ctx;
  if (translated) {
    leave(ctx, 'Internet', t, `reply leaves from ${formatIpv4(t.src)}, the address its flow came in on`);
    return;
  }
  // The subnet's natGateway and defaultOutboundAccess live in its VNet's body: a cached decision depends on it.
  dependOn(ctx, port.vnetKey);
  const natGateway = state.fabric.natGatewayOfSubnet.get(keyOf(port.subnetId));
  if (natGateway) {
    dependOn(ctx, keyOf(natGateway.id));
    const table = state.natTable(natGateway);
    const flow = {
      protocol: t.protocol as 6 | 17 | 1,
      src: t.src,
      srcPort: t.srcPort,
      dst: t.dst,
      dstPort: t.dstPort,
    };
    const r = table.outbound(flow, state.now());
    if (!r.ok) {
      const sku = natGateway.sku?.name ?? 'Standard';
      if (r.reason === 'protocol') {
        tb.step(
          'Nat',
          'Dropped',
          `${natGateway.name} (${sku}) translates TCP and UDP only`,
          refOf(natGateway),
        );
        tb.end(
          'ProtocolNotSupported',
          `${natGateway.name} is a ${sku} NAT gateway: no ${PROTOCOL_NAMES[t.protocol] ?? t.protocol} translation`,
        );
      } else {
        tb.step(
          'Nat',
          'Dropped',
          `${natGateway.name} has no SNAT port left for ${endpoint(t.dst, t.dstPort, t.protocol)}`,
          refOf(natGateway),
        );
        tb.end(
          'SnatExhausted',
          `${natGateway.name}: SNAT ports to ${endpoint(t.dst, t.dstPort, t.protocol)} exhausted`,
        );
      }
      return;
    }
    const mapped = { src: r.src, srcPort: r.srcPort };
    const detail = rewrite(ctx, t, mapped);
    tb.step('Nat', 'Translated', `SNAT by ${natGateway.name}: ${detail}`, refOf(natGateway), {
      from: formatIpv4(flow.src),
      to: formatIpv4(r.src),
      port: r.srcPort,
    });
    state.returns.set(replyKey(t), {
      port,
      natGateway: true,
      by: refOf(natGateway),
      what: `${natGateway.name} reply`,
    });
    ctx.actions.push({
      op: 'check',
      alive: (at) => {
        const again = table.outbound(flow, at);
        return again.ok && again.src === mapped.src && again.srcPort === mapped.srcPort;
      },
    });
    leave(ctx, 'Internet', t, `to the internet from ${formatIpv4(r.src)} (${natGateway.name})`);
    return;
  }
  const own = port.addresses.includes(t.src) ? t.src : port.addresses[0]!;
  const pip = port.publicIps.get(own);
  const lb = pip === undefined ? lbOutboundAddressOf(state.fabric, port) : undefined;
  const subnet = linksOf(state.world).subnets.get(keyOf(port.subnetId))?.subnet;
  const doa = pip === undefined && lb === undefined && subnet?.properties.defaultOutboundAccess !== false;
  const publicAddress = pip ?? lb?.address ?? (doa ? doaAddressOf(port) : undefined);
  if (publicAddress === undefined) {
    tb.step(
      'Nat',
      'Dropped',
      `${subnetName(port)} is a private subnet (defaultOutboundAccess false) with no NAT gateway, public IP or load balancer outbound rule`,
    );
    tb.end('NoEgress', `no outbound method: ${subnetName(port)} is private`);
    return;
  }
  const how =
    pip !== undefined
      ? 'instance public IP'
      : lb
        ? `outbound rule of ${lb.lb.name}`
        : 'default outbound access';
  const before = { src: t.src, srcPort: t.srcPort };
  const detail = rewrite(ctx, t, { src: publicAddress });
  tb.step(
    'Nat',
    'Translated',
    `SNAT by ${how}: ${detail}`,
    pip !== undefined ? refOf(port.nic) : lb ? refOf(lb.lb) : undefined,
    { from: formatIpv4(before.src), to: formatIpv4(publicAddress) },
  );
  state.returns.set(replyKey(t), {
    dst: before.src,
    dstPort: before.srcPort,
    port,
    by: refOf(port.nic),
    what: `reply to ${how}`,
  });
  leave(ctx, 'Internet', t, `to the internet from ${formatIpv4(publicAddress)} (${how})`);
}

/** A packet from outside Azure (the internet or on-premises) arriving at a public or private address. */
export function fromOutside(ctx: Context, node: 'Internet' | 'OnPremises', t: Tuple): void {
  const { tb, state } = ctx;
  tb.hop(node, node, 'External', t);
  if (++ctx.hops > MAX_HOPS) return tb.end('LoopDetected', `the packet passed ${MAX_HOPS} hops`);
  if (node === 'OnPremises') {
    for (const owners of state.fabric.owners.values()) {
      const owner = owners.get(t.dst);
      if (owner) return deliverTo(ctx, owner, t);
    }
    return tb.end('NoListener', `no NIC holds ${formatIpv4(t.dst)}`);
  }
  const back = state.returns.get(keyOfTuple(t));
  if (back?.port && !back.natGateway) {
    const detail = rewrite(ctx, t, { dst: back.dst, dstPort: back.dstPort });
    tb.step('Nat', 'Translated', `${back.what}: ${detail}`, back.by);
    return inbound(ctx, back.port, t);
  }
  const owner = state.fabric.publicOwners.get(t.dst);
  if (!owner) return tb.end('NoListener', `${formatIpv4(t.dst)} is no public IP of this lab`);
  dependOn(ctx, keyOf(owner.pip.id));
  if (owner.kind === 'nat-gateway') {
    const table = state.natTable(owner.natGateway);
    const m = table.inbound(
      { protocol: t.protocol as 6 | 17 | 1, src: t.src, srcPort: t.srcPort, dst: t.dst, dstPort: t.dstPort },
      state.now(),
    );
    if (!m) {
      tb.step(
        'Nat',
        'Dropped',
        `${owner.natGateway.name} takes no unsolicited inbound connections`,
        refOf(owner.natGateway),
      );
      return tb.end(
        'NoListener',
        `no flow of ${owner.natGateway.name} uses ${endpoint(t.dst, t.dstPort, t.protocol)}`,
      );
    }
    const detail = rewrite(ctx, t, { dst: m.dst, dstPort: m.dstPort });
    tb.step('Nat', 'Translated', `${owner.natGateway.name} reply: ${detail}`, refOf(owner.natGateway));
    // The reply goes back to the NIC the flow left from (an NVA forwards it on), else to the address's owner.
    if (back?.port) return inbound(ctx, back.port, t);
    const vnetKey = natVnet(state, owner.natGateway);
    const target = vnetKey ? state.fabric.owners.get(vnetKey)?.get(t.dst) : undefined;
    if (target?.kind !== 'nic') return tb.end('NoListener', `no NIC holds ${formatIpv4(t.dst)}`);
    return inbound(ctx, target.port, t);
  }
  if (owner.kind === 'nic') {
    const publicAddress = t.dst;
    const detail = rewrite(ctx, t, { dst: owner.privateAddress });
    tb.step(
      'Nat',
      'Translated',
      `DNAT by the instance public IP ${owner.pip.name}: ${detail}`,
      refOf(owner.pip),
    );
    state.sessions.set(replyKey(t), {
      src: publicAddress,
      srcPort: t.dstPort,
      by: refOf(owner.pip),
      what: `reply through ${owner.pip.name}`,
    });
    return inbound(ctx, owner.port, t);
  }
  return loadBalance(ctx, { lb: owner.lb, frontendId: owner.frontendId, address: t.dst }, t);
}

function natVnet(state: State, natGateway: NatGateway): string | undefined {
  const subnetId = linksOf(state.world).subnetsByReference.get(keyOf(natGateway.id))?.[0];
  const vnet = subnetId ? linksOf(state.world).subnets.get(keyOf(subnetId))?.vnet : undefined;
  return vnet ? keyOf(vnet.id) : undefined;
}
