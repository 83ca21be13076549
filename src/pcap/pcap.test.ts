import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LinkType, PcapWriter, readPcap } from './pcap.ts';
import { tcpFrame, udpFrame } from '../wire/build.ts';
import { mustParseIpv4 as ip } from '../wire/ipv4-address.ts';
import { hasTshark, tsharkFields } from '../../test/helpers/tshark.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnetlab-pcap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A little-endian microsecond file with one 4-byte frame at 1700000000.123456 s.
// prettier-ignore
const MICRO_FILE = Uint8Array.from([
  0xd4, 0xc3, 0xb2, 0xa1, // magic (microseconds), little-endian
  0x02, 0x00, 0x04, 0x00, // version 2.4
  0, 0, 0, 0, 0, 0, 0, 0, // thiszone, sigfigs
  0x00, 0x00, 0x04, 0x00, // snaplen 262144
  0x01, 0x00, 0x00, 0x00, // link type Ethernet
  0x00, 0xf1, 0x53, 0x65, // ts_sec 1700000000
  0x40, 0xe2, 0x01, 0x00, // ts_usec 123456
  0x04, 0, 0, 0, 0x04, 0, 0, 0, // captured and original length
  0xde, 0xad, 0xbe, 0xef, // frame
]);

test('construct: the writer lays out header and record as libpcap does', () => {
  const writer = new PcapWriter();
  writer.add(1_700_000_000_123_456_789n, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
  assert.deepEqual(writer.toBytes(), MICRO_FILE);
});

test('parse: the microsecond file', () => {
  const r = readPcap(MICRO_FILE);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value, {
    linkType: LinkType.Ethernet,
    nanosecond: false,
    snapLen: 262144,
    packets: [
      {
        timestampNs: 1_700_000_000_123_456_000n,
        data: Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
        originalLength: 4,
      },
    ],
  });
});

test('parse: a big-endian nanosecond file', () => {
  // prettier-ignore
  const bytes = Uint8Array.from([
    0xa1, 0xb2, 0x3c, 0x4d, // magic (nanoseconds), big-endian
    0x00, 0x02, 0x00, 0x04, // version 2.4
    0, 0, 0, 0, 0, 0, 0, 0, // thiszone, sigfigs
    0x00, 0x00, 0xff, 0xff, // snaplen 65535
    0x00, 0x00, 0x00, 0x65, // link type 101 (raw IP)
    0x65, 0x53, 0xf1, 0x00, // ts_sec 1700000000
    0x07, 0x5b, 0xcd, 0x15, // ts_nsec 123456789
    0, 0, 0, 2, 0, 0, 0, 60, // captured 2 of 60 bytes
    0xaa, 0xbb,
  ]);
  const r = readPcap(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.value, {
    linkType: LinkType.Raw,
    nanosecond: true,
    snapLen: 65535,
    packets: [
      { timestampNs: 1_700_000_000_123_456_789n, data: Uint8Array.of(0xaa, 0xbb), originalLength: 60 },
    ],
  });
});

test('snapLen cuts long frames and keeps their original length', () => {
  const writer = new PcapWriter({ snapLen: 3, nanosecond: true, linkType: LinkType.Raw });
  writer.add(5n, Uint8Array.of(1, 2, 3, 4, 5));
  writer.add(6n, Uint8Array.of(1, 2), 1500);
  const r = readPcap(writer.toBytes());
  assert.ok(r.ok);
  assert.deepEqual(r.value.packets, [
    { timestampNs: 5n, data: Uint8Array.of(1, 2, 3), originalLength: 5 },
    { timestampNs: 6n, data: Uint8Array.of(1, 2), originalLength: 1500 },
  ]);
});

test('the writer refuses what the format cannot hold (caller bugs throw)', () => {
  assert.throws(() => new PcapWriter().add(-1n, new Uint8Array(1)));
  assert.throws(() => new PcapWriter().add(2n ** 32n * 1_000_000_000n, new Uint8Array(1)));
  assert.throws(() => new PcapWriter({ snapLen: 0 }));
});

