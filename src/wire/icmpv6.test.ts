import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HEADER_LEN, Packet, Type, bufferLen, emit, parse, type Addresses, type Repr } from './icmpv6.ts';
import {
  CAPTURED,
  dirty,
  FUZZ_RUNS,
  ICMP6_ECHO,
  ICMP6_NS,
  L4_V6,
  mutated,
  reasonOf,
  toHex,
} from './test-helpers.ts';

// The captured echo request: 80 type 128 | 00 code | 2e89 checksum (over the IPv6 pseudo-header too) |
// e0e0 identifier | 0002 sequence | 'ping6'.
const MESSAGE = ICMP6_ECHO.subarray(L4_V6);
const IP: Addresses = { src: 0x20010db8000000000000000000000004n, dst: 0x20010db8000000000000000000000005n };
const DATA = new TextEncoder().encode('ping6');
const REPR: Repr = { kind: 'echo', type: 128, ident: 0xe0e0, seq: 2, data: DATA };

test('deconstruct', () => {
  const p = new Packet(MESSAGE);
  assert.equal(p.type, Type.EchoRequest);
  assert.equal(p.code, 0);
  assert.equal(p.checksum, 0x2e89);
  assert.equal(p.ident, 0xe0e0);
  assert.equal(p.seq, 2);
  assert.deepEqual(p.payload(), DATA);
  assert.ok(p.verifyChecksum(IP));
  assert.ok(!p.verifyChecksum({ ...IP, dst: 1n }), 'the pseudo-header is covered');
});

test('construct', () => {
  const bytes = dirty(MESSAGE.length);
  const p = new Packet(bytes);
  p.type = Type.EchoRequest;
  p.code = 0;
  p.ident = 0xe0e0;
  p.seq = 2;
  bytes.set(DATA, HEADER_LEN);
  p.fillChecksum(IP);
  assert.equal(toHex(bytes), toHex(MESSAGE));
});

test('parse', () => {
  const r = parse(MESSAGE, IP);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.match(reasonOf(parse(MESSAGE, { ...IP, src: 1n })), /checksum/);
  assert.ok(parse(MESSAGE).ok, 'no addresses, no check');
  assert.match(reasonOf(parse(MESSAGE.subarray(0, 7))), /too short/);
  const ns = parse(ICMP6_NS.subarray(L4_V6), { src: IP.src, dst: 0xff0200000000000000000001ff000005n });
  assert.ok(ns.ok, reasonOf(ns));
  assert.equal(ns.value.repr.kind, 'other');
  assert.equal(ns.value.repr.type, Type.NeighborSolicitation);
});

test('emit', () => {
  assert.equal(bufferLen(REPR), MESSAGE.length);
  const bytes = dirty(MESSAGE.length + 2);
  emit(REPR, bytes, IP);
  assert.equal(toHex(bytes), toHex(MESSAGE) + 'a5a5');
});

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const body = fc.uint8Array({ maxLength: 48 });
const addr = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

const reprArb: fc.Arbitrary<Repr> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('echo' as const),
      type: fc.constantFrom(128 as const, 129 as const),
      ident: u16,
      seq: u16,
      data: body,
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('error' as const),
      type: fc.integer({ min: 0, max: 127 }),
      code: u8,
      rest: u32,
      original: body,
    },
    { noNullPrototype: true },
  ),
  fc
    .record(
      {
        kind: fc.constant('other' as const),
        type: fc.integer({ min: 128, max: 255 }),
        code: u8,
        rest: u32,
        data: body,
      },
      { noNullPrototype: true },
    )
    .filter((r) => !((r.type === 128 || r.type === 129) && r.code === 0)),
);

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(reprArb, addr, addr, (repr, src, dst) => {
      const bytes = new Uint8Array(bufferLen(repr));
      emit(repr, bytes, { src, dst });
      const r = parse(bytes, { src, dst });
      assert.ok(r.ok, reasonOf(r));
      assert.deepEqual(r.value.repr, repr);
    }),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED.map((f) => f.subarray(L4_V6))), fc.boolean(), (bytes, check) => {
      assert.equal(typeof parse(bytes, check ? IP : undefined).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
