// vnetlab import and vnetlab serve: an Azure export imported into a data directory is what serve then serves;
// a refused import writes nothing; serve prints its endpoint and the lab it loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../src/arm/index.ts';
import { serve } from '../../src/cli/serve.ts';
import { captured, IN_MEMORY, vnetlabInProcess, withTempDir } from './fixtures.ts';

const SUB = '/subscriptions/11111111-2222-3333-4444-555555555555';
const RG = `${SUB}/resourceGroups/Imported-RG`;
const NET = `${RG}/providers/Microsoft.Network`;

/** What `az resource list` / `az network vnet list` print: ARM bodies with read-only properties and az's extras. */
const exported = (secondPrefix: string) => [
  {
    id: `${NET}/virtualNetworks/vnet-prod`,
    name: 'vnet-prod',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'northeurope',
    resourceGroup: 'Imported-RG',
    etag: 'W/"0b9c5a8e-0000-0000-0000-000000000000"',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '3f0e4c7a-0000-0000-0000-000000000000',
      addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
      subnets: [
        { name: 'app', properties: { addressPrefix: '10.50.1.0/24', provisioningState: 'Succeeded' } },
        { name: 'data', properties: { addressPrefix: secondPrefix } },
      ],
    },
  },
];

const withTemp = (work: (dir: string) => Promise<void>) => withTempDir('vnetlab-import-', work);

test('import loads an Azure export into the data directory that serve then serves', async () =>
  withTemp(async (dir) => {
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(exported('10.50.2.0/24')));
    const data = join(dir, 'data');
    const run = await vnetlabInProcess('import', file, '--data', data);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imported 1 resources \(1 new resource groups\)/);
    const server = await startServer({ dataDir: data });
    try {
      const group = await fetch(`${server.url}${RG}?api-version=2021-04-01`);
      assert.equal(group.status, 200);
      assert.equal(((await group.json()) as { location: string }).location, 'northeurope');
      const vnet = (await (
        await fetch(`${server.url}${NET}/virtualNetworks/vnet-prod?api-version=2025-07-01`)
      ).json()) as {
        properties: { subnets: { name: string }[] };
      };
      assert.deepEqual(
        vnet.properties.subnets.map((s) => s.name),
        ['app', 'data'],
      );
    } finally {
      await server.close();
    }
  }));

test('an import Azure would refuse writes nothing', async () =>
  withTemp(async (dir) => {
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(exported('10.50.1.128/25'))); // overlaps 'app'
    const data = join(dir, 'data');
    const run = await vnetlabInProcess('import', file, '--data', data);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /NetcfgSubnetRangesOverlap/);
    const server = await startServer({ dataDir: data });
    try {
      assert.equal((await fetch(`${server.url}${RG}?api-version=2021-04-01`)).status, 404);
      assert.equal(server.state.world.resources.size, 0);
    } finally {
      await server.close();
    }
  }));

test('serve prints its endpoint and the lab it loaded, and refuses a bad port', async () => {
  const { lines, io } = captured();
  const flags = { ...IN_MEMORY, load: 'examples/hub-spoke-nva/topology.yaml' };
  let answered = 0;
  const code = await serve(io, flags, async (server) => {
    const r = await fetch(
      `${server.url}/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Network/virtualNetworks?api-version=2025-07-01`,
    );
    answered = ((await r.json()) as { value: unknown[] }).value.length;
  });
  assert.equal(code, 0, lines.join('\n'));
  assert.ok(answered >= 2, `the loaded VNets are served (${answered})`);
  const text = lines.join('\n');
  assert.match(text, /loaded \d+ resources from examples\/hub-spoke-nva\/topology.yaml/);
  assert.match(text, /vnetlab serving Azure Resource Manager at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(text, /Try next:/);
  lines.length = 0;
  assert.equal(await serve(io, { ...flags, port: '70000' }, async () => undefined), 2);
  assert.match(lines.join('\n'), /--port: '70000' is not a TCP port/);
});

test('serve logs a line per request unless --quiet, prints the tenant, and answers GET / and /health', async () => {
  const { lines, io } = captured();
  const flags = { ...IN_MEMORY, authToken: 's3cret' };
  const ask = async (server: { url: string }) => {
    const root = await fetch(`${server.url}/`);
    assert.equal(root.status, 200);
    assert.equal(((await root.json()) as { name: string }).name, 'vnetlab');
    const health = await fetch(`${server.url}/health`);
    assert.deepEqual(await health.json(), { status: 'Healthy' });
    // Open without the token; everything else still asks for it.
    assert.equal((await fetch(`${server.url}/subscriptions?api-version=2022-12-01`)).status, 401);
  };
  assert.equal(await serve(io, flags, ask), 0);
  const text = lines.join('\n');
  assert.match(text, /tenant: [0-9a-f-]{36}/);
  assert.match(text, /^GET \/health 200 \d+\.\d ms$/m);
  assert.match(text, /^GET \/subscriptions 401 \d+\.\d ms$/m);
  lines.length = 0;
  assert.equal(await serve(io, { ...flags, quiet: true }, ask), 0);
  assert.doesNotMatch(lines.join('\n'), /^GET /m);
});

test('serve --in-memory --tls keeps its certificate in the data directory and reuses it', async () =>
  withTemp(async (dir) => {
    const { lines, io } = captured();
    const flags = { ...IN_MEMORY, data: join(dir, 'state'), tls: true, quiet: true };
    const certFile = join(dir, 'state', 'tls-cert.pem');
    const served: string[] = [];
    const ask = async () => void served.push(readFileSync(certFile, 'utf8'));
    assert.equal(await serve(io, flags, ask), 0, lines.join('\n'));
    assert.equal(await serve(io, flags, ask), 0, lines.join('\n'));
    assert.match(lines.join('\n'), new RegExp(`certificate: ${certFile.replace(/[.]/g, '\\.')}`));
    assert.match(served[0]!, /BEGIN CERTIFICATE/);
    assert.equal(served[1], served[0], 'the second run presents the first run’s certificate');
    assert.match(lines.join('\n'), /state: in memory/);
  }));
