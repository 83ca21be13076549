// Template deployments through the official SDK (ResourceManagementClient.deployments) and raw HTTP: the
// hub-spoke example template (copy loops, property copy, CIDR functions, reference() in outputs), validation,
// ARM's InvalidTemplate before anything is deployed, and a failing resource: the deployment is Failed, names
// the resource, and what was deployed before it stays (deployments are not transactions).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningServer } from '../../src/arm/index.ts';
import { at, groupPath, http, net, resourcesClient, startLab, v } from '../helpers/arm.ts';

const TEMPLATE = JSON.parse(
  readFileSync(new URL('../../examples/arm-template-hub-spoke/azuredeploy.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const RG = 'rg-deploy';
const RESOURCES_API = '2021-04-01';
const TEMPLATE_HEADER = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
};
const deployment = (name: string, rest = '') =>
  `${groupPath(RG)}/providers/Microsoft.Resources/deployments/${name}${rest}`;

describe('deployments', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab();
    await resourcesClient(server).resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  });
  after(() => server.close());

  it('deploys the hub-spoke template as a long-running operation, with outputs from reference()', async () => {
    // @azure/arm-resources 7.x has no deployments client (it moved to @azure/arm-resourcesdeployments, which needs
    // Node 22), so this test is the client: PUT, poll Azure-AsyncOperation, GET. test/az drives az's deployments.
    const body = {
      properties: { mode: 'Incremental', template: TEMPLATE, parameters: { environment: { value: 'prod' } } },
    };
    const put = await http(server, 'PUT', v(deployment('hub-spoke'), RESOURCES_API), body);
    assert.equal(put.status, 201, put.text);
    assert.equal(at(put.body, 'properties', 'provisioningState'), 'Accepted');
    const status = await http(
      server,
      'GET',
      String(put.headers.get('azure-asyncoperation')).replace(server.url, ''),
    );
    assert.deepEqual(status.body, { status: 'Succeeded' });
    const result = await http(server, 'GET', v(deployment('hub-spoke'), RESOURCES_API));
    assert.equal(at(result.body, 'properties', 'provisioningState'), 'Succeeded');
    assert.deepEqual(at(result.body, 'properties', 'outputs', 'hubAddressSpace', 'value'), ['10.0.0.0/16']);
    assert.equal((at(result.body, 'properties', 'outputs', 'spokeIds', 'value') as string[]).length, 2);
    const hub = await http(server, 'GET', v(net(RG, 'virtualNetworks/hub-vnet')));
    assert.equal(hub.status, 200);
    assert.deepEqual(at(hub.body, 'tags'), { environment: 'prod', deployment: 'hub-spoke' });
    const peerings = at(hub.body, 'properties', 'virtualNetworkPeerings') as {
      name: string;
      properties: { peeringState: string };
    }[];
    assert.deepEqual(peerings.map((p) => [p.name, p.properties.peeringState]).sort(), [
      ['to-spoke1', 'Connected'],
      ['to-spoke2', 'Connected'],
    ]);
    const spoke1 = await http(server, 'GET', v(net(RG, 'virtualNetworks/spoke1')));
    const subnets = at(spoke1.body, 'properties', 'subnets') as {
      name: string;
      properties: { addressPrefix: string };
    }[];
    assert.deepEqual(
      subnets.map((s) => [s.name, s.properties.addressPrefix]),
      [
        ['workload1', '10.1.0.0/24'],
        ['workload2', '10.1.1.0/24'],
      ],
    );
    const operations = at(
      (await http(server, 'GET', v(deployment('hub-spoke', '/operations'), RESOURCES_API))).body,
      'value',
    ) as {
      properties: { provisioningState: string };
    }[];
    assert.equal(operations.length, 10); // NSG, route table and its route, hub, 2 spokes, 4 peerings
    assert.ok(operations.every((o) => o.properties.provisioningState === 'Succeeded'));
  });

  it('whatIf says what a deployment would change and changes nothing; one operation reads by its ID', async () => {
    const ask = async (parameters: Record<string, unknown>, mode = 'Incremental') => {
      const post = await http(server, 'POST', v(deployment('hub-spoke', '/whatIf'), RESOURCES_API), {
        properties: { mode, template: TEMPLATE, parameters },
      });
      assert.equal(post.status, 202, post.text);
      const answer = await http(server, 'GET', String(post.headers.get('location')).replace(server.url, ''));
      assert.equal(at(answer.body, 'status'), 'Succeeded', answer.text);
      return at(answer.body, 'properties', 'changes') as {
        resourceId: string;
        changeType: string;
        delta?: { path: string; before: unknown; after: unknown }[];
      }[];
    };
    const same = await ask({ environment: { value: 'prod' } });
    assert.ok(same.length >= 6);
    assert.ok(
      same.every((c) => c.changeType === 'NoChange' || c.changeType === 'Ignore'),
      JSON.stringify(same.map((c) => c.changeType)),
    );
    const lab = await ask({ environment: { value: 'lab' } });
    const hub = lab.find((c) => c.resourceId.endsWith('/virtualNetworks/hub-vnet'))!;
    assert.equal(hub.changeType, 'Modify');
    assert.deepEqual(
      hub.delta!.find((d) => d.path === 'tags.environment'),
      { path: 'tags.environment', propertyChangeType: 'Modify', before: 'prod', after: 'lab' },
    );
    const renamed = await ask(
      { hubName: { value: 'hub-two' }, hubPrefix: { value: '10.9.0.0/16' }, environment: { value: 'prod' } },
      'Complete',
    );
    assert.equal(
      renamed.find((c) => c.resourceId.endsWith('/virtualNetworks/hub-two'))?.changeType,
      'Create',
    );
    assert.equal(
      renamed.find((c) => c.resourceId.endsWith('/virtualNetworks/hub-vnet'))?.changeType,
      'Delete',
    );
    // Nothing was deployed or removed.
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/hub-two')))).status, 404);
    const kept = await http(server, 'GET', v(net(RG, 'virtualNetworks/hub-vnet')));
    assert.equal(at(kept.body, 'tags', 'environment'), 'prod');
    const list = at(
      (await http(server, 'GET', v(deployment('hub-spoke', '/operations'), RESOURCES_API))).body,
      'value',
    ) as { operationId: string }[];
    const one = await http(
      server,
      'GET',
      v(deployment('hub-spoke', `/operations/${list[0]!.operationId}`), RESOURCES_API),
    );
    assert.equal(one.status, 200, one.text);
    assert.equal(at(one.body, 'operationId'), list[0]!.operationId);
  });

  it('validate answers the resources it would deploy, and deploys nothing', async () => {
    const body = {
      properties: {
        mode: 'Incremental',
        template: TEMPLATE,
        parameters: { hubName: { value: 'other-hub' } },
      },
    };
    const r = await http(server, 'POST', v(deployment('check', '/validate'), RESOURCES_API), body);
    assert.equal(r.status, 200, r.text);
    assert.equal(at(r.body, 'properties', 'provisioningState'), 'Succeeded');
    assert.ok((at(r.body, 'properties', 'validatedResources') as unknown[]).length > 0);
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/other-hub')))).status, 404);
  });

  it("a template's output reads a public IP's fqdn, made from its label and region", async () => {
    const template = {
      ...TEMPLATE_HEADER,
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2024-05-01',
          name: 'web-pip',
          location: 'westeurope',
          sku: { name: 'Standard' },
          properties: { publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'contoso-web' } },
        },
      ],
      outputs: {
        fqdn: {
          type: 'string',
          value: "[reference(resourceId('Microsoft.Network/publicIPAddresses', 'web-pip')).dnsSettings.fqdn]",
        },
      },
    };
    const put = await http(server, 'PUT', v(deployment('pip'), RESOURCES_API), {
      properties: { mode: 'Incremental', template },
    });
    assert.equal(put.status, 201, put.text);
    const result = await http(server, 'GET', v(deployment('pip'), RESOURCES_API));
    assert.equal(at(result.body, 'properties', 'provisioningState'), 'Succeeded', result.text);
    assert.equal(
      at(result.body, 'properties', 'outputs', 'fqdn', 'value'),
      'contoso-web.westeurope.cloudapp.azure.com',
    );
  });

  it('a template that declares its subnets as separate resources deploys again (the VNet PUT omits subnets)', async () => {
    const vnetId = "[resourceId('Microsoft.Network/virtualNetworks', 'sep-vnet')]";
    const subnetId = "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'sep-vnet', 'app')]";
    const template = {
      ...TEMPLATE_HEADER,
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'sep-vnet',
          location: 'westeurope',
          properties: { addressSpace: { addressPrefixes: ['10.60.0.0/16'] } },
        },
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          apiVersion: '2024-05-01',
          name: 'sep-vnet/app',
          dependsOn: [vnetId],
          properties: { addressPrefix: '10.60.1.0/24' },
        },
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2024-05-01',
          name: 'sep-nic',
          location: 'westeurope',
          dependsOn: [subnetId],
          properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: subnetId } } }] },
        },
      ],
    };
    for (const name of ['sep-1', 'sep-2']) {
      const put = await http(server, 'PUT', v(deployment(name), RESOURCES_API), {
        properties: { mode: 'Incremental', template },
      });
      assert.equal(put.status, 201, put.text);
      const result = await http(server, 'GET', v(deployment(name), RESOURCES_API));
      assert.equal(at(result.body, 'properties', 'provisioningState'), 'Succeeded', result.text);
    }
    const vnet = await http(server, 'GET', v(net(RG, 'virtualNetworks/sep-vnet')));
    assert.deepEqual(
      (at(vnet.body, 'properties', 'subnets') as { name: string }[]).map((s) => s.name),
      ['app'],
    );
  });

  it("reads the mode in any case as ARM does ('incremental' from az), answers ARM's spelling, refuses others", async () => {
    for (const mode of ['incremental', 'INCREMENTAL', 'complete']) {
      const body = {
        properties: { mode, template: TEMPLATE, parameters: { hubName: { value: 'other-hub' } } },
      };
      const r = await http(server, 'POST', v(deployment('check', '/validate'), RESOURCES_API), body);
      assert.equal(r.status, 200, r.text);
      assert.equal(
        at(r.body, 'properties', 'mode'),
        mode.toLowerCase() === 'complete' ? 'Complete' : 'Incremental',
      );
    }
    const r = await http(server, 'POST', v(deployment('check', '/validate'), RESOURCES_API), {
      properties: { mode: 'Partial', template: TEMPLATE },
    });
    assert.equal(r.status, 400, r.text);
  });

  it('an invalid template is refused at once with InvalidTemplate naming the expression and its position', async () => {
    const template = {
      ...TEMPLATE,
      variables: { ...(TEMPLATE.variables as object), nsgName: "[concatt('x')]" },
    };
    const r = await http(server, 'PUT', v(deployment('broken'), RESOURCES_API), {
      properties: { mode: 'Incremental', template },
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(at(r.body, 'error', 'code'), 'InvalidTemplate');
    assert.match(String(at(r.body, 'error', 'message')), /concatt/);
    assert.match(String(at(r.body, 'error', 'message')), /position/);
    assert.equal((await http(server, 'GET', v(deployment('broken'), RESOURCES_API))).status, 404);
  });

  it('a resource Azure refuses fails the deployment; what was deployed before it stays', async () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'first',
          location: '[resourceGroup().location]',
          properties: { addressSpace: { addressPrefixes: ['10.70.0.0/16'] } },
        },
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'second',
          location: '[resourceGroup().location]',
          dependsOn: ['first'],
          properties: {
            addressSpace: { addressPrefixes: ['10.71.0.0/16'] },
            subnets: [{ name: 'outside', properties: { addressPrefix: '10.99.0.0/24' } }],
          },
        },
      ],
    };
    const put = await http(server, 'PUT', v(deployment('partial'), RESOURCES_API), {
      properties: { mode: 'Incremental', template },
    });
    assert.equal(put.status, 201, put.text);
    const status = await http(
      server,
      'GET',
      String(put.headers.get('azure-asyncoperation')).replace(server.url, ''),
    );
    assert.equal(at(status.body, 'status'), 'Failed');
    assert.equal(at(status.body, 'error', 'code'), 'DeploymentFailed');
    assert.equal(at(status.body, 'error', 'details', 0, 'code'), 'NetcfgSubnetRangeOutsideVnet');
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/first')))).status, 200);
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/second')))).status, 404);
    const ops = await http(server, 'GET', v(deployment('partial', '/operations'), RESOURCES_API));
    const failed = (
      at(ops.body, 'value') as {
        properties: { provisioningState: string; targetResource: { resourceName: string } };
      }[]
    ).filter((o) => o.properties.provisioningState === 'Failed');
    assert.deepEqual(
      failed.map((o) => o.properties.targetResource.resourceName),
      ['second'],
    );
  });
});
