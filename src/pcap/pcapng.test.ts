import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { PcapngWriter, readPcapng, type PcapngFile } from './pcapng.ts';
import { LinkType } from './pcap.ts';
import { tcpFrame, udpFrame } from '../wire/build.ts';
import { mustParseIpv4 as ip } from '../wire/ipv4-address.ts';
import * as vxlan from '../wire/vxlan.ts';
import { hasTshark, tsharkFields } from '../../test/helpers/tshark.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnetlab-pcapng-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];

// What the writer makes of: application 'vl', interface 'e0', one 1-byte frame at 2^32 + 2 ns, comment 'hi'.
// prettier-ignore
const SMALL_FILE = Uint8Array.from([
  0x0a, 0x0d, 0x0d, 0x0a, 40, 0, 0, 0, // SHB, 40 bytes
  0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, // byte-order magic (little-endian), version 1.0
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length: unspecified
  4, 0, 2, 0, ...ascii('vl'), 0, 0, // shb_userappl 'vl', padded
  0, 0, 0, 0, 40, 0, 0, 0, // opt_endofopt, block length
  1, 0, 0, 0, 40, 0, 0, 0, // IDB, 40 bytes
  1, 0, 0, 0, 0, 0, 0, 0, // link type Ethernet, reserved, snaplen 0 (no limit)
  2, 0, 2, 0, ...ascii('e0'), 0, 0, // if_name 'e0', padded
  9, 0, 1, 0, 9, 0, 0, 0, // if_tsresol 9 (nanoseconds), padded
  0, 0, 0, 0, 40, 0, 0, 0, // opt_endofopt, block length
  6, 0, 0, 0, 48, 0, 0, 0, // EPB, 48 bytes
  0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, // interface 0, timestamp high 1, low 2
  1, 0, 0, 0, 1, 0, 0, 0, // captured 1, original 1
  0xaa, 0, 0, 0, // frame, padded
  1, 0, 2, 0, ...ascii('hi'), 0, 0, // opt_comment 'hi', padded
  0, 0, 0, 0, 48, 0, 0, 0, // opt_endofopt, block length
]);

test('construct: the writer lays out SHB, IDB and EPB with their options', () => {
  const writer = new PcapngWriter({ application: 'vl' });
  assert.equal(writer.addInterface('e0'), 0);
  writer.add(0, 2n ** 32n + 2n, Uint8Array.of(0xaa), 'hi');
  assert.deepEqual(writer.toBytes(), SMALL_FILE);
});

test('parse: the small file', () => {
  const r = readPcapng(SMALL_FILE);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value, {
    interfaces: [{ name: 'e0', linkType: LinkType.Ethernet, tsresol: 9 }],
    packets: [{ interfaceId: 0, timestampNs: 2n ** 32n + 2n, data: Uint8Array.of(0xaa), comment: 'hi' }],
  });
});

// A big-endian file with microsecond timestamps (no if_tsresol: the default 6) and blocks we do not read.
// prettier-ignore
const BIG_ENDIAN_FILE = Uint8Array.from([
  0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, // SHB, 28 bytes
  0x1a, 0x2b, 0x3c, 0x4d, 0, 1, 0, 0, // byte-order magic (big-endian), version 1.0
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length
  0, 0, 0, 28,
  0, 0, 0, 1, 0, 0, 0, 20, // IDB, 20 bytes
  0, 1, 0, 0, 0, 0, 0xff, 0xff, // Ethernet, snaplen 65535, no options
  0, 0, 0, 20,
  0, 0, 0, 4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 16, // a name resolution block (skipped)
  0, 0, 0x0b, 0xad, 0, 0, 0, 12, 0, 0, 0, 12, // an unknown block type (skipped)
  0, 0, 0, 6, 0, 0, 0, 36, // EPB, 36 bytes
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x41, // interface 0, timestamp 1000001 µs
  0, 0, 0, 3, 0, 0, 0, 3, 1, 2, 3, 0, // captured 3, original 3, frame padded
  0, 0, 0, 36,
]);

test('parse: a big-endian file with default resolution, skipping unknown blocks', () => {
  const r = readPcapng(BIG_ENDIAN_FILE);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value, {
    interfaces: [{ linkType: LinkType.Ethernet, tsresol: 6 }],
    packets: [{ interfaceId: 0, timestampNs: 1_000_001_000n, data: Uint8Array.of(1, 2, 3) }],
  });
});

// Little-endian blocks for hand-made files.
function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function block(type: number, body: number[]): number[] {
  return [...le32(type), ...le32(body.length + 12), ...body, ...le32(body.length + 12)];
}
const SHB_BODY = [0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, ...new Array<number>(8).fill(0xff)];
const epb = (interfaceId: number, units: number, options: number[] = []): number[] =>
  block(6, [
    ...le32(interfaceId),
    0,
    0,
    0,
    0,
    ...le32(units),
    ...le32(1),
    ...le32(1),
    0x55,
    0,
    0,
    0,
    ...options,
  ]);

