import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HEADER_LEN, Packet, emit, formatIpv6, parse, type Repr } from './ipv6.ts';
import { CAPTURED, dirty, FUZZ_RUNS, L3, L4_V6, mutated, reasonOf, TCP6_SYN, toHex } from './test-helpers.ts';

// The captured SYN's IPv6 header: 6 version | 00 traffic class | 10f68 flow label | 0028 payload length 40 |
// 06 TCP | 40 hop limit 64 | 2001:db8::4 src | 2001:db8::5 dst.
const PACKET = TCP6_SYN.subarray(L3);
const HEADER = TCP6_SYN.subarray(L3, L4_V6);
const REPR: Repr = {
  src: 0x20010db8000000000000000000000004n,
  dst: 0x20010db8000000000000000000000005n,
  nextHeader: 6,
  hopLimit: 64,
  payloadLen: 40,
  trafficClass: 0,
  flowLabel: 0x10f68,
};

test('deconstruct', () => {
  const p = new Packet(PACKET);
  assert.equal(p.version, 6);
  assert.equal(p.trafficClass, 0);
  assert.equal(p.flowLabel, 0x10f68);
  assert.equal(p.payloadLen, 40);
  assert.equal(p.nextHeader, 6);
  assert.equal(p.hopLimit, 64);
  assert.equal(p.src, REPR.src);
  assert.equal(p.dst, REPR.dst);
  assert.equal(p.payload().length, 40);
});

test('construct', () => {
  const bytes = dirty(HEADER_LEN);
  const p = new Packet(bytes);
  p.version = 6;
  p.trafficClass = 0;
  p.flowLabel = 0x10f68;
  p.payloadLen = 40;
  p.nextHeader = 6;
  p.hopLimit = 64;
  p.src = REPR.src;
  p.dst = REPR.dst;
  assert.equal(toHex(bytes), toHex(HEADER));
  p.trafficClass = 0xb8;
  assert.equal(toHex(bytes.subarray(0, 4)), '6b810f68', 'traffic class straddles the first two bytes');
});

test('parse', () => {
  const r = parse(PACKET);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.equal(r.value.payload.byteOffset, TCP6_SYN.byteOffset + L4_V6);
  const withByte = (at: number, value: number): Uint8Array => {
    const b = PACKET.slice();
    b[at] = value;
    return b;
  };
  assert.match(reasonOf(parse(withByte(0, 0x40))), /version/);
  assert.match(reasonOf(parse(withByte(5, 41))), /payload length/);
  assert.match(reasonOf(parse(PACKET.subarray(0, 39))), /too short/);
});

test('emit', () => {
  const bytes = dirty(HEADER_LEN);
  emit(REPR, bytes);
  assert.equal(toHex(bytes), toHex(HEADER));
});

test('formatIpv6 writes RFC 5952 text', () => {
  assert.equal(formatIpv6(REPR.src), '2001:db8::4');
  assert.equal(formatIpv6(0n), '::');
  assert.equal(formatIpv6(0xff0200000000000000000001ff000005n), 'ff02::1:ff00:5');
});

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(
      fc.record(
        {
          src: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
          dst: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
          nextHeader: fc.integer({ min: 0, max: 255 }),
          hopLimit: fc.integer({ min: 0, max: 255 }),
          payloadLen: fc.integer({ min: 0, max: 100 }),
          trafficClass: fc.integer({ min: 0, max: 255 }),
          flowLabel: fc.integer({ min: 0, max: 0xfffff }),
        },
        { noNullPrototype: true },
      ),
      (repr) => {
        const bytes = new Uint8Array(HEADER_LEN + repr.payloadLen);
        emit(repr, bytes);
        const r = parse(bytes);
        assert.ok(r.ok, reasonOf(r));
        assert.deepEqual(r.value.repr, repr);
      },
    ),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED.map((f) => f.subarray(L3))), (bytes) => {
      assert.equal(typeof parse(bytes).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
