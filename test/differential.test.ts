// IP flow verify and the engine agree on every flow: the static answer (Network Watcher's IP flow verify at the
// source NIC outbound, next hop, IP flow verify at the destination NIC inbound) against what the packet engine
// does with one probe in a fresh lab. Both read the same compiled rules and routes, so any disagreement is a bug
// in one of them. Read ../../shared/azure-semantics.md Appendix A (the order of the layers) and §10.1-§10.2
// before changing what "agree" means here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { fabricOf } from '../src/dataplane/fabric.ts';
import type { Port } from '../src/dataplane/fabric.ts';
import { Lab, PROBE_SOURCE_PORT } from '../src/dataplane/lab.ts';
import type { ProbeProtocol } from '../src/dataplane/lab.ts';
import type { GuestSpec } from '../src/dataplane/guests/index.ts';
import { renderTrace } from '../src/dataplane/trace.ts';
import type { Disposition, Step, Trace } from '../src/dataplane/types.ts';
import { ipFlowVerify, nextHop } from '../src/diagnostics/index.ts';
import type { NextHopAnswer } from '../src/diagnostics/index.ts';
import { keyOf, linksOf, resourcesOfType, T } from '../src/model/index.ts';
import type { LocalNetworkGateway, NetworkInterface, World } from '../src/model/index.ts';
import {
  adminConfiguration,
  avnm,
  build,
  commit,
  connectivity,
  id,
  networkGroup,
  networkManager,
  nic,
  nsg,
  peer,
  routeTable,
  subnet,
  vnet,
} from '../src/model/fixtures.ts';
import type { AdminRuleSpec, RuleSpec } from '../src/model/fixtures.ts';
import { parseAddress, parsePrefix } from '../src/net/index.ts';
import { loadWorld } from '../src/topology/index.ts';
import { formatIpv4 } from '../src/wire/index.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

interface Probe {
  readonly protocol: ProbeProtocol;
  readonly port?: number;
}

const PROBES: readonly Probe[] = [
  { protocol: 'TCP', port: 22 },
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 443 },
  { protocol: 'TCP', port: 3389 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'UDP', port: 4789 },
  { protocol: 'ICMP' },
];

/** Internet destinations every source NIC is asked about. */
const INTERNET = ['8.8.8.8', '20.112.52.29'];

/** Next hops that hand the packet to a NIC of a VNet the source reaches, whose inbound rules then decide. */
const IN_VNET = new Set(['VnetLocal', 'VNetPeering', 'GlobalVNetPeering', 'ConnectedGroup']);

/** What the engine must end with for a flow both directions allow, by next hop type. */
const LEAVES: Readonly<Record<string, readonly Disposition[]>> = {
  // Internet egress also needs an outbound method (NAT gateway, public IP, load balancer rule, default
  // outbound access) that translates the protocol and has a port left; that is the egress advice's question,
  // not IP flow verify's. A Standard NAT gateway does not translate ICMP (checked below).
  Internet: ['DeliveredToInternet', 'NoEgress', 'SnatExhausted', 'ProtocolNotSupported'],
  VirtualNetworkServiceEndpoint: ['DeliveredToInternet'],
  VirtualNetworkGateway: ['DeliveredToOnPremises'],
};

interface Flow {
  readonly from: Port;
  readonly dst: string;
  readonly probe: Probe;
}

const describeFlow = (f: Flow): string =>
  `${f.from.name} ${formatIpv4(f.from.addresses[0]!)}:${PROBE_SOURCE_PORT} > ${f.dst} ${f.probe.protocol}${f.probe.port !== undefined ? ` ${f.probe.port}` : ''}`;

// ---- The static answer --------------------------------------------------------------------------------------

interface Verdict {
  readonly access: 'Allow' | 'Deny';
  /** The deciding rule's resource ID, lower case; undefined when no rule decided. */
  readonly rule: string | undefined;
  readonly ruleName: string;
}

interface StaticAnswer {
  readonly outbound: Verdict;
  readonly hop: NextHopAnswer;
  /** Inbound at the NIC the next hop delivers to: undefined when none holds the address there. */
  readonly inbound?: { readonly nic: NetworkInterface; readonly verdict: Verdict };
  /** Set when more than one NIC could be the destination (overlapping VNets): inbound is not compared. */
  readonly ambiguous?: boolean;
}

