// VNet flow logs (azure-semantics.md §10.6; vnet-flow-logs-overview "Log format", "Sample log record"):
// B / C / E / D events with exact deltas, tuple orientation, and the JSON record against the docs' sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONTINUING_INTERVAL_MS, FlowRecorder, flowLogRecords, flowTuple } from './flow-log.ts';
import type { FlowPacket } from './flow-log.ts';
import type { FlowEvent } from './types.ts';
import { formatIpv4, mustParseIpv4 } from '../wire/index.ts';

const ip = mustParseIpv4;
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const VM = ip('10.0.0.6');
const WEB = ip('52.239.184.180');
const NSG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg';
const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const RST = 0x04;

/** A packet at vm1's NIC of the flow VM:23956 → WEB:443 that vm1 began; `out` says which way it goes. */
function at(
  time: number,
  out: boolean,
  bytes: number,
  tcpFlags = ACK,
  more: Partial<FlowPacket> = {},
): FlowPacket {
  return {
    time,
    nicId: '/nic/vm1',
    mac: '00:22:48:71:c2:05',
    aclId: NSG,
    rule: 'DefaultRule_AllowInternetOutBound',
    src: out ? VM : WEB,
    dst: out ? WEB : VM,
    srcPort: out ? 23956 : 443,
    dstPort: out ? 443 : 23956,
    protocol: 6,
    initiator: 'local',
    fromInitiator: out,
    bytes,
    denied: false,
    tcpFlags,
    ...more,
  };
}

const brief = (e: FlowEvent) => [e.time - T0, e.state, e.packetsOut, e.bytesOut, e.packetsIn, e.bytesIn];

test('a TCP flow: B when it begins, C at five minutes with the deltas, E at the second FIN', () => {
  const r = new FlowRecorder();
  r.packet(at(T0, true, 60, SYN));
  r.packet(at(T0 + 1, false, 60, SYN | ACK));
  r.packet(at(T0 + 2, true, 52));
  r.packet(at(T0 + 3, true, 500));
  r.packet(at(T0 + 4, false, 1500));
  const later = T0 + 6 * 60_000;
  r.packet(at(later, true, 100));
  r.packet(at(later + 1, true, 52, FIN | ACK));
  r.packet(at(later + 2, false, 52, FIN | ACK));
  // The last ACK belongs to the ended flow: absorbed, not a new flow.
  r.packet(at(later + 3, true, 52));
  r.expire(later + 10, 4 * 60_000);
  assert.deepEqual(r.events().map(brief), [
    [0, 'B', 0, 0, 0, 0],
    [CONTINUING_INTERVAL_MS, 'C', 3, 612, 2, 1560],
    [6 * 60_000 + 2, 'E', 2, 152, 1, 52],
  ]);
  const [b] = r.events();
  assert.ok(b);
  assert.equal(formatIpv4(b.src), '10.0.0.6');
  assert.equal(formatIpv4(b.dst), '52.239.184.180');
  assert.equal(b.direction, 'O');
  assert.equal(b.rule, 'DefaultRule_AllowInternetOutBound');
});

test('a flow the remote end began is inbound, its tuple from the remote side', () => {
  const r = new FlowRecorder();
  const inbound = (time: number, fromClient: boolean, bytes: number, flags: number) =>
    at(time, !fromClient, bytes, flags, { initiator: 'remote', fromInitiator: fromClient });
  r.packet(inbound(T0, true, 60, SYN));
  r.packet(inbound(T0 + 1, false, 60, SYN | ACK));
  r.packet(inbound(T0 + 2, false, 40, RST));
  const events = r.events();
  assert.deepEqual(events.map(brief), [
    [0, 'B', 0, 0, 0, 0],
    [2, 'E', 1, 60, 2, 100],
  ]);
  const e = events[1];
  assert.ok(e);
  assert.equal(e.direction, 'I');
  assert.deepEqual(
    [formatIpv4(e.src), e.srcPort, formatIpv4(e.dst), e.dstPort],
    ['52.239.184.180', 443, '10.0.0.6', 23956],
  );
});

test('denied packets: one D per flow per minute, with zero counts and the denying rule', () => {
  const r = new FlowRecorder();
  const scan = (time: number, port: number) =>
    at(time, false, 60, SYN, {
      initiator: 'remote',
      fromInitiator: true,
      src: ip('101.33.218.153'),
      srcPort: 55188,
      dst: VM,
      dstPort: port,
      denied: true,
      rule: 'UserRule_deny-ssh',
    });
  r.packet(scan(T0 + 1000, 22));
  r.packet(scan(T0 + 2000, 22)); // retransmitted SYN, same minute
  r.packet(scan(T0 + 3000, 23)); // another flow
  r.packet(scan(T0 + 61_000, 22)); // next minute
  r.expire(T0 + 62_000, 60_000);
  const events = r.events();
  assert.deepEqual(
    events.map((e) => [e.time - T0, e.dstPort, e.state, e.direction, e.rule, e.packetsOut + e.packetsIn]),
    [
      [1000, 22, 'D', 'I', 'UserRule_deny-ssh', 0],
      [3000, 23, 'D', 'I', 'UserRule_deny-ssh', 0],
      [61_000, 22, 'D', 'I', 'UserRule_deny-ssh', 0],
    ],
  );
});

