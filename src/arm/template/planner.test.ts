import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy, names, plan, planError, vnet } from './fixtures/plan.ts';
import { RG_ID } from './fixtures/scope.ts';

const VNETS = `${RG_ID}/providers/Microsoft.Network/virtualNetworks`;
const tpl = (resources: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources,
  ...extra,
});

test('a planned resource has full ID, type, name, api version, path, and a PUT body without template keys', () => {
  const p = plan(tpl([vnet('v1', { tags: { a: "[toUpper('x')]" }, comments: 'c', dependsOn: [] })]));
  const [r] = p.resources;
  assert.ok(r);
  assert.deepEqual(
    [r.id, r.type, r.name, r.apiVersion, r.path],
    [`${VNETS}/v1`, 'Microsoft.Network/virtualNetworks', 'v1', '2024-05-01', 'resources[0]'],
  );
  const body = r.evaluate(() => undefined);
  assert.deepEqual(body, {
    ok: true,
    value: {
      name: 'v1',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      tags: { a: 'X' },
    },
  });
  assert.deepEqual(p.warnings, []);
});

test('template order is kept when nothing depends on anything', () => {
  assert.deepEqual(names(plan(tpl([vnet('c'), vnet('a'), vnet('b')]))), ['c', 'a', 'b']);
});

test('dependsOn by resourceId, by "type/name", by bare name, and by copy-loop name', () => {
  const p = plan(
    tpl([
      vnet('last', { dependsOn: ['loop', 'Microsoft.Network/virtualNetworks/byTypeName'] }),
      vnet('byTypeName', { dependsOn: ["[resourceId('Microsoft.Network/virtualNetworks', 'first')]"] }),
      vnet("[format('loop{0}', copyIndex())]", { copy: { name: 'loop', count: 2 }, dependsOn: ['byName'] }),
      vnet('byName', { dependsOn: ['first'] }),
      vnet('first'),
    ]),
  );
  assert.deepEqual(names(p), ['first', 'byTypeName', 'byName', 'loop0', 'loop1', 'last']);
  const last = p.resources.find((r) => r.name === 'last')!;
  assert.deepEqual(last.dependsOn, [`${VNETS}/byTypeName`, `${VNETS}/loop0`, `${VNETS}/loop1`]);
});

test('a cycle is ARM\'s "Circular dependency detected on resource"', () => {
  const e = planError(
    tpl([vnet('a', { dependsOn: ['c'] }), vnet('b', { dependsOn: ['a'] }), vnet('c', { dependsOn: ['b'] })]),
  );
  assert.equal(e.code, 'InvalidTemplate');
  assert.equal(
    e.message,
    `Deployment template validation failed: 'Circular dependency detected on resource: '${VNETS}/a'. Please see https://aka.ms/arm-syntax-resources for usage details.'.`,
  );
  assert.match(
    planError(tpl([vnet('self', { dependsOn: ['self'] })])).message,
    /Circular dependency detected on resource: '.*\/self'/,
  );
});

test('dependsOn on something not in the template is an error', () => {
  assert.match(
    planError(tpl([vnet('a', { dependsOn: ['ghost'] })])).message,
    /The resource 'ghost' is not defined in the template/,
  );
});

test('copy loops: count from an expression, copyIndex with offset, count 0, serial batches', () => {
  const p = plan(
    tpl([
      vnet("[concat('vm', copyIndex(1))]", {
        copy: { name: 'l', count: "[length(createArray('a', 'b', 'c'))]", mode: 'serial', batchSize: 2 },
      }),
      vnet("[concat('none', copyIndex())]", { copy: { name: 'empty', count: 0 } }),
    ]),
  );
  assert.deepEqual(names(p), ['vm1', 'vm2', 'vm3']);
  assert.deepEqual(p.resources[2]!.dependsOn, [`${VNETS}/vm1`, `${VNETS}/vm2`]);
  assert.deepEqual(p.resources[1]!.dependsOn, []);
  assert.match(
    planError(tpl([vnet('x', { copy: { name: 'l', count: 801 } })])).message,
    /no greater than 800/,
  );
  assert.match(
    planError(tpl([vnet('x', { copy: { name: 'l', count: -1 } })])).message,
    /non-negative integer/,
  );
});