function verdictOf(r: ReturnType<typeof ipFlowVerify>, what: string): Verdict {
  assert.ok(r.ok, `${what}: ${r.ok ? '' : r.reason}`);
  const rule = r.value.verdict.rule;
  return {
    access: r.value.access,
    rule: rule ? keyOf(rule.id) : undefined,
    ruleName: r.value.ruleName ?? '(none)',
  };
}

function staticAnswer(world: World, f: Flow): StaticAnswer {
  const src = formatIpv4(f.from.addresses[0]!);
  const ports = f.probe.port !== undefined;
  const question = (direction: 'Inbound' | 'Outbound', nicId: string, local: string, remote: string) =>
    ipFlowVerify(world, {
      targetResourceId: nicId,
      direction,
      protocol: f.probe.protocol,
      localIPAddress: local,
      remoteIPAddress: remote,
      ...(ports
        ? direction === 'Outbound'
          ? { localPort: String(PROBE_SOURCE_PORT), remotePort: String(f.probe.port) }
          : { localPort: String(f.probe.port), remotePort: String(PROBE_SOURCE_PORT) }
        : {}),
    });
  const outbound = verdictOf(question('Outbound', f.from.nic.id, src, f.dst), `outbound ${describeFlow(f)}`);
  const hop = nextHop(world, {
    targetResourceId: f.from.nic.id,
    sourceIPAddress: src,
    destinationIPAddress: f.dst,
  });
  assert.ok(hop.ok, `next hop ${describeFlow(f)}: ${hop.ok ? '' : hop.reason}`);
  if (!IN_VNET.has(hop.value.nextHopType)) return { outbound, hop: hop.value };
  const candidates = destinationNics(world, f.from, f.dst, hop.value.nextHopType);
  if (candidates.length > 1) return { outbound, hop: hop.value, ambiguous: true };
  const target = candidates[0];
  if (!target) return { outbound, hop: hop.value };
  const inbound = verdictOf(question('Inbound', target.id, f.dst, src), `inbound ${describeFlow(f)}`);
  return { outbound, hop: hop.value, inbound: { nic: target, verdict: inbound } };
}

/**
 * The NICs that hold `dst` where the next hop delivers: the source's own VNet for VnetLocal, a connected peer for
 * the peering types, another VNet for ConnectedGroup (overlapping members make that ambiguous, and the caller
 * then compares no inbound verdict). Read from the model's links, not from the engine's fabric.
 */
function destinationNics(world: World, from: Port, dst: string, nextHopType: string): NetworkInterface[] {
  const links = linksOf(world);
  const address = parseAddress(dst);
  assert.ok(address.ok);
  const own = from.vnetKey;
  const peers = new Set(
    (links.peeringsOfVnet.get(own) ?? [])
      .filter((p) => p.state === 'Connected')
      .map((p) => keyOf(p.remoteVnetId)),
  );
  const out = new Map<string, NetworkInterface>();
  for (const list of links.addressesOfNic.values())
    for (const a of list) {
      if (a.address === undefined) continue;
      const x = parseAddress(a.address);
      if (!x.ok || x.value.version !== 4 || x.value.value !== address.value.value) continue;
      const vnetKey = keyOf(a.vnetId);
      const fits =
        nextHopType === 'VnetLocal'
          ? vnetKey === own
          : nextHopType === 'ConnectedGroup'
            ? vnetKey !== own
            : peers.has(vnetKey);
      if (fits) out.set(keyOf(a.nic.id), a.nic);
    }
  return [...out.values()];
}

// ---- The engine's answer and the comparison ---------------------------------------------------------------

const stepOf = (
  trace: Trace,
  nicId: string,
  direction: 'Outbound' | 'Inbound',
  type: Step['type'],
): Step | undefined =>
  trace.hops
    .find((h) => keyOf(h.nodeId) === keyOf(nicId) && h.direction === direction)
    ?.steps.find((s) => s.type === type);

/** The rule a Security step names (its resource), lower case; undefined for "no rule decided". */
const ruleOfStep = (s: Step | undefined): string | undefined =>
  s?.resource ? keyOf(s.resource.id) : undefined;

interface Tally {
  flows: number;
  deniedOut: number;
  nullRouted: number;
  deniedIn: number;
  delivered: number;
  leftAzure: number;
  routeOnly: number;
  ambiguous: number;
  noListener: number;
}

const emptyTally = (): Tally => ({
  flows: 0,
  deniedOut: 0,
  nullRouted: 0,
  deniedIn: 0,
  delivered: 0,
  leftAzure: 0,
  routeOnly: 0,
  ambiguous: 0,
  noListener: 0,
});

