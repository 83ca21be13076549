import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EtherType, Frame, HEADER_LEN, emit, parse, type Repr } from './ethernet.ts';
import { ARP_REQUEST, CAPTURED, dirty, FUZZ_RUNS, mutated, TCP_SYN, toHex } from './test-helpers.ts';

// The first 14 bytes of the captured TCP SYN: dst 12:34:56:78:9a:bc | src 00:0d:3a:12:34:56 | type IPv4.
const HEADER = TCP_SYN.subarray(0, HEADER_LEN);
const REPR: Repr = { dst: '12:34:56:78:9a:bc', src: '00:0d:3a:12:34:56', etherType: EtherType.IPv4 };

test('deconstruct', () => {
  const f = new Frame(TCP_SYN);
  assert.equal(f.dst, '12:34:56:78:9a:bc');
  assert.equal(f.src, '00:0d:3a:12:34:56');
  assert.equal(f.etherType, 0x0800);
  assert.equal(f.payload().length, TCP_SYN.length - 14);
  assert.equal(new Frame(ARP_REQUEST).dst, 'ff:ff:ff:ff:ff:ff');
});

test('construct', () => {
  const bytes = dirty(HEADER_LEN);
  const f = new Frame(bytes);
  f.dst = '12:34:56:78:9a:bc';
  f.src = '00:0d:3a:12:34:56';
  f.etherType = EtherType.IPv4;
  assert.equal(toHex(bytes), toHex(HEADER));
});

test('parse', () => {
  const r = parse(TCP_SYN);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.equal(r.value.payload.byteOffset, TCP_SYN.byteOffset + 14, 'the payload is a view, not a copy');
  assert.equal(parse(TCP_SYN.subarray(0, 13)).ok, false);
});

test('emit', () => {
  const bytes = dirty(HEADER_LEN);
  emit(REPR, bytes);
  assert.equal(toHex(bytes), toHex(HEADER));
});

const macArb = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(macArb, macArb, fc.integer({ min: 0, max: 0xffff }), (dst, src, etherType) => {
      const repr: Repr = { dst, src, etherType };
      const bytes = new Uint8Array(HEADER_LEN);
      emit(repr, bytes);
      const r = parse(bytes);
      assert.ok(r.ok);
      assert.deepEqual(r.value.repr, repr);
    }),
    { numRuns: 500 },
  );
});

test('any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED), (bytes) => {
      assert.equal(typeof parse(bytes).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
