// Read-only properties ARM computes, over raw HTTP (azure-semantics §11.2): a subnet's ipConfigurations, an NSG's
// subnets, networkInterfaces and defaultSecurityRules, a peering's peeringState, resourceGuid, a private
// endpoint's networkInterfaces. Values a client sends for them are ignored, as NRP ignores them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/arm/index.ts';
import { at, groupPath, http, net, startLab, v } from '../helpers/arm.ts';

const RG = 'ro-rg';
const LOC = 'eastus';
const ids = (value: unknown): string[] => ((value as { id: string }[] | undefined) ?? []).map((x) => x.id);

describe('ARM protocol: read-only properties', () => {
  let server: RunningServer;
  const hub = net(RG, 'virtualNetworks/hub');
  const spoke = net(RG, 'virtualNetworks/spoke');
  const nsg = net(RG, 'networkSecurityGroups/nsg');
  const nic = net(RG, 'networkInterfaces/nic');

  const put = async (path: string, body: unknown, status = 201) => {
    const res = await http(server, 'PUT', v(path), body);
    assert.equal(res.status, status, res.text);
    return res;
  };
  const get = async (path: string) => {
    const res = await http(server, 'GET', v(path));
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  before(async () => {
    server = await startLab();
    await http(server, 'PUT', v(groupPath(RG), '2024-03-01'), { location: LOC });
    await put(nsg, { location: LOC, properties: { securityRules: [] } });
    await put(hub, {
      location: LOC,
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'app', properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg } } },
          { name: 'pe', properties: { addressPrefix: '10.0.2.0/24' } },
        ],
      },
    });
    await put(nic, {
      location: LOC,
      properties: {
        networkSecurityGroup: { id: nsg },
        ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${hub}/subnets/app` } } }],
      },
    });
  });
  after(async () => server.close());

  it("a subnet lists the IP configurations in it, and ignores the ones a client sends", async () => {
    const subnet = await get(`${hub}/subnets/app`);
    assert.deepEqual(ids(at(subnet, 'properties', 'ipConfigurations')), [`${nic}/ipConfigurations/ipconfig1`]);
    await put(`${hub}/subnets/app`, {
      properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg }, ipConfigurations: [{ id: `${nic}/ipConfigurations/bogus` }] },
    }, 200);
    const again = await get(`${hub}/subnets/app`);
    assert.deepEqual(ids(at(again, 'properties', 'ipConfigurations')), [`${nic}/ipConfigurations/ipconfig1`]);
    const empty = await get(`${hub}/subnets/pe`);
    assert.equal(at(empty, 'properties', 'ipConfigurations'), undefined, 'an empty subnet has none');
  });

  it('an NSG lists its subnets, network interfaces and default rules', async () => {
    const body = await get(nsg);
    assert.deepEqual(ids(at(body, 'properties', 'subnets')), [`${hub}/subnets/app`]);
    assert.deepEqual(ids(at(body, 'properties', 'networkInterfaces')), [nic]);
    const defaults = at(body, 'properties', 'defaultSecurityRules') as { name: string; id: string }[];
    assert.deepEqual(defaults.map((r) => r.name).sort(), [
      'AllowAzureLoadBalancerInBound',
      'AllowInternetOutBound',
      'AllowVnetInBound',
      'AllowVnetOutBound',
      'DenyAllInBound',
      'DenyAllOutBound',
    ]);
    const one = await get(`${nsg}/defaultSecurityRules/DenyAllInBound`);
    assert.equal(at(one, 'properties', 'priority'), 65500);
    assert.equal(at(one, 'properties', 'access'), 'Deny');
    const listed = await http(server, 'GET', v(`${nsg}/defaultSecurityRules`));
    assert.equal((at(listed.body, 'value') as unknown[]).length, 6);
  });

  it('resourceGuid is the server\'s and stays; a client-sent one is ignored', async () => {
    const before = at(await get(hub), 'properties', 'resourceGuid');
    assert.match(before as string, /^[0-9a-f-]{36}$/);
    const body = (await get(hub)) as Record<string, unknown>;
    (body.properties as Record<string, unknown>).resourceGuid = '11111111-1111-1111-1111-111111111111';
    await put(hub, body, 200);
    assert.equal(at(await get(hub), 'properties', 'resourceGuid'), before);
  });

  it('peeringState: Initiated with one side, Connected with both, a client-sent state is ignored', async () => {
    await put(spoke, { location: LOC, properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } } });
    const one = await put(`${hub}/virtualNetworkPeerings/to-spoke`, {
      properties: { remoteVirtualNetwork: { id: spoke }, peeringState: 'Connected' },
    });
    assert.equal(at(one.body, 'properties', 'peeringState'), 'Initiated');
    await put(`${spoke}/virtualNetworkPeerings/to-hub`, { properties: { remoteVirtualNetwork: { id: hub } } });
    assert.equal(at(await get(`${hub}/virtualNetworkPeerings/to-spoke`), 'properties', 'peeringState'), 'Connected');
    assert.equal(at(await get(hub), 'properties', 'virtualNetworkPeerings', 0, 'properties', 'peeringState'), 'Connected');
  });

  it("a private endpoint lists the NIC Azure made for it; the subnet shows it", async () => {
    const pe = net(RG, 'privateEndpoints/pe');
    const created = await put(pe, {
      location: LOC,
      properties: {
        subnet: { id: `${hub}/subnets/pe` },
        privateLinkServiceConnections: [
          {
            name: 'blob',
            properties: { privateLinkServiceId: `${groupPath(RG)}/providers/Microsoft.Storage/storageAccounts/st`, groupIds: ['blob'] },
          },
        ],
      },
    });
    const nics = ids(at(created.body, 'properties', 'networkInterfaces'));
    assert.equal(nics.length, 1);
    assert.match(nics[0]!, /\/networkInterfaces\/pe\.nic\./);
    const peNic = await get(nics[0]!);
    assert.equal(at(peNic, 'properties', 'privateEndpoint', 'id'), pe);
    const subnet = await get(`${hub}/subnets/pe`);
    assert.deepEqual(ids(at(subnet, 'properties', 'privateEndpoints')), [pe]);
  });
});
