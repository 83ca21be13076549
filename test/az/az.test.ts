// Debian's Azure CLI against `vnetlab serve --tls`, registered as a custom cloud (test/helpers/az.ts): az rest,
// az resource and az deployment group create with the Bicep-compiled example template. az's own `az network`
// commands are in network-commands.test.ts (they need the 2020-09-01-hybrid profile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../src/arm/index.ts';
import { azSession, hasAz, NO_AZ } from '../helpers/az.ts';

const TEMPLATE = fileURLToPath(new URL('../../examples/bicep-vnet/main.json', import.meta.url));
const NET = 'Microsoft.Network';

test(
  'az rest, az resource and az deployment group create work against vnetlab',
  { skip: hasAz ? false : NO_AZ },
  async () => {
    const server = await startServer({ tls: true });
    const az = await azSession(server.url, server.certFile!);
    try {
      const sub = az.subscriptionId;
      const group = (await az.json(['group', 'create', '-n', 'rg-az', '-l', 'westeurope'])) as {
        id: string;
        properties: { provisioningState: string };
      };
      assert.equal(group.properties.provisioningState, 'Succeeded');
      assert.equal(group.id, `/subscriptions/${sub}/resourceGroups/rg-az`);

      // az rest: a VNet PUT and GET by URL (az attaches the token because the URL is the cloud's ARM endpoint).
      const vnetUrl = `${server.url}/subscriptions/${sub}/resourceGroups/rg-az/providers/${NET}/virtualNetworks/vnet-rest?api-version=2025-07-01`;
      const put = (await az.json([
        'rest',
        '--method',
        'put',
        '--url',
        vnetUrl,
        '--body',
        JSON.stringify({
          location: 'westeurope',
          properties: {
            addressSpace: { addressPrefixes: ['10.10.0.0/16'] },
            subnets: [{ name: 'app', properties: { addressPrefix: '10.10.1.0/24' } }],
          },
        }),
      ])) as { name: string };
      assert.equal(put.name, 'vnet-rest');
      const got = (await az.json(['rest', '--method', 'get', '--url', vnetUrl])) as {
        properties: { provisioningState: string; subnets: { name: string }[] };
      };
      assert.equal(got.properties.provisioningState, 'Succeeded');
      assert.deepEqual(
        got.properties.subnets.map((s) => s.name),
        ['app'],
      );

      // az rest surfaces ARM's error: an overlapping subnet.
      const refused = await az.run([
        'rest',
        '--method',
        'put',
        '--url',
        vnetUrl.replace('vnet-rest?', 'vnet-rest/subnets/clash?'),
        '--body',
        JSON.stringify({ properties: { addressPrefix: '10.10.1.128/25' } }),
      ]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /NetcfgSubnetRangesOverlap/);

      // az resource: create, show by ID (az looks up the provider's api-versions first), list by group.
      const nsg = (await az.json([
        'resource',
        'create',
        '-g',
        'rg-az',
        '-n',
        'nsg-app',
        '--resource-type',
        `${NET}/networkSecurityGroups`,
        '--is-full-object',
        '--properties',
        JSON.stringify({
          location: 'westeurope',
          properties: {
            securityRules: [
              {
                name: 'deny-ssh',
                properties: {
                  priority: 100,
                  direction: 'Inbound',
                  access: 'Deny',
                  protocol: 'Tcp',
                  sourceAddressPrefix: '*',
                  sourcePortRange: '*',
                  destinationAddressPrefix: '*',
                  destinationPortRange: '22',
                },
              },
            ],
          },
        }),
      ])) as { id: string };
      const shown = (await az.json(['resource', 'show', '--ids', nsg.id])) as {
        properties: { defaultSecurityRules: unknown[]; securityRules: { name: string }[] };
      };
      assert.equal(shown.properties.defaultSecurityRules.length, 6);
      assert.deepEqual(
        shown.properties.securityRules.map((r) => r.name),
        ['deny-ssh'],
      );
      const listed = (await az.json(['resource', 'list', '-g', 'rg-az'])) as { name: string }[];
      assert.deepEqual(listed.map((r) => r.name).sort(), ['nsg-app', 'vnet-rest']);
      // The first VNet in westeurope enabled Network Watcher there, where `az network watcher` looks for it.
      const watchers = (await az.json(['resource', 'list', '-g', 'NetworkWatcherRG'])) as { name: string }[];
      assert.deepEqual(
        watchers.map((r) => r.name),
        ['NetworkWatcher_westeurope'],
      );

      // az deployment group create with a template compiled from Bicep, one parameter overridden.
      const deployment = (await az.json([
        'deployment',
        'group',
        'create',
        '-g',
        'rg-az',
        '-n',
        'bicep-vnet',
        '--template-file',
        TEMPLATE,
        '--parameters',
        'vnetName=vnet-bicep',
        'vnetAddressPrefix=10.20.0.0/16',
        'subnet1Prefix=10.20.0.0/24',
        'subnet2Prefix=10.20.1.0/24',
      ])) as { properties: { provisioningState: string; outputResources: { id: string }[] } };
      assert.equal(deployment.properties.provisioningState, 'Succeeded');
      const vnet = (await az.json([
        'resource',
        'show',
        '-g',
        'rg-az',
        '-n',
        'vnet-bicep',
        '--resource-type',
        `${NET}/virtualNetworks`,
      ])) as {
        properties: {
          addressSpace: { addressPrefixes: string[] };
          subnets: { properties: { addressPrefix: string } }[];
        };
      };
      assert.deepEqual(vnet.properties.addressSpace.addressPrefixes, ['10.20.0.0/16']);
      assert.deepEqual(vnet.properties.subnets.map((s) => s.properties.addressPrefix).sort(), [
        '10.20.0.0/24',
        '10.20.1.0/24',
      ]);
    } finally {
      await az.dispose();
      await server.close();
    }
  },
);
