import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arpFrame, icmpEchoFrame, ipv4Frame, tcpFrame, udpFrame } from './build.ts';
import { describeFrame } from './describe.ts';
import * as tcp from './tcp.ts';
import {
  ARP_REQUEST,
  CAPTURED,
  FUZZ_RUNS,
  hex,
  ICMP6_ECHO,
  ICMP6_NS,
  ICMP_ECHO,
  L4_V4,
  mutated,
  TCP6_SYN,
  TCP_SYN,
  UDP_DATAGRAM,
} from './test-helpers.ts';

const A = { srcMac: '00:0d:3a:00:00:04', dstMac: '00:0d:3a:00:00:05', src: 0x0a000004, dst: 0x0a000005 };

test('one line per frame, in the manner of tcpdump', () => {
  const rows: [Uint8Array, string][] = [
    [
      tcpFrame({ ...A, srcPort: 49152, dstPort: 80, seq: 1000, ack: 0, flags: tcp.Flags.SYN }),
      '10.0.0.4.49152 > 10.0.0.5.80: TCP [S] seq 1000 len 0',
    ],
    [
      tcpFrame({
        ...A,
        srcPort: 80,
        dstPort: 49152,
        seq: 7,
        ack: 1001,
        flags: 0x12,
        payload: new Uint8Array(3),
      }),
      '10.0.0.4.80 > 10.0.0.5.49152: TCP [S.] seq 7 ack 1001 len 3',
    ],
    [
      icmpEchoFrame({ ...A, dst: 0x08080808, type: 8, ident: 7, seq: 1 }),
      '10.0.0.4 > 8.8.8.8: ICMP echo request id 7 seq 1',
    ],
    [icmpEchoFrame({ ...A, type: 0, ident: 7, seq: 1 }), '10.0.0.4 > 10.0.0.5: ICMP echo reply id 7 seq 1'],
    [ARP_REQUEST, 'ARP who-has 10.0.0.5 tell 10.0.0.4'],
    [
      arpFrame({
        ...A,
        operation: 2,
        senderMac: A.srcMac,
        senderIp: A.src,
        targetMac: A.dstMac,
        targetIp: A.dst,
      }),
      'ARP 10.0.0.4 is-at 00:0d:3a:00:00:04',
    ],
    [
      udpFrame({ ...A, srcPort: 68, dstPort: 67, payload: new Uint8Array(10) }),
      '10.0.0.4.68 > 10.0.0.5.67: UDP len 10',
    ],
    [TCP_SYN, '10.0.0.4.42414 > 10.0.0.5.80: TCP [S] seq 2095879491 len 0'],
    [UDP_DATAGRAM, '10.0.0.4.49153 > 10.0.0.5.53: UDP len 13'],
    [ICMP_ECHO, '10.0.0.4 > 10.0.0.5: ICMP echo request id 57567 seq 1'],
    [TCP6_SYN, '2001:db8::4.46744 > 2001:db8::5.443: TCP [S] seq 1322965664 len 0'],
    [ICMP6_ECHO, '2001:db8::4 > 2001:db8::5: ICMPv6 echo request id 57568 seq 2'],
    [ICMP6_NS, '2001:db8::4 > ff02::1:ff00:5: ICMPv6 neighbor solicitation code 0'],
    [ipv4Frame({ ...A, protocol: 47, payload: new Uint8Array(4) }), '10.0.0.4 > 10.0.0.5: GRE len 4'],
    [ipv4Frame({ ...A, protocol: 99, payload: new Uint8Array(2) }), '10.0.0.4 > 10.0.0.5: proto 99 len 2'],
    [
      hex('ffffffffffff 000d3a000004 88cc 0102'),
      '00:0d:3a:00:00:04 > ff:ff:ff:ff:ff:ff: ethertype 0x88cc len 2',
    ],
  ];
  for (const [frame, line] of rows) assert.equal(describeFrame(frame), line);
});

test('VXLAN is described with its inner frame', () => {
  const inner = icmpEchoFrame({ ...A, src: 0xc0a80004, dst: 0xc0a80005, type: 8, ident: 1, seq: 2 });
  const payload = new Uint8Array(8 + inner.length);
  payload.set(hex('08000000 00002a00'));
  payload.set(inner, 8);
  const outer = udpFrame({ ...A, srcPort: 50000, dstPort: 4789, payload });
  assert.equal(
    describeFrame(outer),
    `10.0.0.4.50000 > 10.0.0.5.4789: UDP len ${payload.length} VXLAN vni 42 [192.168.0.4 > 192.168.0.5: ICMP echo request id 1 seq 2]`,
  );
  payload[0] = 0; // no I flag: not VXLAN
  const plain = udpFrame({ ...A, srcPort: 50000, dstPort: 4789, payload });
  assert.equal(describeFrame(plain), `10.0.0.4.50000 > 10.0.0.5.4789: UDP len ${payload.length}`);
});

test('malformed input and bad checksums are said, not thrown', () => {
  assert.equal(
    describeFrame(new Uint8Array(3)),
    'malformed Ethernet: Ethernet frame of 3 bytes is shorter than its 14-byte header',
  );
  assert.match(describeFrame(TCP_SYN.subarray(0, 30)), /^malformed IPv4: /);
  assert.match(describeFrame(ARP_REQUEST.subarray(0, 20)), /^malformed ARP: /);
  const badTcp = TCP_SYN.slice();
  badTcp[L4_V4 + 4]! ^= 1;
  assert.match(describeFrame(badTcp), /TCP \[S\] seq \d+ len 0 \(bad checksum\)$/);
  const badIp = ICMP_ECHO.slice();
  badIp[14 + 8] = 1;
  assert.match(describeFrame(badIp), /ICMP echo request id 57567 seq 1 \(bad IPv4 checksum\)$/);
  const shortTcp = TCP_SYN.slice();
  shortTcp[L4_V4 + 12] = 0x20;
  assert.match(describeFrame(shortTcp), /^10.0.0.4 > 10.0.0.5: malformed TCP: /);
});

test('any bytes give a line, never a throw', () => {
  fc.assert(
    fc.property(mutated(CAPTURED, 12), (bytes) => {
      assert.equal(typeof describeFrame(bytes), 'string');
    }),
    { numRuns: FUZZ_RUNS },
  );
});
