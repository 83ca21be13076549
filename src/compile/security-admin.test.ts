// AVNM security admin rules (azure-semantics.md §2.6): evaluated before NSGs, Deny drops and AlwaysAllow delivers
// without NSG evaluation, Allow hands over to the NSGs; only SecurityAdmin commits in force for the VNet's region
// count. Private endpoint NSG policies (§5.1) at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getResource } from '../model/index.ts';
import type { PrivateEndpoint } from '../model/index.ts';
import { evaluateFlow, securityOfNic } from './security.ts';
import {
  adminConfiguration,
  build,
  commit,
  id,
  NET,
  networkGroup,
  networkManager,
  nic,
  nsg,
  put,
  RG,
  subnet,
  vnet,
} from '../model/fixtures.ts';
import { flowOf } from './security-test-helpers.ts';

const cfg = id.adminConfig('baseline');
const base = build([
  nsg('nsg-web', [
    {
      name: 'deny-ssh',
      priority: 200,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationPorts: '22',
    },
    {
      name: 'allow-https',
      priority: 300,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      destinationPorts: '443',
    },
    {
      name: 'deny-partner',
      priority: 100,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      source: '10.9.1.0/24',
      destinationPorts: '443',
    },
  ]),
  vnet('vnet1', ['10.1.0.0/16'], { web: subnet('10.1.1.0/24', { nsg: 'nsg-web' }), open: '10.1.2.0/24' }),
  vnet('vnet-other', ['10.5.0.0/16'], { default: '10.5.0.0/24' }),
  nic('web1', id.subnet('vnet1', 'web'), '10.1.1.4'),
  nic('open1', id.subnet('vnet1', 'open'), '10.1.2.4'),
  nic('other1', id.subnet('vnet-other', 'default'), '10.5.0.4'),
  networkManager(),
  ...networkGroup('prod', ['vnet1']),
  ...adminConfiguration('baseline', 'prod', [
    {
      name: 'deny-rdp',
      priority: 10,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationPortRanges: ['3389'],
    },
    {
      name: 'always-ssh-from-jump',
      priority: 20,
      direction: 'Inbound',
      access: 'AlwaysAllow',
      protocol: 'Tcp',
      sources: [{ addressPrefix: '10.9.0.0/16', addressPrefixType: 'IPPrefix' }],
      destinationPortRanges: ['22'],
    },
    {
      name: 'allow-https',
      priority: 30,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      destinationPortRanges: ['443'],
    },
    {
      name: 'deny-internet-out',
      priority: 40,
      direction: 'Outbound',
      access: 'Deny',
      protocol: 'Any',
      destinations: [{ addressPrefix: 'Internet', addressPrefixType: 'ServiceTag' }],
    },
  ]),
]);
const world = build([commit('SecurityAdmin', [cfg])], base);
const RULE = (name: string) => `${cfg}/ruleCollections/rc1/rules/${name}`;

