import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy, plan, planError } from './fixtures/plan.ts';

const withParams = (
  parameters: Record<string, unknown>,
  outputs: Record<string, unknown> = {},
): Record<string, unknown> => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters,
  resources: [],
  outputs,
});

const out = (p: string, type = 'string'): Record<string, unknown> => ({
  [p]: { type, value: `[parameters('${p}')]` },
});

test('supplied values, defaults (expressions, other parameters) and case-insensitive names', () => {
  const t = withParams(
    {
      prefix: { type: 'string' },
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      name: { type: 'string', defaultValue: "[format('{0}-vnet', parameters('PREFIX'))]" },
      count: { type: 'int', defaultValue: 2 },
    },
    { ...out('location'), ...out('name'), ...out('count', 'int') },
  );
  const { outputs } = deploy(plan(t, { Prefix: { value: 'hub' } }));
  assert.deepEqual(outputs, {
    location: { type: 'string', value: 'westeurope' },
    name: { type: 'string', value: 'hub-vnet' },
    count: { type: 'int', value: 2 },
  });
});

test("a missing value is InvalidTemplate with ARM's wording", () => {
  const e = planError(withParams({ vnetName: { type: 'string' } }));
  assert.equal(e.code, 'InvalidTemplate');
  assert.equal(
    e.message,
    "Deployment template validation failed: 'The value for the template parameter 'vnetName' at path 'parameters.vnetName' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.'.",
  );
});

test('a parameter the template does not declare is an error', () => {
  const e = planError(withParams({ a: { type: 'string', defaultValue: 'x' } }), { b: { value: 1 } });
  assert.match(
    e.message,
    /The template parameters 'b' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are 'a'/,
  );
});

test('type, allowedValues, min/max value and length are enforced', () => {
  const t = withParams({
    n: { type: 'int', defaultValue: 1, minValue: 1, maxValue: 5 },
    s: { type: 'string', defaultValue: 'ab', minLength: 2, maxLength: 3 },
    sku: { type: 'string', defaultValue: 'Standard', allowedValues: ['Basic', 'Standard'] },
  });
  plan(t);
  assert.match(
    planError(t, { n: { value: 'x' } }).message,
    /Template parameter JToken type is not valid. Expected 'Integer'. Actual 'String'/,
  );
  assert.match(planError(t, { n: { value: 9 } }).message, /Expected a value less than or equal to '5'/);
  assert.match(planError(t, { n: { value: 0 } }).message, /Expected a value greater than or equal to '1'/);
  assert.match(
    planError(t, { s: { value: 'a' } }).message,
    /Length of the value should be greater than or equal to '2'/,
  );
  assert.match(
    planError(t, { s: { value: 'abcd' } }).message,
    /Length of the value should be less than or equal to '3'/,
  );
  assert.match(
    planError(t, { sku: { value: 'Premium' } }).message,
    /The parameter value is not part of the allowed value\(s\): 'Basic,Standard'/,
  );
  assert.match(planError(t, { sku: { value: 'x' } }).message, /at path 'parameters.sku'/);
});

test('utcNow and newGuid work in defaults only, with an injectable clock', () => {
  const t = withParams(
    {
      stamp: { type: 'string', defaultValue: "[utcNow('yyyy-MM-dd')]" },
      id: { type: 'string', defaultValue: '[newGuid()]' },
    },
    { ...out('stamp'), ...out('id') },
  );
  const p = plan(t, {}, { now: () => new Date('2024-03-05T10:20:30Z'), newGuid: () => 'g-1' });
  assert.deepEqual(deploy(p).outputs, {
    stamp: { type: 'string', value: '2024-03-05' },
    id: { type: 'string', value: 'g-1' },
  });
  const bad = { ...withParams({}), variables: { v: '[utcNow()]' } };
  assert.match(
    planError(bad).message,
    /The template variable 'v' at path 'variables.v' is not valid: The template function 'utcNow' is not expected at this location/,
  );
  const noVars = {
    ...withParams({ p: { type: 'string', defaultValue: "[variables('v')]" } }),
    variables: { v: 'x' },
  };
  assert.match(
    planError(noVars).message,
    /The template function 'variables' is not expected at this location/,
  );
});

test('an expression error in a default names parameter, path, expression and position', () => {
  const e = planError(
    withParams({
      p: { type: 'string', defaultValue: "[toLower(parameters('q'))]" },
      q: { type: 'int', defaultValue: 1 },
    }),
  );
  assert.equal(
    e.message,
    "Deployment template validation failed: 'The template parameter 'p' at path 'parameters.p.defaultValue' is not valid: Unable to evaluate template language function 'toLower': argument 1 must be of type 'String', but is of type 'Integer' (expression '[toLower(parameters('q'))]', position 1).'.",
  );
});

test('Key Vault references are refused with a clear message', () => {
  const e = planError(withParams({ secret: { type: 'securestring' } }), {
    secret: { reference: { keyVault: { id: 'x' }, secretName: 's' } },
  });
  assert.match(e.message, /Key Vault references are not supported by vnetlab/);
});

test('languageVersion 2.0 parameters typed by a definition ($ref)', () => {
  const t = {
    languageVersion: '2.0',
    definitions: { subnet: { type: 'object', properties: { name: { type: 'string' } } } },
    parameters: { s: { $ref: '#/definitions/subnet' } },
    resources: {},
    outputs: { n: { type: 'string', value: "[parameters('s').name]" } },
  };
  assert.deepEqual(deploy(plan(t, { s: { value: { name: 'a' } } })).outputs.n, {
    type: 'string',
    value: 'a',
  });
  assert.match(planError(t, { s: { value: 'x' } }).message, /Expected 'Object'. Actual 'String'/);
});