test('parse: power-of-two resolution and if_tsoffset', () => {
  // prettier-ignore
  const bytes = Uint8Array.from([
    ...block(0x0a0d0d0a, SHB_BODY),
    ...block(1, [1, 0, 0, 0, 0, 0, 0, 0,
      9, 0, 1, 0, 0x8a, 0, 0, 0, // if_tsresol: 2^-10 s
      14, 0, 8, 0, ...le32(100), 0, 0, 0, 0, // if_tsoffset: 100 s
      0, 0, 0, 0]),
    ...epb(0, 2048), // 2 s after the offset
  ]);
  const r = readPcapng(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.equal(r.value.interfaces[0]?.tsresol, 0x8a);
  assert.equal(r.value.packets[0]?.timestampNs, 102_000_000_000n);
});

test('parse: interface ids of later sections follow those of earlier ones', () => {
  const first = new PcapngWriter();
  first.addInterface('a');
  first.add(0, 1n, Uint8Array.of(1));
  const second = new PcapngWriter();
  second.addInterface('b');
  second.addInterface('c');
  second.add(1, 2n, Uint8Array.of(2));
  const r = readPcapng(Uint8Array.from([...first.toBytes(), ...second.toBytes()]));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(
    r.value.interfaces.map((i) => i.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    r.value.packets.map((p) => p.interfaceId),
    [0, 2],
  );
});

test('readPcapng rejects malformed files with a reason', () => {
  const shb = block(0x0a0d0d0a, SHB_BODY);
  const idb = block(1, [1, 0, 0, 0, 0, 0, 0, 0]);
  const rows: [string, number[]][] = [
    ['empty', []],
    ['no section header first', [...idb, ...shb]],
    ['no byte-order magic', block(0x0a0d0d0a, [1, 2, 3, 4, ...SHB_BODY.slice(4)])],
    ['major version 2', block(0x0a0d0d0a, [...SHB_BODY.slice(0, 4), 2, 0, 0, 0, ...SHB_BODY.slice(8)])],
    ['section header too short', block(0x0a0d0d0a, SHB_BODY.slice(0, 12))],
    ['block shorter than 12 bytes', [...shb, 1, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0]],
    ['length not a multiple of 4', [...shb, 1, 0, 0, 0, 13, 0, 0, 0, 0, 13, 0, 0, 0]],
    ['block past the end', [...shb, ...idb.slice(0, -4)]],
    ['truncated block header', [...shb, 1, 0, 0, 0]],
    ['trailing length differs', [...shb, ...idb.slice(0, -4), 24, 0, 0, 0]],
    ['interface block too short', [...shb, ...block(1, [1, 0, 0, 0])]],
    [
      'option past its block',
      [...shb, ...block(1, [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 9, 0, 0x61, 0x62, 0x63, 0])],
    ],
    ['packet for an unknown interface', [...shb, ...idb, ...epb(1, 0)]],
    ['packet block too short', [...shb, ...idb, ...block(6, [0, 0, 0, 0])]],
    [
      'packet data past its block',
      [...shb, ...idb, ...block(6, [...new Array<number>(12).fill(0), ...le32(9), ...le32(9)])],
    ],
    ['packet option past its block', [...shb, ...idb, ...epb(0, 0, [1, 0, 9, 0])]],
  ];
  for (const [label, bytes] of rows) {
    const r = readPcapng(Uint8Array.from(bytes));
    assert.equal(r.ok, false, label);
    assert.ok(!r.ok && r.reason.startsWith('pcapng: '), label);
  }
});

test('the writer refuses unknown interfaces and out-of-range timestamps (caller bugs throw)', () => {
  const writer = new PcapngWriter();
  assert.throws(() => writer.add(0, 0n, new Uint8Array(1)));
  writer.addInterface('x');
  assert.throws(() => writer.add(0, -1n, new Uint8Array(1)));
  assert.throws(() => writer.add(0, 2n ** 64n, new Uint8Array(1)));
});

const name = fc.string({ maxLength: 20 });
const file: fc.Arbitrary<PcapngFile> = fc
  .array(
    fc.record(
      {
        name,
        description: fc.option(name, { nil: undefined }),
        linkType: fc.constantFrom(LinkType.Ethernet, LinkType.Raw),
      },
      { noNullPrototype: true },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((interfaces) =>
    fc
      .array(
        fc.record(
          {
            interfaceId: fc.nat({ max: interfaces.length - 1 }),
            timestampNs: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
            data: fc.uint8Array({ maxLength: 70 }),
            comment: fc.option(name, { nil: undefined }),
          },
          { noNullPrototype: true },
        ),
        { maxLength: 6 },
      )
      .map((packets) => ({
        interfaces: interfaces.map((i) => ({ ...i, tsresol: 9 })),
        packets,
      })),
  );

// The reader leaves absent options out rather than setting them to undefined.
const dropUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

test('property: readPcapng(write(x)) == x', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 10 }), file, (application, x) => {
      const writer = new PcapngWriter({ application });
      for (const i of x.interfaces) writer.addInterface(i.name ?? '', i.description, i.linkType);
      for (const p of x.packets) writer.add(p.interfaceId, p.timestampNs, p.data, p.comment);
      const r = readPcapng(writer.toBytes());
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepEqual(r.value, {
        interfaces: x.interfaces.map(dropUndefined),
        packets: x.packets.map(dropUndefined),
      });
    }),
    { numRuns: 500 },
  );
});

