// The engine on small worlds: platform answers, the host's filters, stateful security, the flow cache and its
// invalidation. Each test injects frames and asserts the packets out, the trace's steps and its disposition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, id, nic, nsg, put, vnet } from '../model/fixtures.ts';
import type { Change, World } from '../model/index.ts';
import {
  arp,
  arpFrame,
  describeFrame,
  dhcp,
  dns,
  ipv4Frame,
  mustParseIpv4,
  parseHeaders,
  tcp,
  tcpFrame,
  udpFrame,
} from '../wire/index.ts';
import { Engine } from './engine.ts';
import { hash7 } from './hash.ts';
import type { Port } from './fabric.ts';
import { renderTrace } from './trace.ts';
import { AZURE_GATEWAY_MAC, FakeClock } from './types.ts';
import type { Guest, Trace } from './types.ts';

const ip = mustParseIpv4;
const SUBNET = id.subnet('v1', 's1');

/** One VNet, two VMs' NICs (10.0.1.4, 10.0.1.5), an NSG on the subnet with the given inbound rules. */
function world(rules: Parameters<typeof nsg>[1] = [], more: Change[] = []): World {
  return build([
    nsg('nsg1', rules),
    vnet('v1', ['10.0.0.0/16'], {
      s1: {
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroup: { id: id.nsg('nsg1') },
        defaultOutboundAccess: false,
      },
    }),
    nic('a', SUBNET, '10.0.1.4'),
    nic('b', SUBNET, '10.0.1.5'),
    ...more,
  ]);
}

/** A guest that keeps what it receives. */
function recorder(): Guest & { frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  return { kind: 'collector', frames, receive: (f) => void frames.push(f.slice()) };
}

function setUp(w: World) {
  const clock = new FakeClock();
  const engine = new Engine(w, { clock });
  const a = engine.port('a')!;
  const b = engine.port('b')!;
  const atA = recorder();
  const atB = recorder();
  engine.attach(a, atA);
  engine.attach(b, atB);
  return { engine, clock, a, b, atA, atB };
}

const udp = (from: Port, dst: number, srcPort: number, dstPort: number, src = from.addresses[0]!) =>
  udpFrame({
    srcMac: from.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src,
    dst,
    srcPort,
    dstPort,
    payload: new Uint8Array(8),
  });

const tcpSyn = (from: Port, dst: number, dstPort: number, flags: number = tcp.Flags.SYN) =>
  tcpFrame({
    srcMac: from.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src: from.addresses[0]!,
    dst,
    srcPort: 40000,
    dstPort,
    seq: 1,
    ack: 0,
    flags,
  });

const explain = (t: Trace): string => `\n${renderTrace(t)}`;

test('every ARP request is answered with 12:34:56:78:9a:bc, whatever the address', () => {
  const { engine, a, atA } = setUp(world());
  const request = arpFrame({
    srcMac: a.mac,
    dstMac: 'ff:ff:ff:ff:ff:ff',
    operation: arp.Operation.Request,
    senderMac: a.mac,
    senderIp: ip('10.0.1.4'),
    targetMac: '00:00:00:00:00:00',
    targetIp: ip('10.0.1.77'),
  });
  const trace = engine.inject(a, request);
  assert.equal(trace.disposition, 'AnsweredByPlatform', explain(trace));
  assert.equal(atA.frames.length, 1);
  const reply = arp.parse(atA.frames[0]!.subarray(14));
  assert.ok(reply.ok);
  assert.equal(reply.value.repr.operation, arp.Operation.Reply);
  assert.equal(reply.value.repr.senderMac, AZURE_GATEWAY_MAC);
  assert.equal(reply.value.repr.senderIp, ip('10.0.1.77'));
});

