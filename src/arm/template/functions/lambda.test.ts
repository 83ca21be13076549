import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evError, table } from '../fixtures/eval.ts';

test('lambda functions (as Bicep compiles them)', () => {
  table([
    ["[map(range(0, 3), lambda('i', mul(lambdaVariables('i'), 2)))]", [0, 2, 4]],
    ["[filter(range(0, 6), lambda('i', equals(mod(lambdaVariables('i'), 2), 0)))]", [0, 2, 4]],
    [
      "[reduce(range(1, 4), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
      10,
    ],
    [
      "[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]",
      [1, 2, 3],
    ],
    [
      "[toObject(createArray('a', 'b'), lambda('x', lambdaVariables('x')), lambda('x', toUpper(lambdaVariables('x'))))]",
      { a: 'A', b: 'B' },
    ],
    [
      "[map(createArray(createObject('name', 's1')), lambda('s', format('{0}-nsg', lambdaVariables('s').name)))]",
      ['s1-nsg'],
    ],
  ]);
  assert.match(evError("[lambdaVariables('x')]"), /lambda variable 'x' is not defined/);
  assert.match(evError('[map(range(0, 2), 1)]'), /must be a lambda expression/);
});