test('property copy: subnets from a parameter array', () => {
  const template = tpl(
    [
      vnet('v', {
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          copy: [
            {
              name: 'subnets',
              count: "[length(parameters('subnets'))]",
              input: {
                name: "[parameters('subnets')[copyIndex('subnets')].name]",
                properties: { addressPrefix: "[parameters('subnets')[copyIndex('subnets')].prefix]" },
              },
            },
          ],
        },
      }),
    ],
    { parameters: { subnets: { type: 'array' } } },
  );
  const p = plan(template, {
    subnets: {
      value: [
        { name: 'a', prefix: '10.0.0.0/24' },
        { name: 'b', prefix: '10.0.1.0/24' },
      ],
    },
  });
  const body = p.resources[0]!.evaluate(() => undefined);
  assert.ok(body.ok);
  assert.deepEqual((body.value.properties as { subnets: unknown }).subnets, [
    { name: 'a', properties: { addressPrefix: '10.0.0.0/24' } },
    { name: 'b', properties: { addressPrefix: '10.0.1.0/24' } },
  ]);
});

test('nested child resources: relative type and name, implicit dependency on the parent', () => {
  const p = plan(
    tpl([
      vnet('v', {
        resources: [
          {
            type: 'subnets',
            apiVersion: '2024-05-01',
            name: 's1',
            properties: { addressPrefix: '10.0.0.0/24' },
          },
        ],
      }),
    ]),
  );
  const child = p.resources[1]!;
  assert.deepEqual(
    [child.type, child.name, child.id, child.path],
    [
      'Microsoft.Network/virtualNetworks/subnets',
      'v/s1',
      `${VNETS}/v/subnets/s1`,
      'resources[0].resources[0]',
    ],
  );
  assert.deepEqual(child.dependsOn, [`${VNETS}/v`]);
});

test('a top-level child waits for its parent even without dependsOn; ordering never PUTs a child first', () => {
  const p = plan(
    tpl([
      {
        type: 'Microsoft.Network/virtualNetworks/subnets',
        apiVersion: '2024-05-01',
        name: 'v/s',
        properties: {},
      },
      vnet('v'),
    ]),
  );
  assert.deepEqual(names(p), ['v', 'v/s']);
});

test('condition false leaves a resource (and its children) out, and drops dependsOn on it', () => {
  const p = plan(
    tpl(
      [
        vnet('off', {
          condition: "[parameters('on')]",
          resources: [{ type: 'subnets', apiVersion: '2024-05-01', name: 's', properties: {} }],
        }),
        vnet('kept', { dependsOn: ['off'] }),
      ],
      { parameters: { on: { type: 'bool', defaultValue: false } } },
    ),
  );
  assert.deepEqual(names(p), ['kept']);
  assert.deepEqual(p.resources[0]!.dependsOn, []);
  assert.match(
    planError(tpl([vnet('x', { condition: "[concat('a')]" })])).message,
    /condition must evaluate to a Boolean/,
  );
});

test('reference() sees what the runner deployed; by name it is also an implicit dependency', () => {
  const p = plan(
    tpl([
      vnet('copy', { properties: { addressSpace: "[reference('src').addressSpace]" } }),
      vnet('src'),
      vnet('full', {
        tags: {
          loc: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'src'), '2024-05-01', 'Full').location]",
        },
        dependsOn: ['src'],
      }),
    ]),
  );
  assert.deepEqual(names(p), ['src', 'copy', 'full']);
  const { bodies } = deploy(p);
  assert.deepEqual(
    (bodies.get(`${VNETS}/copy`.toLowerCase())!.properties as Record<string, unknown>).addressSpace,
    { addressPrefixes: ['10.0.0.0/16'] },
  );
  assert.deepEqual(bodies.get(`${VNETS}/full`.toLowerCase())!.tags, { loc: 'westeurope' });
  const missing = p.resources[1]!.evaluate(() => undefined);
  assert.ok(!missing.ok);
  assert.match(
    missing.error.message,
    /Unable to process template language expressions for resource '.*\/copy' at path 'resources\[0\].properties.addressSpace'. 'The Resource 'Microsoft.Network\/virtualNetworks\/src' under resource group 'rg1' was not found \(expression '\[reference\('src'\).addressSpace\]', position 1\).'/,
  );
});

test('expressions that may not use reference() say so', () => {
  assert.match(
    planError(tpl([vnet("[reference('x').name]")])).message,
    /The template resource '\[reference\('x'\).name\]' at path 'resources\[0\].name' is not valid: The template function 'reference' is not expected at this location \(expression '\[reference\('x'\).name\]', position 1\)/,
  );
});

