import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HEADER_LEN, Packet, Protocol, emit, parse, reprDefaults, type Repr } from './ipv4.ts';
import {
  CAPTURED,
  dirty,
  FUZZ_RUNS,
  hex,
  L3,
  L4_V4,
  mutated,
  TCP_SYN,
  toHex,
  UDP_DATAGRAM,
} from './test-helpers.ts';

// The captured SYN's IPv4 header: 45 version 4, IHL 5 | 00 DSCP/ECN | 003c total length 60 | 0b95 id |
// 4000 DF, offset 0 | 40 TTL 64 | 06 TCP | 1b1f checksum | 0a000004 src | 0a000005 dst.
const PACKET = TCP_SYN.subarray(L3);
const HEADER = TCP_SYN.subarray(L3, L4_V4);
const REPR: Repr = {
  src: 0x0a000004,
  dst: 0x0a000005,
  protocol: Protocol.TCP,
  ttl: 64,
  payloadLen: 40,
  identification: 0x0b95,
  dscpEcn: 0,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
};

test('deconstruct', () => {
  const p = new Packet(PACKET);
  assert.equal(p.version, 4);
  assert.equal(p.headerLen, 20);
  assert.equal(p.dscpEcn, 0);
  assert.equal(p.totalLen, 60);
  assert.equal(p.identification, 0x0b95);
  assert.equal(p.dontFragment, true);
  assert.equal(p.moreFragments, false);
  assert.equal(p.fragmentOffset, 0);
  assert.equal(p.ttl, 64);
  assert.equal(p.protocol, 6);
  assert.equal(p.checksum, 0x1b1f);
  assert.equal(p.src, 0x0a000004);
  assert.equal(p.dst, 0x0a000005);
  assert.ok(p.verifyChecksum());
  assert.equal(p.payload().length, 40);
});

test('construct', () => {
  const bytes = dirty(HEADER_LEN);
  const p = new Packet(bytes);
  p.version = 4;
  p.headerLen = 20;
  p.dscpEcn = 0;
  p.totalLen = 60;
  p.identification = 0x0b95;
  p.clearFlags();
  p.dontFragment = true;
  p.moreFragments = false;
  p.fragmentOffset = 0;
  p.ttl = 64;
  p.protocol = Protocol.TCP;
  p.src = 0x0a000004;
  p.dst = 0x0a000005;
  p.fillChecksum();
  assert.equal(toHex(bytes), toHex(HEADER));
});

test('fragment fields: MF and an offset in bytes (the field counts 8-byte units)', () => {
  const p = new Packet(new Uint8Array(20));
  p.moreFragments = true;
  p.fragmentOffset = 1480;
  assert.equal(toHex(p.bytes.subarray(6, 8)), '20b9');
  p.dontFragment = true;
  p.moreFragments = false;
  assert.equal(p.fragmentOffset, 1480);
  assert.equal(toHex(p.bytes.subarray(6, 8)), '40b9');
});

test('parse', () => {
  const r = parse(PACKET);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.equal(r.value.payload.byteOffset, TCP_SYN.byteOffset + L4_V4);
  const udp = parse(UDP_DATAGRAM.subarray(L3));
  assert.ok(udp.ok);
  assert.equal(udp.value.repr.protocol, Protocol.UDP);
});

test('parse skips options and ignores link padding after totalLen', () => {
  // IHL 6: one option word (NOP NOP NOP EOL), total length 28, then 8 payload bytes and 4 padding bytes.
  const bytes = hex('4600 001c 0001 0000 40 11 0000 0a000001 0a000002 01010100 1111111111111111 00000000');
  new Packet(bytes).fillChecksum();
  const r = parse(bytes);
  assert.ok(r.ok);
  assert.equal(r.value.repr.payloadLen, 4);
  assert.equal(toHex(r.value.payload), '11111111');
});

test('parse rejects what is not a whole IPv4 packet', () => {
  const bad = (mutate: (b: Uint8Array) => void, why: RegExp, length = PACKET.length): void => {
    const b = PACKET.slice(0, length);
    mutate(b);
    const r = parse(b);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, why);
  };
  bad((b) => (b[0] = 0x65), /version/);
  bad((b) => (b[0] = 0x44), /header length/);
  bad((b) => (b[0] = 0x4f), /header length 60 exceeds/, 40);
  bad((b) => (b[3] = 0x3d), /total length/);
  bad((b) => (b[3] = 0x10), /total length/);
  bad((b) => (b[8] = 63), /checksum/);
  assert.equal(parse(PACKET.subarray(0, 19)).ok, false);
  const noCheck = PACKET.slice();
  noCheck[8] = 63;
  assert.ok(parse(noCheck, { verifyChecksum: false }).ok);
});

test('emit', () => {
  const bytes = dirty(HEADER_LEN);
  emit(REPR, bytes);
  assert.equal(toHex(bytes), toHex(HEADER));
});

test('reprDefaults', () => {
  assert.deepEqual(reprDefaults({ src: 1, dst: 2, protocol: 17, payloadLen: 8 }), {
    src: 1,
    dst: 2,
    protocol: 17,
    payloadLen: 8,
    ttl: 64,
    identification: 0,
    dscpEcn: 0,
    dontFragment: false,
    moreFragments: false,
    fragmentOffset: 0,
  });
  assert.equal(reprDefaults({ src: 1, dst: 2, protocol: 17, payloadLen: 8, ttl: 1 }).ttl, 1);
});

const reprArb: fc.Arbitrary<Repr> = fc.record(
  {
    src: fc.integer({ min: 0, max: 0xffffffff }),
    dst: fc.integer({ min: 0, max: 0xffffffff }),
    protocol: fc.integer({ min: 0, max: 255 }),
    ttl: fc.integer({ min: 0, max: 255 }),
    payloadLen: fc.integer({ min: 0, max: 100 }),
    identification: fc.integer({ min: 0, max: 0xffff }),
    dscpEcn: fc.integer({ min: 0, max: 255 }),
    dontFragment: fc.boolean(),
    moreFragments: fc.boolean(),
    fragmentOffset: fc.integer({ min: 0, max: 0x1fff }).map((units) => units * 8),
  },
  { noNullPrototype: true },
);

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(reprArb, (repr) => {
      const bytes = new Uint8Array(HEADER_LEN + repr.payloadLen);
      emit(repr, bytes);
      const r = parse(bytes);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepEqual(r.value.repr, repr);
      assert.equal(r.value.payload.length, repr.payloadLen);
    }),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED.map((f) => f.subarray(L3))), fc.boolean(), (bytes, verify) => {
      assert.equal(typeof parse(bytes, { verifyChecksum: verify }).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
