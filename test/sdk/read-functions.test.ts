// Computed GETs through the official SDK: virtualNetworks.checkIPAddressAvailability (az network vnet
// check-ip-address) and usages.list (az network list-usages).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/arm/index.ts';
import { FAST, networkClient, rejectsWith, resourcesClient, startLab } from '../helpers/arm.ts';

const RG = 'rg-functions';

describe('SDK: check IP address availability and usages', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab({ networkWatcherAutocreate: false });
    await resourcesClient(server).resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
    const client = networkClient(server);
    const vnet = await client.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['10.7.0.0/16'] },
        subnets: [{ name: 'app', addressPrefix: '10.7.1.0/24' }],
      },
      FAST,
    );
    await client.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic',
      {
        location: 'westeurope',
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets![0]!.id! } }],
      },
      FAST,
    );
  });
  after(() => server.close());

  it('a free address is available; a taken or reserved one is not, with the next free addresses', async () => {
    const client = networkClient(server);
    assert.equal(
      (await client.virtualNetworks.checkIPAddressAvailability(RG, 'vnet', '10.7.1.9')).available,
      true,
    );
    const taken = await client.virtualNetworks.checkIPAddressAvailability(RG, 'vnet', '10.7.1.4');
    assert.equal(taken.available, false);
    assert.deepEqual(taken.availableIPAddresses, [
      '10.7.1.5',
      '10.7.1.6',
      '10.7.1.7',
      '10.7.1.8',
      '10.7.1.9',
    ]);
    const reserved = await client.virtualNetworks.checkIPAddressAvailability(RG, 'vnet', '10.7.1.1');
    assert.equal(reserved.available, false);
    assert.equal(reserved.isPlatformReserved, true);
    assert.deepEqual(reserved.availableIPAddresses?.slice(0, 2), ['10.7.1.5', '10.7.1.6']);
    await rejectsWith(
      client.virtualNetworks.checkIPAddressAvailability(RG, 'vnet', '10.9.0.4'),
      400,
      'InvalidParameter',
    );
    await rejectsWith(
      client.virtualNetworks.checkIPAddressAvailability(RG, 'none', '10.7.1.9'),
      404,
      'ResourceNotFound',
    );
  });

  it('usages count what the region holds against its limits', async () => {
    const client = networkClient(server);
    const rows = [];
    for await (const u of client.usages.list('West Europe')) rows.push(u);
    const vnets = rows.find((u) => u.name?.value === 'VirtualNetworks');
    assert.deepEqual([vnets?.currentValue, vnets?.limit, vnets?.unit], [1, 1000, 'Count']);
    assert.equal(rows.find((u) => u.name?.value === 'NetworkInterfaces')?.currentValue, 1);
    let elsewhere = 0;
    for await (const u of client.usages.list('eastus')) elsewhere += u.currentValue;
    assert.equal(elsewhere, 0);
  });

  it("service tags answer in Azure's envelope for the cloud, with no tag data", async () => {
    const tags = await networkClient(server).serviceTags.list('westeurope');
    assert.deepEqual(
      { name: tags.name, type: tags.type, cloud: tags.cloud, values: tags.values },
      { name: 'Public', type: 'Microsoft.Network/serviceTags', cloud: 'Public', values: [] },
    );
    assert.match(tags.id ?? '', /\/providers\/Microsoft\.Network\/serviceTags\/Public$/);
  });
});
