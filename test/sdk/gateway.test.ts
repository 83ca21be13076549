// A VPN gateway's routes and BGP peers through the official SDK (virtualNetworkGateways.beginGet*AndWait, the
// calls behind az network vnet-gateway list-advertised-routes / list-learned-routes / list-bgp-peer-status): the
// hub-spoke example's gateway, plus a BGP connection whose peer announces prefixes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../src/arm/index.ts';
import { importChanges } from '../../src/arm/index.ts';
import { loadTopologyFile } from '../../src/topology/index.ts';
import { FAST, http, net, networkClient, rejectsWith, startLab, v } from '../helpers/arm.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/hub-spoke-nva/topology.yaml', import.meta.url));
const RG = 'rg-hub-spoke';
const SUB = '00000000-0000-0000-0000-000000000000';

describe('SDK: virtual network gateway routes and BGP peers', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab();
    const loaded = loadTopologyFile(EXAMPLE);
    assert.ok(loaded.ok);
    assert.ok(importChanges(server.state, loaded.value.changes, []).ok);
    const lng = await http(server, 'PUT', v(net(RG, 'localNetworkGateways/lng-bgp', SUB)), {
      location: 'westeurope',
      properties: {
        gatewayIpAddress: '198.51.100.7',
        localNetworkAddressSpace: { addressPrefixes: [] },
        bgpSettings: { asn: 65050, bgpPeeringAddress: '192.168.200.1' },
      },
    });
    assert.equal(lng.status, 201, lng.text);
    const cn = await http(server, 'PUT', v(net(RG, 'connections/cn-bgp', SUB)), {
      location: 'westeurope',
      properties: {
        connectionType: 'IPsec',
        enableBgp: true,
        virtualNetworkGateway1: { id: net(RG, 'virtualNetworkGateways/vgw-hub', SUB) },
        localNetworkGateway2: { id: net(RG, 'localNetworkGateways/lng-bgp', SUB) },
        learnedPrefixes: ['172.16.0.0/16'],
      },
    });
    assert.equal(cn.status, 201, cn.text);
  });
  after(() => server.close());

  it('getLearnedRoutes: the VNet (Network), the local network gateway (Network) and BGP (EBgp)', async () => {
    const client = networkClient(server, SUB);
    const learned = await client.virtualNetworkGateways.beginGetLearnedRoutesAndWait(RG, 'vgw-hub', FAST);
    const rows = (learned.value ?? []).map((r) => [r.network, r.origin, r.nextHop ?? '', r.asPath ?? '']);
    assert.deepEqual(rows, [
      ['10.0.0.0/16', 'Network', '', ''],
      ['192.168.100.0/24', 'Network', '203.0.113.10', ''],
      ['172.16.0.0/16', 'EBgp', '192.168.200.1', '65050'],
    ]);
    assert.ok(learned.value!.every((r) => r.weight === 32768));
  });

  it('getAdvertisedRoutes for a peer: the hub and the spokes that use its gateway', async () => {
    const client = networkClient(server, SUB);
    const advertised = await client.virtualNetworkGateways.beginGetAdvertisedRoutesAndWait(
      RG,
      'vgw-hub',
      '192.168.200.1',
      FAST,
    );
    const networks = (advertised.value ?? []).map((r) => r.network).sort();
    assert.ok(networks.includes('10.0.0.0/16'), networks.join(' '));
    assert.ok(networks.includes('10.1.0.0/16'), networks.join(' '));
    const noPeer = await http(
      server,
      'POST',
      v(net(RG, 'virtualNetworkGateways/vgw-hub/getAdvertisedRoutes', SUB)),
    );
    assert.equal(noPeer.status, 400, noPeer.text);
    assert.match(noPeer.text, /InvalidParameter.*'peer' is required/);
  });

  it("getBgpPeerStatus: the BGP connection's peer, Connected, with the routes it announced", async () => {
    const client = networkClient(server, SUB);
    const status = await client.virtualNetworkGateways.beginGetBgpPeerStatusAndWait(RG, 'vgw-hub', FAST);
    assert.deepEqual(
      (status.value ?? []).map((p) => [p.neighbor, p.asn, p.state, p.routesReceived]),
      [['192.168.200.1', 65050, 'Connected', 1]],
    );
    await rejectsWith(
      client.virtualNetworkGateways.beginGetLearnedRoutesAndWait(RG, 'no-such-gw', FAST),
      404,
      'ResourceNotFound',
    );
  });
});
