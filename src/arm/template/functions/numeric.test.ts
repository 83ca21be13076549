import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evError, table } from '../fixtures/eval.ts';

test('numeric functions', () => {
  table([
    ['[add(5, 3)]', 8],
    ['[sub(7, 3)]', 4],
    ['[mul(5, 3)]', 15],
    ['[div(8, 3)]', 2],
    ['[div(-8, 3)]', -2],
    ['[mod(7, 3)]', 1],
    ["[int('4')]", 4],
    ['[min(createArray(0, 3, 2, 5, 4))]', 0],
    ['[min(0, 3, 2)]', 0],
    ['[max(createArray(0, 3, 2, 5, 4))]', 5],
    ['[range(5, 3)]', [5, 6, 7]],
    ['[range(0, 0)]', []],
    ['[add(-1, 1)]', 0],
  ]);
  assert.match(evError('[div(1, 0)]'), /division by zero/);
  assert.match(evError("[add('1', 2)]"), /argument 1 must be of type 'Integer', but is of type 'String'/);
  assert.match(evError("[int('x')]"), /cannot be converted to an integer/);
  assert.match(evError('[range(0, -1)]'), /count '-1'/);
});
