// Benchmark: an AVNM mesh of N VNets (4 subnets and 10 NICs each) with 4 private endpoints per VNet
// (20,000 at N = 5,000), all in one apply(). Reports apply time, the cost of the first and of a repeated
// effective-routes answer for one NIC, and peak memory. Not a test: numbers go to docs/benchmarks.md.
//
//   npm run bench                 # runs N = 1,000, 2,500 and 5,000, each in its own process
//   npm run bench -- --vnets 500  # one size, in this process
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { apply, EMPTY_WORLD, type Change } from '../src/model/index.ts';
import { effectiveRouteTable } from '../src/diagnostics/effective-route-table.ts';

const SUB = '/subscriptions/00000000-0000-0000-0000-00000000beef/resourceGroups/rg-bench/providers';
const NET = `${SUB}/Microsoft.Network`;
const NM = `${NET}/networkManagers/nm-bench`;

/** VNet i gets the /21 10.(i >> 5).((i & 31) << 3).0 — 8,192 fit in 10.0.0.0/8. */
const octets = (i: number): [number, number] => [i >> 5, (i & 31) << 3];

export function meshChanges(vnets: number): Change[] {
  const changes: Change[] = [];
  const put = (resource: object): void => void changes.push({ op: 'put', resource });
  put({
    id: NM,
    location: 'eastus',
    properties: {
      networkManagerScopes: { subscriptions: [SUB.split('/providers')[0]] },
      networkManagerScopeAccesses: ['Connectivity'],
    },
  });
  put({ id: `${NM}/networkGroups/mesh`, properties: { memberType: 'VirtualNetwork' } });
  for (let i = 0; i < vnets; i++) {
    const [a, b] = octets(i);
    const vnet = `${NET}/virtualNetworks/vnet-${i}`;
    put({
      id: vnet,
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: [`10.${a}.${b}.0/21`] },
        privateEndpointVNetPolicies: 'Basic',
        subnets: [0, 1, 2, 3].map((s) => ({
          name: `snet-${s}`,
          properties: {
            addressPrefix: `10.${a}.${b + s * 2}.0/23`,
            ...(s === 3 ? { privateEndpointNetworkPolicies: 'Enabled' } : {}),
          },
        })),
      },
    });
    for (let n = 0; n < 10; n++) {
      put({
        id: `${NET}/networkInterfaces/nic-${i}-${n}`,
        location: 'eastus',
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: {
                subnet: { id: `${vnet}/subnets/snet-${n % 3}` },
                privateIPAllocationMethod: 'Dynamic',
                primary: true,
              },
            },
          ],
        },
      });
    }
    for (let p = 0; p < 4; p++) {
      put({
        id: `${NET}/privateEndpoints/pe-${i}-${p}`,
        location: 'eastus',
        properties: {
          subnet: { id: `${vnet}/subnets/snet-3` },
          privateLinkServiceConnections: [
            {
              name: 'conn',
              properties: {
                privateLinkServiceId: `${SUB}/Microsoft.Storage/storageAccounts/st${i}`,
                groupIds: ['blob'],
              },
            },
          ],
        },
      });
    }
    put({ id: `${NM}/networkGroups/mesh/staticMembers/m-${i}`, properties: { resourceId: vnet } });
  }
  put({
    id: `${NM}/connectivityConfigurations/mesh`,
    properties: {
      connectivityTopology: 'Mesh',
      appliesToGroups: [
        {
          networkGroupId: `${NM}/networkGroups/mesh`,
          groupConnectivity: 'None',
          isGlobal: 'False',
          useHubGateway: 'False',
        },
      ],
      connectivityCapabilities: {
        connectedGroupPrivateEndpointsScale: 'HighScale',
        connectedGroupAddressOverlap: 'Allowed',
      },
    },
  });
  changes.push({
    op: 'commit',
    networkManagerId: NM,
    commit: {
      commitType: 'Connectivity',
      targetLocations: ['eastus'],
      configurationIds: [`${NM}/connectivityConfigurations/mesh`],
    },
  });
  return changes;
}

function measure(vnets: number): Record<string, number> {
  const changes = meshChanges(vnets);
  const t0 = performance.now();
  const result = apply(EMPTY_WORLD, changes, { now: '2026-01-01T00:00:00Z' });
  const t1 = performance.now();
  if (!result.ok) throw new Error(`apply failed: ${JSON.stringify(result.problems.slice(0, 3))}`);
  // First answer for one NIC: builds the shared indexes and that subnet's table (the "compile" cost).
  const first = effectiveRouteTable(result.world, `${NET}/networkInterfaces/nic-0-0`);
  const t2 = performance.now();
  if (!first.ok) throw new Error(first.reason);
  // A NIC in another VNet's subnet: its table is built from the already-built shared state.
  const coldSamples: number[] = [];
  for (let k = 1; k <= 20; k++) {
    const s = performance.now();
    const r = effectiveRouteTable(result.world, `${NET}/networkInterfaces/nic-${(k * 97) % vnets}-${k % 3}`);
    coldSamples.push(performance.now() - s);
    if (!r.ok) throw new Error(r.reason);
  }
  const warmSamples: number[] = [];
  for (let k = 0; k < 20; k++) {
    const s = performance.now();
    effectiveRouteTable(result.world, `${NET}/networkInterfaces/nic-0-0`);
    warmSamples.push(performance.now() - s);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  return {
    vnets,
    resources: changes.length,
    routes: first.value.value.length,
    applyMs: t1 - t0,
    firstRoutesMs: t2 - t1,
    coldRoutesMedianMs: median(coldSamples),
    warmRoutesMedianMs: median(warmSamples),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

const argv = process.argv.slice(2);
const at = argv.indexOf('--vnets');
const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (!isMain) {
  // Imported (e.g. by a profiling script) for meshChanges(): run nothing.
} else if (at >= 0) {
  console.log(JSON.stringify(measure(Number(argv[at + 1]))));
} else {
  const rows = [1000, 2500, 5000].map((n) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--vnets', String(n)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  });
  const f = (x: number | undefined, d = 1): string => (x === undefined ? '' : x.toFixed(d));
  console.log(
    '| VNets | resources | routes of one NIC | apply (s) | first answer (ms) | another NIC, cold (ms) | same NIC, warm (ms) | peak RSS (MiB) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.vnets} | ${r.resources} | ${r.routes} | ${f((r.applyMs ?? 0) / 1000, 2)} | ${f(r.firstRoutesMs)} | ${f(r.coldRoutesMedianMs, 2)} | ${f(r.warmRoutesMedianMs, 3)} | ${f(r.peakRssMiB, 0)} |`,
    );
  }
}
