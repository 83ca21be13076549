import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorld, parseTopology } from './load.ts';
import type { Topology } from './types.ts';

function mustParse(text: string, format: 'yaml' | 'json' = 'yaml'): Topology {
  const r = parseTopology(text, format, 'topo.' + format);
  if (!r.ok) assert.fail(r.reason);
  return r.value;
}

function mustFail(text: string): string {
  const r = parseTopology(text, 'yaml', 'topo.yaml');
  assert.equal(r.ok, false, 'expected a failure');
  return r.ok ? '' : r.reason;
}

const RESOURCES = 'resources: []\n';

test('guests and traffic as the format documents them', () => {
  const t = mustParse(`${RESOURCES}
guests:
  vm-proxy: { kind: nva, dnat: [{ protocol: udp, port: 4789, to: 10.30.3.4 }] }
  vm-col: { kind: collector }
  web1: { kind: host, listen: [{ protocol: tcp, port: 80 }, { protocol: udp, port: 53 }] }
traffic:
  poll:
    - { from: vm1, http: vm2, count: 3 }
    - { from: vm1, ping: 8.8.8.8, count: 2 }
    - { from: vm1, udp: 10.0.0.5, port: 53 }
  second:
    - { from: vm2, http: 10.0.0.4, port: 8080 }
`);
  assert.deepEqual(t.guests, {
    'vm-proxy': { kind: 'nva', dnat: [{ protocol: 'udp', port: 4789, to: '10.30.3.4' }] },
    'vm-col': { kind: 'collector' },
    web1: {
      kind: 'host',
      listen: [
        { protocol: 'tcp', port: 80 },
        { protocol: 'udp', port: 53 },
      ],
    },
  });
  assert.deepEqual(t.traffic, {
    poll: [
      { from: 'vm1', kind: 'http', to: 'vm2', count: 3 },
      { from: 'vm1', kind: 'ping', to: '8.8.8.8', count: 2 },
      { from: 'vm1', kind: 'udp', to: '10.0.0.5', port: 53 },
    ],
    second: [{ from: 'vm2', kind: 'http', to: '10.0.0.4', port: 8080 }],
  });
  assert.deepEqual(Object.keys(t.traffic), ['poll', 'second'], 'scenarios keep the file order');
});

test('guests and traffic are empty when absent, in YAML and in ARM JSON', () => {
  const yaml = mustParse(RESOURCES);
  assert.deepEqual([yaml.guests, yaml.traffic], [{}, {}]);
  const arm = mustParse('[]', 'json');
  assert.deepEqual([arm.guests, arm.traffic], [{}, {}]);
});

test('a topology document in JSON takes guests and traffic too', () => {
  const t = mustParse(
    JSON.stringify({
      resources: [],
      guests: { fw: { kind: 'nva', routes: [{ prefix: '10.0.0.0/8', nextHop: 'drop' }] } },
      traffic: { t: [{ from: 'vm1', ping: 'fw' }] },
    }),
    'json',
  );
  assert.deepEqual(t.guests, { fw: { kind: 'nva', routes: [{ prefix: '10.0.0.0/8', nextHop: 'drop' }] } });
  assert.deepEqual(t.traffic, { t: [{ from: 'vm1', kind: 'ping', to: 'fw' }] });
});

test('short IDs in from / to are completed with the file defaults; names and addresses are kept', () => {
  const t = mustParse(`resourceGroup: rg1
resources: []
traffic:
  s: [{ from: networkInterfaces/nic1, http: Microsoft.Compute/virtualMachines/vm2 }]
`);
  assert.deepEqual(t.traffic.s, [
    {
      from: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1',
      kind: 'http',
      to: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm2',
    },
  ]);
});

test('a step with two kinds, or none, is refused at the step', () => {
  assert.equal(
    mustFail(`${RESOURCES}traffic:
  s:
    - { from: vm1, http: vm2, ping: vm2 }
`),
    'topo.yaml:4:7: /traffic/s/0: a step takes one of http, ping, udp, not http and ping',
  );
  assert.equal(
    mustFail(`${RESOURCES}traffic:
  s:
    - { from: vm1, http: vm2 }
    - { from: vm1, count: 2 }
`),
    'topo.yaml:5:7: /traffic/s/1: a step needs one of http, ping, udp (the destination)',
  );
});

