// 10,000 malformed requests against `serve --auth-token` with a lab in its store: requests without the token (any
// spelling of a path, any method), and requests with the token but one defect each (a parameter or header given
// twice, a body that is not JSON, nested too deep, too large, an api-version that does not exist, a property of
// the wrong JSON type, a prefix with a space, a forged sign-in). Every one is answered by an HTTP error below 500
// (no reset, no crash), the server still serves, and the store holds exactly what it held before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { startServer } from '../../src/arm/index.ts';
import { rawBytes, rawRequest } from '../helpers/raw-http.ts';

const SECRET = 'fuzz-secret';
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/rg1`;
const NET = `${RG}/providers/Microsoft.Network`;
const V = 'api-version=2025-07-01';
const AUTH = `Authorization: Bearer ${SECRET}`;
const VNET_BODY = {
  location: 'westeurope',
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    subnets: [{ name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }],
  },
};

const path = fc.constantFrom(
  `${NET}/virtualNetworks/v1`,
  `${NET}/virtualNetworks/v2`,
  `${NET}/virtualNetworks/v1/subnets/s1`,
  `${NET}/networkSecurityGroups/n1`,
  `${NET}/networkInterfaces/nic1`,
  `${NET}/routeTables/rt1`,
  RG,
  `${SUB}/resourceGroups`,
  '/tenants',
);
/** Other spellings of a path, which must reach nothing without the token. */
const spelling = fc.constantFrom(
  (p: string) => p,
  (p: string) => `/${p}`,
  (p: string) => `//${p}`,
  (p: string) => p.replace('/subscriptions', '/%73ubscriptions'),
  (p: string) => p.replace('/subscriptions', '/%53UBSCRIPTIONS'),
  (p: string) => p.toUpperCase(),
  (p: string) => `${p}/`,
  (p: string) => p.replaceAll('/', '/./'),
);
const writeMethod = fc.constantFrom('PUT', 'PATCH', 'DELETE', 'POST');
const anyMethod = fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'POST', 'HEAD');
const wrongAuth = fc.constantFrom(
  '',
  `Authorization: Bearer ${SECRET.toUpperCase()}`,
  `Authorization: Bearer ${SECRET}x`,
  `Authorization: Bearer ${SECRET.slice(0, -1)}`,
  `Authorization: Basic ${Buffer.from(`u:${SECRET}`).toString('base64')}`,
  `Authorization: ${SECRET}`,
  'Authorization: Bearer ',
  `Authorization: Bearer vnetlab-refresh.dQ.${'A'.repeat(43)}`,
);
const vnetText = JSON.stringify(VNET_BODY);

interface Request {
  method: string;
  target: string;
  headers: string[];
  body: string;
}

const unauthenticated = fc
  .record({
    method: anyMethod,
    p: path,
    spell: spelling,
    auth: wrongAuth,
    body: fc.constantFrom('', vnetText),
  })
  .map(({ method, p, spell, auth, body }): Request => ({
    method,
    target: `${spell(p)}?${V}`,
    headers: auth ? [auth, 'Content-Type: application/json'] : ['Content-Type: application/json'],
    body,
  }));

