import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  containsAddress,
  containsPrefix,
  formatAddress,
  formatPrefix,
  lastAddress,
  mustParsePrefix,
  overlaps,
  parseAddress,
  parsePrefix,
  prefixSize,
  subtractPrefixes,
  type IpVersion,
  type Prefix,
} from './prefix.ts';
import { parsePortRange } from './port-range.ts';

test('parsePrefix accepts CIDR text and formats it back', () => {
  const rows: [string, string][] = [
    ['10.0.0.0/16', '10.0.0.0/16'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['168.63.129.16', '168.63.129.16/32'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8:0:0:1::/80', '2001:db8:0:0:1::/80'],
    ['::/0', '::/0'],
    ['::ffff:10.0.0.1/128', '::ffff:a00:1/128'],
  ];
  for (const [input, expected] of rows) {
    const r = parsePrefix(input);
    assert.ok(r.ok, input);
    assert.equal(formatPrefix(r.value), expected);
  }
});

test('parsePrefix rejects malformed text and host bits, without throwing', () => {
  for (const bad of [
    '10.0.0.0/33',
    '10.0.0/8',
    '256.0.0.0/8',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    'x',
    '',
    '1::2::3/64',
    '01.2.3.4/8',
    '10.0.0.1/16',
    '10.0.0.0 /8',
    '10.0.0.0/ 8',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '10.0.0.0\t/8',
  ]) {
    const r = parsePrefix(bad);
    assert.equal(r.ok, false, bad);
  }
  const lenient = parsePrefix('10.0.0.1/16', true);
  assert.ok(lenient.ok);
  assert.equal(formatPrefix(lenient.value), '10.0.0.0/16');
});

test('containment, overlap and sizes', () => {
  const p16 = mustParsePrefix('10.1.0.0/16');
  const p24 = mustParsePrefix('10.1.2.0/24');
  const other = mustParsePrefix('10.2.0.0/16');
  assert.ok(containsPrefix(p16, p24));
  assert.ok(!containsPrefix(p24, p16));
  assert.ok(overlaps(p16, p24) && overlaps(p24, p16));
  assert.ok(!overlaps(p16, other));
  assert.equal(prefixSize(p24), 256n);
  assert.equal(formatAddress({ version: 4, value: lastAddress(p24) }), '10.1.2.255');
  const a = parseAddress('10.1.2.3');
  assert.ok(a.ok && containsAddress(p24, a.value) && !containsAddress(other, a.value));
  assert.ok(!containsPrefix(mustParsePrefix('::/0'), p16), 'versions never contain each other');
});

test('subtractPrefixes removes a hole and keeps the rest', () => {
  const left = subtractPrefixes(mustParsePrefix('10.0.0.0/8'), [mustParsePrefix('10.1.0.0/16')]);
  assert.deepEqual(left.map(formatPrefix), [
    '10.0.0.0/16',
    '10.2.0.0/15',
    '10.4.0.0/14',
    '10.8.0.0/13',
    '10.16.0.0/12',
    '10.32.0.0/11',
    '10.64.0.0/10',
    '10.128.0.0/9',
  ]);
  assert.deepEqual(subtractPrefixes(mustParsePrefix('10.1.0.0/16'), [mustParsePrefix('10.0.0.0/8')]), []);
  assert.deepEqual(
    subtractPrefixes(mustParsePrefix('10.1.0.0/16'), [mustParsePrefix('10.2.0.0/16')]).map(formatPrefix),
    ['10.1.0.0/16'],
  );
});

test('port ranges', () => {
  assert.deepEqual(parsePortRange('*'), { ok: true, value: { from: 0, to: 65535 } });
  assert.deepEqual(parsePortRange('80'), { ok: true, value: { from: 80, to: 80 } });
  assert.deepEqual(parsePortRange('1000-2000'), { ok: true, value: { from: 1000, to: 2000 } });
  for (const bad of ['65536', '20-10', 'http', '', '1-2-3']) assert.equal(parsePortRange(bad).ok, false, bad);
});

const prefixArb = (version: IpVersion) => {
  const bits = version === 4 ? 32 : 128;
  return fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.integer({ min: 0, max: bits }))
    .map(([value, length]): Prefix => {
      const r = parsePrefix(`${formatAddress({ version, value })}/${length}`, true);
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    });
};

test('property: format then parse is the identity (IPv4 and IPv6)', () => {
  for (const version of [4, 6] as const) {
    fc.assert(
      fc.property(prefixArb(version), (p) => {
        const r = parsePrefix(formatPrefix(p));
        assert.ok(r.ok);
        assert.deepEqual(r.value, p);
      }),
      { numRuns: 500 },
    );
  }
});

test('property: any string gives a result, never an exception', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const r = parsePrefix(s);
      assert.equal(typeof r.ok, 'boolean');
      assert.equal(typeof parseAddress(s).ok, 'boolean');
    }),
    { numRuns: 2000 },
  );
});

test('property: subtraction covers exactly base minus holes', () => {
  // Checked by sampling addresses: an address is in the result iff it is in base and in no hole.
  fc.assert(
    fc.property(
      prefixArb(4).filter((p) => p.length >= 8),
      fc.array(prefixArb(4), { maxLength: 6 }),
      fc.array(fc.bigInt({ min: 0n, max: 0xffffffffn }), { minLength: 20, maxLength: 20 }),
      (base, holes, samples) => {
        const parts = subtractPrefixes(base, holes);
        const inBase = [
          base.network,
          lastAddress(base),
          ...samples.map((s) => base.network | (s & (lastAddress(base) ^ base.network))),
        ];
        for (const value of inBase) {
          const a = { version: 4 as const, value };
          const expected = containsAddress(base, a) && !holes.some((h) => containsAddress(h, a));
          assert.equal(
            parts.some((p) => containsAddress(p, a)),
            expected,
          );
        }
        for (let i = 0; i < parts.length; i++)
          for (let j = i + 1; j < parts.length; j++) assert.ok(!overlaps(parts[i]!, parts[j]!));
      },
    ),
    { numRuns: 300 },
  );
});
