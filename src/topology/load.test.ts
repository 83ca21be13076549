import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../model/index.ts';
import { loadTopologyFile, loadWorld, parseTopology } from './load.ts';
import type { Topology } from './types.ts';

const SUB =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnetlab/providers/Microsoft.Network';

function mustParse(text: string, format: 'yaml' | 'json' = 'yaml'): Topology {
  const r = parseTopology(text, format, 'topo.' + format);
  if (!r.ok) assert.fail(r.reason);
  return r.value;
}

function mustFail(text: string, format: 'yaml' | 'json' = 'yaml'): string {
  const r = parseTopology(text, format, 'topo.' + format);
  assert.equal(r.ok, false, 'expected a failure');
  return r.ok ? '' : r.reason;
}

const puts = (t: Topology): Record<string, unknown>[] =>
  t.changes.filter((c) => c.op === 'put').map((c) => (c as { resource: Record<string, unknown> }).resource);
const ids = (t: Topology): string[] => puts(t).map((r) => String(r.id));

test('type + name become IDs under the file defaults; nested names for child types', () => {
  const t = mustParse(`
subscription: sub1
resourceGroup: rg1
resources:
  - type: Microsoft.Network/virtualNetworks
    name: vnet-hub
    properties: { addressSpace: { addressPrefixes: [10.0.0.0/16] } }
  - type: Microsoft.Network/virtualNetworks/subnets
    name: vnet-hub/nva
    properties: { addressPrefix: 10.0.1.0/24 }
`);
  assert.deepEqual(ids(t), [
    '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet-hub',
    '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/nva',
  ]);
  assert.equal(puts(t)[1]!.name, 'nva');
});

test('the default subscription and resource group apply when the file gives none', () => {
  const t = mustParse(`
resources:
  - type: Microsoft.Network/routeTables
    name: rt
`);
  assert.deepEqual(ids(t), [`${SUB}/routeTables/rt`]);
});

test('a child name with the wrong number of segments is rejected at its line', () => {
  const reason = mustFail(`resources:
  - type: Microsoft.Network/virtualNetworks/subnets
    name: nva
`);
  assert.match(
    reason,
    /^topo\.yaml:3:11: \/resources\/0\/name: type Microsoft\.Network\/virtualNetworks\/subnets takes a name of 2 segment\(s\)/,
  );
});

test('short IDs in references, resource IDs and commits are completed', () => {
  const t = mustParse(`
resources:
  - id: virtualNetworks/v1
    properties:
      subnets:
        - name: s1
          properties: { addressPrefix: 10.0.0.0/24, routeTable: { id: routeTables/rt } }
  - id: Microsoft.Compute/virtualMachines/vm1
    properties: { networkProfile: { networkInterfaces: [{ id: networkInterfaces/nic1 }] } }
commits:
  - networkManager: nm1
    commitType: Connectivity
    targetLocations: [eastus]
    configurationIds: [networkManagers/nm1/connectivityConfigurations/mesh]
`);
  const [vnet, vm] = puts(t);
  assert.equal(vnet!.id, `${SUB}/virtualNetworks/v1`);
  assert.equal(vnet!.name, undefined);
  const subnet = (vnet!.properties as { subnets: { properties: { routeTable: { id: string } } }[] })
    .subnets[0]!;
  assert.equal(subnet.properties.routeTable.id, `${SUB}/routeTables/rt`);
  assert.equal(vm!.id, SUB.replace('Microsoft.Network', 'Microsoft.Compute/virtualMachines/vm1'));
  const commit = t.changes.at(-1) as Extract<Change, { op: 'commit' }>;
  assert.deepEqual(commit, {
    op: 'commit',
    networkManagerId: `${SUB}/networkManagers/nm1`,
    commit: {
      commitType: 'Connectivity',
      targetLocations: ['eastus'],
      configurationIds: [`${SUB}/networkManagers/nm1/connectivityConfigurations/mesh`],
    },
  });
});

test('default location goes to tracked resources only; apiVersion per file or per resource', () => {
  const t = mustParse(`
location: westeurope
apiVersion: 2024-05-01
resources:
  - { type: Microsoft.Network/virtualNetworks, name: v1 }
  - { type: Microsoft.Network/routeTables, name: rt, location: eastus, apiVersion: 2025-07-01 }
  - { type: Microsoft.Network/virtualNetworks/subnets, name: v1/s1, properties: { addressPrefix: 10.0.0.0/24 } }
`);
  const [v1, rt, s1] = t.changes as Extract<Change, { op: 'put' }>[];
  const loc = (c: Extract<Change, { op: 'put' }> | undefined) =>
    (c!.resource as { location?: string }).location;
  assert.equal(loc(v1), 'westeurope');
  assert.equal(loc(rt), 'eastus');
  assert.equal(loc(s1), undefined);
  assert.equal(v1!.apiVersion, '2024-05-01');
  assert.equal(rt!.apiVersion, '2025-07-01');
  assert.equal(
    (rt!.resource as { apiVersion?: string }).apiVersion,
    undefined,
    'apiVersion is not part of the body',
  );
});

