import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, EMPTY_WORLD } from './index.ts';

const NET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';

const refused = (resource: unknown) => {
  const r = apply(EMPTY_WORLD, [{ op: 'put', resource }]);
  assert.equal(r.ok, false);
  return r.ok ? [] : r.problems;
};

test('a property of the wrong JSON type is refused with InvalidRequestFormat naming the path', () => {
  const [p] = refused({
    id: `${NET}/virtualNetworks/v`,
    location: 'eastus',
    properties: { addressSpace: { addressPrefixes: '10.0.0.0/16' } },
  });
  assert.equal(p!.code, 'InvalidRequestFormat');
  assert.equal(p!.message, 'Cannot parse the request.');
  assert.match(
    p!.details![0]!.message,
    /properties\.addressSpace\.addressPrefixes': expected an array of strings/,
  );
});

test('inline children are checked too: a subnet reference given as a string', () => {
  const [p] = refused({
    id: `${NET}/networkInterfaces/n`,
    location: 'eastus',
    properties: { ipConfigurations: [{ name: 'c', properties: { subnet: 'abc' } }] },
  });
  assert.equal(p!.code, 'InvalidRequestFormat');
  assert.equal(p!.details![0]!.target, `${NET}/networkInterfaces/n/ipConfigurations/c:properties.subnet`);
});

test('null removes a reference and is accepted; right types pass', () => {
  const r = apply(EMPTY_WORLD, [
    {
      op: 'put',
      resource: {
        id: `${NET}/virtualNetworks/v`,
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [
            {
              name: 's',
              properties: {
                addressPrefix: '10.0.0.0/24',
                networkSecurityGroup: null,
                defaultOutboundAccess: false,
              },
            },
          ],
        },
      },
    },
  ]);
  assert.equal(r.ok, true, JSON.stringify(!r.ok && r.problems));
});
