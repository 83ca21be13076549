// Effective routes, table-driven: each row asserts the deciding route's nextHopType, state and origin (the
// resource it came from). Sources: azure-semantics.md §1, §3, §5.1, §7.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routesOfSubnet } from './index.ts';
import { routeLookupV4 } from './effective-routes.ts';
import type { Change, World } from '../model/index.ts';
import { mustParseAddress } from '../net/index.ts';
import {
  avnm,
  build,
  commit,
  connection,
  connectivity,
  gateway,
  id,
  localGateway,
  nic,
  peer,
  privateEndpoint,
  routeTable,
  vnet,
} from '../model/fixtures.ts';
import { hop, routesTo, summary } from './routes-test-helpers.ts';

interface Row {
  from: [vnet: string, subnet: string];
  to: string;
  type: string | undefined;
  origin?: string;
  state?: 'Active';
}

function check(world: World, rows: readonly Row[]): void {
  for (const row of rows) {
    const r = hop(world, row.from[0], row.from[1], row.to);
    const label = `${row.from.join('/')} -> ${row.to}`;
    assert.equal(r?.nextHopType, row.type, label);
    if (r) assert.equal(r.state, 'Active', label);
    if (row.origin !== undefined) assert.equal(r?.origin.id, row.origin, `${label} origin`);
  }
}

// ---- Default routes (§1.1) ----------------------------------------------------------------------------

test('default routes: VNet range, Internet, reserved None ranges, in Azure order', () => {
  const w = build([vnet('a', ['10.0.0.0/16'], { s: '10.0.1.0/24' })]);
  assert.deepEqual(summary(routesOfSubnet(w, id.subnet('a', 's')).routes), [
    '10.0.0.0/16 VnetLocal Active',
    '0.0.0.0/0 Internet Active',
    '10.0.0.0/8 None Active',
    '127.0.0.0/8 None Active',
    '100.64.0.0/10 None Active',
    '172.16.0.0/12 None Active',
    '192.168.0.0/16 None Active',
  ]);
  for (const r of routesOfSubnet(w, id.subnet('a', 's')).routes) {
    assert.equal(r.source, 'Default');
    assert.equal(r.origin.id, id.vnet('a'));
  }
  check(w, [
    { from: ['a', 's'], to: '10.0.200.1', type: 'VnetLocal', origin: id.vnet('a') },
    { from: ['a', 's'], to: '10.1.0.1', type: 'None', origin: id.vnet('a') },
    { from: ['a', 's'], to: '172.20.0.1', type: 'None' },
    { from: ['a', 's'], to: '100.64.1.1', type: 'None' },
    { from: ['a', 's'], to: '127.0.0.1', type: 'None' },
    { from: ['a', 's'], to: '8.8.8.8', type: 'Internet', origin: id.vnet('a') },
  ]);
});

test('a VNet range equal to a reserved range replaces it; one containing it removes it; one inside keeps both', () => {
  const w = build([
    vnet('eq', ['10.0.0.0/8'], { s: '10.0.0.0/24' }),
    vnet('contains', ['192.168.0.0/15'], { s: '192.168.0.0/24' }),
    vnet('inside', ['172.16.5.0/24'], { s: '172.16.5.0/26' }),
  ]);
  assert.deepEqual(summary(routesTo(w, 'eq', 's', '10.0.0.0/8')), ['10.0.0.0/8 VnetLocal Active']);
  assert.deepEqual(summary(routesTo(w, 'contains', 's', '192.168.0.0/16')), []);
  assert.deepEqual(summary(routesTo(w, 'inside', 's', '172.16.0.0/12')), ['172.16.0.0/12 None Active']);
  check(w, [
    { from: ['eq', 's'], to: '10.200.0.1', type: 'VnetLocal' },
    { from: ['contains', 's'], to: '192.168.9.9', type: 'VnetLocal' },
    { from: ['inside', 's'], to: '172.16.5.100', type: 'VnetLocal' },
    { from: ['inside', 's'], to: '172.16.6.1', type: 'None' },
  ]);
});

// ---- User routes (§1.3, §1.4, §1.5) -------------------------------------------------------------------

