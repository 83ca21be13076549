// Property: for random NSG and admin rule sets, evaluateFlow decides as a naive reference evaluator written from
// the documented semantics (azure-semantics.md §2.3, §2.6): first match by priority per stage; admin rules first
// (Deny drops, AlwaysAllow delivers, Allow continues); inbound subnet then NIC, outbound NIC then subnet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateFlow } from './security.ts';
import { id } from '../model/fixtures.ts';
import { adminRulesOf, flowOf, securityWorld } from './security-test-helpers.ts';
import type { AdminRuleSpec, RuleSpec } from '../model/fixtures.ts';

const ADDRESSES = [
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.1.0/24',
  '10.1.1.4',
  '10.2.0.0/16',
  '203.0.113.0/24',
  '198.51.100.7',
];
const PORTS = ['*', '22', '80', '443', '1000-2000', '0-1023'];
const REMOTES = ['10.1.1.9', '10.2.3.4', '203.0.113.5', '198.51.100.7', '8.8.8.8', '10.1.1.4'];
const FLOW_PORTS = [22, 80, 443, 1500, 50000];
const LOCAL = '10.1.1.4';

// ---- the reference, on rules as written ----
const ipv4 = (text: string): number => text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
function inPrefix(text: string, ip: string): boolean {
  if (text === '*') return true;
  const [net, len = '32'] = text.split('/');
  const size = 2 ** (32 - Number(len));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(net!) / size);
}
function inPorts(text: string, port: number): boolean {
  if (text === '*') return true;
  const [from, to = from] = text.split('-');
  return port >= Number(from) && port <= Number(to);
}
const anyOf = <T>(v: T | T[], f: (x: T) => boolean): boolean => (Array.isArray(v) ? v.some(f) : f(v));

interface RefFlow {
  dir: 'Inbound' | 'Outbound';
  proto: 'TCP' | 'UDP' | 'ICMP';
  remote: string;
  localPort: number;
  remotePort: number;
}
interface RefRule {
  name: string;
  priority: number;
  direction: string;
  access: string;
  protocol: string;
  src: string | string[];
  dst: string | string[];
  srcPorts: string | string[];
  dstPorts: string | string[];
}

function refMatch(r: RefRule, f: RefFlow): boolean {
  if (r.direction !== f.dir) return false;
  const proto = r.protocol === '*' || r.protocol === 'Any' || r.protocol.toUpperCase() === f.proto;
  if (!proto) return false;
  const [src, dst] = f.dir === 'Inbound' ? [f.remote, LOCAL] : [LOCAL, f.remote];
  const [sp, dp] = f.dir === 'Inbound' ? [f.remotePort, f.localPort] : [f.localPort, f.remotePort];
  if (!anyOf(r.src, (p) => inPrefix(p, src)) || !anyOf(r.dst, (p) => inPrefix(p, dst))) return false;
  if (f.proto === 'ICMP') return true;
  return anyOf(r.srcPorts, (p) => inPorts(p, sp)) && anyOf(r.dstPorts, (p) => inPorts(p, dp));
}
const refFirst = (rules: RefRule[], f: RefFlow): RefRule | undefined =>
  [...rules].sort((a, b) => a.priority - b.priority).find((r) => refMatch(r, f));

function reference(
  admin: RefRule[] | undefined,
  subnet: RefRule[] | undefined,
  nicRules: RefRule[] | undefined,
  f: RefFlow,
): { access: 'Allow' | 'Deny'; rule?: string } {
  let last: string | undefined;
  if (admin) {
    const m = refFirst(admin, f);
    if (m?.access === 'Deny') return { access: 'Deny', rule: m.name };
    if (m?.access === 'AlwaysAllow') return { access: 'Allow', rule: m.name };
    if (m) last = m.name;
  }
  const levels = f.dir === 'Inbound' ? [subnet, nicRules] : [nicRules, subnet];
  for (const level of levels) {
    if (!level) continue;
    const m = refFirst(level, f)!;
    if (m.access === 'Deny') return { access: 'Deny', rule: m.name };
    last = m.name;
  }
  return last === undefined ? { access: 'Allow' } : { access: 'Allow', rule: last };
}

