import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { icmpEchoFrame, tcpFrame, udpFrame } from './build.ts';
import { parseHeaders, type Headers } from './headers.ts';
import * as ipv4 from './ipv4.ts';
import * as ipv6 from './ipv6.ts';
import {
  ARP_REQUEST,
  CAPTURED,
  FUZZ_RUNS,
  ICMP6_ECHO,
  ICMP_ECHO,
  L3,
  L4_V4,
  L4_V6,
  mutated,
  reasonOf,
  TCP6_SYN,
  TCP_SYN,
  UDP_DATAGRAM,
} from './test-helpers.ts';

const must = (frame: Uint8Array): Headers => {
  const r = parseHeaders(frame);
  assert.ok(r.ok, reasonOf(r));
  return r.value;
};

const NOT_IP = {
  src: 0,
  dst: 0,
  src6: undefined,
  dst6: undefined,
  protocol: 0,
  ttl: 0,
  srcPort: 0,
  dstPort: 0,
};
const V4 = {
  ipVersion: 4,
  src: 0x0a000004,
  dst: 0x0a000005,
  src6: undefined,
  dst6: undefined,
  l4Offset: L4_V4,
};
const V6 = {
  ipVersion: 6,
  src: 0,
  dst: 0,
  src6: 0x20010db8000000000000000000000004n,
  dst6: 0x20010db8000000000000000000000005n,
  l4Offset: L4_V6,
};
const COMMON = { srcMac: '00:0d:3a:12:34:56', dstMac: '12:34:56:78:9a:bc', l3Offset: L3, fragment: false };

test('captured frames', () => {
  assert.deepEqual(must(ARP_REQUEST), {
    ...NOT_IP,
    etherType: 0x0806,
    srcMac: '00:0d:3a:12:34:56',
    dstMac: 'ff:ff:ff:ff:ff:ff',
    l3Offset: L3,
    ipVersion: 0,
    l4Offset: L3,
    l4Length: 0,
    tcpFlags: 0,
    icmpType: -1,
    icmpCode: -1,
    icmpIdent: -1,
    payloadOffset: L3,
    payloadLength: 28,
    fragment: false,
  });
  assert.deepEqual(must(TCP_SYN), {
    ...COMMON,
    ...V4,
    etherType: 0x0800,
    protocol: 6,
    ttl: 64,
    l4Length: 40,
    srcPort: 42414,
    dstPort: 80,
    tcpFlags: 2,
    icmpType: -1,
    icmpCode: -1,
    icmpIdent: -1,
    payloadOffset: L4_V4 + 40,
    payloadLength: 0,
  });
  assert.deepEqual(must(UDP_DATAGRAM), {
    ...COMMON,
    ...V4,
    etherType: 0x0800,
    protocol: 17,
    ttl: 64,
    l4Length: 21,
    srcPort: 49153,
    dstPort: 53,
    tcpFlags: 0,
    icmpType: -1,
    icmpCode: -1,
    icmpIdent: -1,
    payloadOffset: L4_V4 + 8,
    payloadLength: 13,
  });
  assert.deepEqual(must(ICMP_ECHO), {
    ...COMMON,
    ...V4,
    etherType: 0x0800,
    protocol: 1,
    ttl: 64,
    l4Length: 16,
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    icmpType: 8,
    icmpCode: 0,
    icmpIdent: 0xe0df,
    payloadOffset: L4_V4 + 8,
    payloadLength: 8,
  });
  assert.deepEqual(must(TCP6_SYN), {
    ...COMMON,
    ...V6,
    etherType: 0x86dd,
    protocol: 6,
    ttl: 64,
    l4Length: 40,
    srcPort: 46744,
    dstPort: 443,
    tcpFlags: 2,
    icmpType: -1,
    icmpCode: -1,
    icmpIdent: -1,
    payloadOffset: L4_V6 + 40,
    payloadLength: 0,
  });
  assert.deepEqual(must(ICMP6_ECHO), {
    ...COMMON,
    ...V6,
    etherType: 0x86dd,
    protocol: 58,
    ttl: 64,
    l4Length: 13,
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    icmpType: 128,
    icmpCode: 0,
    icmpIdent: 0xe0e0,
    payloadOffset: L4_V6 + 8,
    payloadLength: 5,
  });
});

test('Ethernet padding after the IP packet is not payload', () => {
  const padded = new Uint8Array(64);
  padded.set(ICMP_ECHO);
  const h = must(padded);
  assert.equal(h.l4Length, 16);
  assert.equal(h.payloadLength, 8);
});

