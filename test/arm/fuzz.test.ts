// Bad input never gets a 500: random methods, paths built from ARM's vocabulary and random bodies (JSON values,
// near-valid resource bodies, bytes that are not JSON) against one server. Every answer is below 500 and, when it
// is an error, in ARM's envelope; the server keeps answering valid requests afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer } from '../../src/arm/index.ts';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const segment = fc.constantFrom(
  'subscriptions',
  '00000000-0000-0000-0000-000000000000',
  'resourceGroups',
  'rg',
  'RG',
  'providers',
  'Microsoft.Network',
  'microsoft.network',
  'Microsoft.Resources',
  'Microsoft.Compute',
  'Microsoft.Foo',
  'virtualNetworks',
  'subnets',
  'networkSecurityGroups',
  'securityRules',
  'defaultSecurityRules',
  'networkInterfaces',
  'ipConfigurations',
  'routeTables',
  'publicIPAddresses',
  'networkWatchers',
  'networkManagers',
  'deployments',
  'validate',
  'operations',
  'locations',
  'operationResults',
  'effectiveRouteTable',
  'ipFlowVerify',
  'nextHop',
  'connectivityCheck',
  'commit',
  'v1',
  's1',
  'x%2Fy',
  '%E0%A4%A',
  '..',
);
const query = fc.constantFrom(
  '',
  '?api-version=2025-07-01',
  '?api-version=2021-04-01',
  '?api-version=bogus',
  '?api-version=2025-07-01&$top=-1&$skipToken=zz',
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json().map((j) => j),
  fc.string().map((s) => `{${s}`),
  fc
    .record({
      location: fc.oneof(fc.constant('eastus'), fc.integer(), fc.constant(null)),
      tags: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()))),
      properties: fc.oneof(
        fc.constant('x'),
        fc.record({
          addressSpace: fc.oneof(fc.constant({ addressPrefixes: ['10.0.0.0/16'] }), fc.anything()),
          subnets: fc.oneof(
            fc.constant([{ name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }]),
            fc.anything(),
          ),
          securityRules: fc.anything(),
          ipConfigurations: fc.anything(),
        }),
        fc.anything(),
      ),
    })
    .map((o) => JSON.stringify(o)),
);

test('random requests never get a 500', async () => {
  const server = await startServer({});
  try {
    await fetch(`${server.url}${SUB}/resourceGroups/rg?api-version=2021-04-01`, {
      method: 'PUT',
      body: '{"location":"eastus"}',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'),
        fc.array(segment, { minLength: 0, maxLength: 10 }),
        query,
        body,
        async (method, segments, q, payload) => {
          const r = await fetch(`${server.url}/${segments.join('/')}${q}`, {
            method,
            headers: { 'content-type': 'application/json' },
            ...(payload === undefined || method === 'GET' || method === 'HEAD'
              ? {}
              : { body: String(payload) }),
          });
          const text = await r.text();
          assert.ok(r.status < 500, `${method} /${segments.join('/')}${q} → ${r.status} ${text}`);
          if (r.status >= 400 && method !== 'HEAD') {
            const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
            assert.equal(typeof parsed.error?.code, 'string', text);
            assert.equal(typeof parsed.error?.message, 'string', text);
          }
        },
      ),
      { numRuns: Number(process.env.VNETLAB_FUZZ_RUNS ?? 600), seed: 20261122 },
    );
    const ok = await fetch(
      `${server.url}${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks?api-version=2025-07-01`,
    );
    assert.equal(ok.status, 200);
  } finally {
    await server.close();
  }
});
