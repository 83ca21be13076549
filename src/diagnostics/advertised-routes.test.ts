// getAdvertisedRoutes as GatewayRouteListResult rows plus vnetlab's advice warnings (§7.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advertisedRoutes } from './advertised-routes.ts';
import { build, gateway, id, peer, vnet } from '../model/fixtures.ts';

const world = build([
  vnet(
    'hub',
    ['10.0.0.0/24'],
    { GatewaySubnet: '10.0.0.0/27' },
    { summarizedGatewayPrefixes: { addressPrefixes: ['10.0.0.0/25'] } },
  ),
  gateway('gw', 'hub', { bgpSettings: { asn: 65010, bgpPeeringAddress: '10.0.0.30' } }),
  vnet('spoke', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
  ...peer('hub', 'spoke', { allowGatewayTransit: true }, { useRemoteGateways: true }),
]);

test('rows by gateway name or ID, with the summary warning', () => {
  for (const ref of ['gw', id.gw('gw')]) {
    const r = advertisedRoutes(world, ref);
    assert.ok(r.ok);
    assert.deepEqual(r.value.value, [
      {
        localAddress: '10.0.0.30',
        network: '10.0.0.0/25',
        nextHop: '10.0.0.30',
        sourcePeer: '10.0.0.30',
        origin: 'Igp',
        asPath: '65010',
        weight: 0,
      },
      {
        localAddress: '10.0.0.30',
        network: '10.1.0.0/16',
        nextHop: '10.0.0.30',
        sourcePeer: '10.0.0.30',
        origin: 'Igp',
        asPath: '65010',
        weight: 0,
      },
    ]);
    assert.deepEqual(
      r.value.warnings.map((w) => w.code),
      ['SummaryLeavesHubSpaceUnadvertised'],
    );
  }
});

test('unknown gateway: one clear reason', () => {
  const r = advertisedRoutes(world, 'nope');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.reason : '', /no virtual network gateway 'nope'/);
});
