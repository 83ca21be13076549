// AVNM: network groups, connectivity and security admin configurations, and the commit that puts them in force
// (azure-semantics §2.6, §3.4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_WORLD } from './world.ts';
import { applyOk, id, NET, problemsOf, put, vnet } from './fixtures.ts';
import type { Change } from './apply.ts';
import type { World } from './world.ts';

const NM = `${NET}/networkManagers/nm`;
const group = `${NM}/networkGroups/g`;
const mesh = `${NM}/connectivityConfigurations/mesh`;
const sac = `${NM}/securityAdminConfigurations/sac`;
const member = (name: string, vnetName: string) => ({
  id: `${group}/staticMembers/${name}`,
  properties: { resourceId: id.vnet(vnetName) },
});
const adminRule = (extra: Record<string, unknown>) => ({
  id: `${sac}/ruleCollections/rc/rules/r`,
  kind: 'Custom',
  properties: {
    protocol: 'Tcp',
    access: 'Deny',
    priority: 10,
    direction: 'Inbound',
    sources: [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
    destinations: [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
    destinationPortRanges: ['22'],
    ...extra,
  },
});

function avnmWorld(overlap: 'Allowed' | 'Disallowed' = 'Allowed'): World {
  return applyOk(EMPTY_WORLD, [
    vnet('a', ['10.1.0.0/16']),
    vnet('b', ['10.2.0.0/16']),
    put({
      id: NM,
      location: 'eastus',
      properties: {
        networkManagerScopes: { subscriptions: ['/subscriptions/00000000-0000-0000-0000-000000000001'] },
        networkManagerScopeAccesses: ['Connectivity', 'SecurityAdmin'],
      },
    }),
    put({ id: group, properties: { memberType: 'VirtualNetwork' } }),
    put(member('a', 'a')),
    put(member('b', 'b')),
    put({
      id: mesh,
      properties: {
        connectivityTopology: 'Mesh',
        appliesToGroups: [{ networkGroupId: group, groupConnectivity: 'None' }],
        connectivityCapabilities: { connectedGroupAddressOverlap: overlap },
      },
    }),
    put({ id: sac, properties: {} }),
    put({ id: `${sac}/ruleCollections/rc`, properties: { appliesToGroups: [{ networkGroupId: group }] } }),
  ]).world;
}

const commit = (body: Record<string, unknown>): Change => ({
  op: 'commit',
  networkManagerId: NM,
  commit: body,
});

describe('AVNM validation', () => {
  const rows: [string, () => World, Change[], [string, string][]][] = [
    [
      'static member that is not a VNet',
      avnmWorld,
      [put({ id: `${group}/staticMembers/x`, properties: { resourceId: `${NM}` } })],
      [['InvalidNetworkManagerResource', `${group}/staticMembers/x`]],
    ],
    [
      'static member VNet that does not exist',
      avnmWorld,
      [put(member('c', 'ghost'))],
      [['InvalidResourceReference', `${group}/staticMembers/c:properties.resourceId`]],
    ],
    [
      'connectivity configuration naming a missing group',
      avnmWorld,
      [
        put({
          id: `${NM}/connectivityConfigurations/c2`,
          properties: {
            connectivityTopology: 'Mesh',
            appliesToGroups: [{ networkGroupId: `${NM}/networkGroups/none` }],
          },
        }),
      ],
      [
        [
          'InvalidResourceReference',
          `${NM}/connectivityConfigurations/c2:properties.appliesToGroups[0].networkGroupId`,
        ],
      ],
    ],
    [
      'overlapping VNet joining a mesh that disallows overlap',
      () => avnmWorld('Disallowed'),
      [vnet('c', ['10.1.128.0/17']), put(member('c', 'c'))],
      [['ConnectedGroupAddressOverlapDisallowed', mesh]],
    ],
    [
      'admin rule priority 0',
      avnmWorld,
      [put(adminRule({ priority: 0 }))],
      [['InvalidNetworkManagerResource', `${sac}/ruleCollections/rc/rules/r`]],
    ],
    [
      'admin rule access Block',
      avnmWorld,
      [put(adminRule({ access: 'Block' }))],
      [['InvalidNetworkManagerResource', `${sac}/ruleCollections/rc/rules/r`]],
    ],
    [
      'admin rule on AzurePlatformDNS',
      avnmWorld,
      [
        put(
          adminRule({
            direction: 'Outbound',
            destinations: [{ addressPrefix: 'AzurePlatformDNS', addressPrefixType: 'ServiceTag' }],
          }),
        ),
      ],
      [['InvalidNetworkManagerResource', `${sac}/ruleCollections/rc/rules/r`]],
    ],
    [
      'commit with an unknown commitType',
      avnmWorld,
      [commit({ commitType: 'Routing', targetLocations: ['eastus'], configurationIds: [mesh] })],
      [['InvalidCommitRequest', NM]],
    ],
    [
      'commit without regions',
      avnmWorld,
      [commit({ commitType: 'Connectivity', targetLocations: [], configurationIds: [mesh] })],
      [['InvalidCommitRequest', NM]],
    ],
    [
      'commit of a configuration that does not exist',
      avnmWorld,
      [
        commit({
          commitType: 'Connectivity',
          targetLocations: ['eastus'],
          configurationIds: [`${NM}/connectivityConfigurations/none`],
        }),
      ],
      [['InvalidResourceReference', `${NM}:configurationIds`]],
    ],
    [
      'commit of a configuration of the other type',
      avnmWorld,
      [commit({ commitType: 'Connectivity', targetLocations: ['eastus'], configurationIds: [sac] })],
      [['InvalidCommitRequest', NM]],
    ],
  ];
  for (const [name, world, changes, expected] of rows) {
    it(name, () => {
      const problems = problemsOf(world(), changes);
      assert.deepEqual(
        problems.map((p) => [p.code, p.target]),
        expected,
        JSON.stringify(problems, null, 2),
      );
    });
  }
  it('overlap is accepted when the mesh allows it', () => {
    applyOk(avnmWorld('Allowed'), [vnet('c', ['10.1.128.0/17']), put(member('c', 'c'))]);
  });
});

describe('AVNM commits', () => {
  const at = { now: '2026-01-01T00:00:00Z' };
  it('a commit replaces the earlier commit of its type in each of its regions', () => {
    const w1 = applyOk(
      avnmWorld(),
      [
        commit({
          commitType: 'Connectivity',
          targetLocations: ['eastus', 'West Europe'],
          configurationIds: [mesh],
        }),
        commit({ commitType: 'SecurityAdmin', targetLocations: ['eastus'], configurationIds: [sac] }),
      ],
      at,
    ).world;
    assert.deepEqual(
      w1.commits.map((c) => [c.commitType, c.targetLocations]),
      [
        ['Connectivity', ['eastus', 'westeurope']],
        ['SecurityAdmin', ['eastus']],
      ],
    );
    const w2 = applyOk(
      w1,
      [commit({ commitType: 'Connectivity', targetLocations: ['eastus'], configurationIds: [mesh] })],
      at,
    ).world;
    assert.deepEqual(
      w2.commits.map((c) => [c.commitType, c.targetLocations]),
      [
        ['Connectivity', ['westeurope']],
        ['SecurityAdmin', ['eastus']],
        ['Connectivity', ['eastus']],
      ],
    );
  });
  it('an empty configurationIds list removes the commit from its regions', () => {
    const w1 = applyOk(
      avnmWorld(),
      [commit({ commitType: 'Connectivity', targetLocations: ['eastus'], configurationIds: [mesh] })],
      at,
    ).world;
    const w2 = applyOk(
      w1,
      [commit({ commitType: 'Connectivity', targetLocations: ['eastus'], configurationIds: [] })],
      at,
    ).world;
    assert.deepEqual(w2.commits, []);
  });
  it('a committed configuration cannot be deleted', () => {
    const w1 = applyOk(
      avnmWorld(),
      [commit({ commitType: 'Connectivity', targetLocations: ['eastus'], configurationIds: [mesh] })],
      at,
    ).world;
    const problems = problemsOf(w1, [{ op: 'delete', id: mesh }]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.target]),
      [['InUseResourceCannotBeDeleted', mesh]],
    );
  });
});