test('DHCP is answered by the platform: the NIC address, the .1 gateway, Azure DNS', () => {
  const { engine, a, atA } = setUp(world());
  const discover: dhcp.Repr = {
    op: 1,
    xid: 0x1234,
    secs: 0,
    flags: 0x8000,
    ciaddr: 0,
    yiaddr: 0,
    siaddr: 0,
    giaddr: 0,
    chaddr: a.mac,
    messageType: dhcp.MessageType.Discover,
    options: {},
  };
  const payload = new Uint8Array(dhcp.bufferLen(discover));
  dhcp.emit(discover, payload);
  const frame = udpFrame({
    srcMac: a.mac,
    dstMac: 'ff:ff:ff:ff:ff:ff',
    src: 0,
    dst: 0xffffffff,
    srcPort: 68,
    dstPort: 67,
    payload,
  });
  const trace = engine.inject(a, frame);
  assert.equal(trace.disposition, 'AnsweredByPlatform', explain(trace));
  const h = parseHeaders(atA.frames[0]!);
  assert.ok(h.ok);
  const offer = dhcp.parse(atA.frames[0]!.subarray(h.value.payloadOffset));
  assert.ok(offer.ok);
  assert.equal(offer.value.repr.messageType, dhcp.MessageType.Offer);
  assert.equal(offer.value.repr.yiaddr, ip('10.0.1.4'));
  assert.deepEqual(offer.value.repr.options.router, [ip('10.0.1.1')]);
  assert.deepEqual(offer.value.repr.options.dnsServers, [ip('168.63.129.16')]);
  assert.equal(offer.value.repr.options.subnetMask, ip('255.255.255.0'));
});

test('Azure DNS at 168.63.129.16 resolves VM names inside the VNet and nothing else', () => {
  const w = world(
    [],
    [
      put({
        id: id.vm('web2'),
        location: 'eastus',
        properties: { networkProfile: { networkInterfaces: [{ id: id.nic('b') }] } },
      }),
    ],
  );
  const { engine, a, atA } = setUp(w);
  const ask = (name: string): dns.Repr => {
    const q: dns.Repr = {
      id: 7,
      response: false,
      opcode: 0,
      authoritative: false,
      truncated: false,
      recursionDesired: true,
      recursionAvailable: false,
      rcode: 0,
      questions: [{ name, type: dns.Type.A, class: 1 }],
      answers: [],
    };
    const payload = new Uint8Array(dns.bufferLen(q));
    dns.emit(q, payload);
    const before = atA.frames.length;
    const query = udpFrame({
      srcMac: a.mac,
      dstMac: AZURE_GATEWAY_MAC,
      src: a.addresses[0]!,
      dst: ip('168.63.129.16'),
      srcPort: 53001,
      dstPort: 53,
      payload,
    });
    assert.equal(engine.inject(a, query).disposition, 'AnsweredByPlatform');
    const reply = atA.frames[before]!;
    const h = parseHeaders(reply);
    assert.ok(h.ok);
    const r = dns.parse(reply.subarray(h.value.payloadOffset));
    assert.ok(r.ok);
    return r.value.repr;
  };
  const found = ask('web2');
  assert.equal(found.rcode, dns.Rcode.NoError);
  assert.deepEqual(
    found.answers.map((x) => x.data),
    [{ kind: 'A', address: ip('10.0.1.5') }],
  );
  assert.equal(ask('www.example.com').rcode, dns.Rcode.NXDomain);
});

test("the host's filters: broadcast, GRE, UDP source port 65330, spoofed sources", () => {
  const { engine, a, b } = setUp(world());
  const bcast = udpFrame({
    srcMac: a.mac,
    dstMac: 'ff:ff:ff:ff:ff:ff',
    src: a.addresses[0]!,
    dst: ip('10.0.1.255'),
    srcPort: 5000,
    dstPort: 5000,
    payload: new Uint8Array(4),
  });
  assert.equal(engine.inject(a, bcast).disposition, 'BroadcastDropped');
  const gre = ipv4Frame({
    srcMac: a.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src: a.addresses[0]!,
    dst: b.addresses[0]!,
    protocol: 47,
    payload: new Uint8Array(8),
  });
  assert.equal(engine.inject(a, gre).disposition, 'ProtocolNotSupported');
  assert.equal(engine.inject(a, udp(a, b.addresses[0]!, 65330, 53)).disposition, 'ReservedPort');
  const spoofed = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53, ip('10.0.1.99')));
  assert.equal(spoofed.disposition, 'SourceCheckFailed', explain(spoofed));
  assert.match(spoofed.reason, /enableIPForwarding false/);
});

