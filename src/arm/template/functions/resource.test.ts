import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evError, table } from '../fixtures/eval.ts';
import { RG_ID, SCOPE } from '../fixtures/scope.ts';

const SUB = `/subscriptions/${SCOPE.subscriptionId}`;

test('resourceId and friends build ARM resource IDs', () => {
  table([
    [
      "[resourceId('Microsoft.Network/virtualNetworks', 'vnet1')]",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1`,
    ],
    [
      "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'default')]",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default`,
    ],
    [
      "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1/default')]",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default`,
    ],
    [
      "[resourceId('otherRg', 'Microsoft.Network/virtualNetworks', 'v')]",
      `${SUB}/resourceGroups/otherRg/providers/Microsoft.Network/virtualNetworks/v`,
    ],
    [
      "[resourceId('sub2', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]",
      '/subscriptions/sub2/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v',
    ],
    [
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]",
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions/abc`,
    ],
    [
      "[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]",
      '/providers/Microsoft.Management/managementGroups/mg',
    ],
    [
      "[extensionResourceId(resourceId('Microsoft.Network/virtualNetworks', 'v'), 'Microsoft.Authorization/locks', 'l')]",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Authorization/locks/l`,
    ],
  ]);
  assert.match(
    evError("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1')]"),
    /the type 'Microsoft.Network\/virtualNetworks\/subnets' requires '2' resource name argument\(s\)/,
  );
  assert.match(evError("[resourceId('a', 'b')]"), /function requires exactly one multi-segmented argument/);
});

test('scope and deployment functions', () => {
  table([
    ['[resourceGroup().name]', 'rg1'],
    ['[resourceGroup().location]', 'westeurope'],
    ['[resourceGroup().id]', RG_ID],
    ['[resourceGroup().tags.env]', 'lab'],
    ['[subscription().subscriptionId]', SCOPE.subscriptionId],
    ['[subscription().tenantId]', SCOPE.tenantId],
    ['[deployment().name]', 'deploy1'],
    ['[environment().name]', 'AzureCloud'],
    ['[environment().suffixes.storage]', 'core.windows.net'],
  ]);
});

test('reference, copyIndex, utcNow and newGuid are refused where ARM refuses them', () => {
  assert.match(
    evError("[reference('vnet1')]"),
    /The template function 'reference' is not expected at this location/,
  );
  assert.match(
    evError('[copyIndex()]'),
    /The template function 'copyIndex' is not expected at this location/,
  );
  assert.match(evError('[utcNow()]'), /can only be used with a parameter default value/);
  assert.match(evError('[newGuid()]'), /can only be used with a parameter default value/);
  assert.match(evError("[parameters('p')]"), /The template parameter 'p' is not found/);
  assert.match(evError("[variables('v')]"), /The template variable 'v' is not found/);
});