test('template errors name the resource, path, expression and position (brief example)', () => {
  const e = planError(tpl([vnet('vnet', { properties: { x: '[concatt(1)]' } })]));
  assert.equal(e.code, 'InvalidTemplate');
  assert.equal(
    e.message,
    "Deployment template validation failed: 'The template resource 'vnet' at path 'resources[0].properties.x' is not valid: The template function 'concatt' is not valid (expression '[concatt(1)]', position 1).'.",
  );
  assert.match(
    planError(tpl([vnet('v', { properties: { x: "[concat('a',, 'b')]" } })])).message,
    /unexpected ',' \(expression '\[concat\('a',, 'b'\)\]', position 12\)/,
  );
  assert.match(
    planError(tpl([vnet('v', { properties: { k: '[listKeys(1)]' } })])).message,
    /vnetlab does not support list\*\(\) functions/,
  );
});

test('segment counts of type and name must match (ARM message)', () => {
  assert.match(
    planError(tpl([{ type: 'Microsoft.Network/virtualNetworks/subnets', apiVersion: 'x', name: 's' }]))
      .message,
    /The template resource 's' for type 'Microsoft.Network\/virtualNetworks\/subnets' has incorrect segment lengths/,
  );
});

test('nested deployments and unknown sections are warnings, not silence; unmodelled types are still planned', () => {
  const p = plan(
    tpl(
      [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'nested',
          properties: { mode: 'Incremental', template: {} },
        },
        { type: 'Contoso.Widgets/widgets', apiVersion: '1', name: 'w' },
      ],
      { apiProfile: 'x' },
    ),
  );
  assert.deepEqual(names(p), ['w']);
  assert.equal(p.warnings.length, 2);
  assert.match(
    p.warnings.map((w) => w.message).join('\n'),
    /section 'apiProfile'[\s\S]*nested deployment 'nested'/,
  );
});

test('outputs: value, copy (docs cidrSubnet example), condition, and type checks', () => {
  const p = plan(
    tpl([], {
      outputs: {
        v4subnets: {
          type: 'array',
          copy: {
            count: '[length(range(0, 5))]',
            input: "[cidrSubnet('10.144.0.0/20', 24, range(0, 5)[copyIndex()])]",
          },
        },
        skipped: { type: 'string', condition: '[false()]', value: 'x' },
        wrong: { type: 'int', value: 'text' },
      },
    }),
  );
  const r = p.outputs(() => undefined);
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'DeploymentOutputEvaluationFailed');
  assert.match(r.error.details?.[0]?.message ?? '', /Expected 'Integer'. Actual 'String'/);
  const good = plan(
    tpl([], {
      outputs: {
        v4subnets: {
          type: 'array',
          copy: {
            count: '[length(range(0, 5))]',
            input: "[cidrSubnet('10.144.0.0/20', 24, range(0, 5)[copyIndex()])]",
          },
        },
        skipped: { type: 'string', condition: '[false()]', value: 'x' },
      },
    }),
  );
  assert.deepEqual(deploy(good).outputs, {
    v4subnets: {
      type: 'array',
      value: ['10.144.0.0/24', '10.144.1.0/24', '10.144.2.0/24', '10.144.3.0/24', '10.144.4.0/24'],
    },
  });
});

test('languageVersion 2.0: symbolic-name resources, existing resources and dependsOn by symbol', () => {
  const p = plan({
    languageVersion: '2.0',
    contentVersion: '1.0.0.0',
    resources: {
      hub: vnet('hub-vnet'),
      old: { ...vnet('legacy'), existing: true },
      peer: {
        type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
        apiVersion: '2024-05-01',
        name: 'hub-vnet/to-legacy',
        dependsOn: ['hub', 'old'],
        properties: { remoteAddressSpace: "[reference('old').addressSpace]" },
      },
    },
  });
  assert.deepEqual(names(p), ['hub-vnet', 'hub-vnet/to-legacy']);
  assert.deepEqual(p.resources[1]!.dependsOn, [`${VNETS}/hub-vnet`]);
  const body = p.resources[1]!.evaluate((id) =>
    id.endsWith('/legacy')
      ? { properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } } }
      : undefined,
  );
  assert.ok(body.ok);
  assert.deepEqual(body.value.properties, { remoteAddressSpace: { addressPrefixes: ['10.9.0.0/16'] } });
});

test('bad input is a result, never a throw', () => {
  for (const t of [
    null,
    1,
    'x',
    [],
    { resources: 'x' },
    { resources: [1] },
    { parameters: [] },
    { resources: [{ type: 1, name: 'x' }] },
    { outputs: { o: 1 } },
  ]) {
    const e = planError(t);
    assert.equal(e.code, 'InvalidTemplate', JSON.stringify(t));
  }
});
