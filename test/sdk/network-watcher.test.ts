// Network Watcher through the official Azure SDK: effective routes and security groups of a NIC, IP flow verify,
// next hop and connectivity check (all long-running POSTs: the SDK polls Azure-AsyncOperation, then reads the
// answer at Location), and the networkWatchers resource itself. The VMs are PUT over raw HTTP (Microsoft.Compute
// has no client among the test dependencies).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { RunningServer } from '../../src/arm/index.ts';
import {
  FAST,
  groupPath,
  http,
  networkClient,
  resourcesClient,
  startLab,
  SUB,
  rejectsWith,
} from '../helpers/arm.ts';

const RG = 'nw-rg';
const LOC = 'eastus';
const id = (rest: string) => `${groupPath(RG)}/providers/${rest}`;
const VM_WEB = id('Microsoft.Compute/virtualMachines/vm-web');
const VM_DB = id('Microsoft.Compute/virtualMachines/vm-db');
const RT = id('Microsoft.Network/routeTables/web-rt');

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

describe('Azure SDK: Network Watcher', () => {
  let server: RunningServer;
  let nc: NetworkManagementClient;

  before(async () => {
    server = await startLab({ networkWatcherAutocreate: false });
    nc = networkClient(server);
    await resourcesClient(server).resourceGroups.createOrUpdate(RG, { location: LOC });
    const rule = (name: string, priority: number, access: string, port: string, source: string) => ({
      name,
      protocol: 'Tcp',
      access,
      direction: 'Inbound',
      priority,
      sourceAddressPrefix: source,
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: port,
    });
    const nsg = await nc.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'db-nsg',
      {
        location: LOC,
        securityRules: [
          rule('allow-pg', 100, 'Allow', '5432', '10.0.1.0/24'),
          rule('deny-ssh', 200, 'Deny', '22', '*'),
        ],
      },
      FAST,
    );
    const rt = await nc.routeTables.beginCreateOrUpdateAndWait(
      RG,
      'web-rt',
      {
        location: LOC,
        routes: [
          {
            name: 'to-onprem',
            addressPrefix: '192.168.0.0/16',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.0.2.10',
          },
        ],
      },
      FAST,
    );
    const vnet = await nc.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: LOC,
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'web', addressPrefix: '10.0.1.0/24', routeTable: { id: rt.id! } },
          { name: 'db', addressPrefix: '10.0.2.0/24', networkSecurityGroup: { id: nsg.id! } },
        ],
      },
      FAST,
    );
    for (const [name, subnet] of [
      ['web', 0],
      ['db', 1],
    ] as const) {
      await nc.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        `nic-${name}`,
        {
          location: LOC,
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: vnet.subnets![subnet]!.id! },
              privateIPAllocationMethod: 'Dynamic',
            },
          ],
        },
        FAST,
      );
      const vm = await http(server, 'PUT', `${name === 'web' ? VM_WEB : VM_DB}?api-version=2024-07-01`, {
        location: LOC,
        properties: {
          networkProfile: {
            networkInterfaces: [{ id: id(`Microsoft.Network/networkInterfaces/nic-${name}`) }],
          },
        },
      });
      assert.ok(vm.status === 201 || vm.status === 200, vm.text);
    }
  });
  after(async () => server.close());

  it('reads the effective routes of a NIC: system routes and the user route', async () => {
    const table = await nc.networkInterfaces.beginGetEffectiveRouteTableAndWait(RG, 'nic-web', FAST);
    const routes = table.value ?? [];
    const vnetLocal = routes.find((r) => r.nextHopType === 'VnetLocal');
    assert.deepEqual(vnetLocal?.addressPrefix, ['10.0.0.0/16']);
    assert.equal(vnetLocal?.source, 'Default');
    const user = routes.find((r) => r.source === 'User');
    assert.deepEqual(user?.addressPrefix, ['192.168.0.0/16']);
    assert.equal(user?.nextHopType, 'VirtualAppliance');
    assert.deepEqual(user?.nextHopIpAddress, ['10.0.2.10']);
  });

  it('reads the effective security groups of a NIC, per association', async () => {
    const groups = await nc.networkInterfaces.beginListEffectiveNetworkSecurityGroupsAndWait(
      RG,
      'nic-db',
      FAST,
    );
    assert.equal(groups.value?.length, 1);
    const group = groups.value![0]!;
    assert.equal(group.networkSecurityGroup?.id, id('Microsoft.Network/networkSecurityGroups/db-nsg'));
    assert.match(group.association?.subnet?.id ?? '', /\/subnets\/db$/);
    const names = (group.effectiveSecurityRules ?? []).map((r) => r.name);
    assert.ok(names.includes('securityRules/allow-pg'), names.join());
    assert.ok(names.includes('defaultSecurityRules/DenyAllInBound'), names.join());
    // The web NIC has no NSG anywhere: an empty list.
    const none = await nc.networkInterfaces.beginListEffectiveNetworkSecurityGroupsAndWait(
      RG,
      'nic-web',
      FAST,
    );
    assert.deepEqual(none.value, []);
  });

  it('verifies IP flows with the deciding rule', async () => {
    const flow = (localPort: string) => ({
      targetResourceId: VM_DB,
      direction: 'Inbound',
      protocol: 'TCP',
      localIPAddress: '10.0.2.4',
      localPort,
      remoteIPAddress: '10.0.1.4',
      remotePort: '50000',
    });
    const pg = await nc.networkWatchers.beginVerifyIPFlowAndWait(
      'NetworkWatcherRG',
      'NetworkWatcher_eastus',
      flow('5432'),
      FAST,
    );
    assert.deepEqual(
      { access: pg.access, ruleName: pg.ruleName },
      { access: 'Allow', ruleName: 'securityRules/allow-pg' },
    );
    const ssh = await nc.networkWatchers.beginVerifyIPFlowAndWait(RG, 'nw', flow('22'), FAST);
    assert.deepEqual(
      { access: ssh.access, ruleName: ssh.ruleName },
      { access: 'Deny', ruleName: 'securityRules/deny-ssh' },
    );
  });

  it('answers next hop: the user route with its route table, or a system route', async () => {
    const onprem = await nc.networkWatchers.beginGetNextHopAndWait(
      RG,
      'nw',
      { targetResourceId: VM_WEB, sourceIPAddress: '10.0.1.4', destinationIPAddress: '192.168.7.7' },
      FAST,
    );
    assert.deepEqual(
      { type: onprem.nextHopType, ip: onprem.nextHopIpAddress, rt: onprem.routeTableId },
      { type: 'VirtualAppliance', ip: '10.0.2.10', rt: RT },
    );
    const local = await nc.networkWatchers.beginGetNextHopAndWait(
      RG,
      'nw',
      { targetResourceId: VM_WEB, sourceIPAddress: '10.0.1.4', destinationIPAddress: '10.0.2.4' },
      FAST,
    );
    assert.deepEqual(
      { type: local.nextHopType, rt: local.routeTableId },
      { type: 'VnetLocal', rt: 'System Route' },
    );
  });

  it('checks connectivity through the data plane: reachable, and blocked by an NSG rule', async () => {
    const open = await nc.networkWatchers.beginCheckConnectivityAndWait(
      RG,
      'nw',
      { source: { resourceId: VM_WEB }, destination: { resourceId: VM_DB, port: 5432 }, protocol: 'Tcp' },
      FAST,
    );
    assert.equal(open.connectionStatus, 'Reachable');
    assert.equal(open.hops?.[0]?.type, 'Source');
    assert.equal(open.hops?.at(-1)?.address, '10.0.2.4');
    const blocked = await nc.networkWatchers.beginCheckConnectivityAndWait(
      RG,
      'nw',
      { source: { resourceId: VM_WEB }, destination: { address: '10.0.2.4', port: 22 } },
      FAST,
    );
    assert.equal(blocked.connectionStatus, 'Unreachable');
    const issues = (blocked.hops ?? []).flatMap((h) => h.issues ?? []);
    assert.equal(issues[0]?.type, 'NetworkSecurityRule');
  });

  it('refuses questions about resources that do not exist, with ARM codes', async () => {
    const ghost = id('Microsoft.Compute/virtualMachines/ghost');
    const e = await rejectsWith(
      nc.networkWatchers.beginGetNextHopAndWait(
        RG,
        'nw',
        { targetResourceId: ghost, sourceIPAddress: '10.0.1.4', destinationIPAddress: '10.0.2.4' },
        FAST,
      ),
      404,
      'ResourceNotFound',
    );
    assert.match(e.message, /virtualMachines\/ghost/);
    await rejectsWith(
      nc.networkInterfaces.beginGetEffectiveRouteTableAndWait(RG, 'no-such-nic', FAST),
      404,
      'ResourceNotFound',
    );
    await rejectsWith(
      nc.networkWatchers.beginVerifyIPFlowAndWait(
        RG,
        'nw',
        {
          targetResourceId: VM_DB,
          direction: 'Inbound',
          protocol: 'TCP',
          localIPAddress: '10.9.9.9',
          localPort: '22',
          remoteIPAddress: '10.0.1.4',
          remotePort: '1',
        },
        FAST,
      ),
      400,
      'InvalidParameter',
    );
    await rejectsWith(
      nc.networkInterfaces.beginGetEffectiveRouteTableAndWait('no-such-rg', 'nic-web', FAST),
      404,
      'ResourceGroupNotFound',
    );
  });

  it('creates, lists, tags and deletes network watchers (one per region)', async () => {
    const nw = await nc.networkWatchers.createOrUpdate(RG, 'NetworkWatcher_eastus', { location: 'East US' });
    assert.equal(nw.location, 'eastus');
    assert.equal(nw.provisioningState, 'Succeeded');
    await rejectsWith(
      nc.networkWatchers.createOrUpdate(RG, 'second', { location: LOC }),
      400,
      'NetworkWatcherCountLimitReached',
    );
    assert.deepEqual(
      (await all(nc.networkWatchers.list(RG))).map((w) => w.name),
      ['NetworkWatcher_eastus'],
    );
    assert.deepEqual(
      (await all(nc.networkWatchers.listAll())).map((w) => w.id),
      [
        `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus`,
      ],
    );
    const tagged = await nc.networkWatchers.updateTags(RG, 'networkwatcher_EASTUS', { tags: { a: 'b' } });
    assert.deepEqual(tagged.tags, { a: 'b' });
    assert.equal(tagged.name, 'NetworkWatcher_eastus', 'the name keeps the casing it was created with');
    await nc.networkWatchers.beginDeleteAndWait(RG, 'NetworkWatcher_eastus', FAST);
    await rejectsWith(nc.networkWatchers.get(RG, 'NetworkWatcher_eastus'), 404, 'ResourceNotFound');
  });
});