test('parents come before children, the file order kept otherwise, commits last', () => {
  const t = mustParse(`
commits:
  - { networkManager: nm, commitType: SecurityAdmin, targetLocations: [eastus], configurationIds: [] }
resources:
  - { type: Microsoft.Network/virtualNetworks/subnets, name: b/s, properties: { addressPrefix: 10.1.0.0/24 } }
  - { type: Microsoft.Network/networkSecurityGroups/securityRules, name: n/r }
  - { type: Microsoft.Network/virtualNetworks, name: b }
  - { type: Microsoft.Network/networkSecurityGroups, name: n }
  - { type: Microsoft.Network/virtualNetworks, name: a }
`);
  assert.deepEqual(
    t.changes.map((c) =>
      c.op === 'put' ? String((c.resource as { id: string }).id).slice(SUB.length + 1) : c.op,
    ),
    [
      'virtualNetworks/b',
      'networkSecurityGroups/n',
      'virtualNetworks/a',
      'virtualNetworks/b/subnets/s',
      'networkSecurityGroups/n/securityRules/r',
      'commit',
    ],
  );
});

test('expectations get defaults: TCP, port 80; ICMP has no port; short IDs completed', () => {
  const t = mustParse(`
resources: []
expect:
  - { from: vm1, to: 10.0.0.4, access: Allow }
  - { name: ping, from: networkInterfaces/nic1, to: nic2, protocol: ICMP, access: Deny, rule: securityRules/deny }
`);
  assert.deepEqual(t.expectations, [
    { from: 'vm1', to: '10.0.0.4', protocol: 'TCP', port: 80, access: 'Allow' },
    {
      name: 'ping',
      from: `${SUB}/networkInterfaces/nic1`,
      to: 'nic2',
      protocol: 'ICMP',
      access: 'Deny',
      rule: 'securityRules/deny',
    },
  ]);
  assert.match(
    mustFail('resources: []\nexpect:\n  - { from: a, to: b, access: Allow, protocol: ICMP, port: 1 }\n'),
    /^topo\.yaml:3:\d+: \/expect\/0\/port: ICMP has no ports/,
  );
});

test('invalid YAML is one line with line:col', () => {
  const reason = mustFail('resources:\n  - type: x\n    name: [a, b\n');
  assert.match(reason, /^topo\.yaml:\d+:\d+: invalid YAML: /);
  assert.equal(reason.includes('\n'), false);
  assert.match(
    mustFail('name: a\nname: b\nresources: []\n'),
    /^topo\.yaml:2:1: invalid YAML: Map keys must be unique/,
  );
});

test('schema violations name the JSON pointer and the line', () => {
  assert.match(
    mustFail('resources:\n  - type: Microsoft.Network/virtualNetworks\n    name: v\n    propeties: {}\n'),
    /^topo\.yaml:4:16: \/resources\/0\/propeties: unknown property 'propeties'$/,
  );
  assert.match(
    mustFail('resources:\n  - name: v\n'),
    /^topo\.yaml:2:5: \/resources\/0: missing required property 'type'$/,
  );
  assert.match(
    mustFail('resources: []\nexpect:\n  - { from: a, to: b, access: allow }\n'),
    /^topo\.yaml:3:\d+: \/expect\/0\/access: must be one of Allow, Deny$/,
  );
  assert.match(mustFail('name: x\n'), /^topo\.yaml:1:1: \/: missing required property 'resources'$/);
  assert.match(mustFail(''), /^topo\.yaml: the topology file is empty$/);
});

const vnetJson = {
  id: `${SUB}/virtualNetworks/v1`,
  name: 'v1',
  type: 'Microsoft.Network/virtualNetworks',
  location: 'eastus',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, provisioningState: 'Succeeded' },
};
const subnetJson = {
  id: `${SUB}/virtualNetworks/v1/subnets/s1`,
  name: 's1',
  type: 'Microsoft.Network/virtualNetworks/subnets',
  properties: { addressPrefix: '10.0.1.0/24' },
};

