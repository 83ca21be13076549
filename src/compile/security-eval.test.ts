// evaluateV4 (the packet data plane's IPv4 path: numbers, no bigint, shared verdicts) must decide exactly as
// evaluate (the one IP flow verify and effective security answer with): same access, rule, stage and reason, for
// random NSG and admin rule sets with service tags and AzurePlatform* tags, platform addresses, both
// platformInbound options, and private endpoints with NSG policies on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { securityOfNic } from './security.ts';
import { evaluate, evaluateV4 } from './security-eval.ts';
import type { FlowV4 } from './security-eval.ts';
import { DEFAULT_SECURITY_OPTIONS } from './security-types.ts';
import type { SecurityOptions } from './security-types.ts';
import { build, id, nic, nsg, subnet, vnet } from '../model/fixtures.ts';
import type { RuleSpec } from '../model/fixtures.ts';
import { mustParseAddress } from '../net/index.ts';
import { adminRulesOf, securityWorld } from './security-test-helpers.ts';

const LOCAL = '10.1.1.4';
const ADDRESSES = [
  '10.0.0.0/8',
  '10.1.1.0/24',
  '10.1.1.4',
  '203.0.113.0/24',
  '168.63.129.16',
  '0.0.0.0/0',
  'VirtualNetwork',
  'Internet',
  'AzureLoadBalancer',
  'AzurePlatformDNS',
  'AzurePlatformIMDS',
  'AzurePlatformLKM',
  '2001:db8::/32',
];
const PORTS = ['*', '22', '53', '80', '1688', '1000-2000', '0-1023'];
const REMOTES = ['10.1.1.9', '10.2.3.4', '203.0.113.5', '8.8.8.8', '168.63.129.16', '169.254.169.254', LOCAL];
const FLOW_PORTS = [0, 22, 53, 80, 1500, 1688, 50000, 65535];

const address = fc.oneof(
  fc.constantFrom('*', ...ADDRESSES),
  // Service tags stand alone in a rule; lists are of prefixes.
  fc.uniqueArray(fc.constantFrom(...ADDRESSES.filter((a) => /^[0-9]/.test(a))), {
    minLength: 2,
    maxLength: 3,
  }),
);
const ports = fc.oneof(
  fc.constantFrom(...PORTS),
  fc.uniqueArray(fc.constantFrom('22', '53', '443', '1000-2000'), { minLength: 2, maxLength: 3 }),
);
const nsgRules = (prefix: string) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 100, max: 4096 }), { maxLength: 8 }),
      fc.array(
        fc.record({
          direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
          access: fc.constantFrom('Allow' as const, 'Deny' as const),
          protocol: fc.constantFrom(
            'Tcp' as const,
            'Udp' as const,
            'Icmp' as const,
            'Esp' as const,
            '*' as const,
          ),
          source: address,
          destination: address,
          sourcePorts: ports,
          destinationPorts: ports,
        }),
        { maxLength: 8 },
      ),
    )
    .map(([priorities, bodies]): RuleSpec[] =>
      priorities
        .slice(0, bodies.length)
        .map((priority, i) => ({ name: `${prefix}${i}`, priority, ...bodies[i]! })),
    );
const adminRules = adminRulesOf(
  ['*', '10.0.0.0/8', '203.0.113.0/24', '8.8.8.8'],
  ['*', '22', '53', '1000-2000'],
  4,
);
const flow = fc.record({
  direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
  protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'ICMP' as const),
  remote: fc.constantFrom(...REMOTES),
  localPort: fc.constantFrom(...FLOW_PORTS),
  remotePort: fc.constantFrom(...FLOW_PORTS),
});
const options = fc.record({
  platformInbound: fc.constantFrom('evaluate-nsg' as const, 'bypass' as const),
  udrPrefixesInVirtualNetworkTag: fc.constantFrom('exclude-default-route' as const, 'all' as const),
});

const v4 = (text: string): number => Number(mustParseAddress(text).value);

test('property: evaluateV4 decides exactly as evaluate (access, rule, stage, reason)', () => {
  fc.assert(
    fc.property(
      fc.option(nsgRules('s'), { nil: undefined }),
      fc.option(nsgRules('n'), { nil: undefined }),
      fc.option(adminRules, { nil: undefined }),
      fc.array(flow, { minLength: 1, maxLength: 8 }),
      options,
      (subnetRules, nicRules, admin, flows, opts: Required<SecurityOptions>) => {
        const world = securityWorld(subnetRules, nicRules, admin, LOCAL);
        const sec = securityOfNic(world, id.nic('web1'), opts);
        for (const f of flows) {
          const expected = evaluate(
            sec,
            {
              direction: f.direction,
              protocol: f.protocol,
              local: mustParseAddress(LOCAL),
              localPort: f.localPort,
              remote: mustParseAddress(f.remote),
              remotePort: f.remotePort,
            },
            opts,
          );
          const flow4: FlowV4 = { ...f, local: v4(LOCAL), remote: v4(f.remote) };
          const actual = evaluateV4(sec, flow4, opts);
          const where = `${JSON.stringify(f)} ${JSON.stringify(opts)}`;
          assert.equal(actual.access, expected.access, where);
          assert.equal(actual.rule, expected.rule, where);
          assert.equal(actual.stage, expected.stage, where);
          assert.equal(actual.reason, expected.reason, where);
        }
      },
    ),
    { numRuns: 400, seed: 20261122 },
  );
});

test('evaluateV4 shares verdicts: the same rule and stage give the same object', () => {
  const world = build([
    nsg('nsg-subnet', [
      {
        name: 'deny-ssh',
        priority: 100,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        destinationPorts: '22',
      },
    ]),
    vnet('vnet1', ['10.1.0.0/16'], { web: subnet('10.1.1.0/24', { nsg: 'nsg-subnet' }) }),
    nic('web1', id.subnet('vnet1', 'web'), LOCAL),
  ]);
  const sec = securityOfNic(world, id.nic('web1'));
  const ssh = (remotePort: number): FlowV4 => ({
    direction: 'Inbound',
    protocol: 'TCP',
    local: v4(LOCAL),
    localPort: 22,
    remote: v4('10.1.1.9'),
    remotePort,
  });
  const a = evaluateV4(sec, ssh(40000), DEFAULT_SECURITY_OPTIONS);
  const b = evaluateV4(sec, ssh(40001), DEFAULT_SECURITY_OPTIONS);
  assert.equal(a.access, 'Deny');
  assert.equal(a.reason, "denied by rule 'deny-ssh' of NSG 'nsg-subnet'");
  assert.equal(a, b);
});