test('readPcap rejects malformed files with a reason', () => {
  const rows: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['short header', MICRO_FILE.subarray(0, 23)],
    ['unknown magic', Uint8Array.from(MICRO_FILE, (b, i) => (i === 0 ? 0x00 : b))],
    ['version 3', Uint8Array.from(MICRO_FILE, (b, i) => (i === 4 ? 3 : b))],
    ['truncated record header', MICRO_FILE.subarray(0, 30)],
    ['truncated frame', MICRO_FILE.subarray(0, MICRO_FILE.length - 1)],
  ];
  for (const [label, bytes] of rows) {
    const r = readPcap(bytes);
    assert.equal(r.ok, false, label);
    assert.ok(!r.ok && r.reason.startsWith('pcap: '), label);
  }
});

const packet = fc.record(
  {
    timestampNs: fc.bigInt({ min: 0n, max: 2n ** 32n * 1_000_000_000n - 1n }),
    data: fc.uint8Array({ maxLength: 80 }),
  },
  { noNullPrototype: true },
);

test('property: readPcap(write(x)) == x (micro files keep whole microseconds)', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.array(packet, { maxLength: 8 }), (nanosecond, packets) => {
      const writer = new PcapWriter({ nanosecond });
      for (const p of packets) writer.add(p.timestampNs, p.data);
      const r = readPcap(writer.toBytes());
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.value.nanosecond, nanosecond);
      assert.deepEqual(
        r.value.packets,
        packets.map((p) => ({
          timestampNs: nanosecond ? p.timestampNs : p.timestampNs - (p.timestampNs % 1000n),
          data: p.data,
          originalLength: p.data.length,
        })),
      );
    }),
    { numRuns: 500 },
  );
});

test('property: any bytes, and any cut of a valid file, give a result, never a throw', () => {
  const writer = new PcapWriter({ nanosecond: true });
  writer.add(1n, new Uint8Array(30).fill(7));
  writer.add(2n, new Uint8Array(10).fill(9));
  const valid = writer.toBytes();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: valid.length }), (bytes, cut) => {
      assert.equal(typeof readPcap(bytes).ok, 'boolean');
      assert.equal(readPcap(valid.subarray(0, cut)).ok, cut === 24 || cut === 70 || cut === valid.length);
      const mutated = valid.slice();
      const at = cut % valid.length;
      mutated.set(bytes.subarray(0, Math.min(8, valid.length - at)), at);
      assert.equal(typeof readPcap(mutated).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

const CHECK_CHECKSUMS = {
  'ip.check_checksum': 'TRUE',
  'udp.check_checksum': 'TRUE',
  'tcp.check_checksum': 'TRUE',
};
const link = { srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02' };

test(
  'tshark decodes our pcap: 5-tuples and nanosecond timestamps',
  { skip: !hasTshark() && 'tshark not installed' },
  () => {
    const writer = new PcapWriter({ nanosecond: true });
    writer.add(
      1_700_000_000_123_456_789n,
      udpFrame({
        ...link,
        src: ip('10.0.0.4'),
        dst: ip('168.63.129.16'),
        srcPort: 5353,
        dstPort: 53,
        payload: new Uint8Array(12),
      }),
    );
    writer.add(
      1_700_000_001_000_000_001n,
      tcpFrame({
        ...link,
        src: ip('10.0.0.4'),
        dst: ip('10.1.0.5'),
        srcPort: 40000,
        dstPort: 443,
        seq: 1,
        ack: 0,
        flags: 2,
      }),
    );
    const file = join(dir, 'five-tuples.pcap');
    writeFileSync(file, writer.toBytes());
    const rows = tsharkFields(
      file,
      [
        'frame.time_epoch',
        'ip.src',
        'ip.dst',
        'ip.proto',
        'udp.srcport',
        'udp.dstport',
        'tcp.srcport',
        'tcp.dstport',
        'udp.checksum.status',
        'tcp.checksum.status',
      ],
      undefined,
      CHECK_CHECKSUMS,
    );
    assert.deepEqual(rows, [
      // checksum status 1: good (tshark verifies them with the preferences above).
      ['1700000000.123456789', '10.0.0.4', '168.63.129.16', '17', '5353', '53', '', '', '1', ''],
      ['1700000001.000000001', '10.0.0.4', '10.1.0.5', '6', '', '', '40000', '443', '', '1'],
    ]);
  },
);
