import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, EMPTY_WORLD } from './index.ts';

const NET =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';

const problemsOf = (resource: unknown) => {
  const r = apply(EMPTY_WORLD, [{ op: 'put', resource }]);
  return r.ok ? [] : r.problems.map((p) => [p.code, p.target]);
};

test('InvalidResourceName: ARM naming rules for resources and inline children', () => {
  const long = 'a'.repeat(80);
  const rows: [string, string[][]][] = [
    ['vnet-1', []],
    ['vnet_', []], // may end with '_'
    [long, []], // 80 characters is the limit
    [`${long}b`, [['InvalidResourceName', `${NET}/virtualNetworks/${long}b`]]],
    ['-vnet', [['InvalidResourceName', `${NET}/virtualNetworks/-vnet`]]],
    ['vnet.', [['InvalidResourceName', `${NET}/virtualNetworks/vnet.`]]],
    ['vnet one', [['InvalidResourceName', `${NET}/virtualNetworks/vnet one`]]],
  ];
  for (const [name, expected] of rows) {
    const id = `${NET}/virtualNetworks/${name}`;
    const got = problemsOf({
      id,
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    assert.deepEqual(got, expected, name);
  }
  const child = problemsOf({
    id: `${NET}/virtualNetworks/v`,
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'bad name', properties: { addressPrefix: '10.0.0.0/24' } }],
    },
  });
  assert.deepEqual(child, [['InvalidResourceName', `${NET}/virtualNetworks/v/subnets/bad name`]]);
});

test('a body whose name or type disagrees with its ID is refused, and nothing is applied', () => {
  const id = `${NET}/virtualNetworks/v`;
  const r = apply(EMPTY_WORLD, [
    { op: 'put', resource: { id, name: 'other', location: 'eastus', properties: {} } },
    {
      op: 'put',
      resource: {
        id: `${NET}/routeTables/rt`,
        type: 'Microsoft.Network/networkSecurityGroups',
        location: 'eastus',
        properties: {},
      },
    },
  ]);
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.problems.map((p) => p.code), ['InvalidRequestFormat', 'InvalidRequestFormat']);
});

test("an inline child whose 'properties' is not an object is refused, not read as empty", () => {
  const nic = `${NET}/networkInterfaces/n`;
  const got = problemsOf({
    id: nic,
    location: 'eastus',
    properties: { ipConfigurations: [{ name: 'c', properties: [1, 2] }] },
  });
  assert.deepEqual(got, [['InvalidRequestFormat', `${nic}/ipConfigurations/c`]]);
});

test("a prefix with a space in it ('10.0.0.0 /8') is not a prefix", () => {
  const id = `${NET}/virtualNetworks/v`;
  const got = problemsOf({
    id,
    location: 'eastus',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0 /8'] } },
  });
  assert.deepEqual(got, [
    ['InvalidAddressPrefixFormat', `${id}:properties.addressSpace.addressPrefixes[0]`],
  ]);
});
