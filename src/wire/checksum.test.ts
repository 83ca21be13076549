import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adjust16, adjust32, finish, fold, pseudoHeaderSum, sum16 } from './checksum.ts';
import { hex, ICMP6_ECHO, L3, L4_V4, L4_V6, TCP6_SYN, TCP_SYN, UDP_DATAGRAM } from './test-helpers.ts';

test('RFC 1071 §3 worked example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2', () => {
  const bytes = hex('0001 f203 f4f5 f6f7');
  assert.equal(fold(sum16(bytes, 0, bytes.length)), 0xddf2);
  assert.equal(finish(sum16(bytes, 0, bytes.length)), 0x220d);
});

test('an IPv4 header checksum (the Wikipedia example, b861)', () => {
  // version/IHL, DSCP, total length | id | flags | TTL, protocol | checksum | src 192.168.0.1 | dst 192.168.0.199
  const header = hex('4500 0073 0000 4000 4011 b861 c0a80001 c0a800c7');
  assert.equal(finish(sum16(header, 0, 20)), 0, 'a correct header sums to zero');
  header[10] = 0;
  header[11] = 0;
  assert.equal(finish(sum16(header, 0, 20)), 0xb861);
});

test('pseudo-header sums verify captured TCP and UDP over IPv4 and IPv6', () => {
  const v4 = { version: 4, src: 0x0a000004, dst: 0x0a000005 } as const;
  const tcpLen = TCP_SYN.length - L4_V4;
  assert.equal(finish(sum16(TCP_SYN, L4_V4, TCP_SYN.length, pseudoHeaderSum(v4, 6, tcpLen))), 0);
  const udpLen = UDP_DATAGRAM.length - L4_V4;
  assert.equal(finish(sum16(UDP_DATAGRAM, L4_V4, UDP_DATAGRAM.length, pseudoHeaderSum(v4, 17, udpLen))), 0);
  const v6 = {
    version: 6,
    src: 0x20010db8000000000000000000000004n,
    dst: 0x20010db8000000000000000000000005n,
  } as const;
  assert.equal(
    finish(sum16(TCP6_SYN, L4_V6, TCP6_SYN.length, pseudoHeaderSum(v6, 6, TCP6_SYN.length - L4_V6))),
    0,
  );
  assert.equal(finish(sum16(ICMP6_ECHO, L4_V6, ICMP6_ECHO.length, pseudoHeaderSum(v6, 58, 13))), 0);
  assert.equal(finish(sum16(TCP_SYN, L3, L4_V4)), 0, 'and the IPv4 header itself');
});

test('an odd trailing byte is padded with zero (RFC 1071 §2(B))', () => {
  assert.equal(sum16(hex('0102 03'), 0, 3), 0x0102 + 0x0300);
});

test('sums chain across even split points, and lazily folded sums finish the same', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, at) => {
      const split = (at % (bytes.length + 1)) & ~1;
      const whole = sum16(bytes, 0, bytes.length);
      assert.equal(sum16(bytes, split, bytes.length, sum16(bytes, 0, split)), whole);
      assert.equal(finish(whole), finish(fold(whole)));
      assert.ok(fold(whole) <= 0xffff);
    }),
    { numRuns: 1000 },
  );
});

test('RFC 1624 incremental updates agree with recomputing', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 8, maxLength: 64 }),
      fc.nat(),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      (bytes, at, word, dword) => {
        const b = bytes.subarray(0, bytes.length & ~1);
        const i = (at % (b.length / 2 - 1)) * 2;
        const before = finish(sum16(b, 0, b.length));
        const oldWord = (b[i]! << 8) | b[i + 1]!;
        b[i] = word >>> 8;
        b[i + 1] = word & 0xff;
        const recomputed = finish(sum16(b, 0, b.length));
        // One's complement has two zeros; a receiver accepts either, so compare modulo 0xffff.
        assert.equal(adjust16(before, oldWord, word) % 0xffff, recomputed % 0xffff);
        const oldDword = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
        b.set([dword >>> 24, (dword >>> 16) & 0xff, (dword >>> 8) & 0xff, dword & 0xff], 0);
        assert.equal(adjust32(recomputed, oldDword, dword) % 0xffff, finish(sum16(b, 0, b.length)) % 0xffff);
      },
    ),
    { numRuns: 1000 },
  );
});