/** Every way the two answers differ for one flow, as sentences; empty when they agree. */
function disagreements(s: StaticAnswer, trace: Trace, f: Flow, tally: Tally): string[] {
  const out: string[] = [];
  const d = trace.disposition;
  const expect = (want: readonly Disposition[], why: string): void => {
    if (!want.includes(d)) out.push(`engine ${d} (${trace.reason}), static ${why} wants ${want.join(' | ')}`);
  };
  const sameRule = (where: string, step: Step | undefined, v: Verdict): void => {
    if (!step) out.push(`engine has no ${where} Security step; static ${v.access} by ${v.ruleName}`);
    else if (ruleOfStep(step) !== v.rule)
      out.push(
        `${where} rule: engine ${step.action} by ${step.resource?.name ?? '(none)'}, static ${v.access} by ${v.ruleName}`,
      );
  };
  tally.flows++;
  const outStep = stepOf(trace, f.from.nic.id, 'Outbound', 'Security');
  sameRule('outbound', outStep, s.outbound);
  if (s.outbound.access === 'Deny') {
    tally.deniedOut++;
    expect(['DeniedOut'], `outbound Deny by ${s.outbound.ruleName}`);
    return out;
  }
  if (d === 'DeniedOut')
    out.push(`engine DeniedOut (${trace.reason}), static outbound Allow by ${s.outbound.ruleName}`);
  const route = stepOf(trace, f.from.nic.id, 'Outbound', 'Route');
  const type = s.hop.nextHopType;
  if (route?.data?.nextHopType !== type)
    out.push(`route: engine ${String(route?.data?.nextHopType ?? 'no route step')}, static next hop ${type}`);
  if (type === 'None') {
    tally.nullRouted++;
    expect(['NullRouted'], 'next hop None');
    return out;
  }
  if (d === 'NullRouted') out.push(`engine NullRouted, static next hop ${type}`);
  // The static answer does not follow an NVA (its guest forwards, the routes after it decide) nor Private Link
  // (the provider side's NAT and load balancer): for VirtualAppliance and InterfaceEndpoint next hops only the
  // outbound verdict and the route are compared.
  // A private endpoint's or a Private Link service's NIC as the destination is the same Private Link path.
  const privateLink = (n: NetworkInterface | undefined): boolean =>
    Boolean(n?.properties.privateEndpoint) || Boolean(n?.properties.privateLinkService);
  if (type === 'VirtualAppliance' || type === 'InterfaceEndpoint' || privateLink(s.inbound?.nic)) {
    tally.routeOnly++;
    return out;
  }
  const leaves = LEAVES[type];
  if (leaves) {
    tally.leftAzure++;
    expect(leaves, `next hop ${type}`);
    if (d === 'ProtocolNotSupported' && f.probe.protocol !== 'ICMP')
      out.push(`engine ProtocolNotSupported for ${f.probe.protocol} (${trace.reason})`);
    return out;
  }
  if (!IN_VNET.has(type)) {
    out.push(`next hop type ${type} is not covered by this test`);
    return out;
  }
  if (s.ambiguous) {
    tally.ambiguous++;
    return out;
  }
  if (!s.inbound) {
    tally.noListener++;
    expect(['NoListener'], `next hop ${type} and no NIC holds ${f.dst} there`);
    return out;
  }
  const inStep = stepOf(trace, s.inbound.nic.id, 'Inbound', 'Security');
  sameRule(`inbound at ${s.inbound.nic.name}`, inStep, s.inbound.verdict);
  if (s.inbound.verdict.access === 'Deny') {
    tally.deniedIn++;
    expect(['DeniedIn'], `inbound Deny by ${s.inbound.verdict.ruleName} at ${s.inbound.nic.name}`);
  } else {
    tally.delivered++;
    expect(['Delivered'], `allowed both ways (next hop ${type})`);
  }
  return out;
}

/** The software in the VMs, as a topology file declares it (VMs not named run a host). */
type Guests = Readonly<Record<string, GuestSpec>>;

/** One probe in a lab of its own: no connection, flow cache or NAT state carried over from another flow. */
function engineAnswer(world: World, f: Flow, guests: Guests = {}): Trace {
  const lab = new Lab(world, { guests });
  const port = lab.port(f.from.key);
  assert.ok(port.ok, port.ok ? '' : port.reason);
  const dst = parseAddress(f.dst);
  assert.ok(dst.ok && dst.value.version === 4);
  return lab.probe(port.value, Number(dst.value.value), f.probe.protocol, f.probe.port ?? 0);
}

