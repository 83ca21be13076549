import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HEADER_LEN, Packet, Type, bufferLen, emit, parse, type Repr } from './icmpv4.ts';
import {
  CAPTURED,
  dirty,
  FUZZ_RUNS,
  hex,
  ICMP_ECHO,
  L4_V4,
  mutated,
  reasonOf,
  toHex,
} from './test-helpers.ts';

// The captured echo request: 08 type | 00 code | 8589 checksum | e0df identifier | 0001 sequence | 'abcdefgh'.
const MESSAGE = ICMP_ECHO.subarray(L4_V4);
const DATA = new TextEncoder().encode('abcdefgh');
const REPR: Repr = { kind: 'echo', type: 8, ident: 0xe0df, seq: 1, data: DATA };

test('deconstruct', () => {
  const p = new Packet(MESSAGE);
  assert.equal(p.type, Type.EchoRequest);
  assert.equal(p.code, 0);
  assert.equal(p.checksum, 0x8589);
  assert.equal(p.ident, 0xe0df);
  assert.equal(p.seq, 1);
  assert.equal(p.rest, 0xe0df0001);
  assert.deepEqual(p.payload(), DATA);
  assert.ok(p.verifyChecksum());
});

test('construct', () => {
  const bytes = dirty(MESSAGE.length);
  const p = new Packet(bytes);
  p.type = Type.EchoRequest;
  p.code = 0;
  p.ident = 0xe0df;
  p.seq = 1;
  bytes.set(DATA, HEADER_LEN);
  p.fillChecksum();
  assert.equal(toHex(bytes), toHex(MESSAGE));
});

test('parse', () => {
  const r = parse(MESSAGE);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  const bad = MESSAGE.slice();
  bad[9]! ^= 0xff;
  assert.match(reasonOf(parse(bad)), /checksum/);
  assert.ok(parse(bad, { verifyChecksum: false }).ok);
  assert.match(reasonOf(parse(MESSAGE.subarray(0, 7))), /too short/);
});

test('parse: errors keep the original datagram, unknown types and odd echoes are "other"', () => {
  // 0b time exceeded | 00 code | checksum | 00000000 unused | the original IPv4 header + 8 bytes (truncated here).
  const timeExceeded = hex(
    '0b00 0000 00000000 4500001c0001000001110000 0a000004 08080808 c0010035 0008 0000',
  );
  new Packet(timeExceeded).fillChecksum();
  const r = parse(timeExceeded);
  assert.ok(r.ok);
  assert.equal(r.value.repr.kind, 'error');
  assert.equal(r.value.repr.kind === 'error' && r.value.repr.original.length, 28);
  const oddEcho = MESSAGE.slice();
  oddEcho[1] = 1;
  new Packet(oddEcho).fillChecksum();
  const other = parse(oddEcho);
  assert.ok(other.ok);
  assert.deepEqual(other.value.repr, { kind: 'other', type: 8, code: 1, rest: 0xe0df0001, data: DATA });
});

test('emit', () => {
  assert.equal(bufferLen(REPR), MESSAGE.length);
  const bytes = dirty(MESSAGE.length + 4);
  emit(REPR, bytes);
  assert.equal(toHex(bytes), toHex(MESSAGE) + 'a5a5a5a5', 'exactly bufferLen bytes are written');
});

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const body = fc.uint8Array({ maxLength: 48 });
const ERRORS = [3, 4, 5, 11, 12];

/** Canonical reprs only: the form parse returns. */
const reprArb: fc.Arbitrary<Repr> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('echo' as const),
      type: fc.constantFrom(0 as const, 8 as const),
      ident: u16,
      seq: u16,
      data: body,
    },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('error' as const),
      type: fc.constantFrom(...ERRORS),
      code: u8,
      rest: u32,
      original: body,
    },
    { noNullPrototype: true },
  ),
  fc
    .record(
      { kind: fc.constant('other' as const), type: u8, code: u8, rest: u32, data: body },
      { noNullPrototype: true },
    )
    .filter((r) => !ERRORS.includes(r.type) && !((r.type === 0 || r.type === 8) && r.code === 0)),
);

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(reprArb, (repr) => {
      const bytes = new Uint8Array(bufferLen(repr));
      emit(repr, bytes);
      const r = parse(bytes);
      assert.ok(r.ok, reasonOf(r));
      assert.deepEqual(r.value.repr, repr);
    }),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED.map((f) => f.subarray(L4_V4))), fc.boolean(), (bytes, verify) => {
      assert.equal(typeof parse(bytes, { verifyChecksum: verify }).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
