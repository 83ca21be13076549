import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy, plan, planError } from './fixtures/plan.ts';

const t = (
  variables: Record<string, unknown>,
  outputs: Record<string, unknown>,
): Record<string, unknown> => ({ variables, resources: [], outputs });

test('variables reference each other (any order, case-insensitive) and hold objects with expressions', () => {
  const { outputs } = deploy(
    plan(
      t(
        {
          b: "[concat(variables('A'), '-b')]",
          a: '[resourceGroup().name]',
          obj: { name: "[variables('b')]", list: ['[add(1, 2)]'] },
        },
        { obj: { type: 'object', value: "[variables('obj')]" } },
      ),
    ),
  );
  assert.deepEqual(outputs.obj?.value, { name: 'rg1-b', list: [3] });
});

test('variable copy arrays and property copy inside a variable', () => {
  const vars = {
    copy: [{ name: 'prefixes', count: 3, input: "[cidrSubnet('10.0.0.0/16', 24, copyIndex('prefixes'))]" }],
    subnetsObj: {
      copy: [{ name: 'subnets', count: 2, input: { name: "[format('s{0}', copyIndex('subnets'))]" } }],
    },
  };
  const { outputs } = deploy(
    plan(
      t(vars, {
        p: { type: 'array', value: "[variables('prefixes')]" },
        s: { type: 'object', value: "[variables('subnetsObj')]" },
      }),
    ),
  );
  assert.deepEqual(outputs.p?.value, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  assert.deepEqual(outputs.s?.value, { subnets: [{ name: 's0' }, { name: 's1' }] });
});

test('a variable cycle is detected and named', () => {
  const e = planError(t({ a: "[variables('b')]", b: "[variables('c')]", c: "[variables('a')]" }, {}));
  assert.equal(e.code, 'InvalidTemplate');
  assert.match(e.message, /The template variable 'a' is not valid: circular reference \(a -> b -> c -> a\)/);
});

test('an unknown variable and reference() in a variable are errors with expression and position', () => {
  assert.match(
    planError(t({ a: "[concat('x', variables('nope'))]" }, {})).message,
    /The template variable 'a' at path 'variables.a' is not valid: The template variable 'nope' is not found. .* \(expression '\[concat\('x', variables\('nope'\)\)\]', position 13\)/,
  );
  assert.match(
    planError(t({ a: "[reference('v')]" }, {})).message,
    /The template function 'reference' is not expected at this location \(expression '\[reference\('v'\)\]', position 1\)/,
  );
});

test('template-defined functions (namespace.member)', () => {
  const template = {
    functions: [
      {
        namespace: 'lab',
        members: {
          name: {
            parameters: [{ name: 'base', type: 'string' }],
            output: { type: 'string', value: "[format('{0}-{1}', parameters('base'), 'x')]" },
          },
        },
      },
    ],
    resources: [],
    outputs: { n: { type: 'string', value: "[lab.name('vnet')]" } },
  };
  assert.deepEqual(deploy(plan(template)).outputs.n, { type: 'string', value: 'vnet-x' });
});
