// Network Watcher's POST actions over raw HTTP: 202 with Location and Azure-AsyncOperation, the status at the
// one and the answer at the other (final-state-via: location in networkWatcher.json / networkInterface.json), and
// NRP's strict request bodies (400 InvalidRequestFormat naming the member); the networkWatchers resource goes with
// its resource group.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/arm/index.ts';
import { at, groupPath, http, net, startLab, SUB, v } from '../helpers/arm.ts';
import type { HttpAnswer } from '../helpers/arm.ts';

const RG = 'nwraw-rg';
const LOC = 'westus2';
const VM = `${groupPath(RG)}/providers/Microsoft.Compute/virtualMachines/vm1`;
const NIC = net(RG, 'networkInterfaces/nic1');
const NEXT_HOP = v(net(RG, 'networkWatchers/nw/nextHop'));

function refused(res: HttpAnswer, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(at(res.body, 'error', 'code'), code, res.text);
}

const detailMessages = (res: HttpAnswer): string[] =>
  ((at(res.body, 'error', 'details') as { message: string }[] | undefined) ?? []).map((d) => d.message);

describe('ARM protocol: Network Watcher actions', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab({ networkWatcherAutocreate: false });
    await http(server, 'PUT', v(groupPath(RG), '2024-03-01'), { location: LOC });
    const vnet = net(RG, 'virtualNetworks/vnet');
    assert.equal(
      (
        await http(server, 'PUT', v(vnet), {
          location: LOC,
          properties: {
            addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
            subnets: [{ name: 's', properties: { addressPrefix: '10.0.0.0/24' } }],
          },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await http(server, 'PUT', v(NIC), {
          location: LOC,
          properties: {
            ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${vnet}/subnets/s` } } }],
          },
        })
      ).status,
      201,
    );
    const vm = await http(server, 'PUT', `${VM}?api-version=2024-07-01`, {
      location: LOC,
      properties: { networkProfile: { networkInterfaces: [{ id: NIC }] } },
    });
    assert.equal(vm.status, 201, vm.text);
  });
  after(async () => server.close());

  it('answers 202 with both polling headers; the status is Succeeded and the answer is at Location', async () => {
    const post = await http(server, 'POST', NEXT_HOP, {
      targetResourceId: VM,
      sourceIPAddress: '10.0.0.4',
      destinationIPAddress: '8.8.8.8',
    });
    assert.equal(post.status, 202, post.text);
    assert.equal(post.body, undefined);
    const status = await http(server, 'GET', post.headers.get('azure-asyncoperation')!);
    assert.equal(at(status.body, 'status'), 'Succeeded');
    assert.equal(at(status.body, 'result'), undefined, 'the status carries no answer');
    const answer = await http(server, 'GET', post.headers.get('location')!);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { nextHopType: 'Internet', routeTableId: 'System Route' });
  });

  it('effective routes: POST without a body, in any path casing', async () => {
    const post = await http(
      server,
      'POST',
      v(`${NIC.replace('networkInterfaces', 'NETWORKINTERFACES')}/EffectiveRouteTable`),
    );
    assert.equal(post.status, 202, post.text);
    const answer = await http(server, 'GET', post.headers.get('location')!);
    const value = at(answer.body, 'value') as { addressPrefix: string[]; nextHopType: string }[];
    assert.deepEqual(value[0], {
      disableBgpRoutePropagation: false,
      source: 'Default',
      state: 'Active',
      hasBgpOverride: false,
      addressPrefix: ['10.0.0.0/16'],
      nextHopType: 'VnetLocal',
      nextHopIpAddress: [],
      destinationServiceTags: [],
      tagMap: {},
    });
  });

  it('refuses bodies NRP cannot parse: missing, unknown or mistyped members', async () => {
    const missing = await http(server, 'POST', NEXT_HOP, {
      sourceIPAddress: '10.0.0.4',
      destinationIPAddress: '8.8.8.8',
    });
    refused(missing, 400, 'InvalidRequestFormat');
    assert.ok(
      detailMessages(missing).some((m) => m.includes("'targetResourceId'")),
      missing.text,
    );
    const unknown = await http(server, 'POST', NEXT_HOP, {
      targetResourceId: VM,
      sourceIPAddress: '10.0.0.4',
      destinationIPAddress: '8.8.8.8',
      hops: 3,
    });
    refused(unknown, 400, 'InvalidRequestFormat');
    assert.ok(
      detailMessages(unknown).some((m) => m.includes("'hops'") && m.includes('NextHopParameters')),
      unknown.text,
    );
    const typed = await http(server, 'POST', NEXT_HOP, {
      targetResourceId: VM,
      sourceIPAddress: 10,
      destinationIPAddress: '8.8.8.8',
    });
    refused(typed, 400, 'InvalidRequestFormat');
    refused(await http(server, 'POST', NEXT_HOP), 400, 'InvalidRequestFormat');
    refused(await http(server, 'POST', NEXT_HOP, '[]'), 400, 'InvalidRequestFormat');
    const ipFlow = await http(server, 'POST', v(net(RG, 'networkWatchers/nw/ipFlowVerify')), {
      targetResourceId: VM,
      direction: 'Inbound',
      protocol: 'TCP',
      localIPAddress: '10.0.0.4',
      remoteIPAddress: '1.2.3.4',
    });
    refused(ipFlow, 400, 'InvalidRequestFormat');
    assert.equal(detailMessages(ipFlow).length, 2, 'both missing ports are named');
    const conn = await http(server, 'POST', v(net(RG, 'networkWatchers/nw/connectivityCheck')), {
      source: {},
      destination: { port: 'x' },
    });
    refused(conn, 400, 'InvalidRequestFormat');
    assert.equal(detailMessages(conn).length, 2, conn.text);
  });

  it('refuses questions the diagnostics cannot answer, with the reason', async () => {
    const bad = await http(server, 'POST', NEXT_HOP, {
      targetResourceId: VM,
      sourceIPAddress: '10.0.0.4',
      destinationIPAddress: 'not-an-ip',
    });
    refused(bad, 400, 'InvalidParameter');
    assert.match(at(bad.body, 'error', 'message') as string, /destinationIPAddress/);
    refused(
      await http(server, 'POST', NEXT_HOP, {
        targetResourceId: 'vm1',
        sourceIPAddress: '10.0.0.4',
        destinationIPAddress: '1.1.1.1',
      }),
      400,
      'InvalidParameter',
    );
    refused(
      await http(server, 'POST', NEXT_HOP, {
        targetResourceId: `${groupPath(RG)}/providers/Microsoft.Compute/virtualMachines/nope`,
        sourceIPAddress: '10.0.0.4',
        destinationIPAddress: '1.1.1.1',
      }),
      404,
      'ResourceNotFound',
    );
    refused(
      await http(server, 'POST', NEXT_HOP, {
        targetResourceId: net(RG, 'virtualNetworks/vnet'),
        sourceIPAddress: '10.0.0.4',
        destinationIPAddress: '1.1.1.1',
      }),
      400,
      'InvalidParameter',
    );
    refused(
      await http(server, 'POST', v(net(RG, 'networkWatchers/nw/connectivityCheck')), {
        source: { resourceId: VM },
        destination: { address: '10.0.0.9' },
        protocol: 'Tcp',
      }),
      400,
      'InvalidParameter',
    );
    refused(await http(server, 'POST', v(net(RG, 'networkWatchers/nw/packetCaptures2'))), 404, 'NotFound');
  });

  it('connectivity check over ICMP to an address', async () => {
    const post = await http(server, 'POST', v(net(RG, 'networkWatchers/nw/connectivityCheck')), {
      source: { resourceId: VM },
      destination: { address: '10.0.0.4' },
      protocol: 'Icmp',
    });
    assert.equal(post.status, 202, post.text);
    const answer = await http(server, 'GET', post.headers.get('location')!);
    assert.equal(at(answer.body, 'probesSent'), 1);
    assert.equal(typeof at(answer.body, 'connectionStatus'), 'string');
    assert.equal(at(answer.body, 'hops', 0, 'type'), 'Source');
  });

  it('network watchers are documents that go with their resource group', async () => {
    const nw = net(RG, 'networkWatchers/NetworkWatcher_westus2');
    const created = await http(server, 'PUT', v(nw), { location: LOC, tags: { a: 'b' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(at(created.body, 'type'), 'Microsoft.Network/networkWatchers');
    assert.equal((await http(server, 'PUT', v(nw), { location: LOC })).status, 200);
    refused(await http(server, 'PUT', v(nw), { location: 'eastus' }), 400, 'InvalidParameter');
    refused(await http(server, 'PUT', v(nw), {}), 400, 'LocationRequired');
    const generic = await http(server, 'GET', v(`${groupPath(RG)}/resources`, '2024-03-01'));
    assert.ok(
      (at(generic.body, 'value') as { type: string }[]).some(
        (r) => r.type === 'Microsoft.Network/networkWatchers',
      ),
    );
    const del = await http(server, 'DELETE', v(groupPath(RG), '2024-03-01'));
    assert.equal(del.status, 202);
    await http(server, 'PUT', v(groupPath(RG), '2024-03-01'), { location: LOC });
    refused(await http(server, 'GET', v(nw)), 404, 'ResourceNotFound');
  });
});

describe("Network Watcher enabled with a region's first VNet, as Azure does", () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab();
  });
  after(() => server.close());
  const watcher = (region: string) =>
    v(
      groupPath('NetworkWatcherRG') + `/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${region}`,
    );
  const vnetIn = async (group: string, name: string, location: string, prefix: string) => {
    await http(server, 'PUT', v(groupPath(group), '2024-03-01'), { location });
    const put = await http(server, 'PUT', v(net(group, `virtualNetworks/${name}`)), {
      location,
      properties: { addressSpace: { addressPrefixes: [prefix] } },
    });
    assert.ok(put.status === 201 || put.status === 200, put.text);
  };

  it('creates NetworkWatcher_<region> in NetworkWatcherRG, once per region', async () => {
    assert.equal((await http(server, 'GET', watcher('westeurope'))).status, 404);
    await vnetIn('app-rg', 'v1', 'West Europe', '10.1.0.0/16');
    const nw = await http(server, 'GET', watcher('westeurope'));
    assert.equal(nw.status, 200, nw.text);
    assert.equal(at(nw.body, 'location'), 'westeurope');
    assert.equal(at(nw.body, 'properties', 'provisioningState'), 'Succeeded');
    const group = await http(server, 'GET', v(groupPath('NetworkWatcherRG'), '2024-03-01'));
    assert.equal(at(group.body, 'location'), 'westeurope');
    await vnetIn('app-rg', 'v2', 'westeurope', '10.2.0.0/16');
    await vnetIn('other-rg', 'v3', 'northeurope', '10.3.0.0/16');
    const list = await http(
      server,
      'GET',
      v(`/subscriptions/${SUB}/providers/Microsoft.Network/networkWatchers`),
    );
    assert.deepEqual((at(list.body, 'value') as { name: string }[]).map((w) => w.name).sort(), [
      'NetworkWatcher_northeurope',
      'NetworkWatcher_westeurope',
    ]);
    // A next hop asked of the watcher Azure made, with no watcher created by hand.
    const hop = await http(
      server,
      'POST',
      v(
        `${groupPath('NetworkWatcherRG')}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/nextHop`,
      ),
      {
        targetResourceId: `${groupPath('app-rg')}/providers/Microsoft.Compute/virtualMachines/none`,
        sourceIPAddress: '10.1.0.4',
        destinationIPAddress: '10.2.0.4',
      },
    );
    // The watcher is found: what is missing is the VM it was asked about.
    assert.equal(hop.status, 404, hop.text);
    assert.match(String(at(hop.body, 'error', 'message')), /virtualMachines\/none/);
  });
});
