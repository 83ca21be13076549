// End-to-end planning of whole network templates: the hub-spoke fixture (NSG, route table with a conditional
// child route, hub, spokes from a parameter array with property-copy subnets, peerings both ways) and the
// Bicep-compiled example shipped in examples/bicep-vnet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deploy, names, plan } from './fixtures/plan.ts';
import { RG_ID } from './fixtures/scope.ts';

const load = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const NET = `${RG_ID}/providers/Microsoft.Network`;

test('hub-spoke: deploy order, dependencies and evaluated bodies', () => {
  const p = plan(load(new URL('./fixtures/hub-spoke.json', import.meta.url)));
  assert.deepEqual(names(p), [
    'hub-vnet-nsg',
    'spokes-to-firewall',
    'spokes-to-firewall/default-to-firewall',
    'hub-vnet',
    'spoke1',
    'spoke2',
    'hub-vnet/to-spoke1',
    'hub-vnet/to-spoke2',
    'spoke1/to-hub',
    'spoke2/to-hub',
  ]);
  const byName = new Map(p.resources.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('hub-vnet/to-spoke2')!.dependsOn, [
    `${NET}/virtualNetworks/hub-vnet`,
    `${NET}/virtualNetworks/spoke1`,
    `${NET}/virtualNetworks/spoke2`,
  ]);
  // Serial copy: the second spoke-to-hub peering waits for the first.
  assert.ok(
    byName
      .get('spoke2/to-hub')!
      .dependsOn.includes(`${NET}/virtualNetworks/spoke1/virtualNetworkPeerings/to-hub`),
  );
  assert.equal(
    byName.get('hub-vnet/to-spoke1')!.type,
    'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  );

  const { bodies, outputs } = deploy(p);
  const hub = bodies.get(`${NET}/virtualNetworks/hub-vnet`.toLowerCase())!;
  assert.deepEqual(hub.tags, { environment: 'lab', deployment: 'deploy1' });
  assert.deepEqual(
    (hub.properties as { subnets: { name: string; properties: { addressPrefix: string } }[] }).subnets.map(
      (s) => [s.name, s.properties.addressPrefix],
    ),
    [
      ['GatewaySubnet', '10.0.0.0/24'],
      ['AzureFirewallSubnet', '10.0.1.0/26'],
      ['shared', '10.0.2.0/24'],
    ],
  );
  const spoke1 = bodies.get(`${NET}/virtualNetworks/spoke1`.toLowerCase())!;
  assert.deepEqual(spoke1.properties, {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
    subnets: [1, 2].map((n) => ({
      name: `workload${n}`,
      properties: {
        addressPrefix: `10.1.${n - 1}.0/24`,
        routeTable: { id: `${NET}/routeTables/spokes-to-firewall` },
        networkSecurityGroup: { id: `${NET}/networkSecurityGroups/hub-vnet-nsg` },
      },
    })),
  });
  const route = bodies.get(`${NET}/routeTables/spokes-to-firewall/routes/default-to-firewall`.toLowerCase())!;
  assert.equal((route.properties as { nextHopIpAddress: string }).nextHopIpAddress, '10.0.1.4');
  assert.deepEqual(outputs, {
    hubId: { type: 'string', value: `${NET}/virtualNetworks/hub-vnet` },
    hubAddressSpace: { type: 'array', value: ['10.0.0.0/16'] },
    spokeIds: { type: 'array', value: [`${NET}/virtualNetworks/spoke1`, `${NET}/virtualNetworks/spoke2`] },
    firewallIp: { type: 'string', value: '10.0.1.4' },
  });
});

test('hub-spoke with parameters: three spokes, no firewall route', () => {
  const spokes = [1, 2, 3].map((i) => ({ name: `s${i}`, prefix: `10.${10 + i}.0.0/16`, subnets: 1 }));
  const p = plan(load(new URL('./fixtures/hub-spoke.json', import.meta.url)), {
    spokes: { value: spokes },
    deployFirewallRoute: { value: false },
    environment: { value: 'prod' },
  });
  assert.equal(p.resources.filter((r) => r.type.endsWith('/virtualNetworkPeerings')).length, 6);
  assert.ok(!names(p).includes('spokes-to-firewall/default-to-firewall'));
});

test('the Bicep-compiled example (examples/bicep-vnet/main.json) plans and deploys', () => {
  const template = load(new URL('../../../examples/bicep-vnet/main.json', import.meta.url)) as {
    metadata: { _generator: { name: string } };
  };
  assert.equal(template.metadata._generator.name, 'bicep');
  const p = plan(template, { vnetName: { value: 'demo-vnet' } });
  assert.deepEqual(names(p), ['demo-vnet', 'demo-vnet/Subnet1', 'demo-vnet/Subnet2']);
  assert.deepEqual(p.resources[2]!.dependsOn, [
    `${NET}/virtualNetworks/demo-vnet`,
    `${NET}/virtualNetworks/demo-vnet/subnets/Subnet1`,
  ]);
  assert.deepEqual(p.warnings, []);
  const { bodies } = deploy(p);
  assert.deepEqual(bodies.get(`${NET}/virtualNetworks/demo-vnet/subnets/Subnet2`.toLowerCase()), {
    id: `${NET}/virtualNetworks/demo-vnet/subnets/Subnet2`,
    name: 'demo-vnet/Subnet2',
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: { addressPrefix: '10.0.1.0/24' },
  });
  assert.equal(bodies.get(`${NET}/virtualNetworks/demo-vnet`.toLowerCase())!.location, 'westeurope');
});
