// Effective NSGs of a NIC (azure-semantics.md §10.3): one entry per association, rules named as Azure names them,
// port ranges as "from-to", tags expanded, and the tag map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asg, build, id, NET, nic, nsg, peering, put, RG, subnet, vnet } from '../model/fixtures.ts';
import { effectiveNetworkSecurityGroups } from './effective-security-groups.ts';

const world = build([
  asg('asg-app'),
  nsg('nsg-subnet', [
    {
      name: 'allow-web',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: 'Internet',
      destinationPorts: ['80', '443'],
    },
    {
      name: 'allow-partners',
      priority: 110,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: ['192.0.2.0/24', '198.51.100.7'],
      destinationPorts: '8443',
    },
    {
      name: 'allow-storage',
      priority: 120,
      direction: 'Outbound',
      access: 'Allow',
      protocol: 'Tcp',
      destination: 'Storage',
      destinationPorts: '443',
    },
  ]),
  nsg('nsg-nic', [
    {
      name: 'allow-app-sql',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAsgs: ['asg-app'],
      destinationPorts: '1433',
    },
  ]),
  vnet(
    'vnet1',
    ['10.1.0.0/16'],
    {
      db: subnet('10.1.1.0/24', { nsg: 'nsg-subnet' }),
      app: '10.1.2.0/24',
      pe: subnet('10.1.3.0/24', { nsg: 'nsg-subnet' }),
    },
    { virtualNetworkPeerings: [peering('vnet1', 'vnet2')] },
  ),
  vnet(
    'vnet2',
    ['10.2.0.0/16'],
    { default: '10.2.0.0/24' },
    { virtualNetworkPeerings: [peering('vnet2', 'vnet1')] },
  ),
  nic('db1', id.subnet('vnet1', 'db'), '10.1.1.4', { nsg: 'nsg-nic' }),
  nic('app1', id.subnet('vnet1', 'app'), '10.1.2.4', { asgs: ['asg-app'] }),
  nic('app2', id.subnet('vnet1', 'app'), '10.1.2.5', { asgs: ['asg-app'] }),
  put({
    id: `${NET}/privateEndpoints/pe1`,
    location: 'eastus',
    properties: {
      subnet: { id: id.subnet('vnet1', 'pe') },
      customNetworkInterfaceName: 'pe1-nic',
      privateLinkServiceConnections: [
        { name: 'c', properties: { privateLinkServiceId: `${RG}/providers/Microsoft.Sql/servers/sql1` } },
      ],
    },
  }),
]);

const VNET_TAG = ['10.1.0.0/16', '10.2.0.0/16', '168.63.129.16/32'];

test('effectiveNetworkSecurityGroups: the NIC association first, then the subnet association', () => {
  const r = effectiveNetworkSecurityGroups(world, id.nic('db1'));
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.value.map((g) => [g.networkSecurityGroup.id, g.association]),
    [
      [id.nsg('nsg-nic'), { networkInterface: { id: id.nic('db1') } }],
      [id.nsg('nsg-subnet'), { subnet: { id: id.subnet('vnet1', 'db') } }],
    ],
  );
  // Each holds its user rules and the six default rules, by priority.
  assert.deepEqual(
    r.value.value[0]!.effectiveSecurityRules.map((x) => x.name),
    [
      'securityRules/allow-app-sql',
      'defaultSecurityRules/AllowVnetInBound',
      'defaultSecurityRules/AllowVnetOutBound',
      'defaultSecurityRules/AllowAzureLoadBalancerInBound',
      'defaultSecurityRules/AllowInternetOutBound',
      'defaultSecurityRules/DenyAllInBound',
      'defaultSecurityRules/DenyAllOutBound',
    ],
  );
});

