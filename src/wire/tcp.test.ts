import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IpPair } from './checksum.ts';
import { Flags, HEADER_LEN, Packet, emit, formatFlags, parse, type Repr } from './tcp.ts';
import {
  CAPTURED,
  dirty,
  FUZZ_RUNS,
  hex,
  L4_V4,
  L4_V6,
  mutated,
  reasonOf,
  TCP6_SYN,
  TCP_SYN,
  toHex,
} from './test-helpers.ts';

// The captured SYN: a5ae src port 42414 | 0050 dst port 80 | 7cec9543 seq | 00000000 ack |
// a0 data offset 40 | 02 SYN | faf0 window 64240 | 1351 checksum | 0000 urgent |
// options: MSS 1460 | SACK permitted | timestamps 185623156, 0 | NOP | window scale 10.
const SEGMENT = TCP_SYN.subarray(L4_V4);
const IP: IpPair = { version: 4, src: 0x0a000004, dst: 0x0a000005 };
const IP6: IpPair = {
  version: 6,
  src: 0x20010db8000000000000000000000004n,
  dst: 0x20010db8000000000000000000000005n,
};
const REPR: Repr = {
  srcPort: 42414,
  dstPort: 80,
  seq: 0x7cec9543,
  ack: 0,
  flags: Flags.SYN,
  window: 64240,
  mss: 1460,
  payloadLen: 0,
};

// A SYN-ACK as emit writes it (MSS only) with 4 payload bytes; tshark 4 decodes it and marks the checksum
// Good: 0050 a5ae | 00001000 seq | 7cec9544 ack | 60 offset 24 | 12 SYN+ACK | ffff window | e317 checksum |
// 0000 urgent | 020405b4 MSS 1460 | 'data'.
const SYN_ACK = hex('0050 a5ae 00001000 7cec9544 60 12 ffff e317 0000 020405b4 64617461');
const SYN_ACK_REPR: Repr = {
  srcPort: 80,
  dstPort: 42414,
  seq: 0x1000,
  ack: 0x7cec9544,
  flags: Flags.SYN | Flags.ACK,
  window: 0xffff,
  mss: 1460,
  payloadLen: 4,
};
const BACK: IpPair = { version: 4, src: 0x0a000005, dst: 0x0a000004 };

test('deconstruct', () => {
  const p = new Packet(SEGMENT);
  assert.equal(p.srcPort, 42414);
  assert.equal(p.dstPort, 80);
  assert.equal(p.seq, 0x7cec9543);
  assert.equal(p.ack, 0);
  assert.equal(p.headerLen, 40);
  assert.equal(p.flags, Flags.SYN);
  assert.equal(p.window, 64240);
  assert.equal(p.checksum, 0x1351);
  assert.equal(p.urgent, 0);
  assert.equal(p.payload().length, 0);
  assert.ok(p.verifyChecksum(IP, SEGMENT.length));
  assert.ok(new Packet(TCP6_SYN.subarray(L4_V6)).verifyChecksum(IP6, TCP6_SYN.length - L4_V6));
});

test('construct', () => {
  const bytes = dirty(SYN_ACK.length);
  const p = new Packet(bytes);
  p.srcPort = 80;
  p.dstPort = 42414;
  p.seq = 0x1000;
  p.ack = 0x7cec9544;
  p.headerLen = 24;
  bytes[12]! &= 0xf0; // the reserved bits
  p.flags = Flags.SYN | Flags.ACK;
  p.window = 0xffff;
  p.urgent = 0;
  bytes.set(hex('020405b4 64617461'), 20);
  p.fillChecksum(BACK, bytes.length);
  assert.equal(toHex(bytes), toHex(SYN_ACK));
});

test('parse', () => {
  const r = parse(SEGMENT, IP);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  const six = parse(TCP6_SYN.subarray(L4_V6), IP6);
  assert.ok(six.ok);
  assert.equal(six.value.repr.mss, 1440);
  const synAck = parse(SYN_ACK, BACK);
  assert.ok(synAck.ok);
  assert.deepEqual(synAck.value.repr, SYN_ACK_REPR);
  assert.equal(toHex(synAck.value.payload), '64617461');
});

test('parse rejects bad offsets, options and checksums', () => {
  const withByte = (at: number, value: number): Uint8Array => {
    const b = SEGMENT.slice();
    b[at] = value;
    return b;
  };
  assert.match(reasonOf(parse(withByte(12, 0x40))), /below 20/);
  assert.match(reasonOf(parse(withByte(12, 0xb0))), /exceeds/);
  assert.match(reasonOf(parse(withByte(21, 3))), /MSS option has length 3/);
  assert.match(reasonOf(parse(withByte(21, 1))), /bad length 1/);
  assert.match(reasonOf(parse(withByte(21, 30))), /bad length 30/);
  assert.match(reasonOf(parse(SEGMENT, { ...IP, dst: 0x0a000006 })), /checksum/);
  assert.ok(parse(withByte(24, 0)).ok, 'options stop at End of Option List');
  assert.equal(parse(SEGMENT.subarray(0, 19)).ok, false);
});

test('emit', () => {
  const bytes = dirty(SYN_ACK.length);
  emit(SYN_ACK_REPR, new TextEncoder().encode('data'), bytes, BACK);
  assert.equal(toHex(bytes), toHex(SYN_ACK));
});

test('formatFlags follows tcpdump', () => {
  assert.equal(formatFlags(Flags.SYN), 'S');
  assert.equal(formatFlags(Flags.SYN | Flags.ACK), 'S.');
  assert.equal(formatFlags(Flags.FIN | Flags.ACK), 'F.');
  assert.equal(formatFlags(Flags.RST), 'R');
  assert.equal(formatFlags(Flags.RST | Flags.ACK), 'R.');
  assert.equal(formatFlags(Flags.PSH | Flags.ACK), 'P.');
  assert.equal(formatFlags(Flags.ACK), '.');
  assert.equal(formatFlags(Flags.SYN | Flags.ECE | Flags.CWR), 'SEW');
  assert.equal(formatFlags(0), 'none');
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

test('parse(emit(r)) = r', () => {
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  fc.assert(
    fc.property(
      fc.record(
        {
          srcPort: u16,
          dstPort: u16,
          seq: u32,
          ack: u32,
          flags: fc.integer({ min: 0, max: 255 }),
          window: u16,
          mss: fc.option(u16, { nil: undefined }),
        },
        { noNullPrototype: true },
      ),
      fc.uint8Array({ maxLength: 64 }),
      ipArb,
      (fields, payload, ip) => {
        const repr: Repr = { ...fields, payloadLen: payload.length };
        if (repr.mss === undefined) delete repr.mss;
        const bytes = new Uint8Array((repr.mss === undefined ? 20 : 24) + payload.length);
        emit(repr, payload, bytes, ip);
        const r = parse(bytes, ip);
        assert.ok(r.ok, reasonOf(r));
        assert.deepEqual(r.value.repr, repr);
        assert.deepEqual(r.value.payload, payload);
        assert.equal(HEADER_LEN, 20);
      },
    ),
    { numRuns: 1000 },
  );
});

test('any bytes give a result, never a throw', () => {
  const valid = CAPTURED.map((f) => f.subarray(f[12] === 0x86 ? L4_V6 : L4_V4)).concat([SYN_ACK]);
  fc.assert(
    fc.property(mutated(valid), fc.option(ipArb, { nil: undefined }), (bytes, ip) => {
      assert.equal(typeof parse(bytes, ip).ok, 'boolean');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
