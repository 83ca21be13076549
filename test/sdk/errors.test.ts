// The error paths through the official Azure SDK: every refusal reaches the caller as a RestError carrying ARM's
// code and HTTP status (the SDK reads them from vnetlab's { error: { code, message } } envelope).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { RunningServer } from '../../src/arm/index.ts';
import { FAST, networkClient, resourcesClient, startLab, rejectsWith } from '../helpers/arm.ts';

const RG = 'err-rg';
const LOC = 'northeurope';

describe('Azure SDK: ARM errors as RestError', () => {
  let server: RunningServer;
  let nc: NetworkManagementClient;

  before(async () => {
    server = await startLab();
    nc = networkClient(server);
    await resourcesClient(server).resourceGroups.createOrUpdate(RG, { location: LOC });
    const vnet = await nc.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: LOC,
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'a', addressPrefix: '10.0.0.0/24' }],
      },
      FAST,
    );
    await nc.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic',
      { location: LOC, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets![0]!.id! } }] },
      FAST,
    );
  });
  after(async () => server.close());

  it('NetcfgSubnetRangesOverlap: a subnet overlapping another', async () => {
    const e = await rejectsWith(
      nc.subnets.beginCreateOrUpdateAndWait(RG, 'vnet', 'b', { addressPrefix: '10.0.0.128/25' }, FAST),
      400,
      'NetcfgSubnetRangesOverlap',
    );
    assert.match(e.message, /overlaps/);
    assert.equal((await nc.virtualNetworks.get(RG, 'vnet')).subnets?.length, 1, 'nothing changed');
  });

  it('InUseSubnetCannotBeDeleted: deleting a subnet a NIC uses', async () => {
    await rejectsWith(
      nc.subnets.beginDeleteAndWait(RG, 'vnet', 'a', FAST),
      400,
      'InUseSubnetCannotBeDeleted',
    );
    assert.equal((await nc.subnets.get(RG, 'vnet', 'a')).name, 'a');
  });

  it('ResourceGroupNotFound and ResourceNotFound', async () => {
    await rejectsWith(nc.virtualNetworks.get('nowhere', 'vnet'), 404, 'ResourceGroupNotFound');
    await rejectsWith(
      nc.virtualNetworks.beginCreateOrUpdateAndWait(
        'nowhere',
        'v',
        { location: LOC, addressSpace: { addressPrefixes: ['10.9.0.0/16'] } },
        FAST,
      ),
      404,
      'ResourceGroupNotFound',
    );
    const e = await rejectsWith(nc.virtualNetworks.get(RG, 'ghost'), 404, 'ResourceNotFound');
    assert.match(e.message, /Microsoft\.Network\/virtualNetworks\/ghost/);
    await rejectsWith(nc.networkSecurityGroups.get(RG, 'ghost'), 404, 'ResourceNotFound');
  });

  it('InvalidResourceReference: a subnet referring to an NSG that does not exist', async () => {
    const ghost = `/subscriptions/${server.state.groups()[0]!.id.split('/')[2]}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/ghost`;
    await rejectsWith(
      nc.subnets.beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        'c',
        { addressPrefix: '10.0.5.0/24', networkSecurityGroup: { id: ghost } },
        FAST,
      ),
      400,
      'InvalidResourceReference',
    );
  });

  it('a VNet PUT that drops a subnet in use is refused and changes nothing', async () => {
    await rejectsWith(
      nc.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        { location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [] },
        FAST,
      ),
      400,
      'InUseSubnetCannotBeDeleted',
    );
    assert.deepEqual(
      (await nc.virtualNetworks.get(RG, 'vnet')).subnets?.map((s) => s.name),
      ['a'],
    );
  });
});
