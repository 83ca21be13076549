import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIpv4, isBroadcastIpv4, isMulticastIpv4, mustParseIpv4, parseIpv4 } from './ipv4-address.ts';

test('dotted quads parse to uint32 and format back', () => {
  assert.deepEqual(parseIpv4('10.0.0.4'), { ok: true, value: 0x0a000004 });
  assert.deepEqual(parseIpv4('255.255.255.255'), { ok: true, value: 0xffffffff });
  assert.equal(mustParseIpv4('168.63.129.16'), 0xa83f8110);
  assert.equal(formatIpv4(0xa83f8110), '168.63.129.16');
  assert.equal(formatIpv4(0), '0.0.0.0');
});

test('anything but a strict dotted quad is rejected', () => {
  for (const bad of [
    '',
    '10.0.0',
    '10.0.0.0.0',
    '256.0.0.1',
    '01.0.0.1',
    '1.2.3.-4',
    '1.2.3.4 ',
    'a.b.c.d',
    '1..2.3',
  ]) {
    assert.equal(parseIpv4(bad).ok, false, bad);
  }
  assert.throws(() => mustParseIpv4('10.0.0'));
});

test('multicast and limited broadcast', () => {
  assert.ok(isMulticastIpv4(mustParseIpv4('224.0.0.1')));
  assert.ok(isMulticastIpv4(mustParseIpv4('239.255.255.255')));
  assert.ok(!isMulticastIpv4(mustParseIpv4('240.0.0.1')));
  assert.ok(isBroadcastIpv4(0xffffffff));
  assert.ok(!isBroadcastIpv4(mustParseIpv4('10.0.0.255')));
});

test('format then parse is the identity', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
      assert.deepEqual(parseIpv4(formatIpv4(n)), { ok: true, value: n });
    }),
    { numRuns: 1000 },
  );
});
