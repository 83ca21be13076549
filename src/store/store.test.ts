import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './store.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'vnetlab-store-'));

test('values written are read back after the store is reopened', () => {
  const dir = tempDir();
  try {
    const a = openStore(dir);
    a.write({
      puts: [
        ['resource', 'k1', { name: 'vnet1', n: 1 }],
        ['resource', 'k2', { name: 'vnet2' }],
        ['group', 'rg', {}],
      ],
    });
    a.write({ deletes: [['resource', 'k2']] });
    a.close();
    const b = openStore(dir);
    assert.deepEqual(b.get('resource', 'k1'), { name: 'vnet1', n: 1 });
    assert.equal(b.get('resource', 'k2'), undefined);
    assert.deepEqual(
      b.all('resource').map((r) => r.key),
      ['k1'],
    );
    assert.deepEqual(b.all('group'), [{ key: 'rg', value: {} }]);
    b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch that fails part-way writes nothing', () => {
  const store = openStore(undefined);
  store.write({ puts: [['resource', 'keep', 1]] });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() =>
    store.write({
      deletes: [['resource', 'keep']],
      puts: [
        ['resource', 'a', 1],
        ['resource', 'b', cyclic],
      ],
    }),
  );
  assert.equal(store.get('resource', 'keep'), 1);
  assert.equal(store.get('resource', 'a'), undefined);
  store.close();
});

test('the database runs in WAL mode', () => {
  const dir = tempDir();
  try {
    const store = openStore(dir);
    store.write({ puts: [['k', 'x', true]] });
    // In WAL mode commits go to vnetlab.db-wal until a checkpoint.
    assert.ok(existsSync(join(dir, 'vnetlab.db-wal')));
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
