import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IpPair } from './checksum.ts';
import { HEADER_LEN, Packet, emit, parse, type Repr } from './udp.ts';
import {
  CAPTURED,
  dirty,
  FUZZ_RUNS,
  L4_V4,
  L4_V6,
  mutated,
  reasonOf,
  toHex,
  UDP_DATAGRAM,
} from './test-helpers.ts';

// The captured datagram: c001 src port 49153 | 0035 dst port 53 | 0015 length 21 | 3d4e checksum |
// 'hello vnetlab'.
const DATAGRAM = UDP_DATAGRAM.subarray(L4_V4);
const IP: IpPair = { version: 4, src: 0x0a000004, dst: 0x0a000005 };
const PAYLOAD = new TextEncoder().encode('hello vnetlab');
const REPR: Repr = { srcPort: 49153, dstPort: 53 };

test('deconstruct', () => {
  const p = new Packet(DATAGRAM);
  assert.equal(p.srcPort, 49153);
  assert.equal(p.dstPort, 53);
  assert.equal(p.length, 21);
  assert.equal(p.checksum, 0x3d4e);
  assert.deepEqual(p.payload(), PAYLOAD);
  assert.ok(p.verifyChecksum(IP));
  assert.ok(!p.verifyChecksum({ ...IP, dst: 0x0a000006 }));
});

test('construct', () => {
  const bytes = dirty(DATAGRAM.length);
  const p = new Packet(bytes);
  p.srcPort = 49153;
  p.dstPort = 53;
  p.length = 21;
  bytes.set(PAYLOAD, HEADER_LEN);
  p.fillChecksum(IP);
  assert.equal(toHex(bytes), toHex(DATAGRAM));
});

test('parse', () => {
  const r = parse(DATAGRAM, IP);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.deepEqual(r.value.payload, PAYLOAD);
  assert.equal(r.value.payload.byteOffset, UDP_DATAGRAM.byteOffset + L4_V4 + 8);
});

test('parse checks the length field and, given the addresses, the checksum', () => {
  const withLength = (length: number): Uint8Array => {
    const b = DATAGRAM.slice();
    new Packet(b).length = length;
    return b;
  };
  assert.match(reasonOf(parse(withLength(7))), /below 8/);
  assert.match(reasonOf(parse(withLength(22))), /exceeds/);
  const shorter = parse(withLength(10));
  assert.ok(shorter.ok, 'trailing bytes past the length field are ignored');
  assert.equal(shorter.value.payload.length, 2);
  assert.match(reasonOf(parse(DATAGRAM, { ...IP, src: 1 })), /checksum is wrong/);
  const wrong = DATAGRAM.slice();
  wrong[7]! ^= 1;
  assert.ok(parse(wrong).ok, 'no addresses, no check');
  const noChecksum = DATAGRAM.slice();
  new Packet(noChecksum).checksum = 0;
  assert.ok(parse(noChecksum, IP).ok, 'zero means "not computed" over IPv4 (RFC 768)');
  assert.match(reasonOf(parse(noChecksum, { version: 6, src: 1n, dst: 2n })), /zero over IPv6/);
});

test('emit', () => {
  const bytes = dirty(DATAGRAM.length);
  emit(REPR, PAYLOAD, bytes, IP);
  assert.equal(toHex(bytes), toHex(DATAGRAM));
  // A payload built in place is left where it is.
  const inPlace = dirty(DATAGRAM.length);
  inPlace.set(PAYLOAD, HEADER_LEN);
  emit(REPR, inPlace.subarray(HEADER_LEN), inPlace, IP);
  assert.equal(toHex(inPlace), toHex(DATAGRAM));
});

test('a computed checksum of zero is sent as ffff (RFC 768)', () => {
  // Search two payload bytes that make the sum come out at zero, then check the field.
  const bytes = new Uint8Array(10);
  const p = new Packet(bytes);
  p.srcPort = 1;
  p.dstPort = 2;
  p.length = 10;
  p.fillChecksum(IP);
  const needed = p.checksum;
  bytes[8] = needed >>> 8;
  bytes[9] = needed & 0xff;
  p.fillChecksum(IP);
  assert.equal(p.checksum, 0xffff);
  assert.ok(p.verifyChecksum(IP));
});

const ipArb: fc.Arbitrary<IpPair> = fc.oneof(
  fc.record(
    {
      version: fc.constant(4 as const),
      src: fc.integer({ min: 0, max: 0xffffffff }),
      dst: fc.integer({ min: 0, max: 0xffffffff }),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      version: fc.constant(6 as const),
      src: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
      dst: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    },
    { noNullPrototype: true },
  ),
);

test('parse(emit(r)) = r, over IPv4 and IPv6', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.uint8Array({ maxLength: 64 }),
      ipArb,
      (srcPort, dstPort, payload, ip) => {
        const repr: Repr = { srcPort, dstPort };
        const bytes = new Uint8Array(HEADER_LEN + payload.length);
        emit(repr, payload, bytes, ip);
        const r = parse(bytes, ip);
        assert.ok(r.ok, r.ok ? '' : r.reason);
        assert.deepEqual(r.value.repr, repr);
        assert.deepEqual(r.value.payload, payload);
      },
    ),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  const valid = CAPTURED.map((f) => f.subarray(f[12] === 0x86 ? L4_V6 : L4_V4));
  fc.assert(
    fc.property(mutated(valid), fc.option(ipArb, { nil: undefined }), (bytes, ip) => {
      assert.equal(typeof parse(bytes, ip).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
