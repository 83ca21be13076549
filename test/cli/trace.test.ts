// `vnetlab trace`: one probe through the emulated data plane on examples/tap-demo, as text and as
// { trace, connectivity }; exit 0 when it arrives, 1 when it does not, 2 for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { vnetlabInProcess as vnetlab, writeFixtures } from './fixtures.ts';

const TAP_DEMO = fileURLToPath(new URL('../../examples/tap-demo/topology.yaml', import.meta.url));
const f = writeFixtures();

test('vm1 → vm2 TCP 80 (the default): hops numbered, steps indented, Delivered, exit 0', async () => {
  const r = await vnetlab('trace', '-t', TAP_DEMO, '--source', 'vm1', '--destination', 'vm2');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'probe: TCP 10.0.2.4:50000 > 10.0.2.5:80 [S]');
  assert.equal(lines[1], '1. vm1-nic outbound: TCP 10.0.2.4:50000 > 10.0.2.5:80 [S]');
  assert.match(r.stdout, /\n {3}Tap {7}Copied {5}mirrored to 10\.1\.1\.4 UDP 4789 .* by vtap-collector\n/);
  assert.match(
    r.stdout,
    /\n {3}Security {2}Allowed {4}allowed by default rule 'AllowVnetOutBound' of NSG 'nsg-web'\n/,
  );
  assert.match(r.stdout, /\n2\. vm2-nic inbound: TCP 10\.0\.2\.4:50000 > 10\.0\.2\.5:80 \[S\]\n/);
  assert.match(r.stdout, /\n {3}Delivery {2}Delivered {2}to vm2-nic \(vm2\)\n/);
  assert.equal(lines.at(-1), 'disposition: Delivered — delivered to vm2');
});

interface TraceJson {
  trace: {
    packet: string;
    hops: { node: string; direction: string; steps: { type: string; action: string }[] }[];
    disposition: string;
    reason: string;
  };
  connectivity: {
    hops: {
      type: string;
      address: string;
      resourceId: string;
      issues: { type: string; context: Record<string, string>[] }[];
    }[];
    connectionStatus: string;
    probesSent: number;
    probesFailed: number;
    avgLatencyInMs?: number;
  };
}

test('--json: the trace and its ConnectivityInformation, Reachable', async () => {
  const r = await vnetlab('trace', '-t', TAP_DEMO, '--source', 'vm1', '--destination', '10.0.2.5', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as TraceJson;
  assert.deepEqual(Object.keys(out), ['trace', 'connectivity']);
  assert.equal(out.trace.disposition, 'Delivered');
  assert.deepEqual(
    out.trace.hops.map((h) => [h.node, h.direction]),
    [
      ['vm1-nic', 'Outbound'],
      ['vm2-nic', 'Inbound'],
    ],
  );
  assert.equal(out.connectivity.connectionStatus, 'Reachable');
  assert.deepEqual([out.connectivity.probesSent, out.connectivity.probesFailed], [1, 0]);
  assert.deepEqual(
    out.connectivity.hops.map((h) => [h.type, h.address]),
    [
      ['Source', '10.0.2.4'],
      ['VnetLocal', '10.0.2.5'],
    ],
  );
  assert.match(out.connectivity.hops[0]!.resourceId, /\/networkInterfaces\/vm1-nic$/);
});

test('a denied probe: DeniedIn naming the NSG rule, exit 1; Unreachable with its issue in --json', async () => {
  const args = [
    'trace',
    '-t',
    TAP_DEMO,
    '--source',
    'vm1',
    '--destination',
    'vm-collector',
    '--port',
    '3389',
  ];
  const r = await vnetlab(...args);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\n2\. collector-nic inbound: TCP 10\.0\.2\.4:50000 > 10\.1\.1\.4:3389 \[S\]\n/);
  assert.match(
    r.stdout,
    /\n {3}Security {2}Denied {3}denied by rule 'deny-other-vnet-inbound' of NSG 'nsg-collector'\n/,
  );
  assert.match(
    r.stdout,
    /\ndisposition: DeniedIn — DeniedIn by nsg-collector\/UserRule_deny-other-vnet-inbound\n$/,
  );
  const j = await vnetlab(...args, '--protocol', 'tcp', '--json');
  assert.equal(j.code, 1);
  const out = JSON.parse(j.stdout) as TraceJson;
  assert.equal(out.trace.disposition, 'DeniedIn');
  assert.equal(out.connectivity.connectionStatus, 'Unreachable');
  assert.equal(out.connectivity.avgLatencyInMs, undefined);
  const issues = out.connectivity.hops.flatMap((h) => h.issues);
  assert.deepEqual(issues, [
    {
      origin: 'Inbound',
      severity: 'Error',
      type: 'NetworkSecurityRule',
      context: [{ key: 'RuleName', value: 'UserRule_deny-other-vnet-inbound' }],
    },
  ]);
});

test('ICMP to the internet leaves through default outbound access: DeliveredToInternet, exit 0', async () => {
  const r = await vnetlab(
    'trace',
    '-t',
    TAP_DEMO,
    '--source',
    'vm1-nic',
    '--destination',
    '8.8.8.8',
    '--protocol',
    'ICMP',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^probe: ICMP 10\.0\.2\.4 > 8\.8\.8\.8 echo request/);
  assert.match(r.stdout, /\n {3}Nat {7}Translated {2}SNAT by default outbound access/);
  assert.match(r.stdout, /\ndisposition: DeliveredToInternet — /);
});

test('bad input is one line and exit 2', async () => {
  const base = ['trace', '-t', TAP_DEMO];
  const cases: [string[], RegExp][] = [
    [
      [...base, '--source', 'vm1', '--destination', 'vm2', '--protocol', 'sctp'],
      /'sctp' is invalid\. expected one of TCP, UDP, ICMP/,
    ],
    [
      [...base, '--source', 'vm1', '--destination', 'vm2', '--port', '70000'],
      /'70000' is invalid\. expected a port number 0-65535/,
    ],
    [
      [...base, '--source', 'vm1', '--destination', 'vm2', '--protocol', 'icmp', '--port', '7'],
      /--port: ICMP has no ports/,
    ],
    [[...base, '--source', 'vm7', '--destination', 'vm2'], /--source: no NIC or VM named 'vm7'/],
    [
      [...base, '--source', 'vm1', '--destination', '10.0.2'],
      /--destination: '10\.0\.2' is neither an IPv4 address nor a VM or NIC/,
    ],
    [[...base, '--destination', 'vm2'], /required option '--source <nic>' not specified/],
    [
      ['trace', '-t', f.badYaml, '--source', 'vm1', '--destination', 'vm2'],
      /bad\.yaml:\d+:\d+: invalid YAML/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const r = await vnetlab(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^vnetlab: /);
    assert.match(lines[0]!, pattern);
  }
});

test('a topology Azure would refuse: its problems, exit 1', async () => {
  const r = await vnetlab('trace', '-t', f.broken, '--source', 'vm1', '--destination', 'vm2');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the topology has 1 problem\(s\); run 'vnetlab check -t /);
});