test('effectiveNetworkSecurityGroups: a default rule renders with tags expanded and "0-65535" ports', () => {
  const r = effectiveNetworkSecurityGroups(world, id.nic('db1'));
  assert.ok(r.ok);
  const rule = r.value.value[1]!.effectiveSecurityRules.find(
    (x) => x.name === 'defaultSecurityRules/AllowVnetInBound',
  );
  assert.deepEqual(rule, {
    name: 'defaultSecurityRules/AllowVnetInBound',
    protocol: 'All',
    sourcePortRange: '0-65535',
    destinationPortRange: '0-65535',
    sourcePortRanges: [],
    destinationPortRanges: [],
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    sourceAddressPrefixes: [],
    destinationAddressPrefixes: [],
    expandedSourceAddressPrefix: VNET_TAG,
    expandedDestinationAddressPrefix: VNET_TAG,
    access: 'Allow',
    priority: 65000,
    direction: 'Inbound',
  });
  const deny = r.value.value[1]!.effectiveSecurityRules.find(
    (x) => x.name === 'defaultSecurityRules/DenyAllInBound',
  );
  assert.equal(deny?.sourceAddressPrefix, '0.0.0.0/0');
  assert.deepEqual(deny?.expandedSourceAddressPrefix, []);
});

test('effectiveNetworkSecurityGroups: augmented rules, port lists and ASGs', () => {
  const r = effectiveNetworkSecurityGroups(world, id.nic('db1'));
  assert.ok(r.ok);
  const subnetRules = r.value.value[1]!.effectiveSecurityRules;
  const web = subnetRules.find((x) => x.name === 'securityRules/allow-web')!;
  assert.equal(web.destinationPortRange, undefined);
  assert.deepEqual(web.destinationPortRanges, ['80-80', '443-443']);
  assert.equal(web.sourceAddressPrefix, 'Internet');
  assert.ok(
    web.expandedSourceAddressPrefix.length > 0 && !web.expandedSourceAddressPrefix.includes('10.0.0.0/8'),
  );
  const partners = subnetRules.find((x) => x.name === 'securityRules/allow-partners')!;
  assert.equal(partners.sourceAddressPrefix, undefined);
  assert.deepEqual(partners.sourceAddressPrefixes, ['192.0.2.0/24', '198.51.100.7']);
  assert.deepEqual(partners.expandedSourceAddressPrefix, []);
  assert.equal(partners.destinationPortRange, '8443-8443');
  const sql = r.value.value[0]!.effectiveSecurityRules.find((x) => x.name === 'securityRules/allow-app-sql')!;
  assert.deepEqual(sql.sourceAddressPrefixes, ['10.1.2.4/32', '10.1.2.5/32']);
  assert.equal(sql.protocol, 'Tcp');
});

test('effectiveNetworkSecurityGroups: tagMap lists the tags the NSG uses', () => {
  const r = effectiveNetworkSecurityGroups(world, 'db1');
  assert.ok(r.ok);
  const tagMap = r.value.value[1]!.tagMap;
  assert.deepEqual(Object.keys(tagMap).sort(), [
    'AzureLoadBalancer',
    'Internet',
    'Storage',
    'VirtualNetwork',
  ]);
  assert.deepEqual(tagMap.VirtualNetwork, VNET_TAG);
  assert.deepEqual(tagMap.AzureLoadBalancer, ['168.63.129.16/32']);
  assert.deepEqual(tagMap.Storage, []);
});

test('effectiveNetworkSecurityGroups: no NSG anywhere gives an empty list; a PE NIC and unknown NICs are refused', () => {
  const none = effectiveNetworkSecurityGroups(world, id.nic('app1'));
  assert.ok(none.ok);
  assert.deepEqual(none.value.value, []);
  const pe = effectiveNetworkSecurityGroups(world, id.nic('pe1-nic'));
  assert.equal(pe.ok, false);
  if (!pe.ok) assert.match(pe.reason, /private endpoint/);
  const unknown = effectiveNetworkSecurityGroups(world, 'nope');
  assert.equal(unknown.ok, false);
});