test('idle flows end (E) when they went idle; a new SYN after the end begins a new flow', () => {
  const r = new FlowRecorder();
  const udp = (time: number, out: boolean, bytes: number) =>
    at(time, out, bytes, 0, { protocol: 17, dstPort: out ? 53 : 23956, srcPort: out ? 23956 : 53 });
  r.packet(udp(T0, true, 70));
  r.packet(udp(T0 + 10, false, 120));
  r.expire(T0 + 30_000, 60_000);
  assert.equal(r.events().length, 1, 'still live');
  r.expire(T0 + 90_000, 60_000);
  assert.deepEqual(r.events().map(brief), [
    [0, 'B', 0, 0, 0, 0],
    [60_010, 'E', 1, 70, 1, 120],
  ]);

  const t = new FlowRecorder();
  t.packet(at(T0, true, 60, SYN));
  t.packet(at(T0 + 1, true, 40, RST));
  t.packet(at(T0 + 2, true, 60, SYN));
  assert.deepEqual(
    t.events().map((e) => [e.time - T0, e.state]),
    [
      [0, 'B'],
      [1, 'E'],
      [2, 'B'],
    ],
  );
});

test('the flowTuple CSV is the 13 fields of the docs example', () => {
  const e: FlowEvent = {
    time: 1663146003606,
    nicId: '/nic',
    mac: '00-22-48-71-C2-05',
    aclId: 'acl',
    rule: 'r',
    src: ip('10.0.0.6'),
    dst: ip('52.239.184.180'),
    srcPort: 23956,
    dstPort: 443,
    protocol: 6,
    direction: 'O',
    state: 'E',
    packetsOut: 3,
    bytesOut: 767,
    packetsIn: 2,
    bytesIn: 1580,
  };
  assert.equal(flowTuple(e), '1663146003606,10.0.0.6,52.239.184.180,23956,443,6,O,E,NX,3,767,2,1580');
});

// The docs' sample record (vnet-flow-logs-overview, "Sample log record"), the tuples of its minute 09:00.
const SAMPLE = {
  flowLogGUID: 'abcdef01-2345-6789-0abc-def012345678',
  macAddress: '00224871C205',
  flowLogResourceID:
    '/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/NETWORKWATCHERRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKWATCHERS/NETWORKWATCHER_EASTUS2EUAP/FLOWLOGS/VNETFLOWLOG',
  targetResourceID:
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/myVNet',
  flows: [
    {
      aclID: '00000000-1234-abcd-ef00-c1c2c3c4c5c6',
      flowGroups: [
        {
          rule: 'DefaultRule_AllowInternetOutBound',
          flowTuples: [
            '1663146003599,10.0.0.6,52.239.184.180,23956,443,6,O,B,NX,0,0,0,0',
            '1663146003606,10.0.0.6,52.239.184.180,23956,443,6,O,E,NX,3,767,2,1580',
            '1663146003637,10.0.0.6,40.74.146.17,22730,443,6,O,B,NX,0,0,0,0',
            '1663146003640,10.0.0.6,40.74.146.17,22730,443,6,O,E,NX,3,705,4,4569',
            '1663146017343,10.0.0.6,104.16.218.84,36776,443,6,O,B,NX,0,0,0,0',
            '1663146022793,10.0.0.6,104.16.218.84,36776,443,6,O,E,NX,22,2217,33,32466',
          ],
        },
      ],
    },
    {
      aclID: '01020304-abcd-ef00-1234-102030405060',
      flowGroups: [
        {
          rule: 'BlockHighRiskTCPPortsFromInternet',
          flowTuples: ['1663146005503,192.241.200.164,10.0.0.6,35276,119,6,I,D,NX,0,0,0,0'],
        },
        {
          rule: 'Internet',
          flowTuples: ['1663146015545,20.106.221.10,10.0.0.6,50557,31244,6,I,D,NX,0,0,0,0'],
        },
      ],
    },
  ],
};