// ---- generators ----
const address = fc.oneof(
  fc.constantFrom('*', ...ADDRESSES),
  fc.uniqueArray(fc.constantFrom(...ADDRESSES), { minLength: 2, maxLength: 3 }),
);
const ports = fc.oneof(
  fc.constantFrom(...PORTS),
  fc.uniqueArray(fc.constantFrom('22', '80', '443', '1000-2000'), { minLength: 2, maxLength: 3 }),
);
const body = fc.record({
  direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
  access: fc.constantFrom('Allow' as const, 'Deny' as const),
  protocol: fc.constantFrom(
    'Tcp' as const,
    'Udp' as const,
    'Icmp' as const,
    'Esp' as const,
    'Ah' as const,
    '*' as const,
  ),
  source: address,
  destination: address,
  sourcePorts: ports,
  destinationPorts: ports,
});
/** NSG rules with unique priorities, closed by a catch-all per direction (so defaults never decide here). */
const nsgRules = (prefix: string) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 100, max: 4000 }), { maxLength: 8 }),
      fc.array(body, { maxLength: 8 }),
      fc.constantFrom('Allow' as const, 'Deny' as const),
      fc.constantFrom('Allow' as const, 'Deny' as const),
    )
    .map(([priorities, bodies, lastIn, lastOut]): RuleSpec[] => [
      ...priorities
        .slice(0, bodies.length)
        .map((priority, i) => ({ name: `${prefix}${i}`, priority, ...bodies[i]! })),
      { name: `${prefix}-last-in`, priority: 4096, direction: 'Inbound', access: lastIn, protocol: '*' },
      { name: `${prefix}-last-out`, priority: 4096, direction: 'Outbound', access: lastOut, protocol: '*' },
    ]);
const adminRules = adminRulesOf(['*', ...ADDRESSES], ['*', '22', '443', '1000-2000'], 5);
const flow = fc.record({
  dir: fc.constantFrom('Inbound' as const, 'Outbound' as const),
  proto: fc.constantFrom('TCP' as const, 'UDP' as const, 'ICMP' as const),
  remote: fc.constantFrom(...REMOTES),
  localPort: fc.constantFrom(...FLOW_PORTS),
  remotePort: fc.constantFrom(...FLOW_PORTS),
});

const refOf = (r: RuleSpec): RefRule => ({
  name: r.name,
  priority: r.priority,
  direction: r.direction,
  access: r.access,
  protocol: r.protocol,
  src: r.source ?? '*',
  dst: r.destination ?? '*',
  srcPorts: r.sourcePorts ?? '*',
  dstPorts: r.destinationPorts ?? '*',
});
const refOfAdmin = (r: AdminRuleSpec): RefRule => ({
  name: r.name,
  priority: r.priority,
  direction: r.direction,
  access: r.access,
  protocol: r.protocol,
  src: r.sources![0]!.addressPrefix,
  dst: '*',
  srcPorts: '*',
  dstPorts: r.destinationPortRanges![0] === '0-65535' ? '*' : r.destinationPortRanges![0]!,
});

test('property: evaluateFlow agrees with a naive first-match reference across admin, subnet and NIC stages', () => {
  fc.assert(
    fc.property(
      fc.option(nsgRules('s'), { nil: undefined }),
      fc.option(nsgRules('n'), { nil: undefined }),
      fc.option(adminRules, { nil: undefined }),
      fc.array(flow, { minLength: 1, maxLength: 6 }),
      (subnetRules, nicRules, admin, flows) => {
        const world = securityWorld(subnetRules, nicRules, admin, LOCAL);
        const adminRef = admin && admin.length > 0 ? admin.map(refOfAdmin) : undefined;
        for (const f of flows) {
          const expected = reference(adminRef, subnetRules?.map(refOf), nicRules?.map(refOf), f);
          const actual = evaluateFlow(world, id.nic('web1'), flowOf(f, LOCAL));
          assert.equal(actual.access, expected.access, `${JSON.stringify(f)}: ${actual.reason}`);
          assert.equal(actual.rule?.name, expected.rule, `${JSON.stringify(f)}: ${actual.reason}`);
        }
      },
    ),
    { numRuns: 300, seed: 20260101 },
  );
});