function check(world: World, flows: readonly Flow[], tally: Tally, guests: Guests = {}): string[] {
  const failures: string[] = [];
  for (const f of flows) {
    const s = staticAnswer(world, f);
    const trace = engineAnswer(world, f, guests);
    const found = disagreements(s, trace, f, tally);
    if (found.length > 0)
      failures.push(
        `${describeFlow(f)}:\n    ${found.join('\n    ')}\n${renderTrace(trace).replace(/^/gm, '      ')}`,
      );
  }
  return failures;
}

// ---- The example topologies ----------------------------------------------------------------------------------

/** Every YAML file of examples/ that loads into a world without problems (rejected variants are skipped). */
function exampleWorlds(): { file: string; world: World; guests: Guests }[] {
  const out: { file: string; world: World; guests: Guests }[] = [];
  for (const dir of readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const name of readdirSync(`${EXAMPLES}${dir.name}`)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      const loaded = loadWorld(`${EXAMPLES}${dir.name}/${name}`);
      if (loaded.ok && loaded.value.problems.length === 0)
        out.push({
          file: `${dir.name}/${name}`,
          world: loaded.value.world,
          guests: loaded.value.topology.guests,
        });
    }
  return out;
}

/**
 * Every ordered pair of NICs, every NIC to the private endpoints, Private Link NAT IPs, the internet and
 * on-premises, under every probe.
 * NICs no VM holds count too: most examples declare NICs alone, and the engine carries their packets the same.
 */
function flowsOf(world: World): Flow[] {
  const ports = fabricOf(world).ports.filter(
    (p) => !p.privateEndpoint && !p.nic.properties.privateLinkService,
  );
  const services = fabricOf(world)
    .ports.filter((p) => p.nic.properties.privateLinkService)
    .map((p) => formatIpv4(p.addresses[0]!));
  const endpoints = fabricOf(world)
    .ports.filter((p) => p.privateEndpoint)
    .map((p) => formatIpv4(p.addresses[0]!));
  const onPremises = resourcesOfType<LocalNetworkGateway>(world, T.localNetworkGateway).flatMap((g) =>
    (g.properties.localNetworkAddressSpace?.addressPrefixes ?? []).slice(0, 1).flatMap((text) => {
      const p = parsePrefix(text);
      return p.ok && p.value.version === 4 ? [formatIpv4(Number(p.value.network) + 10)] : [];
    }),
  );
  const flows: Flow[] = [];
  for (const from of ports) {
    const dsts = [
      ...ports.filter((p) => p !== from).map((p) => formatIpv4(p.addresses[0]!)),
      ...endpoints,
      ...services,
      ...INTERNET,
      ...onPremises,
    ];
    for (const dst of dsts) for (const probe of PROBES) flows.push({ from, dst, probe });
  }
  return flows;
}

describe('IP flow verify and the engine agree on every flow', () => {
  const worlds = exampleWorlds();

  it('finds the example topologies', () => {
    assert.ok(worlds.length >= 6, `only ${worlds.map((w) => w.file).join(', ')}`);
  });

  for (const { file, world, guests } of worlds)
    it(`examples/${file}`, (t) => {
      const tally = emptyTally();
      const flows = flowsOf(world);
      assert.ok(flows.length > 0, `${file} has no NICs`);
      const failures = check(world, flows, tally, guests);
      assert.deepEqual(
        failures,
        [],
        `${failures.length} of ${flows.length} flows disagree:\n${failures.join('\n')}`,
      );
      t.diagnostic(JSON.stringify(tally));
      // Each example exercises more than one outcome, or the comparison would prove little.
      assert.ok(
        tally.delivered + tally.deniedIn + tally.deniedOut + tally.nullRouted > 0,
        JSON.stringify(tally),
      );
    });
});

// ---- Generated worlds ------------------------------------------------------------------------------------------

