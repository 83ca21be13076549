import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateExpression } from './evaluate-expression.ts';
import { planDeployment } from './planner.ts';
import { ev } from './fixtures/eval.ts';
import { SCOPE } from './fixtures/scope.ts';

test('function names are case-insensitive; literals and escapes pass through', () => {
  assert.equal(ev("[CONCAT('a', ToUpper('b'))]"), 'aB');
  assert.equal(ev('plain text'), 'plain text');
  assert.equal(ev('[[escaped]'), '[escaped]');
  assert.equal(ev("[ concat( 'a' , 'b' ) ]"), 'ab');
});

// Expression-shaped strings built from real function names, quotes and brackets: whatever they are, the
// result is a value or an ARM error, never an exception.
const fragment = fc.constantFrom(
  'concat(',
  'format(',
  "'a'",
  "'{0}'",
  '1',
  '-2',
  ',',
  ')',
  '[',
  ']',
  '.',
  'x',
  'if(',
  'true',
  'createArray(',
  'createObject(',
  "cidrSubnet('10.0.0.0/8',",
  'range(0,',
  "json('",
  'length(',
  'union(',
  'lambda(',
  "lambdaVariables('i')",
  'map(',
  "split('a,b',",
  'skip(',
  "parseCidr('",
  "substring('abc',",
);

test('any expression text gives a result, never a throw', () => {
  fc.assert(
    fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
      const r = evaluateExpression(`[${parts.join('')}]`, SCOPE);
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.equal(r.error.code, 'InvalidTemplate');
    }),
    { numRuns: 2000 },
  );
});

test('any JSON as template or parameters gives a result, never a throw', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (template, parameters) => {
      const r = planDeployment(template, parameters, SCOPE);
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          type: fc.constantFrom('Microsoft.Network/virtualNetworks', 'subnets', 'a/b/c'),
          name: fc.string(),
          dependsOn: fc.array(fc.string(), { maxLength: 2 }),
        }),
        { maxLength: 4 },
      ),
      (resources) => {
        const r = planDeployment({ resources }, {}, SCOPE);
        assert.equal(typeof r.ok, 'boolean');
      },
    ),
    { numRuns: 500 },
  );
});
