// `vnetlab capture`: the topology's traffic scenarios run in the emulated data plane, one NIC's frames written as
// pcapng (checked with tshark, the independent decoder), VNet flow log records as JSON, exit 2 for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import { TRAFFIC_YAML, vnetlabInProcess as vnetlab, writeFixtures } from './fixtures.ts';

const f = {
  ...writeFixtures(),
  typo: (() => {
    const path = join(mkdtempSync(join(tmpdir(), 'vnetlab-capture-typo-')), 'typo.yaml');
    writeFileSync(path, `${TRAFFIC_YAML}  second:\n    - { from: vm-typo, ping: vm1 }\n`);
    return path;
  })(),
};
const dir = mkdtempSync(join(tmpdir(), 'vnetlab-capture-'));
const out = (name: string): string => join(dir, name);
const noTshark = hasTshark() ? false : 'tshark is not installed (Debian package tshark)';

test('every scenario in file order: one line per request, ping and datagram, then the frame count', async () => {
  const r = await vnetlab('capture', '-t', f.traffic, 'vm1', '-w', out('all.pcapng'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'web:',
      '  vm1 → vm2 http/80: 200, 13 byte(s)',
      '  vm1 → vm2 http/80: 200, 13 byte(s)',
      '  vm1 → 10.0.1.5 http/8080: no answer (DeniedIn by nsg-vm2/UserRule_deny-8080)',
      'probes:',
      '  vm1 → vm2 ping: 2 of 2 replied',
      '  vm1 → vm2 udp/53: sent from port 49155, Delivered',
      'elsewhere:',
      '  vm9 → vm9 ping: 1 of 1 replied',
      `25 frame(s) of nic1 written to ${out('all.pcapng')}`,
      '',
    ].join('\n'),
  );
});

test(
  'tshark decodes the capture: the NIC as interface, its TCP, ICMP and UDP in order',
  { skip: noTshark },
  async () => {
    const file = out('web.pcapng');
    const r = await vnetlab('capture', '-t', f.traffic, 'nic1', '-w', file);
    assert.equal(r.code, 0, r.stderr);
    const tcp = tsharkFields(
      file,
      ['ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.flags.str'],
      'tcp',
    );
    assert.deepEqual(tcp.slice(0, 3), [
      ['10.0.1.4', '10.0.1.5', '49152', '80', '··········S·'],
      ['10.0.1.4', '10.0.1.5', '49153', '80', '··········S·'],
      ['10.0.1.5', '10.0.1.4', '80', '49152', '·······A··S·'],
    ]);
    // The denied SYN to 8080 leaves the NIC (and is retried by nobody: the fake clock does not run timers).
    assert.deepEqual(
      tcp.filter((row) => row[3] === '8080').map((row) => row.slice(0, 4)),
      [['10.0.1.4', '10.0.1.5', '49154', '8080']],
    );
    const icmp = tsharkFields(file, ['ip.src', 'ip.dst', 'icmp.type', 'icmp.seq'], 'icmp');
    assert.deepEqual(icmp, [
      ['10.0.1.4', '10.0.1.5', '8', '1'],
      ['10.0.1.4', '10.0.1.5', '8', '2'],
      ['10.0.1.5', '10.0.1.4', '0', '1'],
      ['10.0.1.5', '10.0.1.4', '0', '2'],
    ]);
    const udp = tsharkFields(file, ['ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport'], 'udp');
    assert.deepEqual(udp[0], ['10.0.1.4', '10.0.1.5', '49155', '53']);
    const frames = tsharkFields(file, [
      'frame.interface_name',
      'frame.interface_description',
      'frame.time_epoch',
      'frame.comment',
    ]);
    assert.equal(frames.length, 25);
    assert.deepEqual([...new Set(frames.map((row) => row[0]))], ['nic1']);
    assert.deepEqual([...new Set(frames.map((row) => row[1]))], ['vnetlab nic1 (vm1)']);
    // The fake clock starts at 2026-01-01T00:00:00Z; frames of one millisecond are a nanosecond apart, in order.
    assert.equal(frames[0]![2], '1767225600.000000000');
    assert.equal(frames[1]![2], '1767225600.000000001');
    const times = frames.map((row) => BigInt(row[2]!.replace('.', '')));
    assert.ok(
      times.every((t, i) => i === 0 || t > times[i - 1]!),
      'timestamps strictly increase',
    );
    assert.deepEqual([...new Set(frames.map((row) => row[3]))].sort(), ['in', 'out']);
  },
);

test('--traffic runs one scenario', async () => {
  const file = out('probes.pcapng');
  const r = await vnetlab('capture', '-t', f.traffic, 'vm1', '-w', file, '--traffic', 'probes');
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^probes:\n {2}vm1 → vm2 ping: 2 of 2 replied\n {2}vm1 → vm2 udp\/53: sent from port 49152, Delivered\n6 frame\(s\) of nic1/,
  );
});

