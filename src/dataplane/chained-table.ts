// A hash table of entries that carry their hash and chain themselves (`next`), for the connection table and the
// flow cache: one array of bucket heads indexed by the low bits of a 30-bit hash, at most one entry per bucket on
// average, and in front of it a bit per slot (4 slots per bucket) saying which hashes may be present.
//
// Why not a Map keyed by the hash: a Map keeps a key, a value and a link per entry besides its buckets; here an
// entry costs a slot. And why the bits: these tables hold hundreds of thousands of entries, every new flow looks
// up keys that are absent, and a look-up in a table that size misses the CPU caches; the bits (an eighth of the
// buckets' size) stay cached and turn most absent keys away (docs/benchmarks.md, "Packet data plane"). Callers
// compare their entries' full keys: entries of different hashes share buckets.
const INITIAL_LOG2 = 10;
/** Filter slots per bucket, as a shift: 4. At full load about a fifth of absent hashes pass the filter. */
const FILTER_SHIFT = 2;

export interface Chained<E> {
  readonly hash: number;
  next: E | undefined;
}

export class ChainedTable<E extends Chained<E>> {
  private buckets: (E | undefined)[] = [];
  private mask = 0;
  private bits = new Uint32Array(0);
  private bitMask = 0;
  private count = 0;

  constructor() {
    this.resize(1 << INITIAL_LOG2);
  }

  get size(): number {
    return this.count;
  }

  /** The first entry of the bucket of `hash` (follow `next` for the others); undefined when none can match. */
  head(hash: number): E | undefined {
    const b = hash & this.bitMask;
    if ((this.bits[b >>> 5]! & (1 << (b & 31))) === 0) return undefined;
    return this.buckets[hash & this.mask];
  }

  /** Adds an entry in front of its bucket (callers remove an entry of the same key first). */
  add(entry: E): void {
    this.link(entry);
    // Growing re-links every entry (a cache miss each): by 4, so that each entry is re-linked about a third of a
    // time on average, at 8 to 32 bytes of buckets per entry.
    if (++this.count > this.buckets.length) this.resize(this.buckets.length * 4);
  }

  /** Removes an entry; false if it is not in the table. (Its filter bit stays set until the next rebuild.) */
  remove(entry: E): boolean {
    const i = entry.hash & this.mask;
    let e = this.buckets[i];
    if (e === entry) {
      this.buckets[i] = entry.next;
      entry.next = undefined;
      this.count--;
      return true;
    }
    for (; e; e = e.next)
      if (e.next === entry) {
        e.next = entry.next;
        entry.next = undefined;
        this.count--;
        return true;
      }
    return false;
  }

  /** Drops every entry `keep` says no to, and clears the filter bits of what went. */
  retain(keep: (entry: E) => boolean): void {
    const old = this.buckets;
    this.resize(this.buckets.length, true);
    for (const head of old) {
      let e = head;
      while (e) {
        const next = e.next;
        if (keep(e)) this.link(e);
        else this.count--;
        e = next;
      }
    }
  }

  /** Every entry, for tests. */
  *entries(): Generator<E> {
    for (const head of this.buckets) for (let e = head; e; e = e.next) yield e;
  }

  private link(entry: E): void {
    const h = entry.hash;
    const i = h & this.mask;
    entry.next = this.buckets[i];
    this.buckets[i] = entry;
    const b = h & this.bitMask;
    this.bits[b >>> 5]! |= 1 << (b & 31);
  }

  /** New empty buckets and bits of `length` buckets; re-links the old entries unless the caller will. */
  private resize(length: number, empty = false): void {
    const old = this.buckets;
    this.buckets = new Array<E | undefined>(length).fill(undefined);
    this.mask = length - 1;
    const slots = length << FILTER_SHIFT;
    this.bits = new Uint32Array(Math.max(1, slots >>> 5));
    this.bitMask = slots - 1;
    if (empty) return;
    for (const head of old) {
      let e = head;
      while (e) {
        const next = e.next;
        this.link(e);
        e = next;
      }
    }
  }
}
