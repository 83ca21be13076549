// The chained table holds exactly the entries added and not removed or dropped, each found from its hash's bucket
// (the filter never turns a present hash away), through growth and with every hash alike; and its filter turns
// most absent hashes away, also after entries were dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChainedTable } from './chained-table.ts';
import { hash7 } from './hash.ts';

class Item {
  next: Item | undefined = undefined;
  constructor(
    readonly id: number,
    readonly hash: number,
  ) {}
}

const found = (table: ChainedTable<Item>, item: Item): boolean => {
  for (let e = table.head(item.hash); e; e = e.next) if (e === item) return true;
  return false;
};

test('property: add, remove and retain keep exactly the live entries, each found from its hash', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), hash: fc.integer({ min: 0, max: 2 ** 30 - 1 }) }),
    fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
    fc.record({ kind: fc.constant('retain' as const), modulo: fc.integer({ min: 2, max: 5 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 3000 }), fc.boolean(), (ops, sameHash) => {
      const table = new ChainedTable<Item>();
      let live: Item[] = [];
      let id = 0;
      for (const o of ops) {
        if (o.kind === 'add') {
          const item = new Item(id++, sameHash ? 7 : o.hash);
          table.add(item);
          live.push(item);
        } else if (o.kind === 'remove' && live.length > 0) {
          const item = live[o.which % live.length]!;
          assert.equal(table.remove(item), true);
          assert.equal(table.remove(item), false);
          assert.equal(found(table, item), false);
          live = live.filter((x) => x !== item);
        } else if (o.kind === 'retain') {
          table.retain((e) => e.id % o.modulo !== 0);
          live = live.filter((x) => x.id % o.modulo !== 0);
        }
      }
      assert.equal(table.size, live.length);
      for (const item of live) assert.ok(found(table, item), `item ${item.id}`);
      assert.deepEqual(
        [...table.entries()].map((e) => e.id).sort((a, b) => a - b),
        live.map((x) => x.id),
      );
    }),
    { numRuns: 100, seed: 20261122 },
  );
});

test('absent hashes mostly find no bucket to search, before and after entries are dropped', () => {
  const table = new ChainedTable<Item>();
  const items = Array.from(
    { length: 20_000 },
    (_, i) => new Item(i, hash7(i, 6, 0x0a000104, i & 0xffff, 0x0a000105, 443, 0)),
  );
  for (const item of items) table.add(item);
  const hashes = new Set(items.map((x) => x.hash));
  const absent = Array.from({ length: 20_000 }, (_, i) =>
    hash7(i, 17, 0x0a000104, i, 0x08080808, 53, 0),
  ).filter((h) => !hashes.has(h));
  const searched = (hs: readonly number[]) => hs.filter((h) => table.head(h) !== undefined).length;
  assert.ok(searched(absent) < absent.length * 0.25, `${searched(absent)} of ${absent.length} absent hashes`);
  table.retain((e) => e.id >= 10_000);
  const dropped = items.slice(0, 10_000).map((x) => x.hash);
  assert.ok(searched(dropped) < 2_500, `${searched(dropped)} of 10000 dropped hashes`);
  for (const item of items.slice(10_000)) assert.ok(found(table, item));
});
