import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arpFrame, icmpEchoFrame, ipv4Frame, rewriteIpv4, tcpFrame, udpFrame } from './build.ts';
import { parseHeaders } from './headers.ts';
import * as icmpv4 from './icmpv4.ts';
import * as ipv4 from './ipv4.ts';
import * as tcp from './tcp.ts';
import * as udp from './udp.ts';
import { hex, L3, L4_V4, toHex, UDP_DATAGRAM } from './test-helpers.ts';

const A = { srcMac: '00:0d:3a:12:34:56', dstMac: '12:34:56:78:9a:bc', src: 0x0a000004, dst: 0x0a000005 };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// What the builders return for these inputs; tshark 4 decodes each frame and marks every checksum Good.
test('builders write whole frames with every checksum right', () => {
  const rows: [string, Uint8Array, string][] = [
    [
      'TCP SYN with MSS',
      tcpFrame({ ...A, srcPort: 49152, dstPort: 80, seq: 1000, ack: 0, flags: tcp.Flags.SYN, mss: 1460 }),
      // Ethernet | IPv4, TTL 64, no id, no DF | c000 0050 ports | 000003e8 seq | 00000000 ack | 60 02 |
      // ffff window | bfe5 checksum | 0000 urgent | 020405b4 MSS 1460.
      `123456789abc 000d3a123456 0800 4500 002c 0000 0000 40 06 66c4 0a000004 0a000005
       c000 0050 000003e8 00000000 60 02 ffff bfe5 0000 020405b4`,
    ],
    [
      'TCP PSH+ACK with data',
      tcpFrame({
        ...A,
        srcPort: 49152,
        dstPort: 80,
        seq: 1001,
        ack: 5001,
        flags: tcp.Flags.PSH | tcp.Flags.ACK,
        window: 502,
        ttl: 128,
        payload: text('GET / HTTP/1.1\r\n\r\n'),
      }),
      `123456789abc 000d3a123456 0800 4500 003a 0000 0000 80 06 26b6 0a000004 0a000005
       c000 0050 000003e9 00001389 50 18 01f6 e358 0000 474554202f20485454502f312e310d0a0d0a`,
    ],
    [
      'UDP',
      udpFrame({ ...A, srcPort: 68, dstPort: 67, payload: text('dhcp?') }),
      `123456789abc 000d3a123456 0800 4500 0021 0000 0000 40 11 66c4 0a000004 0a000005
       0044 0043 000d e46b 646863703f`,
    ],
    [
      'ICMP echo request',
      icmpEchoFrame({ ...A, type: 8, ident: 7, seq: 1, data: text('ping') }),
      `123456789abc 000d3a123456 0800 4500 0020 0000 0000 40 01 66d5 0a000004 0a000005
       08 00 1927 0007 0001 70696e67`,
    ],
    [
      'ARP reply',
      arpFrame({
        srcMac: A.dstMac,
        dstMac: A.srcMac,
        operation: 2,
        senderMac: A.dstMac,
        senderIp: A.dst,
        targetMac: A.srcMac,
        targetIp: A.src,
      }),
      `000d3a123456 123456789abc 0806 0001 0800 06 04 0002 123456789abc 0a000005 000d3a123456 0a000004`,
    ],
    [
      'raw IPv4 (GRE)',
      ipv4Frame({ ...A, protocol: ipv4.Protocol.GRE, payload: hex('00006558') }),
      `123456789abc 000d3a123456 0800 4500 0018 0000 0000 40 2f 66af 0a000004 0a000005 00006558`,
    ],
  ];
  for (const [name, frame, expected] of rows) assert.equal(toHex(frame), toHex(hex(expected)), name);
});

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ttlArb = fc.integer({ min: 0, max: 255 });
const macArb = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));
const payloadArb = fc.uint8Array({ maxLength: 40 });

interface Fields {
  srcMac: string;
  dstMac: string;
  src: number;
  dst: number;
  ttl: number;
  srcPort: number;
  dstPort: number;
  ident: number;
}

const fieldsArb: fc.Arbitrary<Fields> = fc.record(
  {
    srcMac: macArb,
    dstMac: macArb,
    src: u32,
    dst: u32,
    ttl: ttlArb,
    srcPort: u16,
    dstPort: u16,
    ident: u16,
  },
  { noNullPrototype: true },
);

const changeArb = fc.record(
  {
    srcMac: macArb,
    dstMac: macArb,
    src: u32,
    dst: u32,
    ttl: ttlArb,
    srcPort: u16,
    dstPort: u16,
    icmpIdent: u16,
  },
  { requiredKeys: [], noNullPrototype: true },
);