interface FlowLogs {
  records: {
    time: string;
    flowLogVersion: number;
    flowLogGUID: string;
    macAddress: string;
    category: string;
    flowLogResourceID: string;
    targetResourceID: string;
    operationName: string;
    flowRecords: { flows: { aclID: string; flowGroups: { rule: string; flowTuples: string[] }[] }[] };
  }[];
}

test("--flow-logs writes the VNet flow log records of the NIC's VNet", async () => {
  const file = out('flows.json');
  const r = await vnetlab('capture', '-t', f.traffic, 'vm1', '-w', out('f.pcapng'), '--flow-logs', file);
  assert.equal(r.code, 0, r.stderr);
  const vnet =
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnetlab/providers/Microsoft.Network/virtualNetworks/vnet1';
  assert.match(r.stdout, new RegExp(`\\n2 flow log record\\(s\\) of ${vnet} written to .*flows\\.json\\n$`));
  const logs = JSON.parse(readFileSync(file, 'utf8')) as FlowLogs;
  // One record per NIC per minute; vm9's NIC is in another VNet, so not in this VNet's flow log.
  assert.equal(logs.records.length, 2);
  for (const record of logs.records) {
    assert.equal(record.flowLogVersion, 4);
    assert.equal(record.category, 'FlowLogFlowEvent');
    assert.equal(record.operationName, 'FlowLogFlowEvent');
    assert.equal(record.time, '2026-01-01T00:00:00.0000000Z');
    assert.equal(record.targetResourceID, vnet);
    assert.equal(
      record.flowLogResourceID,
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs/vnetlab',
    );
    assert.match(record.flowLogGUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(record.macAddress, /^[0-9A-F]{12}$/);
  }
  // At vm2's NIC: the NSG's denial of 8080 (D), and the allowed connections to 80, each flow once, from vm1's
  // side (a bug wrote the replies as flows of their own, from vm2). Counts: SYN ACK GET ACK FIN out; SYN-ACK,
  // the response and its FIN in; the last ACK comes after the second FIN ended the flow.
  const vm2 = logs.records[1]!.flowRecords.flows;
  assert.equal(vm2.length, 1);
  assert.match(vm2[0]!.aclID, /\/networkSecurityGroups\/nsg-vm2$/);
  const tuples = Object.fromEntries(
    vm2[0]!.flowGroups.map((g) => [g.rule, g.flowTuples.map((t) => t.split(',').slice(1).join(','))]),
  );
  assert.deepEqual(tuples['UserRule_deny-8080'], ['10.0.1.4,10.0.1.5,49154,8080,6,I,D,NX,0,0,0,0']);
  const web = (tuples['DefaultRule_AllowVnetInBound'] ?? []).filter((t) => t.includes(',80,6,'));
  assert.deepEqual(web, [
    '10.0.1.4,10.0.1.5,49152,80,6,I,B,NX,0,0,0,0',
    '10.0.1.4,10.0.1.5,49153,80,6,I,B,NX,0,0,0,0',
    '10.0.1.4,10.0.1.5,49152,80,6,I,E,NX,5,361,3,262',
    '10.0.1.4,10.0.1.5,49153,80,6,I,E,NX,5,361,3,262',
  ]);
  // At vm1's NIC (no NSG: aclID unspecified), every tuple is written from vm1, the initiator.
  const vm1 = logs.records[0]!.flowRecords.flows.flatMap((x) => x.flowGroups.flatMap((g) => g.flowTuples));
  assert.ok(vm1.length > 0);
  for (const t of vm1) assert.match(t, /^\d+,10\.0\.1\.4,10\.0\.1\.5,/, t);
});

test('bad input is one line and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['capture', '-t', f.traffic, 'vm7', '-w', out('x.pcapng')], /no NIC or VM named 'vm7'/],
    [
      ['capture', '-t', f.traffic, 'vm1', '-w', out('x.pcapng'), '--traffic', 'nope'],
      /--traffic: no scenario 'nope' \(the topology has web, probes, elsewhere\)/,
    ],
    [
      ['capture', '-t', f.lab, 'vm-a', '-w', out('x.pcapng')],
      /the topology declares no traffic: scenarios to capture/,
    ],
    [
      ['capture', '-t', f.traffic, 'vm1', '-w', join(dir, 'missing', 'x.pcapng')],
      /missing\/x\.pcapng: cannot write: /,
    ],
    [['capture', '-t', f.traffic, 'vm1'], /required option '-w, --write <file>' not specified/],
    [['capture', '-t', f.typo, 'vm1', '-w', out('x.pcapng')], /traffic second: no NIC or VM named 'vm-typo'/],
  ];
  for (const [args, pattern] of cases) {
    const r = await vnetlab(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.includes('warning: '));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^vnetlab: /);
    assert.match(lines[0]!, pattern);
  }
});

test('an unknown step endpoint is refused before any traffic runs', async () => {
  const r = await vnetlab('capture', '-t', f.typo, 'vm1', '-w', out('typo.pcapng'));
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
});

test('a topology Azure would refuse: exit 1, as for the other verbs', async () => {
  const r = await vnetlab('capture', '-t', f.broken, 'vm1', '-w', out('x.pcapng'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the topology has 1 problem\(s\)/);
});
