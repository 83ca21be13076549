// The VirtualNetwork and Internet tags as seen from a subnet (azure-semantics.md §2.4, §3.1, §3.4): VNet space,
// peerings, gateway-reachable spaces (also through useRemoteGateways), AVNM connected groups, the wire server and
// UDR prefixes (0.0.0.0/0 excluded by default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrefix, mustParseAddress } from '../net/index.ts';
import { evaluateFlow, securityOfNic } from './security.ts';
import type { SecurityOptions } from './security.ts';
import {
  build,
  commit,
  id,
  NET,
  networkGroup,
  networkManager,
  nic,
  nsg,
  peering,
  put,
  subnet,
  vnet,
} from '../model/fixtures.ts';

const gw = `${NET}/virtualNetworkGateways/hub-gw`;
const lng = `${NET}/localNetworkGateways/onprem`;

const world = build([
  nsg('nsg-any', []),
  put({
    id: id.rt('rt-spoke'),
    location: 'eastus',
    properties: {
      routes: [
        {
          name: 'default-to-fw',
          properties: {
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.10.1.4',
          },
        },
        {
          name: 'to-partner',
          properties: {
            addressPrefix: '172.16.0.0/12',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.10.1.4',
          },
        },
      ],
    },
  }),
  vnet(
    'hub',
    ['10.10.0.0/16'],
    { GatewaySubnet: '10.10.255.0/27', shared: subnet('10.10.1.0/24', { nsg: 'nsg-any' }) },
    { virtualNetworkPeerings: [peering('hub', 'spoke', { allowGatewayTransit: true })] },
  ),
  vnet(
    'spoke',
    ['10.20.0.0/16'],
    { work: subnet('10.20.1.0/24', { nsg: 'nsg-any', routeTable: 'rt-spoke' }) },
    { virtualNetworkPeerings: [peering('spoke', 'hub', { useRemoteGateways: true })] },
  ),
  vnet('mesh-a', ['10.30.0.0/16'], { default: subnet('10.30.0.0/24', { nsg: 'nsg-any' }) }),
  vnet('mesh-b', ['10.31.0.0/16'], { default: '10.31.0.0/24' }),
  vnet('mesh-west', ['10.32.0.0/16'], { default: '10.32.0.0/24' }, {}, 'westus'),
  put({
    id: gw,
    location: 'eastus',
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: 'VpnGw1', tier: 'VpnGw1' },
      ipConfigurations: [
        { name: 'default', properties: { subnet: { id: id.subnet('hub', 'GatewaySubnet') } } },
      ],
    },
  }),
  put({
    id: lng,
    location: 'eastus',
    properties: {
      gatewayIpAddress: '203.0.113.1',
      localNetworkAddressSpace: { addressPrefixes: ['192.168.50.0/24'] },
    },
  }),
  put({
    id: `${NET}/connections/hub-onprem`,
    location: 'eastus',
    properties: {
      connectionType: 'IPsec',
      virtualNetworkGateway1: { id: gw },
      localNetworkGateway2: { id: lng },
      learnedPrefixes: ['192.168.60.0/24'],
    },
  }),
  nic('hub1', id.subnet('hub', 'shared'), '10.10.1.10'),
  nic('spoke1', id.subnet('spoke', 'work'), '10.20.1.10'),
  nic('mesh1', id.subnet('mesh-a', 'default'), '10.30.0.10'),
  networkManager(),
  ...networkGroup('mesh-group', ['mesh-a', 'mesh-b', 'mesh-west']),
  put({
    id: `${id.nm}/connectivityConfigurations/mesh`,
    properties: {
      connectivityTopology: 'Mesh',
      appliesToGroups: [{ networkGroupId: id.group('mesh-group'), groupConnectivity: 'None' }],
    },
  }),
]);

const tagOf = (w: typeof world, nicName: string, options?: SecurityOptions): string[] =>
  securityOfNic(w, id.nic(nicName), options).tags.VirtualNetwork.map(formatPrefix);

test('tags: hub VirtualNetwork = own space + peered spoke + on-premises via its gateway + wire server', () => {
  assert.deepEqual(tagOf(world, 'hub1'), [
    '10.10.0.0/16',
    '10.20.0.0/16',
    '192.168.50.0/24',
    '192.168.60.0/24',
    '168.63.129.16/32',
  ]);
});