type Kind = 'tcp' | 'udp' | 'icmp';

function frameOf(kind: Kind, f: Fields, payload: Uint8Array, seq: number): Uint8Array {
  if (kind === 'tcp') return tcpFrame({ ...f, seq, ack: seq ^ 1, flags: tcp.Flags.ACK, payload });
  if (kind === 'udp') return udpFrame({ ...f, payload });
  return icmpEchoFrame({ ...f, type: 8, seq: seq & 0xffff, data: payload });
}

/** Equal up to the two zeros of one's complement (RFC 1624 §3): compare the checksum fields as values mod ffff. */
function assertSameFrame(actual: Uint8Array, expected: Uint8Array, checksumAt: number[]): void {
  const a = actual.slice();
  const e = expected.slice();
  for (const at of checksumAt) {
    const x = ((a[at]! << 8) | a[at + 1]!) % 0xffff;
    const y = ((e[at]! << 8) | e[at + 1]!) % 0xffff;
    assert.equal(x, y, `checksum at ${at}`);
    a[at] = a[at + 1] = e[at] = e[at + 1] = 0;
  }
  assert.equal(toHex(a), toHex(e));
}

test('rewriteIpv4 gives the frame the builders would have built with the new fields', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<Kind>('tcp', 'udp', 'icmp'),
      fieldsArb,
      changeArb,
      payloadArb,
      u32,
      (kind, fields, change, payload, seq) => {
        const frame = frameOf(kind, fields, payload, seq);
        rewriteIpv4(frame, L3, change);
        const after: Fields = {
          ...fields,
          ...change,
          srcPort: kind === 'icmp' ? fields.srcPort : (change.srcPort ?? fields.srcPort),
          dstPort: kind === 'icmp' ? fields.dstPort : (change.dstPort ?? fields.dstPort),
          ident: kind === 'icmp' ? (change.icmpIdent ?? fields.ident) : fields.ident,
        };
        const expected = frameOf(kind, after, payload, seq);
        const l4Checksum = L4_V4 + (kind === 'tcp' ? 16 : kind === 'udp' ? 6 : 2);
        assertSameFrame(frame, expected, [L3 + 10, l4Checksum]);
        const h = parseHeaders(frame);
        assert.ok(h.ok);
        const segment = frame.subarray(L4_V4);
        const ip = { version: 4, src: h.value.src, dst: h.value.dst } as const;
        if (kind === 'tcp') assert.ok(new tcp.Packet(segment).verifyChecksum(ip, segment.length));
        if (kind === 'udp') assert.ok(udp.parse(segment, ip).ok);
        if (kind === 'icmp') assert.ok(icmpv4.parse(segment).ok);
      },
    ),
    { numRuns: 1500 },
  );
});

test('rewriteIpv4 keeps a zero UDP checksum zero, and still rewrites ports', () => {
  const frame = UDP_DATAGRAM.slice();
  frame[L4_V4 + 6] = 0;
  frame[L4_V4 + 7] = 0;
  rewriteIpv4(frame, L3, { src: 0xc0a80001, srcPort: 1024 });
  const r = udp.parse(frame.subarray(L4_V4), { version: 4, src: 0xc0a80001, dst: 0x0a000005 });
  assert.ok(r.ok);
  assert.equal(r.value.repr.srcPort, 1024);
  assert.equal(new udp.Packet(frame.subarray(L4_V4)).checksum, 0);
  assert.ok(ipv4.parse(frame.subarray(L3)).ok);
});

test('rewriteIpv4 on a later fragment changes the IP header only', () => {
  const frame = udpFrame({ ...A, srcPort: 1, dstPort: 2, payload: text('fragment') });
  const p = new ipv4.Packet(frame.subarray(L3));
  p.fragmentOffset = 8;
  p.fillChecksum();
  const before = toHex(frame.subarray(L4_V4));
  rewriteIpv4(frame, L3, { dst: 0x08080808, srcPort: 9, ttl: 3 });
  assert.equal(toHex(frame.subarray(L4_V4)), before);
  assert.ok(p.verifyChecksum());
  assert.equal(p.dst, 0x08080808);
  assert.equal(p.ttl, 3);
});

test('rewriteIpv4 throws (a bug) when there is no IPv4 header at the offset', () => {
  assert.throws(() => rewriteIpv4(new Uint8Array(20), L3, {}), /no IPv4 header/);
});