test('what it rejects', () => {
  const withByte = (frame: Uint8Array, at: number, value: number): Uint8Array => {
    const b = frame.slice();
    b[at] = value;
    return b;
  };
  assert.match(reasonOf(parseHeaders(TCP_SYN.subarray(0, 13))), /Ethernet/);
  assert.match(reasonOf(parseHeaders(TCP_SYN.subarray(0, 30))), /IPv4 header truncated/);
  assert.match(reasonOf(parseHeaders(withByte(TCP_SYN, L3, 0x55))), /version/);
  assert.match(reasonOf(parseHeaders(withByte(TCP_SYN, L3, 0x44))), /header length/);
  assert.match(reasonOf(parseHeaders(withByte(TCP_SYN, L3 + 3, 0x3d))), /total length/);
  assert.match(reasonOf(parseHeaders(withByte(TCP_SYN, L3 + 8, 1))), /checksum/);
  assert.match(reasonOf(parseHeaders(withByte(TCP_SYN, L4_V4 + 12, 0x40))), /data offset/);
  assert.match(reasonOf(parseHeaders(withByte(UDP_DATAGRAM, L4_V4 + 5, 0x30))), /UDP length/);
  assert.match(reasonOf(parseHeaders(withByte(TCP6_SYN, L3, 0x40))), /version/);
  assert.match(reasonOf(parseHeaders(withByte(TCP6_SYN, L3 + 5, 0x29))), /payload length/);
});

test('fragments: the first carries ports, later ones do not', () => {
  const first = udpFrame({
    srcMac: '00:0d:3a:00:00:01',
    dstMac: '00:0d:3a:00:00:02',
    src: 1,
    dst: 2,
    srcPort: 500,
    dstPort: 4500,
    payload: new Uint8Array(16),
  });
  const p = new ipv4.Packet(first.subarray(L3));
  p.moreFragments = true;
  first.set([0x05, 0xdc], L4_V4 + 4); // UDP length 1500, more than this fragment holds
  p.fillChecksum();
  const h1 = must(first);
  assert.equal(h1.fragment, true);
  assert.equal(h1.srcPort, 500);
  assert.equal(h1.payloadLength, 16);
  p.moreFragments = false;
  p.fragmentOffset = 1480;
  p.fillChecksum();
  const h2 = must(first);
  assert.equal(h2.fragment, true);
  assert.equal(h2.srcPort, 0);
  assert.equal(h2.payloadOffset, L4_V4);
  assert.equal(h2.payloadLength, 24);
});

test('agrees with the codecs on built frames', () => {
  const mac = '00:0d:3a:00:00:01';
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom('tcp', 'udp', 'icmp'),
      (src, dst, a, b, flags, payload, kind) => {
        const o = { srcMac: mac, dstMac: mac, src, dst, ttl: flags };
        const frame =
          kind === 'tcp'
            ? tcpFrame({ ...o, srcPort: a, dstPort: b, seq: 1, ack: 2, flags, payload })
            : kind === 'udp'
              ? udpFrame({ ...o, srcPort: a, dstPort: b, payload })
              : icmpEchoFrame({ ...o, type: 0, ident: a, seq: b, data: payload });
        const h = must(frame);
        assert.equal(h.src, src);
        assert.equal(h.dst, dst);
        assert.equal(h.ttl, flags);
        assert.equal(h.payloadLength, payload.length);
        assert.deepEqual(frame.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength), payload);
        if (kind === 'icmp') assert.deepEqual([h.icmpType, h.icmpIdent, h.srcPort], [0, a, 0]);
        else assert.deepEqual([h.srcPort, h.dstPort, h.tcpFlags], [a, b, kind === 'tcp' ? flags : 0]);
      },
    ),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw; accepted IP headers are ones the codecs accept', () => {
  fc.assert(
    fc.property(mutated(CAPTURED, 12), (bytes) => {
      const r = parseHeaders(bytes);
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) return;
      if (r.value.ipVersion === 4) {
        const ip = ipv4.parse(bytes.subarray(L3));
        assert.ok(ip.ok);
        assert.equal(ip.value.repr.src, r.value.src);
        assert.equal(ip.value.repr.protocol, r.value.protocol);
      }
      if (r.value.ipVersion === 6) {
        const ip = ipv6.parse(bytes.subarray(L3));
        assert.ok(ip.ok);
        assert.equal(ip.value.repr.src, r.value.src6);
      }
    }),
    { numRuns: FUZZ_RUNS },
  );
});