interface Row {
  what: string;
  at: string;
  local: string;
  dir: 'Inbound' | 'Outbound';
  remote: string;
  port: number;
  access: 'Allow' | 'Deny';
  rule?: string;
  kind?: 'user' | 'default' | 'admin';
  owner?: string;
  stage: string;
  evaluated: string[];
}
const rows: Row[] = [
  {
    what: 'admin Deny drops before the NSG',
    at: 'web1',
    local: '10.1.1.4',
    dir: 'Inbound',
    remote: '203.0.113.9',
    port: 3389,
    access: 'Deny',
    rule: 'deny-rdp',
    kind: 'admin',
    owner: cfg,
    stage: 'admin',
    evaluated: ['admin:Deny'],
  },
  {
    what: 'admin AlwaysAllow skips the NSG that would deny',
    at: 'web1',
    local: '10.1.1.4',
    dir: 'Inbound',
    remote: '10.9.1.5',
    port: 22,
    access: 'Allow',
    rule: 'always-ssh-from-jump',
    kind: 'admin',
    owner: cfg,
    stage: 'admin',
    evaluated: ['admin:AlwaysAllow'],
  },
  {
    what: 'admin Allow hands over to the NSG, which allows',
    at: 'web1',
    local: '10.1.1.4',
    dir: 'Inbound',
    remote: '203.0.113.9',
    port: 443,
    access: 'Allow',
    rule: 'allow-https',
    kind: 'user',
    owner: id.nsg('nsg-web'),
    stage: 'subnet-nsg',
    evaluated: ['admin:Allow', 'subnet-nsg:Allow'],
  },
  {
    what: 'admin Allow does not override an NSG deny',
    at: 'web1',
    local: '10.1.1.4',
    dir: 'Inbound',
    remote: '10.9.1.5',
    port: 443,
    access: 'Deny',
    rule: 'deny-partner',
    kind: 'user',
    owner: id.nsg('nsg-web'),
    stage: 'subnet-nsg',
    evaluated: ['admin:Allow', 'subnet-nsg:Deny'],
  },
  {
    what: 'admin Allow with no NSG decides',
    at: 'open1',
    local: '10.1.2.4',
    dir: 'Inbound',
    remote: '203.0.113.9',
    port: 443,
    access: 'Allow',
    rule: 'allow-https',
    kind: 'admin',
    owner: cfg,
    stage: 'admin',
    evaluated: ['admin:Allow'],
  },
  {
    what: 'no admin match and no NSG',
    at: 'open1',
    local: '10.1.2.4',
    dir: 'Inbound',
    remote: '203.0.113.9',
    port: 80,
    access: 'Allow',
    stage: 'no-nsg',
    evaluated: ['admin:NoMatch'],
  },
  {
    what: 'admin Deny on a service tag (Internet) outbound',
    at: 'open1',
    local: '10.1.2.4',
    dir: 'Outbound',
    remote: '8.8.8.8',
    port: 443,
    access: 'Deny',
    rule: 'deny-internet-out',
    kind: 'admin',
    owner: cfg,
    stage: 'admin',
    evaluated: ['admin:Deny'],
  },
  {
    what: 'a VNet outside the network group gets no admin rules',
    at: 'other1',
    local: '10.5.0.4',
    dir: 'Inbound',
    remote: '203.0.113.9',
    port: 3389,
    access: 'Allow',
    stage: 'no-nsg',
    evaluated: [],
  },
];

for (const r of rows) {
  test(`admin: ${r.what}`, () => {
    const flow = flowOf(
      {
        dir: r.dir,
        proto: 'TCP',
        remote: r.remote,
        localPort: r.dir === 'Inbound' ? r.port : 50000,
        remotePort: r.dir === 'Inbound' ? 50000 : r.port,
      },
      r.local,
    );
    const v = evaluateFlow(world, id.nic(r.at), flow);
    assert.equal(v.access, r.access, v.reason);
    assert.equal(v.stage, r.stage, v.reason);
    assert.equal(v.rule?.name, r.rule);
    assert.equal(v.rule?.kind, r.kind);
    assert.equal(v.rule?.ownerId, r.owner);
    if (v.rule?.kind === 'admin') assert.equal(v.rule.id, RULE(v.rule.name));
    assert.deepEqual(
      v.evaluated.map((e) => `${e.stage}:${e.access}`),
      r.evaluated,
    );
  });
}

const rdp = (w: typeof world) =>
  evaluateFlow(
    w,
    id.nic('web1'),
    flowOf(
      { dir: 'Inbound', proto: 'TCP', remote: '203.0.113.9', localPort: 3389, remotePort: 50000 },
      '10.1.1.4',
    ),
  );

