// Bad requests over raw HTTP get ARM's error envelope and status, never a 500, and change nothing: api-version
// missing or unknown, malformed JSON, wrong property types, unknown namespaces, types and resources, a VNet PUT
// that would drop a subnet in use. Also the defaults that depend on the api-version (private subnets from
// 2025-07-01: azure-semantics §4.2).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/arm/index.ts';
import { at, groupPath, http, net, SUB, startLab, v } from '../helpers/arm.ts';
import type { HttpAnswer } from '../helpers/arm.ts';

const RG = 'req-rg';
const LOC = 'eastus';

function refused(res: HttpAnswer, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(at(res.body, 'error', 'code'), code, res.text);
  assert.equal(typeof at(res.body, 'error', 'message'), 'string');
}

describe('ARM protocol: bad requests and api-version defaults', () => {
  let server: RunningServer;
  const vnet = net(RG, 'virtualNetworks/vnet');
  before(async () => {
    server = await startLab();
    await http(server, 'PUT', v(groupPath(RG), '2024-03-01'), { location: LOC });
    const put = await http(server, 'PUT', v(vnet), {
      location: LOC,
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'used', properties: { addressPrefix: '10.0.1.0/24' } }],
      },
    });
    assert.equal(put.status, 201, put.text);
    const nic = await http(server, 'PUT', v(net(RG, 'networkInterfaces/nic')), {
      location: LOC,
      properties: {
        ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${vnet}/subnets/used` } } }],
      },
    });
    assert.equal(nic.status, 201, nic.text);
  });
  after(async () => server.close());

  it('api-version: missing, unknown for a resource type, unknown for Microsoft.Resources', async () => {
    refused(await http(server, 'GET', vnet), 400, 'MissingApiVersionParameter');
    refused(await http(server, 'GET', `${vnet}?api-version=`), 400, 'MissingApiVersionParameter');
    const unknown = await http(server, 'GET', v(vnet, '1999-01-01'));
    refused(unknown, 400, 'NoRegisteredProviderFound');
    assert.match(at(unknown.body, 'error', 'message') as string, /2025-07-01/);
    refused(await http(server, 'GET', v(groupPath(RG), '1999-01-01')), 400, 'InvalidApiVersionParameter');
    // A served version and its preview form are accepted.
    assert.equal((await http(server, 'GET', v(vnet, '2024-05-01'))).status, 200);
    assert.equal((await http(server, 'GET', v(vnet, '2024-05-01-preview'))).status, 200);
    // Versions no provider publishes are refused, with the supported ones listed.
    for (const madeUp of ['2025-07-02-preview', '9999-99-99-preview', '2025-07-01-beta']) {
      const answer = await http(server, 'GET', v(vnet, madeUp));
      refused(answer, 400, 'NoRegisteredProviderFound');
      assert.match(at(answer.body, 'error', 'message') as string, /2025-07-01/);
    }
    refused(
      await http(server, 'GET', v(groupPath(RG), '9999-99-99-preview')),
      400,
      'InvalidApiVersionParameter',
    );
  });

  it('malformed JSON and bodies that are not objects', async () => {
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), '{"location": "eastus",'),
      400,
      'InvalidRequestContent',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), '[1, 2]'),
      400,
      'InvalidRequestContent',
    );
    refused(await http(server, 'PUT', v(net(RG, 'virtualNetworks/x'))), 400, 'InvalidRequestContent');
    refused(
      await http(server, 'PUT', v(groupPath('g2'), '2024-03-01'), '{"location":'),
      400,
      'InvalidRequestContent',
    );
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/x')))).status, 404);
  });

  it('wrong property types', async () => {
    const base = { location: LOC, properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } } };
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), { ...base, tags: 5 }),
      400,
      'InvalidRequestContent',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), { ...base, tags: { a: 1 } }),
      400,
      'InvalidRequestContent',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), { ...base, location: 7 }),
      400,
      'InvalidRequestContent',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), { location: LOC, properties: 'x' }),
      400,
      'InvalidRequestContent',
    );
    const prefix = await http(server, 'PUT', v(`${vnet}/subnets/bad`), { properties: { addressPrefix: 5 } });
    assert.equal(prefix.status, 400, prefix.text);
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), {
        location: LOC,
        properties: { addressSpace: { addressPrefixes: '10.9.0.0/16' } },
      }),
      400,
      'InvalidRequestFormat',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'networkInterfaces/x')), {
        location: LOC,
        properties: { ipConfigurations: [{ name: 'c', properties: { subnet: 'abc' } }] },
      }),
      400,
      'InvalidRequestFormat',
    );
    refused(
      await http(server, 'PUT', v(net(RG, 'virtualNetworks/x')), { properties: base.properties }),
      400,
      'LocationRequired',
    );
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/x')))).status, 404);
  });

  it("members NRP does not know are refused with Json.NET's words, the nearest name, and nothing created", async () => {
    const typo = await http(server, 'PUT', v(net(RG, 'virtualNetworks/typo')), {
      location: LOC,
      properties: { adressSpace: { addressPrefixes: ['10.9.0.0/16'] } },
    });
    refused(typo, 400, 'InvalidRequestFormat');
    assert.equal(at(typo.body, 'error', 'message'), 'Cannot parse the request.');
    assert.deepEqual(at(typo.body, 'error', 'details', 0, 'code'), 'InvalidJson');
    assert.equal(
      at(typo.body, 'error', 'details', 0, 'message'),
      "Could not find member 'adressSpace' on object of type 'VirtualNetworkProperties'. Path 'properties.adressSpace'. Did you mean 'addressSpace'?",
    );
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/typo')))).status, 404);
    const child = await http(server, 'PUT', v(net(RG, 'networkInterfaces/typo')), {
      location: LOC,
      properties: {
        ipConfigurations: [
          {
            name: 'c',
            properties: { subnet: { id: `${vnet}/subnets/used` }, privateIPAlocationMethod: 'Dynamic' },
          },
        ],
      },
    });
    refused(child, 400, 'InvalidRequestFormat');
    assert.match(
      String(at(child.body, 'error', 'details', 0, 'message')),
      /Path 'properties\.ipConfigurations\[0\]\.properties\.privateIPAlocationMethod'\. Did you mean 'privateIPAllocationMethod'\?/,
    );
    // Json.NET matches member names in any case.
    const cased = await http(server, 'PUT', v(net(RG, 'routeTables/cased')), {
      location: LOC,
      properties: { DisableBgpRoutePropagation: true },
    });
    assert.equal(cased.status, 201, cased.text);
  });

  it('unknown namespaces, resource types, resources and resource groups', async () => {
    refused(
      await http(server, 'GET', v(`${groupPath(RG)}/providers/Microsoft.Foo/bars/x`)),
      400,
      'InvalidResourceNamespace',
    );
    refused(await http(server, 'GET', v(net(RG, 'fooBars/x'))), 400, 'InvalidResourceType');
    refused(
      await http(server, 'PUT', v(net(RG, 'fooBars/x')), { location: LOC }),
      400,
      'InvalidResourceType',
    );
    const missing = await http(server, 'GET', v(net(RG, 'virtualNetworks/ghost')));
    refused(missing, 404, 'ResourceNotFound');
    assert.match(
      at(missing.body, 'error', 'message') as string,
      /Microsoft\.Network\/virtualNetworks\/ghost/,
    );
    refused(await http(server, 'GET', v(`${vnet}/subnets/ghost`)), 404, 'ResourceNotFound');
    refused(await http(server, 'GET', v(net(RG, 'virtualNetworks/ghost/subnets'))), 404, 'ResourceNotFound');
    refused(await http(server, 'GET', v(net('no-rg', 'virtualNetworks/vnet'))), 404, 'ResourceGroupNotFound');
    refused(await http(server, 'GET', v(groupPath('no-rg'), '2024-03-01')), 404, 'ResourceGroupNotFound');
    refused(await http(server, 'GET', v(`/subscriptions/${SUB}/nothing/here`)), 404, 'NotFound');
  });

  it('a VNet PUT that omits a subnet in use is refused, and a failed request changes nothing', async () => {
    const before = await http(server, 'GET', v(vnet));
    const put = await http(server, 'PUT', v(vnet), {
      location: LOC,
      tags: { changed: 'yes' },
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'other', properties: { addressPrefix: '10.0.2.0/24' } }],
      },
    });
    refused(put, 400, 'InUseSubnetCannotBeDeleted');
    assert.match(
      at(put.body, 'error', 'message') as string,
      /networkInterfaces\/nic\/ipConfigurations\/ipconfig1/,
    );
    const after = await http(server, 'GET', v(vnet));
    assert.deepEqual(after.body, before.body, 'the VNet is exactly as it was');
    // Overlapping subnets: also refused whole.
    const overlap = await http(server, 'PUT', v(vnet), {
      location: LOC,
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'used', properties: { addressPrefix: '10.0.1.0/24' } },
          { name: 'clash', properties: { addressPrefix: '10.0.1.128/25' } },
        ],
      },
    });
    refused(overlap, 400, 'NetcfgSubnetRangesOverlap');
    assert.deepEqual((await http(server, 'GET', v(vnet))).body, before.body);
  });

  it('a GET body PUT back unchanged is accepted (GET-modify-PUT clients), read-only properties ignored', async () => {
    const got = await http(server, 'GET', v(vnet));
    const put = await http(server, 'PUT', v(vnet), got.body);
    assert.equal(put.status, 200, put.text);
    const again = await http(server, 'GET', v(vnet));
    assert.deepEqual(
      at(again.body, 'properties', 'subnets', 0, 'properties', 'ipConfigurations'),
      at(got.body, 'properties', 'subnets', 0, 'properties', 'ipConfigurations'),
    );
    assert.equal(at(again.body, 'properties', 'resourceGuid'), at(got.body, 'properties', 'resourceGuid'));
  });

  it('defaultOutboundAccess: false for subnets of VNets created with 2025-07-01, unset with 2024-05-01', async () => {
    const body = (prefix: string) => ({
      location: LOC,
      properties: {
        addressSpace: { addressPrefixes: [`${prefix}.0.0/16`] },
        subnets: [{ name: 's', properties: { addressPrefix: `${prefix}.0.0/24` } }],
      },
    });
    const created = await http(
      server,
      'PUT',
      v(net(RG, 'virtualNetworks/private'), '2025-07-01'),
      body('10.50'),
    );
    assert.equal(created.status, 201, created.text);
    assert.equal(at(created.body, 'properties', 'subnets', 0, 'properties', 'defaultOutboundAccess'), false);
    const old = await http(server, 'PUT', v(net(RG, 'virtualNetworks/legacy'), '2024-05-01'), body('10.51'));
    assert.equal(old.status, 201, old.text);
    assert.equal(at(old.body, 'properties', 'subnets', 0, 'properties', 'defaultOutboundAccess'), undefined);
    const read = await http(server, 'GET', v(net(RG, 'virtualNetworks/legacy/subnets/s'), '2025-07-01'));
    assert.equal(
      at(read.body, 'properties', 'defaultOutboundAccess'),
      undefined,
      'a later read does not change it',
    );
    // A new subnet in an existing VNet keeps default outbound access, whatever the version (§4.2).
    const added = await http(server, 'PUT', v(`${vnet}/subnets/added`, '2025-07-01'), {
      properties: { addressPrefix: '10.0.10.0/24' },
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(at(added.body, 'properties', 'defaultOutboundAccess'), undefined);
  });

  it('methods a path does not serve', async () => {
    refused(await http(server, 'POST', v(vnet)), 405, 'MethodNotAllowed');
    refused(
      await http(server, 'DELETE', v(`/subscriptions/${SUB}/resourceGroups`, '2024-03-01')),
      405,
      'MethodNotAllowed',
    );
    // Default security rules are read-only: ARM computes them.
    refused(
      await http(
        server,
        'PUT',
        v(net(RG, 'networkSecurityGroups/nsg/defaultSecurityRules/AllowVnetInBound')),
        {},
      ),
      405,
      'MethodNotAllowed',
    );
  });
});
