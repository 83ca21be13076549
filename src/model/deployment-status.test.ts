import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, EMPTY_WORLD, type Change, type World } from './index.ts';
import { listDeploymentStatus } from './deployment-status.ts';

const NM =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm';
const MESH = `${NM}/connectivityConfigurations/mesh`;
const ADMIN = `${NM}/securityAdminConfigurations/admin`;

function world(changes: Change[], base: World = EMPTY_WORLD, now = '2026-01-01T00:00:00Z'): World {
  const r = apply(base, changes, { now });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.world;
}

const base = (): World =>
  world([
    {
      op: 'put',
      resource: {
        id: NM,
        location: 'eastus',
        properties: { networkManagerScopeAccesses: ['Connectivity', 'SecurityAdmin'] },
      },
    },
    { op: 'put', resource: { id: `${NM}/networkGroups/g`, properties: { memberType: 'VirtualNetwork' } } },
    {
      op: 'put',
      resource: {
        id: MESH,
        properties: {
          connectivityTopology: 'Mesh',
          appliesToGroups: [{ networkGroupId: `${NM}/networkGroups/g` }],
        },
      },
    },
    { op: 'put', resource: { id: ADMIN, properties: {} } },
  ]);

const commit = (commitType: string, targetLocations: string[], configurationIds: string[]): Change => ({
  op: 'commit',
  networkManagerId: NM,
  commit: { commitType, targetLocations, configurationIds },
});

test('listDeploymentStatus: one Deployed row per region and type in force, with the commit time', () => {
  const w = world(
    [commit('Connectivity', ['eastus', 'West Europe'], [MESH]), commit('SecurityAdmin', ['eastus'], [ADMIN])],
    base(),
  );
  const rows = listDeploymentStatus(w, NM).value;
  assert.deepEqual(
    rows.map((r) => [
      r.region,
      r.deploymentType,
      r.deploymentStatus,
      r.configurationIds,
      r.commitTime,
      r.errorMessage,
    ]),
    [
      ['eastus', 'Connectivity', 'Deployed', [MESH], '2026-01-01T00:00:00Z', ''],
      ['westeurope', 'Connectivity', 'Deployed', [MESH], '2026-01-01T00:00:00Z', ''],
      ['eastus', 'SecurityAdmin', 'Deployed', [ADMIN], '2026-01-01T00:00:00Z', ''],
    ],
  );
  assert.deepEqual(
    listDeploymentStatus(w, NM, { regions: ['West Europe'] }).value.map((r) => r.region),
    ['westeurope'],
  );
  assert.deepEqual(
    listDeploymentStatus(w, NM, { deploymentTypes: ['SecurityAdmin'] }).value.map((r) => r.deploymentType),
    ['SecurityAdmin'],
  );
});

test('listDeploymentStatus: a later commit replaces a region, an empty one removes it', () => {
  const first = world([commit('Connectivity', ['eastus', 'westeurope'], [MESH])], base());
  const emptied = world([commit('Connectivity', ['eastus'], [])], first, '2026-02-01T00:00:00Z');
  assert.deepEqual(
    listDeploymentStatus(emptied, NM).value.map((r) => [r.region, r.commitTime]),
    [['westeurope', '2026-01-01T00:00:00Z']],
  );
  const again = world([commit('Connectivity', ['eastus'], [MESH])], emptied, '2026-03-01T00:00:00Z');
  assert.deepEqual(
    listDeploymentStatus(again, NM).value.map((r) => [r.region, r.commitTime]),
    [
      ['westeurope', '2026-01-01T00:00:00Z'],
      ['eastus', '2026-03-01T00:00:00Z'],
    ],
  );
});
