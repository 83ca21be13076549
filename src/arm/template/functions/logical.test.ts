import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evError, table } from '../fixtures/eval.ts';

test('logical and comparison functions', () => {
  table([
    ['[and(true, true, false)]', false],
    ['[or(false, true)]', true],
    ['[not(true)]', false],
    ["[bool('TRUE')]", true],
    ['[bool(0)]', false],
    ["[if(equals('a', 'a'), 'yes', 'no')]", 'yes'],
    ['[equals(1, 1)]', true],
    ["[equals('a', 'A')]", false],
    ["[equals(createArray('a', 'b'), createArray('a', 'b'))]", true],
    ["[equals(createObject('a', 1, 'b', 2), createObject('b', 2, 'a', 1))]", true],
    ['[greater(10, 5)]', true],
    ["[greater('A', 'a')]", false],
    ['[greaterOrEquals(5, 5)]', true],
    ['[less(1, 2)]', true],
    ['[lessOrEquals(3, 2)]', false],
    ['[true()]', true],
    ['[false()]', false],
    ['[null()]', null],
    ['[not(empty(createArray(1)))]', true],
  ]);
});

test('if() evaluates only the branch it takes', () => {
  table([
    ['[if(true, 1, div(1, 0))]', 1],
    ['[if(false, div(1, 0), 2)]', 2],
  ]);
  assert.match(evError('[if(true, div(1, 0), 2)]'), /division by zero/);
  assert.match(evError("[if('yes', 1, 2)]"), /the condition must be of type 'Boolean'/);
  assert.match(evError("[and(true, 'x')]"), /argument 2 must be of type 'Boolean'/);
});
