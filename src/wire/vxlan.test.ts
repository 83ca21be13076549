import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vxlan from './vxlan.ts';

// RFC 7348 §5 header for VNI 0x123456, then a 4-byte stand-in for the inner frame.
const FIXTURE = Uint8Array.of(
  0x08,
  0x00,
  0x00,
  0x00, // flags (I) + 24 reserved bits
  0x12,
  0x34,
  0x56,
  0x00, // VNI + 8 reserved bits
  0xde,
  0xad,
  0xbe,
  0xef, // payload
);
const REPR: vxlan.Repr = { vni: 0x123456 };

test('deconstruct: the view reads the fields in place', () => {
  const packet = new vxlan.Packet(FIXTURE);
  assert.equal(packet.flags, 0x08);
  assert.equal(packet.vni, 0x123456);
  assert.deepEqual(packet.payload, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
});

test('construct: emit overwrites every header byte of a 0xa5-filled buffer', () => {
  const buffer = new Uint8Array(12).fill(0xa5);
  vxlan.emit(REPR, buffer);
  buffer.set([0xde, 0xad, 0xbe, 0xef], vxlan.HEADER_LEN);
  assert.deepEqual(buffer, FIXTURE);
  assert.equal(vxlan.bufferLen(REPR), 8);
});

test('parse gives the repr and the inner frame', () => {
  const r = vxlan.parse(FIXTURE);
  assert.ok(r.ok);
  assert.deepEqual(r.value.repr, REPR);
  assert.deepEqual(r.value.payload, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
  assert.ok(vxlan.isStrict(FIXTURE));
});

test('reserved bits are ignored on receipt but reported by isStrict', () => {
  for (const [index, value] of [
    [0, 0xff],
    [1, 0x01],
    [3, 0x80],
    [7, 0xff],
  ] as const) {
    const bytes = FIXTURE.slice();
    bytes[index] = value;
    const r = vxlan.parse(bytes);
    assert.ok(r.ok, `byte ${index}`);
    assert.equal(r.value.repr.vni, 0x123456);
    assert.equal(vxlan.isStrict(bytes), false, `byte ${index}`);
  }
});

test('parse rejects a missing I flag and short headers', () => {
  const noI = FIXTURE.slice();
  noI[0] = 0x00;
  assert.equal(vxlan.parse(noI).ok, false);
  assert.equal(vxlan.parse(FIXTURE.subarray(0, 7)).ok, false);
  assert.equal(vxlan.isStrict(FIXTURE.subarray(0, 7)), false);
});

test('emit rejects VNIs that do not fit 24 bits (a caller bug)', () => {
  assert.throws(() => vxlan.emit({ vni: 0x1000000 }, new Uint8Array(8)));
  assert.throws(() => vxlan.emit({ vni: -1 }, new Uint8Array(8)));
});

test('property: parse(emit(r)) == r', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffff }), fc.uint8Array({ maxLength: 64 }), (vni, inner) => {
      const buffer = new Uint8Array(vxlan.HEADER_LEN + inner.length);
      vxlan.emit({ vni }, buffer);
      buffer.set(inner, vxlan.HEADER_LEN);
      const r = vxlan.parse(buffer);
      assert.ok(r.ok);
      assert.deepEqual(r.value.repr, { vni });
      assert.deepEqual(r.value.payload, inner);
      assert.ok(vxlan.isStrict(buffer));
    }),
    { numRuns: 1000 },
  );
});

test('property: any bytes give a result, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
      const r = vxlan.parse(bytes);
      assert.equal(typeof r.ok, 'boolean');
      vxlan.isStrict(bytes);
      const port = vxlan.sourcePortFor(bytes);
      assert.ok(port >= 49152 && port <= 65535);
    }),
    { numRuns: 2000 },
  );
});

// An inner Ethernet/IPv4/TCP header: only the fields sourcePortFor reads matter.
function innerTcp(srcPort: number, ttl: number): Uint8Array {
  const f = new Uint8Array(14 + 20 + 20);
  f.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00], 0);
  f.set([0x45, 0, 0, 40, 0, 0, 0x40, 0, ttl, 6, 0, 0, 10, 0, 0, 4, 10, 0, 0, 5], 14);
  f[34] = srcPort >>> 8;
  f[35] = srcPort & 0xff;
  f[37] = 80;
  return f;
}

test('sourcePortFor: deterministic, in 49152-65535, one port per inner flow', () => {
  const a = vxlan.sourcePortFor(innerTcp(40000, 64));
  assert.ok(a >= 49152 && a <= 65535);
  assert.equal(vxlan.sourcePortFor(innerTcp(40000, 64)), a);
  // The TTL is not part of the flow, so it does not move the flow to another underlay path.
  assert.equal(vxlan.sourcePortFor(innerTcp(40000, 3)), a);
  const ports = new Set(Array.from({ length: 64 }, (_, i) => vxlan.sourcePortFor(innerTcp(40000 + i, 64))));
  assert.ok(ports.size > 32, `flows should spread over ports, got ${ports.size} distinct of 64`);
});

test('encapsulate builds Ethernet / IPv4 / UDP 4789 / VXLAN around the inner frame', () => {
  const inner = innerTcp(40000, 64);
  const frame = vxlan.encapsulate({
    srcMac: '02:00:00:00:00:0a',
    dstMac: '02:00:00:00:00:0b',
    src: 0xc0a80001,
    dst: 0xc0a80002,
    srcPort: vxlan.sourcePortFor(inner),
    vni: 4096,
    inner,
  });
  const outer = 14 + 20 + 8;
  assert.equal(frame.length, outer + vxlan.HEADER_LEN + inner.length);
  assert.deepEqual([...frame.subarray(12, 14)], [0x08, 0x00]); // EtherType IPv4
  assert.equal(frame[14 + 9], 17); // IPv4 protocol UDP
  assert.equal((frame[36]! << 8) | frame[37]!, vxlan.PORT); // UDP destination port
  const r = vxlan.parse(frame.subarray(outer));
  assert.ok(r.ok);
  assert.equal(r.value.repr.vni, 4096);
  assert.deepEqual(r.value.payload, inner);
});
