// Longest-prefix-match table for IPv4/IPv6 on a typed-array binary trie; checked against a linear reference by property tests.

export type IpVersion = 4 | 6;

const NO_VALUE = -1;
const INITIAL_NODES = 64;

/**
 * Binary trie: node n's children live at children[2n] and children[2n + 1], its stored value (if any) at
 * values[valueIndex[n]]. Node 0 is the root, so a child slot of 0 means "no child" (the root is nobody's child).
 * Keeping nodes in flat typed arrays keeps lookups free of per-node objects and of allocation.
 */
export class LpmTrie<T> {
  readonly version: IpVersion;
  private readonly bits: number;
  private children: Int32Array;
  private valueIndex: Int32Array;
  private nodeCount = 1;
  private readonly values: T[] = [];
  // Reused by lookup(bigint) so the bigint path allocates only what bigint arithmetic itself needs.
  private readonly scratch = new Uint32Array(4);

  constructor(version: IpVersion) {
    if (version !== 4 && version !== 6)
      throw new RangeError(`IP version must be 4 or 6, got ${String(version)}`);
    this.version = version;
    this.bits = version === 4 ? 32 : 128;
    this.children = new Int32Array(INITIAL_NODES * 2);
    this.valueIndex = new Int32Array(INITIAL_NODES).fill(NO_VALUE);
  }

  /** Number of distinct prefixes stored (a replaced prefix counts once). */
  get size(): number {
    return this.values.length;
  }

  insert(network: bigint, length: number, value: T): void {
    if (!Number.isInteger(length) || length < 0 || length > this.bits) {
      throw new RangeError(`prefix length must be an integer in 0..${this.bits}, got ${length}`);
    }
    const words = this.toWords(network);
    let node = 0;
    for (let i = 0; i < length; i++) {
      const slot = (node << 1) | ((words[i >>> 5]! >>> (31 - (i & 31))) & 1);
      let next = this.children[slot]!;
      if (next === 0) {
        next = this.allocNode();
        // allocNode may have replaced this.children, so index the current array.
        this.children[slot] = next;
      }
      node = next;
    }
    const existing = this.valueIndex[node]!;
    if (existing === NO_VALUE) {
      this.valueIndex[node] = this.values.length;
      this.values.push(value);
    } else {
      this.values[existing] = value;
    }
  }

  lookup(address: bigint): T | undefined {
    const words = this.toWords(address);
    return this.valueAt(this.walkWords(words));
  }

  /** Per-packet IPv4 path: plain 32-bit arithmetic, no bigint, no allocation. */
  lookup4(address: number): T | undefined {
    if (this.version !== 4) throw new RangeError('lookup4 called on an IPv6 trie');
    if (address >>> 0 !== address) throw new RangeError(`IPv4 address must be a uint32, got ${address}`);
    const children = this.children;
    const valueIndex = this.valueIndex;
    let best = valueIndex[0]!;
    let node = 0;
    for (let shift = 31; shift >= 0; shift--) {
      node = children[(node << 1) | ((address >>> shift) & 1)]!;
      if (node === 0) break;
      const v = valueIndex[node]!;
      if (v !== NO_VALUE) best = v;
    }
    return this.valueAt(best);
  }

  /** Reads the address straight from a packet buffer (network byte order), without bigint. */
  lookupBytes(bytes: Uint8Array, offset = 0): T | undefined {
    const bits = this.bits;
    if (!Number.isInteger(offset) || offset < 0 || offset + (bits >>> 3) > bytes.length) {
      throw new RangeError(`need ${bits >>> 3} bytes at offset ${offset}, buffer has ${bytes.length}`);
    }
    const children = this.children;
    const valueIndex = this.valueIndex;
    let best = valueIndex[0]!;
    let node = 0;
    outer: for (let b = 0; b < bits >>> 3; b++) {
      const byte = bytes[offset + b]!;
      for (let shift = 7; shift >= 0; shift--) {
        node = children[(node << 1) | ((byte >>> shift) & 1)]!;
        if (node === 0) break outer;
        const v = valueIndex[node]!;
        if (v !== NO_VALUE) best = v;
      }
    }
    return this.valueAt(best);
  }

  /** Every stored prefix containing address, longest first. Diagnostics only, so bigint results are fine. */
  matchAll(address: bigint): Array<{ network: bigint; length: number; value: T }> {
    const words = this.toWords(address);
    const found: Array<{ network: bigint; length: number; value: T }> = [];
    let node = 0;
    for (let depth = 0; ; depth++) {
      const v = this.valueIndex[node]!;
      if (v !== NO_VALUE) {
        found.push({ network: this.maskTo(address, depth), length: depth, value: this.values[v] as T });
      }
      if (depth === this.bits) break;
      node = this.children[(node << 1) | ((words[depth >>> 5]! >>> (31 - (depth & 31))) & 1)]!;
      if (node === 0) break;
    }
    return found.reverse();
  }

  private walkWords(words: Uint32Array): number {
    const children = this.children;
    const valueIndex = this.valueIndex;
    let best = valueIndex[0]!;
    let node = 0;
    for (let i = 0; i < this.bits; i++) {
      node = children[(node << 1) | ((words[i >>> 5]! >>> (31 - (i & 31))) & 1)]!;
      if (node === 0) break;
      const v = valueIndex[node]!;
      if (v !== NO_VALUE) best = v;
    }
    return best;
  }

  private valueAt(index: number): T | undefined {
    return index === NO_VALUE ? undefined : this.values[index];
  }

  /** Splits an address into 32-bit words, most significant first, so the trie walk never touches bigint. */
  private toWords(address: bigint): Uint32Array {
    if (typeof address !== 'bigint' || address < 0n || address >> BigInt(this.bits) !== 0n) {
      throw new RangeError(`address is not an IPv${this.version} value: ${String(address)}`);
    }
    const words = this.scratch;
    if (this.bits === 32) {
      words[0] = Number(address);
    } else {
      words[0] = Number(address >> 96n);
      words[1] = Number((address >> 64n) & 0xffffffffn);
      words[2] = Number((address >> 32n) & 0xffffffffn);
      words[3] = Number(address & 0xffffffffn);
    }
    return words;
  }

  private maskTo(address: bigint, length: number): bigint {
    const hostBits = BigInt(this.bits - length);
    return (address >> hostBits) << hostBits;
  }

  private allocNode(): number {
    if (this.nodeCount === this.valueIndex.length) {
      const capacity = this.valueIndex.length * 2;
      const children = new Int32Array(capacity * 2);
      children.set(this.children);
      this.children = children;
      const valueIndex = new Int32Array(capacity).fill(NO_VALUE);
      valueIndex.set(this.valueIndex);
      this.valueIndex = valueIndex;
    }
    return this.nodeCount++;
  }
}
