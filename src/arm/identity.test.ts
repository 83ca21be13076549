import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { generate } from 'selfsigned';
import {
  ARM_AUDIENCE,
  DEFAULT_SUBSCRIPTION_ID,
  TENANT_ID,
  identityRoutes,
  metadataEndpoints,
  tokenClaims,
} from './identity.ts';
import type { IdentityOptions } from './identity.ts';
import { azSession, hasAz, NO_AZ } from '../../test/helpers/az.ts';

const NOW = 1_800_000_000;
const BASE = 'https://127.0.0.1:8443';

async function appWith(options: IdentityOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  identityRoutes(app, { now: () => NOW, ...options });
  await app.ready();
  return app;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

function record(value: unknown): Record<string, unknown> {
  assert.ok(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    `not an object: ${String(value)}`,
  );
  return value as Record<string, unknown>;
}

describe('metadataEndpoints', () => {
  it('answers 2015-01-01 in the flat shape msrestazure reads, naming the AD FS authority', () => {
    const m = record(metadataEndpoints(`${BASE}/`, '2015-01-01'));
    assert.deepEqual(m.authentication, {
      loginEndpoint: `${BASE}/adfs`,
      audiences: [ARM_AUDIENCE, `${BASE}/`],
    });
    assert.equal(m.graphEndpoint, `${BASE}/`);
  });

  it('answers 2019-05-01 with a list of clouds and 2022-09-01 with one cloud', () => {
    const list = metadataEndpoints(BASE, '2019-05-01');
    assert.ok(Array.isArray(list));
    const cloud = record(list[0]);
    assert.equal(cloud.name, 'vnetlab');
    assert.equal(cloud.resourceManager, `${BASE}/`);
    assert.deepEqual(record(metadataEndpoints(BASE, '2022-09-01')), cloud);
  });
});

describe('identityRoutes', () => {
  it('serves the metadata with the base URL of the request, and requires an api-version', async () => {
    const app = await appWith();
    const ok = await app.inject({
      url: '/metadata/endpoints?api-version=2015-01-01',
      headers: { host: 'lab:1' },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(record(record(ok.json()).authentication).loginEndpoint, 'http://lab:1/adfs');
    const missing = await app.inject({ url: '/metadata/endpoints' });
    assert.equal(missing.statusCode, 400);
    assert.equal(record(record(missing.json()).error).code, 'MissingApiVersionParameter');
  });

  it('uses the configured base URL over the request', async () => {
    const app = await appWith({ baseUrl: () => BASE });
    const res = await app.inject({ url: '/adfs/.well-known/openid-configuration' });
    const doc = record(res.json());
    assert.equal(doc.issuer, `${BASE}/adfs`);
    assert.equal(doc.token_endpoint, `${BASE}/adfs/oauth2/token`);
    assert.equal(typeof doc.authorization_endpoint, 'string');
  });

  it('serves Entra v2 discovery per tenant', async () => {
    const app = await appWith({ baseUrl: () => BASE });
    const doc = record(
      (await app.inject({ url: `/${TENANT_ID}/v2.0/.well-known/openid-configuration` })).json(),
    );
    assert.equal(doc.token_endpoint, `${BASE}/${TENANT_ID}/oauth2/v2.0/token`);
    assert.equal(doc.issuer, `${BASE}/${TENANT_ID}/v2.0`);
  });

  it('issues an app token for client credentials, for the audience of the .default scope', async () => {
    const app = await appWith({ baseUrl: () => BASE });
    const res = await app.inject({
      url: '/adfs/oauth2/token',
      ...form({
        grant_type: 'client_credentials',
        client_id: 'app1',
        client_secret: 's',
        scope: `${ARM_AUDIENCE}/.default`,
      }),
    });
    assert.equal(res.statusCode, 200);
    const body = record(res.json());
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    const claims = record(tokenClaims(String(body.access_token)));
    assert.equal(claims.aud, ARM_AUDIENCE);
    assert.equal(claims.appid, 'app1');
    assert.equal(claims.tid, TENANT_ID);
    assert.equal(claims.exp, NOW + 3600);
  });

  it('accepts client_secret_basic credentials on the v2 endpoint', async () => {
    const app = await appWith();
    const res = await app.inject({
      url: `/${TENANT_ID}/oauth2/v2.0/token`,
      ...form({ grant_type: 'client_credentials', scope: 'https://management.azure.com/.default' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('app%3A2:se%3Acret').toString('base64')}`,
      },
    });
    assert.equal(res.statusCode, 200);
    const claims = record(tokenClaims(String(record(res.json()).access_token)));
    assert.equal(claims.appid, 'app:2');
    assert.equal(claims.aud, 'https://management.azure.com');
  });

  it('signs a user in with the password grant and refreshes with the refresh token', async () => {
    const app = await appWith({ baseUrl: () => BASE });
    const signIn = record(
      (
        await app.inject({
          url: '/adfs/oauth2/token',
          ...form({
            grant_type: 'password',
            client_id: 'cli',
            username: 'alice@lab',
            password: 'x',
            scope: 'openid',
          }),
        })
      ).json(),
    );
    const id = record(tokenClaims(String(signIn.id_token)));
    assert.equal(id.aud, 'cli');
    assert.equal(id.iss, `${BASE}/adfs`);
    assert.equal(id.upn, 'alice@lab');
    assert.equal(id.tid, TENANT_ID);
    const refreshed = await app.inject({
      url: '/adfs/oauth2/token',
      ...form({ grant_type: 'refresh_token', client_id: 'cli', refresh_token: String(signIn.refresh_token) }),
    });
    assert.equal(refreshed.statusCode, 200);
    const again = record(tokenClaims(String(record(refreshed.json()).id_token)));
    assert.equal(again.upn, 'alice@lab');
    assert.equal(again.oid, id.oid);
  });

  it('answers bad requests with OAuth errors', async () => {
    const app = await appWith();
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'client_credentials' }, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code', client_id: 'a', code: 'c' }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'refresh_token', client_id: 'a', refresh_token: 'forged' }, 400, 'invalid_grant'],
      [{ grant_type: 'password', client_id: 'a' }, 400, 'invalid_request'],
    ];
    for (const [fields, status, error] of cases) {
      const res = await app.inject({ url: '/adfs/oauth2/token', ...form(fields) });
      assert.equal(res.statusCode, status, JSON.stringify(fields));
      assert.equal(record(res.json()).error, error);
    }
  });

  it('with an auth token, gives that token only to a client presenting it as its secret', async () => {
    const app = await appWith({ authToken: 'lab-token' });
    const request = (secret: string) =>
      app.inject({
        url: '/adfs/oauth2/token',
        ...form({ grant_type: 'client_credentials', client_id: 'a', client_secret: secret }),
      });
    const wrong = await request('guess');
    assert.equal(wrong.statusCode, 401);
    assert.equal(record(wrong.json()).error, 'invalid_client');
    const right = await request('lab-token');
    assert.equal(right.statusCode, 200);
    assert.equal(record(right.json()).access_token, 'lab-token');
    const user = await app.inject({
      url: '/adfs/oauth2/token',
      ...form({ grant_type: 'password', client_id: 'a', username: 'u', password: 'guess' }),
    });
    assert.equal(record(user.json()).error, 'invalid_grant');
  });
});

// The real client: Debian's az 2.45 against a throwaway HTTPS server with the identity routes and stub
// subscription and tenant lists, recording every request so the test shows what az calls.
describe('the Azure CLI against the identity routes', { skip: hasAz ? false : NO_AZ }, () => {
  let app: FastifyInstance;
  let dir: string;
  let baseUrl: string;
  let caCertPath: string;
  const seen: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vnetlab-identity-'));
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    caCertPath = join(dir, 'cert.pem');
    writeFileSync(caCertPath, pems.cert);
    app = Fastify({ logger: false, https: { key: pems.private, cert: pems.cert } });
    app.addHook('onRequest', async (request) => {
      seen.push(`${request.method} ${request.url}${request.headers.authorization ? ' (bearer)' : ''}`);
    });
    identityRoutes(app);
    app.get('/subscriptions', async () => ({
      value: [
        {
          id: `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}`,
          subscriptionId: DEFAULT_SUBSCRIPTION_ID,
          tenantId: TENANT_ID,
          displayName: 'vnetlab',
          state: 'Enabled',
          subscriptionPolicies: {
            locationPlacementId: 'Public_2014-09-01',
            quotaId: 'PayAsYouGo_2014-09-01',
            spendingLimit: 'Off',
          },
          authorizationSource: 'RoleBased',
        },
      ],
    }));
    app.get('/tenants', async () => ({
      value: [
        { id: `/tenants/${TENANT_ID}`, tenantId: TENANT_ID, tenantCategory: 'Home', displayName: 'vnetlab' },
      ],
    }));
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers the cloud, signs in a service principal and a user, and calls ARM with the token', async () => {
    const az = await azSession(baseUrl, caCertPath);
    try {
      assert.equal(az.subscriptionId, DEFAULT_SUBSCRIPTION_ID);
      const account = record(await az.json(['account', 'show']));
      assert.equal(account.id, DEFAULT_SUBSCRIPTION_ID);
      assert.equal(account.tenantId, TENANT_ID);
      assert.equal(account.environmentName, 'vnetlab');
      assert.deepEqual(account.user, { name: 'vnetlab-test', type: 'servicePrincipal' });

      const listed = record(
        await az.json(['rest', '--method', 'get', '--url', '/subscriptions?api-version=2022-12-01']),
      );
      assert.ok(Array.isArray(listed.value) && listed.value.length === 1);

      const user = await az.json(['login', '--username', 'alice@vnetlab.test', '--password', 'any']);
      assert.ok(Array.isArray(user));
      assert.deepEqual(record(user[0]).user, { name: 'alice@vnetlab.test', type: 'user' });
    } finally {
      await az.dispose();
    }
    // Exactly what az asked for, in order: nothing went anywhere else (there is nowhere else to go, but a
    // call to login.microsoftonline.com would have failed the login above).
    assert.deepEqual(seen, [
      'GET /metadata/endpoints?api-version=2015-01-01',
      'GET /adfs/.well-known/openid-configuration',
      'POST /adfs/oauth2/token',
      'GET /subscriptions?api-version=2019-11-01 (bearer)',
      'GET /subscriptions?api-version=2022-12-01 (bearer)',
      'POST /adfs/oauth2/token',
      'GET /tenants?api-version=2019-11-01 (bearer)',
      'GET /subscriptions?api-version=2019-11-01 (bearer)',
    ]);
  });
});
