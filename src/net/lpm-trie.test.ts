import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LpmTrie, type IpVersion } from './lpm-trie.ts';

const NUM_RUNS = 300;

function ip4(text: string): bigint {
  const parts = text.split('.').map(Number);
  assert.equal(parts.length, 4, `bad IPv4 literal ${text}`);
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function ip6(text: string): bigint {
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(zeros).fill('0'), ...right];
  assert.equal(groups.length, 8, `bad IPv6 literal ${text}`);
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function toBytes(address: bigint, version: IpVersion): Uint8Array {
  const n = version === 4 ? 4 : 16;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((address >> BigInt(8 * (n - 1 - i))) & 0xffn);
  return out;
}

function bitsOf(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

function maskTo(address: bigint, length: number, version: IpVersion): bigint {
  const hostBits = BigInt(bitsOf(version) - length);
  return (address >> hostBits) << hostBits;
}

/** Obviously-correct model: keep every prefix, scan them all. */
class LinearReference<T> {
  private readonly entries = new Map<string, { network: bigint; length: number; value: T }>();
  constructor(private readonly version: IpVersion) {}

  insert(network: bigint, length: number, value: T): void {
    const masked = maskTo(network, length, this.version);
    this.entries.set(`${masked}/${length}`, { network: masked, length, value });
  }

  get size(): number {
    return this.entries.size;
  }

  matchAll(address: bigint): Array<{ network: bigint; length: number; value: T }> {
    return [...this.entries.values()]
      .filter((e) => maskTo(address, e.length, this.version) === e.network)
      .sort((a, b) => b.length - a.length);
  }

  lookup(address: bigint): T | undefined {
    let best: { length: number; value: T } | undefined;
    for (const e of this.entries.values()) {
      if (maskTo(address, e.length, this.version) === e.network && (!best || e.length > best.length))
        best = e;
    }
    return best?.value;
  }
}

describe('LpmTrie unit cases', () => {
  it('empty trie matches nothing', () => {
    const t4 = new LpmTrie<string>(4);
    assert.equal(t4.size, 0);
    assert.equal(t4.lookup(ip4('1.2.3.4')), undefined);
    assert.equal(t4.lookup4(0x01020304), undefined);
    assert.equal(t4.lookupBytes(toBytes(ip4('1.2.3.4'), 4)), undefined);
    assert.deepEqual(t4.matchAll(ip4('1.2.3.4')), []);
    const t6 = new LpmTrie<string>(6);
    assert.equal(t6.lookup(ip6('2001:db8::1')), undefined);
    assert.equal(t6.version, 6);
  });

  it('default route 0/0 matches every address', () => {
    const t = new LpmTrie<string>(4);
    t.insert(0n, 0, 'default');
    for (const a of ['0.0.0.0', '10.0.0.1', '255.255.255.255']) {
      assert.equal(t.lookup(ip4(a)), 'default', a);
      assert.equal(t.lookup4(Number(ip4(a))), 'default', a);
      assert.equal(t.lookupBytes(toBytes(ip4(a), 4)), 'default', a);
    }
    assert.equal(t.size, 1);
  });

  const nested: Array<[address: string, expected: string | undefined]> = [
    ['10.1.2.3', '/32'],
    ['10.1.2.4', '/24'],
    ['10.1.3.3', '/16'],
    ['10.2.2.3', '/8'],
    ['11.1.2.3', undefined],
    ['9.255.255.255', undefined],
  ];
  for (const [address, expected] of nested) {
    it(`nested prefixes: ${address} picks ${expected ?? 'nothing'}`, () => {
      const t = new LpmTrie<string>(4);
      // Insert out of order so the result cannot depend on insertion order.
      t.insert(ip4('10.1.2.0'), 24, '/24');
      t.insert(ip4('10.0.0.0'), 8, '/8');
      t.insert(ip4('10.1.2.3'), 32, '/32');
      t.insert(ip4('10.1.0.0'), 16, '/16');
      assert.equal(t.lookup(ip4(address)), expected);
      assert.equal(t.lookup4(Number(ip4(address))), expected);
      assert.equal(t.lookupBytes(toBytes(ip4(address), 4)), expected);
    });
  }

  it('inserting the same prefix again replaces the value and keeps size', () => {
    const t = new LpmTrie<string>(4);
    t.insert(ip4('10.0.0.0'), 8, 'old');
    t.insert(ip4('10.0.0.0'), 8, 'new');
    assert.equal(t.size, 1);
    assert.equal(t.lookup(ip4('10.9.9.9')), 'new');
    t.insert(ip4('0.0.0.0'), 0, 'a');
    t.insert(ip4('1.2.3.4'), 0, 'b');
    assert.equal(t.size, 2);
    assert.equal(t.lookup(ip4('11.0.0.0')), 'b');
  });

  it('host bits are ignored on insert', () => {
    const t = new LpmTrie<string>(4);
    t.insert(ip4('192.168.77.200'), 16, 'x');
    t.insert(ip4('192.168.0.0'), 16, 'y');
    assert.equal(t.size, 1);
    assert.equal(t.lookup(ip4('192.168.1.1')), 'y');
    assert.deepEqual(t.matchAll(ip4('192.168.1.1')), [
      { network: ip4('192.168.0.0'), length: 16, value: 'y' },
    ]);
  });

  it('/32 matches exactly one address', () => {
    const t = new LpmTrie<string>(4);
    t.insert(ip4('255.255.255.255'), 32, 'host');
    assert.equal(t.lookup4(0xffffffff), 'host');
    assert.equal(t.lookup4(0xfffffffe), undefined);
    assert.equal(t.lookup(ip4('255.255.255.255')), 'host');
  });

  it('/128 matches exactly one address', () => {
    const t = new LpmTrie<string>(6);
    t.insert(ip6('2001:db8::1'), 128, 'host');
    assert.equal(t.lookup(ip6('2001:db8::1')), 'host');
    assert.equal(t.lookup(ip6('2001:db8::')), undefined);
    assert.equal(t.lookup(ip6('2001:db8::2')), undefined);
    assert.equal(t.lookupBytes(toBytes(ip6('2001:db8::1'), 6)), 'host');
  });

  const v6Cases: Array<[address: string, expected: string]> = [
    ['2001:db8::1', '/64'],
    ['2001:db8:0:0:ffff:ffff:ffff:ffff', '/64'],
    ['2001:db8:0:1::1', '/32'],
    ['2001:db8:ffff::', '/32'],
    ['2001:db9::1', '/0'],
    ['::', '/0'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '/0'],
  ];
  for (const [address, expected] of v6Cases) {
    it(`IPv6 ::/0, 2001:db8::/32, 2001:db8::/64: ${address} picks ${expected}`, () => {
      const t = new LpmTrie<string>(6);
      t.insert(ip6('2001:db8::'), 64, '/64');
      t.insert(ip6('::'), 0, '/0');
      t.insert(ip6('2001:db8::'), 32, '/32');
      assert.equal(t.lookup(ip6(address)), expected);
      assert.equal(t.lookupBytes(toBytes(ip6(address), 6)), expected);
    });
  }

  it('lookupBytes reads at an offset inside a bigger buffer', () => {
    const t4 = new LpmTrie<string>(4);
    t4.insert(ip4('10.1.0.0'), 16, 'v4');
    // Mimic an IPv4 header: destination address at offset 16, surrounded by bytes that would not match.
    const packet = new Uint8Array(20).fill(0xff);
    packet.set([10, 1, 2, 3], 16);
    assert.equal(t4.lookupBytes(packet, 16), 'v4');
    assert.equal(t4.lookupBytes(packet, 0), undefined);
    assert.equal(t4.lookupBytes(packet.subarray(16)), 'v4');

    const t6 = new LpmTrie<string>(6);
    t6.insert(ip6('2001:db8::'), 32, 'v6');
    const packet6 = new Uint8Array(40);
    packet6.set(toBytes(ip6('2001:db8::42'), 6), 24);
    assert.equal(t6.lookupBytes(packet6, 24), 'v6');
    assert.equal(t6.lookupBytes(packet6, 8), undefined);
  });

  it('matchAll lists every containing prefix, longest first', () => {
    const t = new LpmTrie<string>(4);
    t.insert(ip4('10.1.0.0'), 16, 'b');
    t.insert(0n, 0, 'default');
    t.insert(ip4('10.1.2.0'), 24, 'c');
    t.insert(ip4('10.0.0.0'), 8, 'a');
    t.insert(ip4('10.1.3.0'), 24, 'other');
    assert.deepEqual(t.matchAll(ip4('10.1.2.9')), [
      { network: ip4('10.1.2.0'), length: 24, value: 'c' },
      { network: ip4('10.1.0.0'), length: 16, value: 'b' },
      { network: ip4('10.0.0.0'), length: 8, value: 'a' },
      { network: 0n, length: 0, value: 'default' },
    ]);
  });

  it('grows past its initial capacity without losing entries', () => {
    const t = new LpmTrie<number>(6);
    for (let i = 0; i < 50; i++) t.insert(BigInt(i) << 100n, 128, i);
    assert.equal(t.size, 50);
    for (let i = 0; i < 50; i++) assert.equal(t.lookup(BigInt(i) << 100n), i);
  });

  it('rejects programming errors with RangeError', () => {
    const t4 = new LpmTrie<string>(4);
    const t6 = new LpmTrie<string>(6);
    assert.throws(() => t4.insert(0n, 33, 'x'), RangeError);
    assert.throws(() => t4.insert(0n, -1, 'x'), RangeError);
    assert.throws(() => t4.insert(0n, 1.5, 'x'), RangeError);
    assert.throws(() => t6.insert(0n, 129, 'x'), RangeError);
    assert.throws(() => t4.insert(1n << 32n, 8, 'x'), RangeError);
    assert.throws(() => t4.lookup(-1n), RangeError);
    assert.throws(() => t6.lookup4(0), RangeError);
    assert.throws(() => t4.lookup4(-1), RangeError);
    assert.throws(() => t4.lookup4(2 ** 32), RangeError);
    assert.throws(() => t4.lookupBytes(new Uint8Array(3)), RangeError);
    assert.throws(() => t4.lookupBytes(new Uint8Array(8), 5), RangeError);
    assert.throws(() => t6.lookupBytes(new Uint8Array(16), 1), RangeError);
    assert.equal(t4.size, 0);
    assert.doesNotThrow(() => t6.insert(0n, 128, 'x'));
  });
});

type Scenario = {
  prefixes: Array<{ network: bigint; length: number }>;
  addresses: bigint[];
  pad: number;
};

/**
 * Prefixes are drawn around a few shared base addresses so they nest and collide (duplicates replace), and
 * most probe addresses fall inside or just beside an inserted prefix so the longest match actually varies.
 */
function scenario(version: IpVersion): fc.Arbitrary<Scenario> {
  const bits = bitsOf(version);
  const max = (1n << BigInt(bits)) - 1n;
  const address = fc.bigInt({ min: 0n, max });
  const realistic = version === 4 ? [0, 8, 16, 20, 24, 26, 28, 32] : [0, 32, 48, 56, 64, 128];
  const length = fc.oneof(
    { arbitrary: fc.constantFrom(...realistic), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: bits }), weight: 2 },
  );
  const entry = fc.record({ random: fc.boolean(), base: fc.nat(), noise: address, length });
  const probe = fc.record({
    kind: fc.constantFrom('random', 'inside', 'beside'),
    pick: fc.nat(),
    noise: address,
  });
  return fc
    .record({
      bases: fc.array(address, { minLength: 1, maxLength: 6 }),
      entries: fc.array(entry, { maxLength: 200, size: 'max' }),
      probes: fc.array(probe, { minLength: 1, maxLength: 30, size: 'max' }),
      pad: fc.nat({ max: 7 }),
    })
    .map(({ bases, entries, probes, pad }) => {
      const prefixes = entries.map((e) => {
        const base = e.random ? e.noise : bases[e.base % bases.length]!;
        // Keep the base's network bits but randomise host bits, which insert must ignore.
        const network = maskTo(base, e.length, version) | (e.noise & (max >> BigInt(e.length)));
        return { network, length: e.length };
      });
      const addresses = probes.map((p) => {
        const target = prefixes.length === 0 ? undefined : prefixes[p.pick % prefixes.length]!;
        if (p.kind === 'random' || !target) return p.noise;
        const inside =
          maskTo(target.network, target.length, version) | (p.noise & (max >> BigInt(target.length)));
        if (p.kind === 'inside' || target.length === 0) return inside;
        // Flip the last network bit: just outside this prefix, often inside a shorter one.
        return inside ^ (1n << BigInt(bits - target.length));
      });
      return { prefixes, addresses, pad };
    });
}