test('admin: rules apply only while a SecurityAdmin commit for the region is in force', () => {
  assert.equal(securityOfNic(base, id.nic('web1')).admin, undefined);
  assert.equal(rdp(base).rule?.name, 'DenyAllInBound');
  const westOnly = build([commit('SecurityAdmin', [cfg], ['westus'])], base);
  assert.equal(rdp(westOnly).rule?.name, 'DenyAllInBound');
  assert.equal(rdp(world).rule?.name, 'deny-rdp');
  const withdrawn = build([commit('SecurityAdmin', [])], world);
  assert.equal(rdp(withdrawn).rule?.kind, 'default');
});

test('admin: the admin rule set is sorted by priority and owned by the configuration', () => {
  const admin = securityOfNic(world, id.nic('web1')).admin!;
  assert.equal(admin.ownerId, cfg);
  assert.deepEqual(
    admin.rules.map((r) => r.priority),
    [10, 20, 30, 40],
  );
  assert.deepEqual(admin.rules[1]!.sourceText, ['10.9.0.0/16']);
});

// ---- Private endpoints (§5.1) ----------------------------------------------------------------------------------

function peWorld(policy: string) {
  return build([
    nsg('nsg-pe', [
      {
        name: 'deny-app-to-pe',
        priority: 100,
        direction: 'Inbound',
        access: 'Deny',
        protocol: 'Tcp',
        source: '10.1.2.0/24',
        sourcePorts: '1000-2000',
        destinationPorts: '443',
      },
    ]),
    vnet('vnet1', ['10.1.0.0/16'], {
      pe: subnet('10.1.3.0/24', { nsg: 'nsg-pe', privateEndpointNetworkPolicies: policy }),
      app: '10.1.2.0/24',
    }),
    put({
      id: `${NET}/privateEndpoints/pe-sql`,
      location: 'eastus',
      properties: {
        subnet: { id: id.subnet('vnet1', 'pe') },
        privateLinkServiceConnections: [
          {
            name: 'sql',
            properties: {
              privateLinkServiceId: `${RG}/providers/Microsoft.Sql/servers/sql1`,
              groupIds: ['sqlServer'],
            },
          },
        ],
        ipConfigurations: [
          {
            name: 'ip',
            properties: { privateIPAddress: '10.1.3.10', groupId: 'sqlServer', memberName: 'sqlServer' },
          },
        ],
      },
    }),
  ]);
}
const peNicOf = (w: ReturnType<typeof peWorld>): string =>
  (getResource(w, `${NET}/privateEndpoints/pe-sql`) as PrivateEndpoint | undefined)!.properties
    .networkInterfaces![0]!.id;
const toPe = flowOf(
  { dir: 'Inbound', proto: 'TCP', remote: '10.1.2.4', remotePort: 40000, localPort: 443 },
  '10.1.3.10',
);

for (const [policy, access, stage, rule] of [
  ['Disabled', 'Allow', 'platform', undefined],
  ['RouteTableEnabled', 'Allow', 'platform', undefined],
  ['NetworkSecurityGroupEnabled', 'Deny', 'subnet-nsg', 'deny-app-to-pe'],
  ['Enabled', 'Deny', 'subnet-nsg', 'deny-app-to-pe'],
] as const) {
  test(`private endpoint: privateEndpointNetworkPolicies '${policy}' -> ${access} (${stage})`, () => {
    const w = peWorld(policy);
    const v = evaluateFlow(w, peNicOf(w), toPe);
    assert.equal(v.access, access, v.reason);
    assert.equal(v.stage, stage);
    assert.equal(v.rule?.name, rule);
    if (rule) assert.equal(v.rule?.ownerId, id.nsg('nsg-pe'));
    else assert.match(v.reason, /privateEndpointNetworkPolicies/);
  });
}

test('private endpoint: source-port filters are treated as * (the rule says 1000-2000, the flow uses 40000)', () => {
  const w = peWorld('Enabled');
  const sec = securityOfNic(w, peNicOf(w));
  assert.equal(sec.privateEndpointNsg, 'applies');
  const rule = sec.subnetNsg!.rules.find((r) => r.name === 'deny-app-to-pe')!;
  assert.deepEqual(rule.sourcePorts, [{ from: 0, to: 65535 }]);
});
