import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, table } from '../fixtures/eval.ts';
import { RG_ID } from '../fixtures/scope.ts';
import { uniqueString } from './hash.ts';

test('uniqueString matches ARM (vectors checked against Bicep by a public replica)', () => {
  assert.equal(uniqueString(['test']), 'rbgf3xv4ufgzg');
  assert.equal(uniqueString(['hello', 'world']), 'a7wkljktk6wne');
  assert.equal(uniqueString(['abc']), 'cgtzqvhu4i23s');
  assert.equal(
    uniqueString(['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg']),
    'bmg7c6xu4tw46',
  );
  assert.equal(uniqueString(['foo', 'bar', 'baz']), 'xzi4ioaxtmth4');
  assert.equal(ev("[uniqueString('foo', 'bar', 'baz')]"), 'xzi4ioaxtmth4');
  assert.equal(ev('[uniqueString(resourceGroup().id)]'), uniqueString([RG_ID]));
});

test('guid is a deterministic version-5 UUID of the arguments joined with "-"', () => {
  const g = ev("[guid('a', 'b')]");
  assert.match(String(g), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  table([
    ["[guid('a', 'b')]", g],
    ["[equals(guid('a-b'), guid('a', 'b'))]", true],
    ["[equals(guid('a'), guid('b'))]", false],
  ]);
});
