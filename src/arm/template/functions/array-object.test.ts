import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, evError, table } from '../fixtures/eval.ts';

test('array and object functions (ARM docs examples)', () => {
  table([
    ["[array('efgh')]", ['efgh']],
    ['[array(createArray(1))]', [1]],
    ["[concat(createArray('1-1', '1-2'), createArray('2-1'))]", ['1-1', '1-2', '2-1']],
    ["[contains(createArray('one', 'two'), 'two')]", true],
    ["[contains(createObject('One', 'a'), 'one')]", true],
    ['[contains(createArray(1, 2), 3)]', false],
    ["[createObject('intProp', 1, 'arrayProp', createArray('a'))]", { intProp: 1, arrayProp: ['a'] }],
    ['[coalesce(null(), null(), 1, 2)]', 1],
    ['[coalesce(null())]', null],
    ['[empty(createArray())]', true],
    ['[empty(createObject())]', true],
    ["[empty('')]", true],
    ['[empty(null())]', true],
    ["[empty('a')]", false],
    ["[first(createArray('one', 'two'))]", 'one'],
    ["[last(createArray('one', 'two'))]", 'two'],
    ['[first(createArray())]', null],
    ['[flatten(createArray(createArray(1, 2), createArray(3)))]', [1, 2, 3]],
    ["[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]", ['two', 'three']],
    [
      "[intersection(createObject('one', 'a', 'two', 'b'), createObject('one', 'a', 'two', 'z'))]",
      { one: 'a' },
    ],
    ["[union(createArray('one', 'two'), createArray('two', 'three'))]", ['one', 'two', 'three']],
    [
      "[union(createObject('one', 'a', 'two', 'b'), createObject('three', 'c', 'two', 'z'))]",
      { one: 'a', two: 'z', three: 'c' },
    ],
    ["[length(createArray('a', 'b', 'c'))]", 3],
    ["[length('One Two Three')]", 13],
    ["[length(createObject('a', 1, 'b', 2))]", 2],
    ['[range(1, 3)]', [1, 2, 3]],
    ["[skip(createArray('one', 'two', 'three'), 2)]", ['three']],
    ["[skip('one two three', 4)]", 'two three'],
    ["[take(createArray('one', 'two', 'three'), 2)]", ['one', 'two']],
    ["[take('one two three', 2)]", 'on'],
    ['[take(createArray(1), 5)]', [1]],
    [
      "[items(createObject('b', 2, 'a', 1))]",
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    ],
    ["[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b']],
    ["[shallowMerge(createArray(createObject('a', 1), createObject('b', 2, 'a', 3)))]", { a: 3, b: 2 }],
    ["[tryGet(createObject('a', createObject('b', 1)), 'a', 'b')]", 1],
    ["[tryGet(createObject('a', 1), 'missing')]", null],
    ["[indexOf(createArray('a', 'b'), 'b')]", 1],
  ]);
});

test('union merges nested objects recursively and replaces arrays (docs example)', () => {
  assert.deepEqual(
    ev(
      '[union(json(\'{"property":{"one":"a","two":"b","three":"c1"},"nestedArray":[1,2]}\'), json(\'{"property":{"three":"c2","four":"d","five":"e"},"nestedArray":[3,4]}\'))]',
    ),
    { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  );
});

test('property and index access', () => {
  table([
    ["[createObject('a', createArray(10, 20)).a[1]]", 20],
    ["[createObject('Name', 'x').name]", 'x'],
    ["[createObject('a', 1)['a']]", 1],
  ]);
  assert.match(
    evError("[createObject('a', 1).b]"),
    /The language expression property 'b' doesn't exist, available properties are 'a'/,
  );
  assert.match(
    evError('[createArray(1, 2)[2]]'),
    /The language expression property array index '2' is out of bounds/,
  );
  assert.match(evError('[union(createArray(1), createObject())]'), /all be arrays or all be objects/);
});