test('tags: spoke with useRemoteGateways gets on-premises spaces, and UDR prefixes except 0.0.0.0/0', () => {
  assert.deepEqual(tagOf(world, 'spoke1'), [
    '10.20.0.0/16',
    '10.10.0.0/16',
    '192.168.50.0/24',
    '192.168.60.0/24',
    '168.63.129.16/32',
    '172.16.0.0/12',
  ]);
});

test("tags: udrPrefixesInVirtualNetworkTag 'all' takes 0.0.0.0/0 in (and empties Internet); 'none' takes none", () => {
  const all = securityOfNic(world, id.nic('spoke1'), { udrPrefixesInVirtualNetworkTag: 'all' });
  assert.ok(all.tags.VirtualNetwork.map(formatPrefix).includes('0.0.0.0/0'));
  assert.equal(all.tags.Internet.filter((p) => p.version === 4).length, 0);
  const none = tagOf(world, 'spoke1', { udrPrefixesInVirtualNetworkTag: 'none' });
  assert.ok(!none.includes('172.16.0.0/12') && !none.includes('0.0.0.0/0'));
});

test('tags: with a 0.0.0.0/0 UDR in the tag, AllowVnetInBound admits the internet (the §2.4 pitfall)', () => {
  const flow = {
    direction: 'Inbound' as const,
    protocol: 'TCP' as const,
    local: mustParseAddress('10.20.1.10'),
    localPort: 3389,
    remote: mustParseAddress('198.51.100.1'),
    remotePort: 50000,
  };
  const safe = evaluateFlow(world, id.nic('spoke1'), flow);
  assert.equal(safe.access, 'Deny');
  assert.equal(safe.rule?.name, 'DenyAllInBound');
  const literal = evaluateFlow(world, id.nic('spoke1'), flow, { udrPrefixesInVirtualNetworkTag: 'all' });
  assert.equal(literal.access, 'Allow');
  assert.equal(literal.rule?.name, 'AllowVnetInBound');
  assert.equal(literal.rule?.ownerId, id.nsg('nsg-any'));
});

test('tags: Internet excludes the VirtualNetwork tag and private, shared, loopback and link-local space', () => {
  const internet = securityOfNic(world, id.nic('hub1')).tags.Internet;
  const inInternet = (ip: string): boolean => {
    const a = mustParseAddress(ip);
    return internet.some(
      (p) =>
        p.version === a.version &&
        a.value >> BigInt((a.version === 4 ? 32 : 128) - p.length) ===
          p.network >> BigInt((a.version === 4 ? 32 : 128) - p.length),
    );
  };
  for (const ip of [
    '10.10.1.1',
    '192.168.50.1',
    '172.20.0.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '168.63.129.16',
    '224.0.0.1',
  ])
    assert.equal(inInternet(ip), false, ip);
  for (const ip of ['8.8.8.8', '20.1.2.3', '203.0.113.5', '2001:db8::1'])
    assert.equal(inInternet(ip), true, ip);
});

test('tags: AVNM mesh members join the tag only once a Connectivity commit is in force, same region only', () => {
  assert.deepEqual(tagOf(world, 'mesh1'), ['10.30.0.0/16', '168.63.129.16/32']);
  const committed = build([commit('Connectivity', [`${id.nm}/connectivityConfigurations/mesh`])], world);
  assert.deepEqual(tagOf(committed, 'mesh1'), ['10.30.0.0/16', '10.31.0.0/16', '168.63.129.16/32']);
  const removed = build([commit('Connectivity', [])], committed);
  assert.deepEqual(tagOf(removed, 'mesh1'), ['10.30.0.0/16', '168.63.129.16/32']);
  const global = build(
    [
      put({
        id: `${id.nm}/connectivityConfigurations/mesh`,
        properties: {
          connectivityTopology: 'Mesh',
          isGlobal: 'True',
          appliesToGroups: [{ networkGroupId: id.group('mesh-group') }],
        },
      }),
      commit('Connectivity', [`${id.nm}/connectivityConfigurations/mesh`], ['eastus', 'westus']),
    ],
    world,
  );
  assert.deepEqual(tagOf(global, 'mesh1'), [
    '10.30.0.0/16',
    '10.31.0.0/16',
    '10.32.0.0/16',
    '168.63.129.16/32',
  ]);
});