// Two peered VNets: v1 10.1.0.0/16 (subnet a with NICs a1, a2; subnet b with b1) and v2 10.2.0.0/16 (subnet c
// with c1). Subnet a and every NIC may carry an NSG of random rules; subnet a may route a /24 to None; AVNM
// security admin rules may apply to both VNets.
const ADDRESSES = { a1: '10.1.1.4', a2: '10.1.1.5', b1: '10.1.2.4', c1: '10.2.1.4' } as const;
type NicName = keyof typeof ADDRESSES;
const NICS = Object.keys(ADDRESSES) as NicName[];
const PREFIXES = [
  '*',
  'VirtualNetwork',
  'Internet',
  '10.1.1.0/24',
  '10.1.2.4/32',
  '10.2.0.0/16',
  '8.8.8.0/24',
];
const PORTS = ['*', '22', '80', '443', '53', '1-1024', '3000-4000', '50000'];

const ruleArb = (direction: 'Inbound' | 'Outbound'): fc.Arbitrary<Omit<RuleSpec, 'name' | 'priority'>> =>
  fc.record({
    direction: fc.constant(direction),
    access: fc.constantFrom('Allow' as const, 'Deny' as const),
    protocol: fc.constantFrom('Tcp' as const, 'Udp' as const, 'Icmp' as const, '*' as const),
    source: fc.constantFrom(...PREFIXES),
    destination: fc.constantFrom(...PREFIXES),
    sourcePorts: fc.constantFrom('*', '*', '50000', '1024-65535', '80'),
    destinationPorts: fc.constantFrom(...PORTS),
  });

const rulesArb = fc
  .tuple(fc.array(ruleArb('Inbound'), { maxLength: 4 }), fc.array(ruleArb('Outbound'), { maxLength: 4 }))
  .map(([inbound, outbound]) =>
    [...inbound, ...outbound].map((r, i): RuleSpec => ({ ...r, name: `r${i}`, priority: 100 + i * 10 })),
  );

const adminPrefix = fc.constantFrom(
  { addressPrefix: '*', addressPrefixType: 'IPPrefix' as const },
  { addressPrefix: '10.1.0.0/16', addressPrefixType: 'IPPrefix' as const },
  { addressPrefix: '10.2.1.4/32', addressPrefixType: 'IPPrefix' as const },
  { addressPrefix: 'VirtualNetwork', addressPrefixType: 'ServiceTag' as const },
  { addressPrefix: 'Internet', addressPrefixType: 'ServiceTag' as const },
);