// Bodies every resource type refuses, in a PUT or a PATCH...
const badBody = fc.oneof(
  fc.string().map((s) => `{${s}`),
  fc.constant(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  fc.constant(`{"location":"westeurope","properties":{"a":${'['.repeat(200)}${']'.repeat(200)}}}`),
  fc.constant(`{${'a '.repeat(20_000)}`),
);
// ...and bodies one resource type refuses in a PUT (a PATCH reads only 'tags').
const badBodyFor = fc.constantFrom(
  [`${NET}/networkSecurityGroups/n1`, { properties: [1, 2] }],
  [`${NET}/virtualNetworks/v2`, { properties: { addressSpace: { addressPrefixes: ['10.0.0.0 /8'] } } }],
  [`${NET}/virtualNetworks/v2`, { properties: { addressSpace: 'x' } }],
  [`${NET}/virtualNetworks/v1`, { properties: { addressSpace: { addressPrefixes: [['10.0.0.0/16']] } } }],
  [
    `${NET}/networkInterfaces/nic1`,
    { properties: { ipConfigurations: [{ name: 'c', properties: [1, 2] }] } },
  ],
  [`${NET}/virtualNetworks/v1/subnets/s1`, { properties: { addressPrefix: '10.0.1.0/ 24' } }],
  [
    `${NET}/routeTables/rt1`,
    {
      properties: {
        routes: [{ name: 'r', properties: { addressPrefix: ' 0.0.0.0/0', nextHopType: 'Internet' } }],
      },
    },
  ],
);

const authenticatedButBroken = fc.oneof(
  // A query parameter given twice.
  fc.record({ method: anyMethod, p: path }).map(({ method, p }): Request => ({
    method,
    target: `${p}?${V}&${V.replace('07', '08')}`,
    headers: [AUTH],
    body: '',
  })),
  // A header given twice.
  fc
    .record({
      method: writeMethod,
      p: path,
      h: fc.constantFrom(AUTH, 'Content-Type: application/json', 'If-Match: *'),
    })
    .map(({ method, p, h }): Request => ({
      method,
      target: `${p}?${V}`,
      headers: [AUTH, 'Content-Type: application/json', h, h === AUTH ? AUTH : h],
      body: vnetText,
    })),
  // An api-version that does not exist.
  fc
    .record({
      method: writeMethod,
      p: path,
      v: fc.constantFrom('2025-07-02-preview', '9999-99-99-preview', 'x', ''),
    })
    .map(({ method, p, v }): Request => ({
      method,
      target: `${p}?api-version=${v}`,
      headers: [AUTH],
      body: vnetText,
    })),
  // A body ARM refuses.
  badBodyFor.map(([p, body]): Request => ({
    method: 'PUT',
    target: `${String(p)}?${V}`,
    headers: [AUTH, 'Content-Type: application/json'],
    body: JSON.stringify({ location: 'westeurope', ...(body as object) }),
  })),
  fc
    .record({ method: fc.constantFrom('PUT', 'PATCH'), p: path, body: badBody })
    .map(({ method, p, body }): Request => ({
      method,
      target: `${p}?${V}`,
      headers: [AUTH, 'Content-Type: application/json'],
      body,
    })),
  // A forged sign-in.
  fc
    .record({
      tenant: fc.constantFrom('/adfs/oauth2/token', '/t1/oauth2/v2.0/token', '//adfs/oauth2/token'),
      form: fc.constantFrom(
        'grant_type=refresh_token&refresh_token=vnetlab-refresh.dQ.AAAA',
        'grant_type=password&username=u&password=wrong',
        'grant_type=client_credentials&client_id=c&client_secret=%E0%A4%A',
        `grant_type=client_credentials&client_id=c&client_secret=${SECRET.toUpperCase()}`,
      ),
    })
    .map(({ tenant, form }): Request => ({
      method: 'POST',
      target: tenant,
      headers: ['Content-Type: application/x-www-form-urlencoded'],
      body: form,
    })),
);

const malformed = fc.oneof(unauthenticated, authenticatedButBroken);

function storeDigest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT kind, key, value FROM documents ORDER BY kind, key').all();
    return JSON.stringify(rows);
  } finally {
    db.close();
  }
}

test('10,000 malformed requests: answered below 500, no reset, nothing in the store changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-malformed-'));
  const server = await startServer({ authToken: SECRET, dataDir: dir });
  try {
    const send = (method: string, target: string, headers: string[], body = '') =>
      rawRequest(server.url, [`${method} ${target} HTTP/1.1`, ...headers].join('\r\n'), body);
    assert.equal(
      (await send('PUT', `${RG}?api-version=2022-12-01`, [AUTH], '{"location":"westeurope"}')).status,
      201,
    );
    for (const p of [`${NET}/virtualNetworks/v1`, `${NET}/networkSecurityGroups/n1`]) {
      const body = p.includes('virtualNetworks') ? vnetText : '{"location":"westeurope"}';
      const put = await send('PUT', `${p}?${V}`, [AUTH, 'Content-Type: application/json'], body);
      assert.ok(put.status === 200 || put.status === 201, put.body);
    }
    const before = storeDigest(join(dir, 'vnetlab.db'));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(malformed, async (r) => {
        const answer = await send(r.method, r.target, r.headers, r.body);
        assert.ok(
          answer.status >= 400 && answer.status < 500,
          `${r.method} ${r.target} → ${answer.status} ${answer.body}`,
        );
        refused++;
      }),
      { numRuns: Number(process.env.VNETLAB_FUZZ_REQUESTS ?? 10_000), seed: 20261204 },
    );
    // Bytes that are not HTTP, and a body over ARM's 4 MB.
    for (const garbage of [
      '\u0000\u0001GET',
      'GET / HTTP/9.9',
      'PUT /x HTTP/1.1\r\nContent-Length: -1',
      '\r\n\r\n',
    ]) {
      const answer = await rawBytes(server.url, () => `${garbage}\r\n\r\n`);
      assert.ok(
        answer.status === 0 || (answer.status >= 400 && answer.status < 500),
        `${JSON.stringify(garbage)} → ${answer.status}`,
      );
    }
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const tooLarge = await send(
      'PUT',
      `${NET}/virtualNetworks/v2?${V}`,
      [AUTH, 'Content-Type: application/json'],
      big.toString(),
    );
    assert.equal(tooLarge.status, 413, tooLarge.body);
    assert.equal(
      (JSON.parse(tooLarge.body) as { error: { code: string } }).error.code,
      'RequestContentTooLarge',
    );

    assert.ok(refused >= Number(process.env.VNETLAB_FUZZ_REQUESTS ?? 10_000));
    assert.equal(storeDigest(join(dir, 'vnetlab.db')), before, 'the store changed');
    const list = await send('GET', `${NET}/virtualNetworks?${V}`, [AUTH]);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (JSON.parse(list.body) as { value: { name: string }[] }).value.map((v) => v.name),
      ['v1'],
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