test('UDRs: same-prefix system routes become Invalid, UDR 0/0 removes reserved None routes', () => {
  const w = build([
    routeTable('rt', [
      ['to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.0.2.4'],
      ['blackhole', '10.0.0.0/16', 'None'],
      ['spoke', '10.9.0.0/16', 'VirtualNetworkGateway'],
      ['host', '10.0.1.7/32', 'VnetLocal'],
    ]),
    vnet('a', ['10.0.0.0/16'], {
      s: { addressPrefix: '10.0.1.0/24', routeTable: { id: id.rt('rt') } },
      t: '10.0.2.0/24',
    }),
  ]);
  const routes = routesOfSubnet(w, id.subnet('a', 's')).routes;
  assert.deepEqual(summary(routes), [
    '10.0.0.0/16 VnetLocal Invalid',
    '0.0.0.0/0 Internet Invalid',
    '0.0.0.0/0 VirtualAppliance Active',
    '10.0.0.0/16 None Active',
    '10.9.0.0/16 VirtualNetworkGateway Active',
    '10.0.1.7/32 VnetLocal Active',
  ]);
  const nva = routes.find((r) => r.name === 'to-nva')!;
  assert.equal(nva.source, 'User');
  assert.equal(nva.routeTableId, id.rt('rt'));
  assert.deepEqual(nva.nextHopIpAddress, ['10.0.2.4']);
  assert.equal(nva.origin.id, id.route('rt', 'to-nva'));
  check(w, [
    { from: ['a', 's'], to: '8.8.8.8', type: 'VirtualAppliance', origin: id.route('rt', 'to-nva') },
    // The reserved 10/8 None route is gone, so other private space follows 0/0 to the NVA.
    { from: ['a', 's'], to: '10.50.0.1', type: 'VirtualAppliance', origin: id.route('rt', 'to-nva') },
    { from: ['a', 's'], to: '10.0.2.5', type: 'None', origin: id.route('rt', 'blackhole') },
    { from: ['a', 's'], to: '10.0.1.7', type: 'VnetLocal', origin: id.route('rt', 'host') },
    { from: ['a', 's'], to: '10.9.1.1', type: 'VirtualNetworkGateway', origin: id.route('rt', 'spoke') },
    // The other subnet has no route table.
    { from: ['a', 't'], to: '10.0.1.5', type: 'VnetLocal', origin: id.vnet('a') },
    { from: ['a', 't'], to: '10.50.0.1', type: 'None', origin: id.vnet('a') },
  ]);
});

test('a service-tag UDR is listed with destinationServiceTags and matches no address', () => {
  const w = build([
    routeTable('rt', [['storage', 'Storage', 'Internet']]),
    vnet('a', ['10.0.0.0/16'], { s: { addressPrefix: '10.0.1.0/24', routeTable: { id: id.rt('rt') } } }),
  ]);
  const tagged = routesOfSubnet(w, id.subnet('a', 's')).routes.find((r) => r.name === 'storage')!;
  assert.deepEqual(tagged.prefixes, []);
  assert.deepEqual(tagged.destinationServiceTags, ['Storage']);
  assert.equal(tagged.state, 'Active');
  check(w, [{ from: ['a', 's'], to: '20.60.0.1', type: 'Internet', origin: id.vnet('a') }]);
});

// ---- Peering (§3.1, §3.2) -----------------------------------------------------------------------------

test('peering: Connected peerings route to remote ranges, not transitively; Initiated gives nothing', () => {
  const w = build([
    vnet('hub', ['10.0.0.0/16'], { s: '10.0.1.0/24' }),
    vnet('s1', ['10.1.0.0/16', '10.11.0.0/16'], { s: '10.1.1.0/24' }),
    vnet('s2', ['10.2.0.0/16'], { s: '10.2.1.0/24' }, {}, 'westeurope'),
    vnet('lone', ['10.3.0.0/16'], { s: '10.3.1.0/24' }),
    ...peer('hub', 's1', {}, { allowVirtualNetworkAccess: false }),
    ...peer('hub', 's2'),
    // Only one side: Initiated.
    ...peer('lone', 'hub').slice(0, 1),
  ]);
  check(w, [
    { from: ['hub', 's'], to: '10.1.0.9', type: 'VNetPeering', origin: id.peering('hub', 'to-s1') },
    { from: ['hub', 's'], to: '10.11.0.9', type: 'VNetPeering', origin: id.peering('hub', 'to-s1') },
    { from: ['hub', 's'], to: '10.2.0.9', type: 'GlobalVNetPeering', origin: id.peering('hub', 'to-s2') },
    // allowVirtualNetworkAccess false keeps the routes (it only changes the VirtualNetwork tag).
    { from: ['s1', 's'], to: '10.0.0.9', type: 'VNetPeering', origin: id.peering('s1', 'to-hub') },
    // Not transitive: s1 has no route to s2 (10/8 None decides).
    { from: ['s1', 's'], to: '10.2.0.9', type: 'None', origin: id.vnet('s1') },
    { from: ['lone', 's'], to: '10.0.0.9', type: 'None', origin: id.vnet('lone') },
    { from: ['hub', 's'], to: '10.3.0.9', type: 'None', origin: id.vnet('hub') },
  ]);
});

