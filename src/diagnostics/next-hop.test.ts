// Network Watcher next hop (§10.2): nextHopType, nextHopIpAddress and routeTableId ("System Route" unless a
// User route decides), with the deciding route as provenance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextHop, SYSTEM_ROUTE } from './next-hop.ts';
import {
  build,
  connection,
  gateway,
  id,
  localGateway,
  nic,
  peer,
  routeTable,
  vnet,
} from '../model/fixtures.ts';

const world = build([
  routeTable('rt', [['to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.0.2.4']]),
  vnet('a', ['10.0.0.0/16'], {
    s: { addressPrefix: '10.0.1.0/24', routeTable: { id: id.rt('rt') } },
    t: '10.0.2.0/24',
    GatewaySubnet: '10.0.255.0/27',
  }),
  vnet('b', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
  ...peer('a', 'b'),
  gateway('gw', 'a', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
  localGateway('onprem', ['192.168.10.0/24']),
  connection('c1', 'gw', 'onprem'),
  nic('n1', id.subnet('a', 's'), '10.0.1.4'),
  nic('n2', id.subnet('a', 't'), '10.0.2.4'),
]);

const rows: Array<{
  nic: string;
  to: string;
  type: string;
  ip?: string;
  table: string;
  origin: string;
}> = [
  {
    nic: 'n1',
    to: '8.8.8.8',
    type: 'VirtualAppliance',
    ip: '10.0.2.4',
    table: id.rt('rt'),
    origin: id.route('rt', 'to-nva'),
  },
  { nic: 'n1', to: '10.0.2.9', type: 'VnetLocal', table: SYSTEM_ROUTE, origin: id.vnet('a') },
  { nic: 'n2', to: '10.1.1.9', type: 'VNetPeering', table: SYSTEM_ROUTE, origin: id.peering('a', 'to-b') },
  {
    nic: 'n2',
    to: '192.168.10.7',
    type: 'VirtualNetworkGateway',
    ip: '10.0.255.30',
    table: SYSTEM_ROUTE,
    origin: id.lng('onprem'),
  },
  { nic: 'n2', to: '8.8.8.8', type: 'Internet', table: SYSTEM_ROUTE, origin: id.vnet('a') },
  { nic: 'n2', to: '10.50.0.1', type: 'None', table: SYSTEM_ROUTE, origin: id.vnet('a') },
];

test('next hop rows: type, IP, route table and the deciding route', () => {
  for (const row of rows) {
    const r = nextHop(world, { targetResourceId: id.nic(row.nic), destinationIPAddress: row.to });
    assert.ok(r.ok, row.to);
    assert.equal(r.value.nextHopType, row.type, `${row.nic} -> ${row.to}`);
    assert.equal(r.value.nextHopIpAddress, row.ip, `${row.nic} -> ${row.to} ip`);
    assert.equal(r.value.routeTableId, row.table, `${row.nic} -> ${row.to} table`);
    assert.equal(r.value.route?.origin.id, row.origin, `${row.nic} -> ${row.to} origin`);
  }
});

test('the source IP must be the NIC’s; targetNicResourceId wins over targetResourceId', () => {
  const ok = nextHop(world, {
    targetResourceId: 'ignored',
    targetNicResourceId: id.nic('n1'),
    sourceIPAddress: '10.0.1.4',
    destinationIPAddress: '8.8.8.8',
  });
  assert.ok(ok.ok);
  assert.equal(ok.value.nextHopType, 'VirtualAppliance');
  const wrong = nextHop(world, {
    targetResourceId: 'n1',
    sourceIPAddress: '10.0.2.4',
    destinationIPAddress: '8.8.8.8',
  });
  assert.equal(wrong.ok, false);
  assert.match(!wrong.ok ? wrong.reason : '', /10\.0\.2\.4 is not an address of n1/);
});

test('bad destination or unknown NIC: one clear reason', () => {
  const bad = nextHop(world, { targetResourceId: 'n1', destinationIPAddress: '10.0.0.300' });
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.reason : '', /destinationIPAddress: '10\.0\.0\.300' is not a valid IP address/);
  const unknown = nextHop(world, { targetResourceId: 'nope', destinationIPAddress: '8.8.8.8' });
  assert.equal(unknown.ok, false);
});