function build(version: IpVersion, s: Scenario): { trie: LpmTrie<number>; ref: LinearReference<number> } {
  const trie = new LpmTrie<number>(version);
  const ref = new LinearReference<number>(version);
  // Values are insertion indices, so a missed replacement shows up as the wrong number.
  s.prefixes.forEach((p, i) => {
    trie.insert(p.network, p.length, i);
    ref.insert(p.network, p.length, i);
  });
  return { trie, ref };
}

for (const version of [4, 6] as const) {
  describe(`LpmTrie IPv${version} matches the linear reference`, () => {
    it('size counts distinct prefixes', () => {
      fc.assert(
        fc.property(scenario(version), (s) => {
          const { trie, ref } = build(version, s);
          assert.equal(trie.size, ref.size);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it('lookup', () => {
      fc.assert(
        fc.property(scenario(version), (s) => {
          const { trie, ref } = build(version, s);
          for (const a of s.addresses) assert.equal(trie.lookup(a), ref.lookup(a), `address ${a}`);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    if (version === 4) {
      it('lookup4', () => {
        fc.assert(
          fc.property(scenario(4), (s) => {
            const { trie, ref } = build(4, s);
            for (const a of s.addresses) assert.equal(trie.lookup4(Number(a)), ref.lookup(a), `address ${a}`);
          }),
          { numRuns: NUM_RUNS },
        );
      });
    }

    it('lookupBytes at an arbitrary offset', () => {
      fc.assert(
        fc.property(scenario(version), (s) => {
          const { trie, ref } = build(version, s);
          const width = version === 4 ? 4 : 16;
          for (const a of s.addresses) {
            // Surround the address with all-ones padding so reading at the wrong offset usually sees a different address.
            const buf = new Uint8Array(s.pad + width + 3).fill(0xff);
            buf.set(toBytes(a, version), s.pad);
            assert.equal(trie.lookupBytes(buf, s.pad), ref.lookup(a), `address ${a}`);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it('matchAll', () => {
      fc.assert(
        fc.property(scenario(version), (s) => {
          const { trie, ref } = build(version, s);
          for (const a of s.addresses) assert.deepEqual(trie.matchAll(a), ref.matchAll(a), `address ${a}`);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  });
}