test('property: any bytes, and any cut or overwrite of a valid file, give a result, never a throw', () => {
  const valid = SMALL_FILE;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: valid.length }), (bytes, cut) => {
      assert.equal(typeof readPcapng(bytes).ok, 'boolean');
      assert.equal(readPcapng(valid.subarray(0, cut)).ok, cut === 40 || cut === 80 || cut === valid.length);
      const mutated = valid.slice();
      const at = cut % valid.length;
      mutated.set(bytes.subarray(0, Math.min(8, valid.length - at)), at);
      assert.equal(typeof readPcapng(mutated).ok, 'boolean');
      const withSectionHeader = Uint8Array.from([...valid.subarray(0, 40), ...bytes]);
      assert.equal(typeof readPcapng(withSectionHeader).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

const link = { srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02' };
const skip = !hasTshark() && 'tshark not installed';

test('tshark decodes our pcapng: interfaces, comments, 5-tuples and nanosecond timestamps', { skip }, () => {
  const writer = new PcapngWriter({ application: 'vnetlab test' });
  const nic = writer.addInterface('vm1-nic', 'vm1 primary NIC');
  const tap = writer.addInterface('tap0');
  writer.add(
    nic,
    1_700_000_000_123_456_789n,
    udpFrame({
      ...link,
      src: ip('10.0.0.4'),
      dst: ip('10.0.1.4'),
      srcPort: 50000,
      dstPort: 8080,
      payload: new Uint8Array(5),
    }),
    'allowed by AllowVnetInBound',
  );
  writer.add(
    tap,
    1_700_000_000_123_456_790n,
    tcpFrame({
      ...link,
      src: ip('10.0.0.4'),
      dst: ip('10.0.1.4'),
      srcPort: 50001,
      dstPort: 22,
      seq: 7,
      ack: 0,
      flags: 2,
    }),
  );
  const path = join(dir, 'interfaces.pcapng');
  writeFileSync(path, writer.toBytes());
  const rows = tsharkFields(path, [
    'frame.interface_name',
    'frame.interface_description',
    'frame.comment',
    'frame.time_epoch',
    'ip.src',
    'ip.dst',
    'ip.proto',
    'udp.srcport',
    'udp.dstport',
    'tcp.srcport',
    'tcp.dstport',
  ]);
  assert.deepEqual(rows, [
    [
      'vm1-nic',
      'vm1 primary NIC',
      'allowed by AllowVnetInBound',
      '1700000000.123456789',
      '10.0.0.4',
      '10.0.1.4',
      '17',
      '50000',
      '8080',
      '',
      '',
    ],
    ['tap0', '', '', '1700000000.123456790', '10.0.0.4', '10.0.1.4', '6', '', '', '50001', '22'],
  ]);
});

test('tshark decodes vxlan.encapsulate output: the VNI and the inner headers', { skip }, () => {
  const inner = tcpFrame({
    ...link,
    src: ip('10.0.0.4'),
    dst: ip('10.2.0.9'),
    srcPort: 41000,
    dstPort: 443,
    seq: 1,
    ack: 0,
    flags: 2,
  });
  const frame = vxlan.encapsulate({
    srcMac: '02:00:00:00:00:0a',
    dstMac: '02:00:00:00:00:0b',
    src: ip('192.168.0.1'),
    dst: ip('192.168.0.2'),
    srcPort: vxlan.sourcePortFor(inner),
    vni: 0xabcdef,
    inner,
  });
  const writer = new PcapngWriter();
  writer.add(writer.addInterface('underlay'), 1n, frame);
  const path = join(dir, 'vxlan.pcapng');
  writeFileSync(path, writer.toBytes());
  const rows = tsharkFields(
    path,
    ['vxlan.vni', 'vxlan.flags', 'udp.dstport', 'ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport'],
    'vxlan',
  );
  assert.deepEqual(rows, [
    [String(0xabcdef), '0x0800', '4789', '192.168.0.1,10.0.0.4', '192.168.0.2,10.2.0.9', '41000', '443'],
  ]);
});