test('ARM JSON: array, { value }, single object and nested lists; children given separately follow parents', () => {
  const expected = [vnetJson.id, subnetJson.id];
  assert.deepEqual(ids(mustParse(JSON.stringify([subnetJson, vnetJson]), 'json')), expected);
  assert.deepEqual(
    ids(mustParse(JSON.stringify({ value: [subnetJson, vnetJson], nextLink: null }), 'json')),
    expected,
  );
  assert.deepEqual(ids(mustParse(JSON.stringify([[subnetJson], { value: [vnetJson] }]), 'json')), expected);
  assert.deepEqual(ids(mustParse(JSON.stringify(vnetJson), 'json')), [vnetJson.id]);
});

test('ARM JSON: az-flattened bodies are folded back under properties, nulls and resourceGroup dropped', () => {
  const az = {
    id: vnetJson.id,
    name: 'v1',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'eastus',
    resourceGroup: 'vnetlab',
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    ddosProtectionPlan: null,
    subnets: [
      {
        id: subnetJson.id,
        name: 's1',
        addressPrefix: '10.0.1.0/24',
        routeTable: null,
        resourceGroup: 'vnetlab',
      },
    ],
  };
  const [body] = puts(mustParse(JSON.stringify([az]), 'json'));
  assert.deepEqual(body, {
    id: vnetJson.id,
    name: 'v1',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ id: subnetJson.id, name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }],
    },
  });
});

test('ARM JSON: unmodelled types are skipped with an unsupported warning', () => {
  const storage = {
    id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/st1',
    properties: {},
  };
  const t = mustParse(JSON.stringify([vnetJson, storage]), 'json');
  assert.deepEqual(ids(t), [vnetJson.id]);
  assert.equal(t.warnings.length, 1);
  assert.equal(t.warnings[0]!.kind, 'unsupported');
  assert.equal(t.warnings[0]!.target, storage.id);
});

test('ARM JSON errors: invalid JSON with line:col, a non-resource with its pointer and line', () => {
  assert.match(
    mustFail('[\n  {"id": "x",}\n]', 'json'),
    /^topo\.json:2:14: invalid JSON: Expected double-quoted property name$/,
  );
  assert.match(mustFail('[1, 2', 'json'), /^topo\.json:1:6: invalid JSON: /);
  assert.match(
    mustFail(`[\n  ${JSON.stringify(vnetJson)},\n  {"name": "no-id"}\n]`, 'json'),
    /^topo\.json:3:3: \/1: expected an ARM resource \(an object with an 'id'\)/,
  );
});

test('a topology document written in JSON is read as a topology', () => {
  const t = mustParse(
    JSON.stringify({ resources: [{ type: 'Microsoft.Network/routeTables', name: 'rt' }] }),
    'json',
  );
  assert.deepEqual(ids(t), [`${SUB}/routeTables/rt`]);
});

const dir = mkdtempSync(join(tmpdir(), 'vnetlab-load-'));

test('loadTopologyFile picks the format by extension and names unreadable files', () => {
  const yamlPath = join(dir, 'a.yml');
  writeFileSync(yamlPath, 'resources:\n  - { type: Microsoft.Network/routeTables, name: rt }\n');
  const r = loadTopologyFile(yamlPath);
  assert.ok(r.ok);
  assert.deepEqual(ids(r.value), [`${SUB}/routeTables/rt`]);
  const missing = loadTopologyFile(join(dir, 'nope.yaml'));
  assert.deepEqual(missing, {
    ok: false,
    reason: `${join(dir, 'nope.yaml')}: cannot read the topology file: no such file`,
  });
});

test('loadWorld applies the file in one apply(): a valid world, or its problems', () => {
  const good = join(dir, 'good.yaml');
  writeFileSync(
    good,
    `location: eastus
resources:
  - type: Microsoft.Network/virtualNetworks/subnets
    name: v1/s1
    properties: { addressPrefix: 10.0.1.0/24 }
  - type: Microsoft.Network/virtualNetworks
    name: v1
    properties: { addressSpace: { addressPrefixes: [10.0.0.0/16] } }
`,
  );
  const r = loadWorld(good);
  assert.ok(r.ok);
  assert.deepEqual(r.value.problems, []);
  const vnet = r.value.world.resources.get(`${SUB}/virtualNetworks/v1`.toLowerCase());
  assert.ok(vnet, 'the VNet is in the world');
  assert.equal(vnet.location, 'eastus');
  assert.deepEqual(
    ((vnet.properties as { subnets: { name: string }[] }).subnets ?? []).map((s) => s.name),
    ['s1'],
  );

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'resources:\n  - { type: Microsoft.Network/virtualNetworks/subnets, name: v9/s1 }\n');
  const b = loadWorld(bad);
  assert.ok(b.ok);
  assert.equal(b.value.problems[0]?.code, 'ParentResourceNotFound');
  assert.equal(b.value.world.resources.size, 0);
});