const adminRulesArb = fc
  .array(
    fc.record({
      direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
      access: fc.constantFrom('Allow' as const, 'Deny' as const, 'AlwaysAllow' as const),
      protocol: fc.constantFrom('Tcp' as const, 'Udp' as const, 'Icmp' as const, 'Any' as const),
      sources: adminPrefix.map((p) => [p]),
      destinations: adminPrefix.map((p) => [p]),
      destinationPortRanges: fc.constantFrom('0-65535', '22', '80,443', '53').map((p) => p.split(',')),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((rules) => rules.map((r, i): AdminRuleSpec => ({ ...r, name: `admin${i}`, priority: 10 + i })));

const worldArb = fc.record({
  /** AVNM security admin rules over both VNets, evaluated before any NSG (§2.6). */
  admin: fc.option(adminRulesArb, { nil: undefined }),
  subnetNsg: fc.option(rulesArb, { nil: undefined }),
  nicNsgs: fc.record({
    a1: fc.option(rulesArb, { nil: undefined }),
    a2: fc.option(rulesArb, { nil: undefined }),
    b1: fc.option(rulesArb, { nil: undefined }),
    c1: fc.option(rulesArb, { nil: undefined }),
  }),
  nullRoute: fc.option(fc.constantFrom('10.2.1.0/24', '10.1.2.0/24', '8.8.8.0/24'), { nil: undefined }),
});

type WorldSpec = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function generatedWorld(spec: WorldSpec): World {
  const nsgs = [
    ...(spec.subnetNsg ? [nsg('nsg-a', spec.subnetNsg)] : []),
    ...NICS.flatMap((n) => {
      const rules = spec.nicNsgs[n];
      return rules ? [nsg(`nsg-${n}`, rules)] : [];
    }),
  ];
  const subnetA = subnet('10.1.1.0/24', {
    ...(spec.subnetNsg ? { nsg: 'nsg-a' } : {}),
    ...(spec.nullRoute ? { routeTable: 'rt-a' } : {}),
  });
  const where: Record<NicName, string> = {
    a1: id.subnet('v1', 'a'),
    a2: id.subnet('v1', 'a'),
    b1: id.subnet('v1', 'b'),
    c1: id.subnet('v2', 'c'),
  };
  const admin = spec.admin
    ? [
        networkManager(['SecurityAdmin']),
        ...networkGroup('g', ['v1', 'v2']),
        ...adminConfiguration('sac', 'g', spec.admin),
        commit('SecurityAdmin', [id.adminConfig('sac')]),
      ]
    : [];
  return build([
    ...nsgs,
    ...(spec.nullRoute ? [routeTable('rt-a', [['drop', spec.nullRoute, 'None']])] : []),
    vnet('v1', ['10.1.0.0/16'], { a: subnetA, b: '10.1.2.0/24' }),
    vnet('v2', ['10.2.0.0/16'], { c: '10.2.1.0/24' }),
    ...peer('v1', 'v2'),
    ...NICS.map((n) => nic(n, where[n], ADDRESSES[n], spec.nicNsgs[n] ? { nsg: `nsg-${n}` } : {})),
    ...admin,
  ]);
}

const flowArb = fc.record({
  from: fc.constantFrom(...NICS),
  to: fc.constantFrom<NicName | '8.8.8.8'>(...NICS, '8.8.8.8'),
  probe: fc.oneof(
    fc.record({
      protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
      port: fc.constantFrom(22, 53, 80, 443, 3389, 8080),
    }),
    fc.constant({ protocol: 'ICMP' as const }),
  ),
});

describe('IP flow verify and the engine agree on generated worlds', () => {
  it('random NSG and admin rules on two peered VNets, random flows', (t) => {
    const tally = emptyTally();
    fc.assert(
      fc.property(worldArb, fc.array(flowArb, { minLength: 1, maxLength: 12 }), (spec, picks) => {
        const world = generatedWorld(spec);
        const ports = fabricOf(world).ports;
        const portOf = (n: NicName): Port => ports.find((p) => p.key === keyOf(id.nic(n)))!;
        const flows = picks
          .filter((p) => p.from !== p.to)
          .map((p): Flow => ({
            from: portOf(p.from),
            dst: p.to === '8.8.8.8' ? p.to : ADDRESSES[p.to],
            probe: p.probe,
          }));
        const failures = check(world, flows, tally);
        assert.deepEqual(failures, [], failures.join('\n'));
      }),
      { numRuns: 150, seed: 20260101 },
    );
    t.diagnostic(JSON.stringify(tally));
    // The generator reaches every outcome the comparison knows (else it proves little).
    for (const k of ['deniedOut', 'nullRouted', 'deniedIn', 'delivered', 'leftAzure'] as const)
      assert.ok(tally[k] > 0, `no ${k} flow generated: ${JSON.stringify(tally)}`);
  });
});

// ---- Disagreements found, pinned --------------------------------------------------------------------------------

describe('disagreements the comparison found', () => {
  // AVNM mesh with overlap allowed (§3.4): both members hold 10.99.0.0/16. From v2, 10.99.1.4 matches v2's own
  // VnetLocal route; no NIC of v2 holds it, so the packet has nowhere to go. The engine used to look the address up
  // in every VNet v2 reaches and delivered it to v1's NIC, crossing the mesh for a prefix the mesh had removed.
  it('a VnetLocal next hop delivers only inside the source VNet (overlapping AVNM mesh)', () => {
    const world = build([
      vnet('v1', ['10.1.0.0/16', '10.99.0.0/16'], { s: '10.1.1.0/24', legacy: '10.99.1.0/24' }),
      vnet('v2', ['10.2.0.0/16', '10.99.0.0/16'], { s: '10.2.1.0/24' }),
      ...avnm({ g: ['v1', 'v2'] }),
      connectivity('mesh', {
        connectivityTopology: 'Mesh',
        appliesToGroups: [{ networkGroupId: id.group('g') }],
        connectivityCapabilities: { connectedGroupAddressOverlap: 'Allowed' },
      }),
      commit('Connectivity', [id.cc('mesh')]),
      nic('legacy', id.subnet('v1', 'legacy'), '10.99.1.4'),
      nic('app', id.subnet('v2', 's'), '10.2.1.4'),
    ]);
    const from = fabricOf(world).ports.find((p) => p.key === keyOf(id.nic('app')))!;
    const flow: Flow = { from, dst: '10.99.1.4', probe: { protocol: 'TCP', port: 80 } };
    assert.equal(staticAnswer(world, flow).hop.nextHopType, 'VnetLocal');
    const trace = engineAnswer(world, flow);
    assert.equal(trace.disposition, 'NoListener', renderTrace(trace));
  });
});
