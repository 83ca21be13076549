// The README's recipe, as a user runs it: `vnetlab serve --tls`, Node trusting its certificate through
// NODE_EXTRA_CA_CERTS, and the SDK clients with nothing but the endpoint and a credential (the SDK's bearer-token
// policy in place, so the token really goes over TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../../src/arm/index.ts';
import { serve } from '../../src/cli/serve.ts';
import { captured, IN_MEMORY, withTempDir } from '../cli/fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SCRIPT = `
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
const credential = { getToken: async () => ({ token: 'vnetlab', expiresOnTimestamp: Date.now() + 3600_000 }) };
const options = { endpoint: process.env.VNETLAB_URL };
const subscription = '00000000-0000-0000-0000-000000000000';
const groups = new ResourceManagementClient(credential, subscription, options);
const network = new NetworkManagementClient(credential, subscription, options);
await groups.resourceGroups.createOrUpdate('rg-demo', { location: 'westeurope' });
const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait('rg-demo', 'vnet-demo', {
  location: 'westeurope',
  addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
  subnets: [{ name: 'app', addressPrefix: '10.1.1.0/24' }],
}, { updateIntervalInMs: 0 });
console.log(JSON.stringify({ state: vnet.provisioningState, subnets: vnet.subnets.map((s) => s.name) }));
`;

test("the README's SDK recipe works over TLS with the generated certificate", async () => {
  // --auth-token: every request must carry the credential's token, so the SDK's policy must have sent it.
  const server = await startServer({ tls: true, retryAfter: 0, authToken: 'vnetlab' });
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certFile!, VNETLAB_URL: server.url },
    });
    assert.deepEqual(JSON.parse(stdout.trim()), { state: 'Succeeded', subnets: ['app'] });
  } finally {
    await server.close();
  }
  // A certificate made for a server without a data directory goes with it.
  assert.equal(existsSync(server.certFile!), false);
});

test("the README's SDK snippet, as written, works against what npm start serves", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = /\/\/ NODE_EXTRA_CA_CERTS=\.vnetlab\/tls-cert\.pem node app\.mjs\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];
  assert.ok(snippet, 'the README has the SDK snippet');
  assert.match(snippet, /endpoint: 'https:\/\/127\.0\.0\.1:8443'/);
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
  assert.match(start, /serve --in-memory --tls --load (\S+)/);
  const load = /--load (\S+)/.exec(start)![1]!;
  await withTempDir('vnetlab-readme-', async (dir) => {
    // npm start's flags, with a free port instead of 8443 and a fresh directory standing for ./.vnetlab.
    const flags = { ...IN_MEMORY, data: dir, tls: true, load, quiet: true };
    const { lines, io } = captured();
    const code = await serve(io, flags, async (server) => {
      await promisify(execFile)(
        process.execPath,
        ['--input-type=module', '-e', snippet.replace('https://127.0.0.1:8443', server.url)],
        { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'tls-cert.pem') } },
      );
      const made = [...server.state.world.resources.values()].map((r) => r.id);
      assert.ok(
        made.some((id) => /\/resourceGroups\/rg-demo\/.*\/virtualNetworks\/vnet-demo$/i.test(id)),
        'the snippet created vnet-demo',
      );
    });
    assert.equal(code, 0, lines.join('\n'));
  });
});