test('port is refused with ping; count below 1, an empty scenario and unknown keys break the schema', () => {
  assert.equal(
    mustFail(`${RESOURCES}traffic:
  s: [{ from: vm1, ping: vm2, port: 80 }]
`),
    'topo.yaml:3:37: /traffic/s/0/port: ping (ICMP) has no ports; remove port',
  );
  assert.match(
    mustFail(`${RESOURCES}traffic:\n  s: [{ from: vm1, ping: vm2, count: 0 }]\n`),
    /\/traffic\/s\/0\/count: must be >= 1/,
  );
  assert.match(
    mustFail(`${RESOURCES}traffic:\n  s: []\n`),
    /topo\.yaml:3:6: \/traffic\/s: must NOT have fewer than 1 items/,
  );
  assert.match(
    mustFail(`${RESOURCES}traffic:\n  s: [{ from: vm1, tcp: vm2 }]\n`),
    /topo\.yaml:3:\d+: \/traffic\/s\/0\/tcp: unknown property 'tcp'/,
  );
  assert.match(
    mustFail(`${RESOURCES}traffic:\n  s: [{ http: vm2 }]\n`),
    /\/traffic\/s\/0: missing required property 'from'/,
  );
  assert.match(
    mustFail(`${RESOURCES}traffic:\n  s: [{ from: vm1, udp: vm2, port: 0 }]\n`),
    /\/traffic\/s\/0\/port: must be >= 1/,
  );
});

test('a guest breaking the schema is reported at the value at fault', () => {
  assert.equal(
    mustFail(`${RESOURCES}guests:
  fw: { kind: router }
`),
    'topo.yaml:3:15: /guests/fw/kind: must be one of host, nva, collector',
  );
  assert.match(
    mustFail(`${RESOURCES}guests:\n  fw: { knd: nva }\n`),
    /topo\.yaml:3:\d+: \/guests\/fw\/knd: unknown property 'knd'/,
  );
  assert.match(
    mustFail(`${RESOURCES}guests:\n  web: { kind: host, listen: [{ protocol: sctp, port: 80 }] }\n`),
    /\/guests\/web\/listen\/0\/protocol: must be one of tcp, udp/,
  );
});

test('what only parseGuestSpec checks is reported at the first problem, naming the guest', () => {
  assert.equal(
    mustFail(`${RESOURCES}guests:
  vm-proxy:
    kind: nva
    dnat: [{ protocol: udp, port: 4789, to: 10.30.3 }]
`),
    "topo.yaml:5:45: /guests/vm-proxy/dnat/0/to: expected an IPv4 address such as 10.0.1.4, got '10.30.3'",
  );
  const two = mustFail(`${RESOURCES}guests:
  col:
    kind: collector
    listen: [{ protocol: tcp, port: 80 }]
    forwarding: true
`);
  assert.match(
    two,
    /^topo\.yaml:5:13: \/guests\/col\/listen: unknown property .*; col\.forwarding: unknown property/,
  );
});

test('loadWorld: a guest naming no VM or NIC is an advice warning', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vnetlab-scenario-')), 'lab.yaml');
  writeFileSync(
    path,
    `location: eastus
resources:
  - type: Microsoft.Network/virtualNetworks
    name: v1
    properties:
      addressSpace: { addressPrefixes: [10.0.0.0/16] }
      subnets: [{ name: s1, properties: { addressPrefix: 10.0.0.0/24 } }]
  - type: Microsoft.Network/networkInterfaces
    name: nic1
    properties:
      ipConfigurations: [{ name: ip1, properties: { subnet: { id: virtualNetworks/v1/subnets/s1 } } }]
guests:
  NIC1: { kind: collector }
  vm-typo: { kind: collector }
`,
  );
  const r = loadWorld(path);
  assert.ok(r.ok);
  assert.deepEqual(r.value.problems, []);
  assert.deepEqual(
    r.value.warnings.filter((w) => w.code === 'GuestTargetNotFound'),
    [
      {
        kind: 'advice',
        code: 'GuestTargetNotFound',
        message: "guests: 'vm-typo' is neither a VM nor a NIC of this topology; its guest is not used.",
        target: '/guests/vm-typo',
      },
    ],
  );
});