function eventOf(tuple: string, aclId: string, rule: string): FlowEvent {
  const [time, src, dst, sp, dp, proto, dir, state, , po, bo, pi, bi] = tuple.split(',');
  return {
    time: Number(time),
    nicId: '/nic',
    mac: '00:22:48:71:c2:05',
    aclId,
    rule,
    src: ip(src ?? ''),
    dst: ip(dst ?? ''),
    srcPort: Number(sp),
    dstPort: Number(dp),
    protocol: Number(proto),
    direction: dir === 'I' ? 'I' : 'O',
    state: state as FlowEvent['state'],
    packetsOut: Number(po),
    bytesOut: Number(bo),
    packetsIn: Number(pi),
    bytesIn: Number(bi),
  };
}

test("records: one per NIC per minute, flows by aclID then rule, shaped like the docs' sample", () => {
  const events = SAMPLE.flows.flatMap((f) =>
    f.flowGroups.flatMap((g) => g.flowTuples.map((t) => eventOf(t, f.aclID, g.rule))),
  );
  // A tuple of the previous minute and one of another NIC make records of their own.
  const earlier = eventOf(
    '1663145998065,101.33.218.153,10.0.0.6,55188,22,6,I,D,NX,0,0,0,0',
    'acl2',
    'Internet',
  );
  const otherNic = {
    ...eventOf(SAMPLE.flows[0]?.flowGroups[0]?.flowTuples[0] ?? '', 'acl', 'r'),
    mac: 'aa:bb:cc:dd:ee:ff',
  };
  const records = flowLogRecords([...events.reverse(), earlier, otherNic], {
    flowLogResourceId: SAMPLE.flowLogResourceID,
    targetResourceId: SAMPLE.targetResourceID,
    flowLogGuid: SAMPLE.flowLogGUID,
  });
  assert.deepEqual(
    records.map((r) => [r.time, r.macAddress]),
    [
      ['2022-09-14T08:59:00.0000000Z', '00224871C205'],
      ['2022-09-14T09:00:00.0000000Z', '00224871C205'],
      ['2022-09-14T09:00:00.0000000Z', 'AABBCCDDEEFF'],
    ],
  );
  assert.deepEqual(records[1], {
    time: '2022-09-14T09:00:00.0000000Z',
    flowLogVersion: 4,
    flowLogGUID: SAMPLE.flowLogGUID,
    macAddress: SAMPLE.macAddress,
    category: 'FlowLogFlowEvent',
    flowLogResourceID: SAMPLE.flowLogResourceID,
    targetResourceID: SAMPLE.targetResourceID,
    operationName: 'FlowLogFlowEvent',
    flowRecords: { flows: SAMPLE.flows },
  });
  // Without a GUID one is derived from the flow log's ID, the same every time.
  const a = flowLogRecords([earlier], { flowLogResourceId: 'x', targetResourceId: 'y' })[0]?.flowLogGUID;
  assert.match(a ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(
    flowLogRecords([earlier], { flowLogResourceId: 'x', targetResourceId: 'y' })[0]?.flowLogGUID,
    a,
  );
});

test('property: the deltas of B / C / E add up to every packet of a flow, C every five minutes', () => {
  const step = fc.record({
    gap: fc.integer({ min: 0, max: 3 * 60_000 }),
    out: fc.boolean(),
    bytes: fc.integer({ min: 20, max: 1500 }),
  });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
      const r = new FlowRecorder();
      let time = T0;
      let out = [0, 0];
      let back = [0, 0];
      for (const s of steps) {
        time += s.gap;
        r.packet(at(time, s.out, s.bytes, 0, { protocol: 17 }));
        if (s.out) out = [(out[0] ?? 0) + 1, (out[1] ?? 0) + s.bytes];
        else back = [(back[0] ?? 0) + 1, (back[1] ?? 0) + s.bytes];
        // A generous idle timeout: the flow never ends in the middle.
        r.expire(time, 10 * 60_000);
      }
      r.expire(time + 10 * 60_000, 10 * 60_000);
      const events = r.events();
      assert.equal(events[0]?.state, 'B');
      assert.equal(events.at(-1)?.state, 'E');
      assert.equal(events.at(-1)?.time, time + 10 * 60_000);
      const sum = (f: (e: FlowEvent) => number) => events.reduce((n, e) => n + f(e), 0);
      assert.deepEqual([sum((e) => e.packetsOut), sum((e) => e.bytesOut)], out);
      assert.deepEqual([sum((e) => e.packetsIn), sum((e) => e.bytesIn)], back);
      for (const e of events.slice(1, -1)) {
        assert.equal(e.state, 'C');
        assert.equal(
          (e.time - (events[0]?.time ?? 0)) % CONTINUING_INTERVAL_MS,
          0,
          "C on the flow's five-minute marks",
        );
        assert.ok(e.packetsOut + e.packetsIn > 0);
      }
    }),
    { numRuns: 300 },
  );
});