test('security is stateful: return traffic passes, unsolicited traffic meets the inbound rules', () => {
  const w = world([
    { name: 'deny-udp-in', priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Udp' },
  ]);
  const { engine, a, b, atA, atB } = setUp(w);
  const out = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.equal(out.disposition, 'DeniedIn', explain(out));
  assert.equal(out.reason, 'DeniedIn by nsg1/UserRule_deny-udp-in');
  assert.equal(atB.frames.length, 0);
  // From outside the rule's reach: b's packet to a is denied the same way; but once a starts a flow that is
  // allowed (TCP), b's answers come back through the connection table.
  const syn = engine.inject(a, tcpSyn(a, b.addresses[0]!, 22));
  assert.equal(syn.disposition, 'Delivered', explain(syn));
  const synAck = tcpFrame({
    srcMac: b.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src: b.addresses[0]!,
    dst: a.addresses[0]!,
    srcPort: 22,
    dstPort: 40000,
    seq: 9,
    ack: 2,
    flags: tcp.Flags.SYN | tcp.Flags.ACK,
  });
  const back = engine.inject(b, synAck);
  assert.equal(back.disposition, 'Delivered', explain(back));
  assert.ok(
    back.hops.some((h) => h.steps.some((s) => /return traffic/.test(s.detail))),
    explain(back),
  );
  assert.equal(atA.frames.length, 1);
  assert.equal(describeFrame(atA.frames[0]!), describeFrame(synAck));
});

test('a rule change stops new flows only; an existing flow keeps flowing', () => {
  const open = world();
  const { engine, a, b } = setUp(open);
  const first = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.equal(first.disposition, 'Delivered', explain(first));
  engine.setWorld(
    world([{ name: 'deny-udp-in', priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Udp' }]),
  );
  const again = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.equal(again.disposition, 'Delivered', explain(again));
  const fresh = engine.inject(a, udp(a, b.addresses[0]!, 5001, 53));
  assert.equal(fresh.disposition, 'DeniedIn', explain(fresh));
});

test('the flow cache serves a flow after its first packet, and a relevant change sends it back to the slow path', () => {
  const { engine, a, b, atB } = setUp(world());
  engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.deepEqual(engine.stats, { slow: 1, cached: 0 });
  const second = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.equal(second.cached, true);
  assert.equal(second.disposition, 'Delivered');
  assert.deepEqual(engine.stats, { slow: 1, cached: 1 });
  assert.equal(atB.frames.length, 2);
  // An unrelated change (a new NSG nobody uses) keeps the cached decision.
  engine.setWorld(build([nsg('unused')], engine.world));
  engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.deepEqual(engine.stats, { slow: 1, cached: 2 });
  // A rule in a's subnet NSG changes a's signature: the next packet takes the slow path again.
  engine.setWorld(
    build(
      [
        nsg('nsg1', [
          { name: 'deny-out', priority: 100, direction: 'Outbound', access: 'Deny', protocol: 'Tcp' },
        ]),
      ],
      engine.world,
    ),
  );
  const after = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  assert.equal(after.cached, false);
  assert.equal(after.disposition, 'Delivered', explain(after));
  assert.deepEqual(engine.stats, { slow: 2, cached: 2 });
});

test('flows whose cache keys collide are both served from the flow cache', () => {
  const { engine, a, b, atA, atB } = setUp(world());
  // A flow a → b and a flow b → a that hash alike (the cache key is engine.ts's flowHash: hash7 of the flow and
  // 0). Ports alone cannot collide (FNV steps are bijections on 32 bits and ports only touch the low 16), so
  // the search meets in the middle between the two directions; it is deterministic.
  const key = (from: Port, to: Port, n: number) =>
    hash7(
      from.index,
      17,
      from.addresses[0]!,
      1024 + (n % 60000),
      to.addresses[0]!,
      53 + Math.floor(n / 60000),
      0,
    );
  const ports = (n: number): [number, number] => [1024 + (n % 60000), 53 + Math.floor(n / 60000)];
  const fromA = new Map<number, number>();
  for (let n = 0; n < 150_000; n++) fromA.set(key(a, b, n), n);
  let pair: [number, number] | undefined;
  for (let n = 0; !pair && n < 600_000; n++) {
    const other = fromA.get(key(b, a, n));
    if (other !== undefined) pair = [other, n];
  }
  assert.ok(pair, 'no colliding flows found');
  const [sa, da] = ports(pair[0]);
  const [sb, db] = ports(pair[1]);
  const ab = () => engine.inject(a, udp(a, b.addresses[0]!, sa, da));
  const ba = () => engine.inject(b, udp(b, a.addresses[0]!, sb, db));
  ab();
  ba();
  assert.deepEqual(engine.stats, { slow: 2, cached: 0 });
  for (const send of [ab, ba, ab, ba]) {
    const t = send();
    assert.equal(t.cached, true, explain(t));
    assert.equal(t.disposition, 'Delivered', explain(t));
  }
  assert.deepEqual(engine.stats, { slow: 2, cached: 4 });
  assert.equal(atB.frames.length, 3);
  assert.equal(atA.frames.length, 3);
});

test('a trace renders when read, as the plain object an eager trace was (JSON, steps, later reads)', () => {
  const { engine, a, b } = setUp(world());
  const first = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  const cached = engine.inject(a, udp(a, b.addresses[0]!, 5000, 53));
  const expectedHops = [
    {
      node: 'a',
      nodeId: id.nic('a'),
      direction: 'Outbound',
      packet: 'UDP 10.0.1.4:5000 > 10.0.1.5:53',
      steps: [
        {
          type: 'Security',
          action: 'Allowed',
          detail: "allowed by default rule 'AllowVnetOutBound' of NSG 'nsg1'",
          resource: {
            id: `${id.nsg('nsg1')}/defaultSecurityRules/AllowVnetOutBound`,
            name: 'AllowVnetOutBound',
          },
          data: { rule: 'AllowVnetOutBound', ruleKind: 'default', nsg: 'nsg1', stage: 'subnet-nsg' },
        },
        {
          type: 'Route',
          action: 'Matched',
          detail: 'Default route 10.0.0.0/16 → VnetLocal',
          resource: { id: id.vnet('v1'), name: 'v1' },
          data: { prefix: '10.0.0.0/16', nextHopType: 'VnetLocal', source: 'Default' },
        },
      ],
    },
    {
      node: 'b',
      nodeId: id.nic('b'),
      direction: 'Inbound',
      packet: 'UDP 10.0.1.4:5000 > 10.0.1.5:53',
      steps: [
        {
          type: 'Security',
          action: 'Allowed',
          detail: "allowed by default rule 'AllowVnetInBound' of NSG 'nsg1'",
          resource: {
            id: `${id.nsg('nsg1')}/defaultSecurityRules/AllowVnetInBound`,
            name: 'AllowVnetInBound',
          },
          data: { rule: 'AllowVnetInBound', ruleKind: 'default', nsg: 'nsg1', stage: 'subnet-nsg' },
        },
        {
          type: 'Delivery',
          action: 'Delivered',
          detail: 'to b',
          resource: { id: id.nic('b'), name: 'b' },
        },
      ],
    },
  ];
  const plain = (cachedFlag: boolean) => ({
    packet: 'UDP 10.0.1.4:5000 > 10.0.1.5:53',
    hops: expectedHops,
    disposition: 'Delivered',
    reason: 'delivered to b',
    cached: cachedFlag,
  });
  // The cached trace is read first: both share the first packet's facts and render them once.
  assert.deepEqual(JSON.parse(JSON.stringify(cached)), plain(true));
  assert.deepEqual(JSON.parse(JSON.stringify(first)), plain(false));
  assert.deepEqual(first.hops, expectedHops);
  assert.equal(first.hops, cached.hops, 'one rendering, shared');
  assert.equal(first.reason, 'delivered to b');
  assert.equal(
    renderTrace(first),
    [
      'packet: UDP 10.0.1.4:5000 > 10.0.1.5:53',
      '1. a outbound: UDP 10.0.1.4:5000 > 10.0.1.5:53',
      "     Security Allowed: allowed by default rule 'AllowVnetOutBound' of NSG 'nsg1'",
      '     Route Matched: Default route 10.0.0.0/16 → VnetLocal',
      '2. b inbound: UDP 10.0.1.4:5000 > 10.0.1.5:53',
      "     Security Allowed: allowed by default rule 'AllowVnetInBound' of NSG 'nsg1'",
      '     Delivery Delivered: to b',
      'disposition: Delivered (delivered to b)',
    ].join('\n'),
  );
});

test('a private subnet has no internet egress', () => {
  const { engine, a } = setUp(world());
  const t = engine.inject(a, tcpSyn(a, ip('93.184.216.34'), 443));
  assert.equal(t.disposition, 'NoEgress', explain(t));
  assert.match(t.reason, /s1 is private/);
});

test('malformed frames are results, not exceptions', () => {
  const { engine, a } = setUp(world());
  for (const bytes of [
    new Uint8Array(0),
    new Uint8Array(13),
    Uint8Array.from([...new Array(20).fill(0), 0x45]),
  ]) {
    const t = engine.inject(a, bytes);
    assert.ok(t.disposition === 'Malformed' || t.disposition === 'BroadcastDropped', explain(t));
  }
});