test('subnet peering routes only the remote peered subnets, to every local subnet', () => {
  const opts = (local: string[], remote: string[]) => ({
    peerCompleteVnets: false,
    localSubnetNames: local,
    remoteSubnetNames: remote,
  });
  const w = build([
    vnet('a', ['10.0.0.0/16'], { x: '10.0.1.0/24', y: '10.0.2.0/24' }),
    vnet('b', ['10.1.0.0/16'], { p: '10.1.1.0/24', q: '10.1.2.0/24' }),
    ...peer('a', 'b', opts(['x'], ['p']), opts(['p'], ['x'])),
  ]);
  check(w, [
    { from: ['a', 'x'], to: '10.1.1.5', type: 'VNetPeering', origin: id.peering('a', 'to-b') },
    { from: ['a', 'x'], to: '10.1.2.5', type: 'None' },
    // Known limitation kept: the non-peered local subnet y gets the route too.
    { from: ['a', 'y'], to: '10.1.1.5', type: 'VNetPeering' },
    { from: ['b', 'q'], to: '10.0.1.5', type: 'VNetPeering', origin: id.peering('b', 'to-a') },
  ]);
});

// ---- Gateway routes (§1.3, §1.4 rule 3, §3.3, §7.2) ---------------------------------------------------

function gatewayWorld(spokeTable: Record<string, unknown> = {}): World {
  return build([
    vnet('hub', ['10.0.0.0/16'], { s: '10.0.1.0/24', GatewaySubnet: '10.0.255.0/27' }),
    gateway('gw', 'hub', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
    localGateway('onprem', ['192.168.10.0/24', '10.1.5.0/24']),
    connection('c1', 'gw', 'onprem', { learnedPrefixes: ['172.20.0.0/16', '10.0.0.0/16', '0.0.0.0/0'] }),
    routeTable('rt', [['r', '172.20.0.0/16', 'VirtualAppliance', '10.1.1.4']], spokeTable),
    vnet('spoke', ['10.1.0.0/16'], {
      s: '10.1.1.0/24',
      t: { addressPrefix: '10.1.2.0/24', routeTable: { id: id.rt('rt') } },
    }),
    vnet('other', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
    ...peer('hub', 'spoke', { allowGatewayTransit: true }, { useRemoteGateways: true }),
    ...peer('hub', 'other', { allowGatewayTransit: true }),
  ]);
}

test('gateway routes: local network gateway and learned prefixes, in the hub and through transit only', () => {
  const w = gatewayWorld();
  check(w, [
    { from: ['hub', 's'], to: '192.168.10.1', type: 'VirtualNetworkGateway', origin: id.lng('onprem') },
    { from: ['hub', 's'], to: '172.20.1.1', type: 'VirtualNetworkGateway', origin: id.conn('c1') },
    { from: ['spoke', 's'], to: '192.168.10.1', type: 'VirtualNetworkGateway', origin: id.lng('onprem') },
    // BGP 0/0 beats the Default 0/0 (same prefix) but, UNVERIFIED, does not remove the reserved None routes.
    { from: ['spoke', 's'], to: '8.8.8.8', type: 'VirtualNetworkGateway', origin: id.conn('c1') },
    { from: ['spoke', 's'], to: '10.99.0.1', type: 'None', origin: id.vnet('spoke') },
    // No useRemoteGateways: no gateway routes.
    { from: ['other', 's'], to: '192.168.10.1', type: 'None', origin: id.vnet('other') },
    { from: ['other', 's'], to: '8.8.8.8', type: 'Internet' },
    // UDR beats the same-prefix BGP route in the subnet with the route table.
    { from: ['spoke', 't'], to: '172.20.1.1', type: 'VirtualAppliance', origin: id.route('rt', 'r') },
  ]);
  const hubRoute = hop(w, 'hub', 's', '192.168.10.1')!;
  assert.equal(hubRoute.source, 'VirtualNetworkGateway');
  assert.deepEqual(hubRoute.nextHopIpAddress, ['10.0.255.30']);
  assert.deepEqual(summary(routesTo(w, 'spoke', 't', '172.20.0.0/16')), [
    '172.20.0.0/16 VirtualNetworkGateway Invalid',
    '172.20.0.0/16 VirtualAppliance Active',
  ]);
  assert.deepEqual(summary(routesTo(w, 'spoke', 's', '0.0.0.0/0')), [
    '0.0.0.0/0 Internet Invalid',
    '0.0.0.0/0 VirtualNetworkGateway Active',
  ]);
});

test('BGP never beats VNet or peering system routes, even when longer (§1.4 rule 3)', () => {
  const w = gatewayWorld();
  // 10.1.5.0/24 (static, inside the spoke) and 10.0.0.0/16 (learned, the hub's own range).
  check(w, [
    { from: ['hub', 's'], to: '10.1.5.9', type: 'VNetPeering', origin: id.peering('hub', 'to-spoke') },
    { from: ['hub', 's'], to: '10.0.1.9', type: 'VnetLocal', origin: id.vnet('hub') },
    { from: ['spoke', 's'], to: '10.1.5.9', type: 'VnetLocal', origin: id.vnet('spoke') },
    { from: ['spoke', 's'], to: '10.0.1.9', type: 'VNetPeering', origin: id.peering('spoke', 'to-hub') },
  ]);
  assert.deepEqual(summary(routesTo(w, 'spoke', 's', '10.1.5.0/24')), [
    '10.1.5.0/24 VirtualNetworkGateway Invalid',
  ]);
  assert.deepEqual(summary(routesTo(w, 'hub', 's', '10.0.0.0/16')), [
    '10.0.0.0/16 VnetLocal Active',
    '10.0.0.0/16 VirtualNetworkGateway Invalid',
  ]);
});

test('disableBgpRoutePropagation drops gateway routes from the subnets of that route table', () => {
  const w = gatewayWorld({ disableBgpRoutePropagation: true });
  check(w, [
    { from: ['spoke', 't'], to: '192.168.10.1', type: 'None', origin: id.vnet('spoke') },
    { from: ['spoke', 't'], to: '8.8.8.8', type: 'Internet', origin: id.vnet('spoke') },
    { from: ['spoke', 's'], to: '192.168.10.1', type: 'VirtualNetworkGateway' },
  ]);
  const routes = routesOfSubnet(w, id.subnet('spoke', 't')).routes;
  assert.equal(routes.filter((r) => r.source === 'VirtualNetworkGateway').length, 0);
  assert.equal(routes.find((r) => r.name === 'r')?.disableBgpRoutePropagation, true);
});

// ---- Service endpoints (§1.2) -------------------------------------------------------------------------

test('service endpoints: a VirtualNetworkServiceEndpoint route naming the service tags, no matchable prefix', () => {
  const w = build([
    vnet('a', ['10.0.0.0/16'], {
      s: {
        addressPrefix: '10.0.1.0/24',
        serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus', 'westus'] }],
      },
      t: '10.0.2.0/24',
    }),
  ]);
  const se = routesOfSubnet(w, id.subnet('a', 's')).routes.filter(
    (r) => r.nextHopType === 'VirtualNetworkServiceEndpoint',
  );
  assert.equal(se.length, 1);
  assert.deepEqual(se[0]!.destinationServiceTags, ['Storage.eastus', 'Storage.westus']);
  assert.equal(se[0]!.origin.id, id.subnet('a', 's'));
  assert.equal(se[0]!.source, 'Default');
  assert.equal(
    routesOfSubnet(w, id.subnet('a', 't')).routes.some(
      (r) => r.nextHopType === 'VirtualNetworkServiceEndpoint',
    ),
    false,
  );
});

// ---- Private endpoints (§5.1) -------------------------------------------------------------------------

function endpointWorld(policy: string, udr: [string, string, string, string?][]): World {
  return build([
    routeTable('rt', udr),
    vnet('a', ['10.0.0.0/16'], {
      pes: { addressPrefix: '10.0.1.0/24', privateEndpointNetworkPolicies: policy },
      app: { addressPrefix: '10.0.2.0/24', routeTable: { id: id.rt('rt') } },
    }),
    vnet('b', ['10.1.0.0/16'], { s: { addressPrefix: '10.1.1.0/24', routeTable: { id: id.rt('rt') } } }),
    vnet('c', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
    ...peer('a', 'b'),
    ...peer('b', 'c'),
    privateEndpoint('pe1', id.subnet('a', 'pes'), { address: '10.0.1.10' }),
  ]);
}

test('private endpoint /32: own VNet and directly peered VNets, not transitive', () => {
  const w = endpointWorld('Disabled', [['to-nva', '10.0.0.0/16', 'VirtualAppliance', '10.1.1.4']]);
  check(w, [
    { from: ['a', 'pes'], to: '10.0.1.10', type: 'InterfaceEndpoint', origin: id.pe('pe1') },
    // Policies Disabled: the /32 beats the UDR by LPM.
    { from: ['a', 'app'], to: '10.0.1.10', type: 'InterfaceEndpoint', origin: id.pe('pe1') },
    { from: ['b', 's'], to: '10.0.1.10', type: 'InterfaceEndpoint', origin: id.pe('pe1') },
    { from: ['b', 's'], to: '10.0.1.11', type: 'VirtualAppliance', origin: id.route('rt', 'to-nva') },
    { from: ['c', 's'], to: '10.0.1.10', type: 'None', origin: id.vnet('c') },
  ]);
  const pe = routesTo(w, 'b', 's', '10.0.1.10/32');
  assert.equal(pe.length, 1);
  assert.equal(pe[0]!.source, 'Default');
});

test('RouteTableEnabled: a UDR no broader than the PE VNet range invalidates the /32; 0/0 does not', () => {
  const covered = endpointWorld('RouteTableEnabled', [
    ['to-nva', '10.0.0.0/16', 'VirtualAppliance', '10.1.1.4'],
  ]);
  check(covered, [
    { from: ['b', 's'], to: '10.0.1.10', type: 'VirtualAppliance', origin: id.route('rt', 'to-nva') },
    { from: ['a', 'app'], to: '10.0.1.10', type: 'VirtualAppliance', origin: id.route('rt', 'to-nva') },
    { from: ['a', 'pes'], to: '10.0.1.10', type: 'InterfaceEndpoint', origin: id.pe('pe1') },
  ]);
  assert.deepEqual(summary(routesTo(covered, 'b', 's', '10.0.1.10/32')), [
    '10.0.1.10/32 InterfaceEndpoint Invalid',
  ]);
  const broad = endpointWorld('Enabled', [
    ['all', '0.0.0.0/0', 'VirtualAppliance', '10.1.1.4'],
    ['big', '10.0.0.0/8', 'None'],
  ]);
  check(broad, [
    { from: ['b', 's'], to: '10.0.1.10', type: 'InterfaceEndpoint', origin: id.pe('pe1') },
    { from: ['b', 's'], to: '10.0.1.11', type: 'VNetPeering' },
  ]);
});

// ---- AVNM connectivity (§3.4) -------------------------------------------------------------------------

function meshWorld(
  extra: { commit?: ReturnType<typeof commit>[]; global?: boolean; more?: Parameters<typeof build>[0] } = {},
): World {
  return build([
    vnet('m1', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
    vnet('m2', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
    vnet('m3', ['10.3.0.0/16'], { s: '10.3.1.0/24' }, {}, 'westus'),
    vnet('out', ['10.9.0.0/16'], { s: '10.9.1.0/24' }),
    ...avnm({ g: ['m1', 'm2', 'm3'] }),
    connectivity('mesh', {
      connectivityTopology: 'Mesh',
      appliesToGroups: [{ networkGroupId: id.group('g') }],
      ...(extra.global ? { isGlobal: 'True' } : {}),
    }),
    ...(extra.commit ?? []),
    ...(extra.more ?? []),
  ]);
}

test('AVNM mesh: ConnectedGroup routes only once committed, regional unless global', () => {
  const uncommitted = meshWorld();
  check(uncommitted, [{ from: ['m1', 's'], to: '10.2.0.1', type: 'None', origin: id.vnet('m1') }]);
  const regional = meshWorld({ commit: [commit('Connectivity', [id.cc('mesh')], ['eastus', 'westus'])] });
  check(regional, [
    { from: ['m1', 's'], to: '10.2.0.1', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m2', 's'], to: '10.1.0.1', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m1', 's'], to: '10.3.0.1', type: 'None' },
    { from: ['m1', 's'], to: '10.9.0.1', type: 'None' },
    { from: ['m1', 's'], to: '10.1.0.1', type: 'VnetLocal', origin: id.vnet('m1') },
  ]);
  const global = meshWorld({ global: true, commit: [commit('Connectivity', [id.cc('mesh')], ['eastus'])] });
  check(global, [
    { from: ['m1', 's'], to: '10.3.0.1', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m3', 's'], to: '10.2.0.1', type: 'ConnectedGroup', origin: id.cc('mesh') },
  ]);
  const listed = summary(routesOfSubnet(global, id.subnet('m1', 's')).routes);
  assert.deepEqual(
    listed.filter((l) => l.includes('ConnectedGroup')),
    ['10.2.0.0/16 ConnectedGroup Active', '10.3.0.0/16 ConnectedGroup Active'],
  );
  // A commit only to westus leaves the eastus members out of a regional mesh.
  const west = meshWorld({ commit: [commit('Connectivity', [id.cc('mesh')], ['westus'])] });
  check(west, [{ from: ['m1', 's'], to: '10.2.0.1', type: 'None' }]);
});

test('AVNM mesh: overlapping space is removed from the group for everyone', () => {
  const w = build([
    vnet('m1', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
    vnet('m2', ['10.1.128.0/24', '10.2.0.0/16'], { s: '10.2.1.0/24' }),
    vnet('m3', ['10.3.0.0/16'], { s: '10.3.1.0/24' }),
    ...avnm({ g: ['m1', 'm2', 'm3'] }),
    connectivity('mesh', {
      connectivityTopology: 'Mesh',
      appliesToGroups: [{ networkGroupId: id.group('g') }],
    }),
    commit('Connectivity', [id.cc('mesh')]),
  ]);
  check(w, [
    { from: ['m3', 's'], to: '10.1.128.9', type: 'None', origin: id.vnet('m3') },
    { from: ['m3', 's'], to: '10.1.127.9', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m3', 's'], to: '10.1.129.9', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m3', 's'], to: '10.2.0.9', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['m2', 's'], to: '10.1.0.9', type: 'ConnectedGroup' },
    // m2's own overlapping range stays VnetLocal for m2; m1 doesn't reach it through the group.
    { from: ['m2', 's'], to: '10.1.128.9', type: 'VnetLocal', origin: id.vnet('m2') },
    { from: ['m1', 's'], to: '10.1.128.9', type: 'VnetLocal', origin: id.vnet('m1') },
  ]);
  const m3 = summary(routesOfSubnet(w, id.subnet('m3', 's')).routes).filter((l) =>
    l.includes('ConnectedGroup'),
  );
  assert.equal(
    m3.some((l) => l.startsWith('10.1.0.0/16')),
    false,
  );
  assert.equal(
    m3.some((l) => l.startsWith('10.1.128.0/24')),
    false,
  );
  assert.ok(m3.includes('10.1.0.0/17 ConnectedGroup Active'));
});

test('AVNM mesh with a real peering and a UDR to the same range: the peering is kept, the UDR decides', () => {
  const w = meshWorld({
    commit: [commit('Connectivity', [id.cc('mesh')], ['eastus', 'westus'])],
    more: [
      routeTable('rt', [['to-m1', '10.1.0.0/16', 'VirtualAppliance', '10.2.1.4']]),
      // Re-PUT m2 first: a VNet PUT replaces its inline peerings.
      vnet('m2', ['10.2.0.0/16'], { s: { addressPrefix: '10.2.1.0/24', routeTable: { id: id.rt('rt') } } }),
      ...peer('m1', 'm2'),
    ],
  });
  check(w, [
    { from: ['m1', 's'], to: '10.2.0.1', type: 'VNetPeering', origin: id.peering('m1', 'to-m2') },
    { from: ['m2', 's'], to: '10.1.0.1', type: 'VirtualAppliance', origin: id.route('rt', 'to-m1') },
  ]);
  assert.deepEqual(summary(routesTo(w, 'm1', 's', '10.2.0.0/16')), ['10.2.0.0/16 VNetPeering Active']);
  assert.deepEqual(summary(routesTo(w, 'm2', 's', '10.1.0.0/16')), [
    '10.1.0.0/16 VNetPeering Invalid',
    '10.1.0.0/16 ConnectedGroup Invalid',
    '10.1.0.0/16 VirtualAppliance Active',
  ]);
});

test('AVNM mesh and a BGP route to a member range: the group route is listed Active, the BGP one Invalid', () => {
  // Found by the lookup property test: the BGP route (Invalid by §1.4 rule 3) used to hide the group route from
  // the list while lookup() chose it.
  const w = build([
    vnet('a', ['10.0.0.0/16'], { s: '10.0.1.0/24', GatewaySubnet: '10.0.255.0/27' }),
    gateway('gw', 'a', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
    localGateway('onprem', ['192.168.10.0/24']),
    connection('c1', 'gw', 'onprem', { learnedPrefixes: ['10.2.0.0/16'] }),
    vnet('c', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
    ...avnm({ g: ['a', 'c'] }),
    connectivity('mesh', {
      connectivityTopology: 'Mesh',
      appliesToGroups: [{ networkGroupId: id.group('g') }],
    }),
    commit('Connectivity', [id.cc('mesh')]),
  ]);
  check(w, [{ from: ['a', 's'], to: '10.2.0.9', type: 'ConnectedGroup', origin: id.cc('mesh') }]);
  assert.deepEqual(summary(routesTo(w, 'a', 's', '10.2.0.0/16')), [
    '10.2.0.0/16 ConnectedGroup Active',
    '10.2.0.0/16 VirtualNetworkGateway Invalid',
  ]);
  assert.equal(routesTo(w, 'a', 's', '10.2.0.0/16')[1]!.origin.id, id.conn('c1'));
});

test('AVNM mesh: PE /32s reach group members unless the VNet is high-scale (Basic)', () => {
  const world = (policy: string) =>
    build([
      vnet('m1', ['10.1.0.0/16'], { s: '10.1.1.0/24' }, { privateEndpointVNetPolicies: policy }),
      vnet(
        'm2',
        ['10.2.0.0/16'],
        { s: '10.2.1.0/24', pes: '10.2.2.0/24' },
        { privateEndpointVNetPolicies: policy },
      ),
      privateEndpoint('pe2', id.subnet('m2', 'pes'), { address: '10.2.2.10' }),
      ...avnm({ g: ['m1', 'm2'] }),
      connectivity('mesh', {
        connectivityTopology: 'Mesh',
        appliesToGroups: [{ networkGroupId: id.group('g') }],
      }),
      commit('Connectivity', [id.cc('mesh')]),
    ]);
  check(world('Disabled'), [
    { from: ['m1', 's'], to: '10.2.2.10', type: 'InterfaceEndpoint', origin: id.pe('pe2') },
    { from: ['m2', 's'], to: '10.2.2.10', type: 'InterfaceEndpoint', origin: id.pe('pe2') },
  ]);
  assert.equal(routesTo(world('Disabled'), 'm1', 's', '10.2.2.10/32').length, 1);
  check(world('Basic'), [
    { from: ['m1', 's'], to: '10.2.2.10', type: 'ConnectedGroup', origin: id.cc('mesh') },
  ]);
  assert.equal(routesTo(world('Basic'), 'm1', 's', '10.2.2.10/32').length, 0);
});

test('AVNM hub-and-spoke: hub <-> spoke peerings, direct connectivity among spokes, hub gateway transit', () => {
  const w = build([
    vnet('hub', ['10.0.0.0/16'], { s: '10.0.1.0/24', GatewaySubnet: '10.0.255.0/27' }),
    gateway('gw', 'hub', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
    localGateway('onprem', ['192.168.10.0/24']),
    connection('c1', 'gw', 'onprem'),
    vnet('sp1', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
    vnet('sp2', ['10.2.0.0/16'], { s: '10.2.1.0/24' }, {}, 'westus'),
    vnet('sp3', ['10.3.0.0/16'], { s: '10.3.1.0/24' }),
    ...avnm({ direct: ['sp1', 'sp2'], plain: ['sp3'] }),
    connectivity('hs', {
      connectivityTopology: 'HubAndSpoke',
      hubs: [{ resourceId: id.vnet('hub'), resourceType: 'Microsoft.Network/virtualNetworks' }],
      appliesToGroups: [
        {
          networkGroupId: id.group('direct'),
          groupConnectivity: 'DirectlyConnected',
          useHubGateway: 'True',
          isGlobal: 'True',
        },
        { networkGroupId: id.group('plain'), groupConnectivity: 'None', useHubGateway: 'False' },
      ],
    }),
    commit('Connectivity', [id.cc('hs')], ['eastus', 'westus']),
  ]);
  check(w, [
    { from: ['hub', 's'], to: '10.1.0.1', type: 'VNetPeering', origin: id.cc('hs') },
    { from: ['hub', 's'], to: '10.2.0.1', type: 'GlobalVNetPeering', origin: id.cc('hs') },
    { from: ['sp1', 's'], to: '10.0.0.1', type: 'VNetPeering', origin: id.cc('hs') },
    { from: ['sp1', 's'], to: '10.2.0.1', type: 'ConnectedGroup', origin: id.cc('hs') },
    { from: ['sp1', 's'], to: '10.3.0.1', type: 'None' },
    { from: ['sp3', 's'], to: '10.1.0.1', type: 'None' },
    { from: ['sp1', 's'], to: '192.168.10.1', type: 'VirtualNetworkGateway', origin: id.lng('onprem') },
    { from: ['sp3', 's'], to: '192.168.10.1', type: 'None' },
  ]);
});

// ---- Sharing and scale --------------------------------------------------------------------------------

test('subnets with the same route table share one routes array; memoised per world', () => {
  const w = build([
    routeTable('rt', [['r', '10.5.0.0/16', 'None']]),
    vnet('a', ['10.0.0.0/16'], {
      x: '10.0.1.0/24',
      y: '10.0.2.0/24',
      p: { addressPrefix: '10.0.3.0/24', routeTable: { id: id.rt('rt') } },
      q: { addressPrefix: '10.0.4.0/24', routeTable: { id: id.rt('rt') } },
    }),
  ]);
  const routes = (s: string) => routesOfSubnet(w, id.subnet('a', s)).routes;
  assert.equal(routes('x'), routes('y'));
  assert.equal(routes('p'), routes('q'));
  assert.notEqual(routes('x'), routes('p'));
  assert.equal(
    routesOfSubnet(w, id.subnet('a', 'x')),
    routesOfSubnet(w, id.subnet('A', 'X').replace('/A/', '/a/')),
  );
  assert.throws(() => routesOfSubnet(w, id.subnet('a', 'nope')), /no subnet/);
});

test('a 400-VNet mesh: every member reaches every other through the shared group', () => {
  const n = 400;
  const names = Array.from({ length: n }, (_, i) => `v${i}`);
  const w = build([
    ...names.map((v, i) => vnet(v, [`10.${i >> 8}.${i & 255}.0/24`], { s: `10.${i >> 8}.${i & 255}.0/26` })),
    ...avnm({ g: names }),
    connectivity('mesh', {
      connectivityTopology: 'Mesh',
      appliesToGroups: [{ networkGroupId: id.group('g') }],
    }),
    commit('Connectivity', [id.cc('mesh')]),
  ]);
  check(w, [
    { from: ['v0', 's'], to: '10.1.143.9', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['v399', 's'], to: '10.0.0.9', type: 'ConnectedGroup', origin: id.cc('mesh') },
    { from: ['v7', 's'], to: '10.0.7.9', type: 'VnetLocal', origin: id.vnet('v7') },
    { from: ['v7', 's'], to: '10.2.0.9', type: 'None' },
  ]);
  const routes = routesOfSubnet(w, id.subnet('v5', 's')).routes;
  assert.equal(routes.filter((r) => r.nextHopType === 'ConnectedGroup').length, n - 1);
});

test('lookup is safe for IPv6 destinations and a NIC world', () => {
  const w = build([
    vnet('a', ['10.0.0.0/16', 'fd00:1::/48'], { s: { addressPrefixes: ['10.0.1.0/24', 'fd00:1:0:1::/64'] } }),
    nic('n1', id.subnet('a', 's'), '10.0.1.4'),
  ]);
  check(w, [
    { from: ['a', 's'], to: 'fd00:1::5', type: 'VnetLocal', origin: id.vnet('a') },
    { from: ['a', 's'], to: '2001:db8::1', type: 'Internet', origin: id.vnet('a') },
  ]);
});

// The packet data plane's IPv4 look-up (numbers, LpmTrie.lookup4) must choose the route lookup() chooses, in
// worlds with connected groups (a member's own range, high-scale and overridden private endpoints, overlaps),
// peerings, gateway routes and UDRs.
test('property: routeLookupV4(...).lookupV4 chooses the route lookup() chooses', () => {
  const N = 4;
  const member = fc.record({
    highScale: fc.boolean(),
    pes: fc.integer({ min: 0, max: 2 }),
    policy: fc.constantFrom('Disabled', 'RouteTableEnabled'),
    overlapWith: fc.option(fc.integer({ min: 0, max: N - 1 }), { nil: undefined }),
  });
  const udr = fc.tuple(
    fc.constantFrom(
      '10.1.0.0/16',
      '10.2.2.0/24',
      '10.3.2.10/32',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '192.168.10.0/24',
    ),
    fc.constantFrom('None', 'Internet', 'VnetLocal'),
  );
  fc.assert(
    fc.property(
      fc.array(member, { minLength: 2, maxLength: N, size: 'max' }),
      fc.uniqueArray(udr, { maxLength: 4, selector: ([p]) => p }),
      fc.boolean(),
      (members, udrs, peered) => {
        const names = members.map((_, i) => `v${i}`);
        const changes: Change[] = [];
        members.forEach((m, i) => {
          const overlap = m.overlapWith !== undefined && m.overlapWith !== i && !(peered && i < 2);
          changes.push(
            vnet(
              names[i]!,
              [`10.${i}.0.0/16`, ...(overlap ? [`10.${m.overlapWith}.128.0/24`] : [])],
              {
                s: {
                  addressPrefix: `10.${i}.1.0/24`,
                  ...(i === 0 ? { routeTable: { id: id.rt('rt') } } : {}),
                },
                pes: { addressPrefix: `10.${i}.2.0/24`, privateEndpointNetworkPolicies: m.policy },
                ...(i === 0 ? { GatewaySubnet: '10.0.255.0/27' } : {}),
              },
              { privateEndpointVNetPolicies: m.highScale ? 'Basic' : 'Disabled' },
            ),
          );
          for (let p = 0; p < m.pes; p++)
            changes.push(
              privateEndpoint(`pe-${i}-${p}`, id.subnet(names[i]!, 'pes'), {
                address: `10.${i}.2.${10 + p}`,
              }),
            );
        });
        changes.push(
          routeTable(
            'rt',
            udrs.map(([p, type], i) => [`r${i}`, p, type]),
          ),
          gateway('gw', 'v0', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
          localGateway('onprem', ['192.168.10.0/24']),
          connection('c1', 'gw', 'onprem', { learnedPrefixes: ['10.3.0.0/16', '172.16.0.0/12'] }),
          ...(peered ? peer('v0', 'v1') : []),
          ...avnm({ g: names }),
          connectivity('mesh', {
            connectivityTopology: 'Mesh',
            appliesToGroups: [{ networkGroupId: id.group('g') }],
          }),
          commit('Connectivity', [id.cc('mesh')]),
        );
        const world = build(changes);
        const addresses: string[] = ['8.8.8.8', '192.168.10.7', '172.16.3.4', '0.0.0.0', '255.255.255.255'];
        for (let i = 0; i < N; i++)
          addresses.push(
            `10.${i}.1.9`,
            `10.${i}.2.10`,
            `10.${i}.2.11`,
            `10.${i}.2.99`,
            `10.${i}.128.5`,
            `10.${i}.200.1`,
          );
        for (const name of names)
          for (const s of ['s', 'pes']) {
            const subnetId = id.subnet(name, s);
            const routes = routesOfSubnet(world, subnetId);
            const v4 = routeLookupV4(world, subnetId);
            for (const text of addresses) {
              const a = mustParseAddress(text);
              assert.equal(v4.lookupV4(Number(a.value)), routes.lookup(a), `${name}/${s} → ${text}`);
            }
          }
      },
    ),
    { numRuns: 60, seed: 20261122 },
  );
});
