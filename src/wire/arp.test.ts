import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LEN, Operation, Packet, emit, parse, type Repr } from './arp.ts';
import { ARP_REQUEST, CAPTURED, dirty, FUZZ_RUNS, L3, mutated, reasonOf, toHex } from './test-helpers.ts';

// The captured request: 0001 Ethernet | 0800 IPv4 | 06 04 address lengths | 0001 request |
// 000d3a123456 sender MAC | 0a000004 sender IP | 000000000000 target MAC | 0a000005 target IP.
const PACKET = ARP_REQUEST.subarray(L3);
const REPR: Repr = {
  operation: Operation.Request,
  senderMac: '00:0d:3a:12:34:56',
  senderIp: 0x0a000004,
  targetMac: '00:00:00:00:00:00',
  targetIp: 0x0a000005,
};

test('deconstruct', () => {
  const p = new Packet(PACKET);
  assert.equal(p.hardwareType, 1);
  assert.equal(p.protocolType, 0x0800);
  assert.equal(p.hardwareLen, 6);
  assert.equal(p.protocolLen, 4);
  assert.equal(p.operation, 1);
  assert.equal(p.senderMac, '00:0d:3a:12:34:56');
  assert.equal(p.senderIp, 0x0a000004);
  assert.equal(p.targetMac, '00:00:00:00:00:00');
  assert.equal(p.targetIp, 0x0a000005);
});

test('construct', () => {
  const bytes = dirty(LEN);
  const p = new Packet(bytes);
  p.hardwareType = 1;
  p.protocolType = 0x0800;
  p.hardwareLen = 6;
  p.protocolLen = 4;
  p.operation = Operation.Request;
  p.senderMac = '00:0d:3a:12:34:56';
  p.senderIp = 0x0a000004;
  p.targetMac = '00:00:00:00:00:00';
  p.targetIp = 0x0a000005;
  assert.equal(toHex(bytes), toHex(PACKET));
});

test('parse', () => {
  const r = parse(PACKET);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  const withByte = (at: number, value: number): Uint8Array => {
    const b = PACKET.slice();
    b[at] = value;
    return b;
  };
  assert.match(reasonOf(parse(withByte(1, 6))), /not Ethernet/);
  assert.match(reasonOf(parse(withByte(3, 0xdd))), /not IPv4/);
  assert.match(reasonOf(parse(withByte(5, 16))), /not IPv4/);
  assert.match(reasonOf(parse(withByte(7, 3))), /neither request nor reply/);
  assert.match(reasonOf(parse(PACKET.subarray(0, 27))), /too short/);
});

test('emit', () => {
  const bytes = dirty(LEN);
  emit(REPR, bytes);
  assert.equal(toHex(bytes), toHex(PACKET));
});

const macArb = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));
const ipArb = fc.integer({ min: 0, max: 0xffffffff });

test('parse(emit(r)) = r', () => {
  fc.assert(
    fc.property(
      fc.record(
        {
          operation: fc.constantFrom(1 as const, 2 as const),
          senderMac: macArb,
          senderIp: ipArb,
          targetMac: macArb,
          targetIp: ipArb,
        },
        { noNullPrototype: true },
      ),
      (repr) => {
        const bytes = new Uint8Array(LEN);
        emit(repr, bytes);
        const r = parse(bytes);
        assert.ok(r.ok, reasonOf(r));
        assert.deepEqual(r.value.repr, repr);
      },
    ),
    { numRuns: 500 },
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