test('loadWorld: ARM JSON children given separately are folded into their parents', () => {
  const path = join(dir, 'children.json');
  const nsg = `${SUB}/networkSecurityGroups/nsg1`;
  const rt = `${SUB}/routeTables/rt1`;
  writeFileSync(
    path,
    JSON.stringify([
      {
        id: `${nsg}/securityRules/allow-web`,
        name: 'allow-web',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: {
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourcePortRange: '*',
          destinationPortRange: '80',
          sourceAddressPrefix: '*',
          destinationAddressPrefix: '*',
        },
      },
      { id: `${rt}/routes/default`, properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'None' } },
      { id: nsg, location: 'eastus', properties: {} },
      { value: [{ id: rt, location: 'eastus', properties: { routes: [] } }] },
    ]),
  );
  const r = loadWorld(path);
  assert.ok(r.ok);
  assert.deepEqual(r.value.problems, []);
  const names = (id: string, property: string): string[] =>
    ((r.value.world.resources.get(id.toLowerCase())?.properties[property] ?? []) as { name: string }[]).map(
      (c) => c.name,
    );
  assert.deepEqual(names(nsg, 'securityRules'), ['allow-web']);
  assert.deepEqual(names(rt, 'routes'), ['default']);
});

test('Resource Graph output ({ count, data }, lower-case types, subscriptionId and tenantId) loads', () => {
  const rg = '/subscriptions/5e1b4c02-0000-0000-0000-000000000000/resourceGroups/rg-graph';
  const graph = {
    count: 1,
    data: [
      {
        id: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-graph`,
        name: 'vnet-graph',
        type: 'microsoft.network/virtualnetworks',
        location: 'westeurope',
        resourceGroup: 'rg-graph',
        subscriptionId: '5e1b4c02-0000-0000-0000-000000000000',
        tenantId: '5f3c8b2e-0000-0000-0000-000000000000',
        properties: {
          addressSpace: { addressPrefixes: ['10.60.0.0/16'] },
          subnets: [{ name: 'a', properties: { addressPrefix: '10.60.1.0/24' } }],
        },
      },
    ],
    skip_token: null,
    total_records: 1,
  };
  const parsed = parseTopology(JSON.stringify(graph), 'json', 'graph.json');
  assert.ok(parsed.ok, !parsed.ok ? parsed.reason : '');
  const body = (parsed.value.changes[0] as { resource: Record<string, unknown> }).resource;
  assert.equal(body.subscriptionId, undefined);
  assert.equal(body.tenantId, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-graph-'));
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(graph));
  const loaded = loadWorld(join(dir, 'graph.json'));
  assert.ok(
    loaded.ok && loaded.value.problems.length === 0,
    JSON.stringify(loaded.ok && loaded.value.problems),
  );
});

test("an 'az resource list' export (properties null) is refused with how to export the properties", () => {
  const reason = mustFail(
    JSON.stringify([
      {
        id: `${SUB}/virtualNetworks/v`,
        name: 'v',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        properties: null,
        resourceGroup: 'vnetlab',
      },
    ]),
    'json',
  );
  assert.match(reason, /virtualNetworks\/v has "properties": null, as 'az resource list' prints/);
  assert.match(reason, /'az network vnet list'/);
});

test('a vnetlab export brings its AVNM commits after every resource, at the api-version of exports', () => {
  const t = mustParse(
    JSON.stringify({
      value: [{ id: `${SUB}/virtualNetworks/v`, location: 'eastus', properties: {} }],
      networkManagerCommits: [
        {
          networkManagerId: `${SUB}/networkManagers/nm`,
          commitType: 'Connectivity',
          targetLocations: ['eastus'],
          configurationIds: [],
        },
      ],
    }),
    'json',
  );
  assert.deepEqual(
    t.changes.map((c) => [c.op, c.op === 'put' ? c.apiVersion : c.op === 'commit' ? c.networkManagerId : '']),
    [
      ['put', '2024-05-01'],
      ['commit', `${SUB}/networkManagers/nm`],
    ],
  );
  assert.match(
    mustFail(JSON.stringify({ value: [], networkManagerCommits: {} }), 'json'),
    /expected an array of commits/,
  );
});

test('the same resource declared twice in one file is reported; the last declaration is applied', () => {
  const t = mustParse(`
resources:
  - type: Microsoft.Network/routeTables
    name: rt
    properties: { disableBgpRoutePropagation: false }
  - type: Microsoft.Network/routeTables
    name: RT
    properties: { disableBgpRoutePropagation: true }
`);
  assert.deepEqual(
    t.warnings.map((w) => [w.code, w.target]),
    [['ResourceDeclaredTwice', `${SUB}/routeTables/RT`]],
  );
  assert.equal(mustParse('resources: []').warnings.length, 0);
});
