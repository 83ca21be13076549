// getAdvertisedRoutes as GatewayRouteListResult rows plus vnetlab's advice warnings (§7.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advertisedRoutes } from './advertised-routes.ts';
import { routesOfSubnet } from '../compile/index.ts';
import { build, connection, gateway, id, localGateway, peer, vnet } from '../model/fixtures.ts';

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

test('without bgpSettings, the BGP address is the highest usable GatewaySubnet address, one per instance', () => {
  // Azure's VPN BGP how-to: GatewaySubnet 10.12.255.0/27 gives the BGP peer IP 10.12.255.30.
  const hub = (activeActive: boolean) =>
    build([
      vnet('hub', ['10.12.0.0/16'], { GatewaySubnet: '10.12.255.0/27', app: '10.12.1.0/24' }),
      gateway('gw', 'hub', { activeActive }),
      localGateway('onprem', ['192.168.0.0/16']),
      connection('s2s', 'gw', 'onprem'),
    ]);
  const standby = advertisedRoutes(hub(false), 'gw');
  assert.ok(standby.ok, standby.ok ? '' : standby.reason);
  assert.deepEqual(
    [...new Set(standby.value.value.map((r) => `${r.localAddress} ${r.nextHop} ${r.sourcePeer}`))],
    ['10.12.255.30 10.12.255.30 10.12.255.30'],
  );
  const onprem = (w: ReturnType<typeof hub>) =>
    routesOfSubnet(w, id.subnet('hub', 'app')).routes.find((r) => r.source === 'VirtualNetworkGateway');
  assert.deepEqual(onprem(hub(false))?.nextHopIpAddress, ['10.12.255.30']);
  assert.deepEqual(onprem(hub(true))?.nextHopIpAddress, ['10.12.255.30', '10.12.255.29']);
});
