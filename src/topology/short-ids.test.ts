import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeId, completeIds } from './short-ids.ts';

const d = { subscription: 'sub1', resourceGroup: 'rg1' };
const scope = '/subscriptions/sub1/resourceGroups/rg1/providers';

test('short IDs without a namespace go under Microsoft.Network', () => {
  assert.equal(completeId('routeTables/rt-nva', d), `${scope}/Microsoft.Network/routeTables/rt-nva`);
  assert.equal(
    completeId('virtualNetworks/v/subnets/s', d),
    `${scope}/Microsoft.Network/virtualNetworks/v/subnets/s`,
  );
});

test('short IDs that start with a namespace keep it', () => {
  assert.equal(
    completeId('Microsoft.Compute/virtualMachines/vm1', d),
    `${scope}/Microsoft.Compute/virtualMachines/vm1`,
  );
});

test('full IDs and /providers IDs are left alone', () => {
  const full = '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/routeTables/rt';
  assert.equal(completeId(full, d), full);
  assert.equal(completeId('/providers/Microsoft.Network/x', d), '/providers/Microsoft.Network/x');
});

test('only ID-bearing keys are completed, at any depth', () => {
  const out = completeIds(
    {
      properties: {
        routeTable: { id: 'routeTables/rt' },
        addressPrefix: '10.0.0.0/24',
        description: 'routeTables/not-an-id',
        configurationIds: ['networkManagers/nm/connectivityConfigurations/c'],
        members: [
          {
            properties: {
              resourceId: 'virtualNetworks/v1',
              networkGroupId: 'networkManagers/nm/networkGroups/g',
            },
          },
        ],
      },
    },
    d,
  );
  assert.deepEqual(out, {
    properties: {
      routeTable: { id: `${scope}/Microsoft.Network/routeTables/rt` },
      addressPrefix: '10.0.0.0/24',
      description: 'routeTables/not-an-id',
      configurationIds: [`${scope}/Microsoft.Network/networkManagers/nm/connectivityConfigurations/c`],
      members: [
        {
          properties: {
            resourceId: `${scope}/Microsoft.Network/virtualNetworks/v1`,
            networkGroupId: `${scope}/Microsoft.Network/networkManagers/nm/networkGroups/g`,
          },
        },
      ],
    },
  });
});
