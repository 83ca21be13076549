// The README's recipe, as a user runs it: `vnetlab serve --tls`, Node trusting its certificate through
// NODE_EXTRA_CA_CERTS, and the SDK clients with nothing but the endpoint and a credential (the SDK's bearer-token
// policy in place, so the token really goes over TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../../src/arm/index.ts';

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
});
