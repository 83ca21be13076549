// The official Azure SDK for JavaScript (@azure/arm-resources 7, @azure/arm-network 36) drives vnetlab's ARM API
// in process: a resource group, VNets with inline subnets and a subnet at its own path, an NSG with rules, a route
// table with routes, a NIC, a peering pair, a public IP, a virtual network TAP with a NIC TAP configuration;
// lists that page (the server's page size is 2, so the SDK must follow nextLink), get, tag updates and deletes.
// The SDK's LRO poller follows vnetlab's Azure-AsyncOperation / Location headers (begin...AndWait).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { RunningServer } from '../../src/arm/index.ts';
import { FAST, networkClient, resourcesClient, startLab } from '../helpers/arm.ts';

const RG = 'sdk-rg';
const LOC = 'westeurope';

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

describe('Azure SDK: resource CRUD through vnetlab', () => {
  let server: RunningServer;
  let rc: ResourceManagementClient;
  let nc: NetworkManagementClient;

  before(async () => {
    server = await startLab({ pageSize: 2, networkWatcherAutocreate: false });
    rc = resourcesClient(server);
    nc = networkClient(server);
    const group = await rc.resourceGroups.createOrUpdate(RG, { location: LOC, tags: { env: 'test' } });
    assert.equal(group.name, RG);
    assert.equal(group.location, LOC);
  });
  after(async () => server.close());

  it('creates a VNet with inline subnets and a subnet at its own path', async () => {
    const vnet = await nc.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'hub',
      {
        location: LOC,
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'app', addressPrefix: '10.0.1.0/24' },
          { name: 'data', addressPrefix: '10.0.2.0/24' },
        ],
      },
      FAST,
    );
    assert.equal(vnet.provisioningState, 'Succeeded');
    assert.deepEqual(
      vnet.subnets?.map((s) => s.name),
      ['app', 'data'],
    );
    assert.match(vnet.resourceGuid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(vnet.etag ?? '', /^W\/"/);

    const subnet = await nc.subnets.beginCreateOrUpdateAndWait(
      RG,
      'hub',
      'tools',
      { addressPrefix: '10.0.3.0/24' },
      FAST,
    );
    assert.equal(subnet.name, 'tools');
    assert.equal(subnet.provisioningState, 'Succeeded');
    const again = await nc.virtualNetworks.get(RG, 'hub');
    assert.deepEqual(again.subnets?.map((s) => s.name).sort(), ['app', 'data', 'tools']);
    const subnets = await all(nc.subnets.list(RG, 'hub'));
    assert.equal(subnets.length, 3, 'three subnets over two pages');
  });

  it('creates an NSG with rules, a route table with routes, and associates them to a subnet', async () => {
    const nsg = await nc.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'app-nsg',
      {
        location: LOC,
        securityRules: [
          {
            name: 'allow-https',
            protocol: 'Tcp',
            access: 'Allow',
            direction: 'Inbound',
            priority: 100,
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '443',
          },
        ],
      },
      FAST,
    );
    assert.equal(nsg.securityRules?.[0]?.name, 'allow-https');
    assert.ok((nsg.defaultSecurityRules ?? []).some((r) => r.name === 'DenyAllInBound'));
    const rule = await nc.securityRules.beginCreateOrUpdateAndWait(
      RG,
      'app-nsg',
      'deny-telnet',
      {
        protocol: 'Tcp',
        access: 'Deny',
        direction: 'Inbound',
        priority: 200,
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '23',
      },
      FAST,
    );
    assert.equal(rule.priority, 200);
    const rules = await all(nc.securityRules.list(RG, 'app-nsg'));
    assert.deepEqual(rules.map((r) => r.name).sort(), ['allow-https', 'deny-telnet']);
    const defaults = await all(nc.defaultSecurityRules.list(RG, 'app-nsg'));
    assert.equal(defaults.length, 6, 'six default rules, followed over three pages');

    const rt = await nc.routeTables.beginCreateOrUpdateAndWait(
      RG,
      'app-rt',
      {
        location: LOC,
        routes: [
          {
            name: 'to-fw',
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.0.3.4',
          },
        ],
      },
      FAST,
    );
    assert.equal(rt.routes?.[0]?.nextHopType, 'VirtualAppliance');
    const route = await nc.routes.beginCreateOrUpdateAndWait(
      RG,
      'app-rt',
      'onprem',
      { addressPrefix: '192.168.0.0/16', nextHopType: 'None' },
      FAST,
    );
    assert.equal(route.nextHopType, 'None');

    const subnet = await nc.subnets.beginCreateOrUpdateAndWait(
      RG,
      'hub',
      'app',
      { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg.id! }, routeTable: { id: rt.id! } },
      FAST,
    );
    assert.equal(subnet.networkSecurityGroup?.id, nsg.id);
    const nsgAfter = await nc.networkSecurityGroups.get(RG, 'app-nsg');
    assert.deepEqual(
      nsgAfter.subnets?.map((s) => s.id),
      [subnet.id],
    );
    const rtAfter = await nc.routeTables.get(RG, 'app-rt');
    assert.deepEqual(
      rtAfter.subnets?.map((s) => s.id),
      [subnet.id],
    );
  });

  it('creates a public IP and a NIC that uses it; the subnet lists the NIC', async () => {
    const pip = await nc.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'app-pip',
      { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      FAST,
    );
    assert.equal(pip.sku?.name, 'Standard');
    // A Standard public IP has its address from creation on: the one the data plane uses (20.0.0.0/8).
    assert.match(pip.ipAddress ?? '', /^20\.\d+\.\d+\.\d+$/);
    const hub = await nc.virtualNetworks.get(RG, 'hub');
    const app = hub.subnets!.find((s) => s.name === 'app')!;
    const nic = await nc.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'app-nic',
      {
        location: LOC,
        ipConfigurations: [
          {
            name: 'ipconfig1',
            subnet: { id: app.id! },
            privateIPAllocationMethod: 'Dynamic',
            publicIPAddress: { id: pip.id! },
          },
        ],
      },
      FAST,
    );
    assert.equal(
      nic.ipConfigurations?.[0]?.privateIPAddress,
      '10.0.1.4',
      'the first free address after the five Azure reserves',
    );
    const subnet = await nc.subnets.get(RG, 'hub', 'app');
    assert.deepEqual(
      subnet.ipConfigurations?.map((c) => c.id),
      [nic.ipConfigurations![0]!.id],
    );
    const pipAfter = await nc.publicIPAddresses.get(RG, 'app-pip');
    assert.equal(pipAfter.ipConfiguration?.id, nic.ipConfigurations![0]!.id);
  });

  it('peers two VNets: Initiated after one side, Connected after both', async () => {
    await nc.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'spoke',
      { location: LOC, addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
      FAST,
    );
    const hub = await nc.virtualNetworks.get(RG, 'hub');
    const spoke = await nc.virtualNetworks.get(RG, 'spoke');
    const one = await nc.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      RG,
      'hub',
      'hub-to-spoke',
      { remoteVirtualNetwork: { id: spoke.id! }, allowVirtualNetworkAccess: true },
      FAST,
    );
    assert.equal(one.peeringState, 'Initiated');
    const two = await nc.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
      RG,
      'spoke',
      'spoke-to-hub',
      { remoteVirtualNetwork: { id: hub.id! }, allowVirtualNetworkAccess: true },
      FAST,
    );
    assert.equal(two.peeringState, 'Connected');
    const first = await nc.virtualNetworkPeerings.get(RG, 'hub', 'hub-to-spoke');
    assert.equal(first.peeringState, 'Connected');
    assert.deepEqual(first.remoteAddressSpace?.addressPrefixes, ['10.1.0.0/16']);
    const listed = await all(nc.virtualNetworkPeerings.list(RG, 'spoke'));
    assert.deepEqual(
      listed.map((p) => p.name),
      ['spoke-to-hub'],
    );
  });

  it('deleting one side of a peering leaves the other Disconnected until it is created again', async () => {
    const vnet = (name: string, prefix: string) =>
      nc.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        name,
        { location: LOC, addressSpace: { addressPrefixes: [prefix] } },
        FAST,
      );
    const left = await vnet('left', '10.5.0.0/16');
    const right = await vnet('right', '10.6.0.0/16');
    const peer = (from: string, name: string, to: string) =>
      nc.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
        RG,
        from,
        name,
        { remoteVirtualNetwork: { id: to }, allowVirtualNetworkAccess: true },
        FAST,
      );
    await peer('left', 'left-to-right', right.id!);
    assert.equal((await peer('right', 'right-to-left', left.id!)).peeringState, 'Connected');
    await nc.virtualNetworkPeerings.beginDeleteAndWait(RG, 'right', 'right-to-left', FAST);
    assert.equal(
      (await nc.virtualNetworkPeerings.get(RG, 'left', 'left-to-right')).peeringState,
      'Disconnected',
    );
    // Creating the deleted side again does not reconnect a Disconnected peering: it must be created again too.
    assert.equal((await peer('right', 'right-to-left', left.id!)).peeringState, 'Initiated');
    assert.equal(
      (await nc.virtualNetworkPeerings.get(RG, 'left', 'left-to-right')).peeringState,
      'Disconnected',
    );
    assert.equal((await peer('left', 'left-to-right', right.id!)).peeringState, 'Connected');
    assert.equal(
      (await nc.virtualNetworkPeerings.get(RG, 'right', 'right-to-left')).peeringState,
      'Connected',
    );
    // Deleting a whole VNet disconnects the peering that points at it.
    await nc.virtualNetworks.beginDeleteAndWait(RG, 'right', FAST);
    assert.equal(
      (await nc.virtualNetworkPeerings.get(RG, 'left', 'left-to-right')).peeringState,
      'Disconnected',
    );
    await nc.virtualNetworks.beginDeleteAndWait(RG, 'left', FAST);
  });

  it('creates a virtual network TAP and a NIC TAP configuration pointing at it', async () => {
    const hub = await nc.virtualNetworks.get(RG, 'hub');
    const tools = hub.subnets!.find((s) => s.name === 'tools')!;
    const collector = await nc.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'collector-nic',
      {
        location: LOC,
        ipConfigurations: [
          { name: 'ipconfig1', subnet: { id: tools.id! }, privateIPAllocationMethod: 'Dynamic' },
        ],
      },
      FAST,
    );
    const tap = await nc.virtualNetworkTaps.beginCreateOrUpdateAndWait(
      RG,
      'tap',
      {
        location: LOC,
        destinationNetworkInterfaceIPConfiguration: { id: collector.ipConfigurations![0]!.id! },
        destinationPort: 4789,
      },
      FAST,
    );
    assert.equal(tap.destinationPort, 4789);
    const config = await nc.networkInterfaceTapConfigurations.beginCreateOrUpdateAndWait(
      RG,
      'app-nic',
      'tapcfg',
      { virtualNetworkTap: { id: tap.id! } },
      FAST,
    );
    assert.equal(config.virtualNetworkTap?.id, tap.id);
    const tapAfter = await nc.virtualNetworkTaps.get(RG, 'tap');
    assert.deepEqual(
      tapAfter.networkInterfaceTapConfigurations?.map((c) => c.id),
      [config.id],
    );
  });

  it('lists by resource group and subscription, following nextLink', async () => {
    for (const name of ['a', 'b', 'c'])
      await nc.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        `extra-${name}`,
        { location: LOC, addressSpace: { addressPrefixes: [`10.${100 + name.charCodeAt(0)}.0.0/16`] } },
        FAST,
      );
    const inGroup = await all(nc.virtualNetworks.list(RG));
    assert.deepEqual(inGroup.map((v) => v.name).sort(), ['extra-a', 'extra-b', 'extra-c', 'hub', 'spoke']);
    const inSub = await all(nc.virtualNetworks.listAll());
    assert.equal(inSub.length, 5);
    const groups = await all(rc.resourceGroups.list());
    assert.deepEqual(
      groups.map((g) => g.name),
      [RG],
    );
    const generic = await all(rc.resources.listByResourceGroup(RG));
    assert.ok(generic.some((r) => r.type === 'Microsoft.Network/virtualNetworks' && r.name === 'hub'));
  });

  it('updates tags and deletes resources', async () => {
    const tagged = await nc.virtualNetworks.updateTags(RG, 'extra-a', { tags: { owner: 'net' } });
    assert.deepEqual(tagged.tags, { owner: 'net' });
    assert.deepEqual((await nc.virtualNetworks.get(RG, 'extra-a')).tags, { owner: 'net' });
    await nc.virtualNetworks.beginDeleteAndWait(RG, 'extra-a', FAST);
    await nc.routes.beginDeleteAndWait(RG, 'app-rt', 'onprem', FAST);
    assert.deepEqual(
      (await nc.routeTables.get(RG, 'app-rt')).routes?.map((r) => r.name),
      ['to-fw'],
    );
    const names = (await all(nc.virtualNetworks.list(RG))).map((x) => x.name);
    assert.ok(!names.includes('extra-a'));
    // Deleting something already gone is a success (204).
    await nc.virtualNetworks.beginDeleteAndWait(RG, 'extra-a', FAST);
  });

  it('deletes the resource group with everything in it', async () => {
    await rc.resourceGroups.beginDeleteAndWait(RG, FAST);
    assert.equal((await rc.resourceGroups.checkExistence(RG)).body, false);
    assert.equal(server.state.world.resources.size, 0);
  });
});
