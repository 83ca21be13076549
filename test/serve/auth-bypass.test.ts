// `serve --auth-token`: the token compared exactly, no spelling of a path that passes unauthenticated, sign-in
// only with the secret, and requests with a parameter or header given twice refused with ARM's 400, never a 500.
// Requests go out as raw bytes, so the paths and headers arrive exactly as written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/arm/index.ts';
import type { RunningServer } from '../../src/arm/index.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import type { RawAnswer } from '../helpers/raw-http.ts';

const SECRET = 'secret';
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const VNET = `${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/x`;
const V = 'api-version=2025-07-01';
const RG_V = 'api-version=2022-12-01';

type Answer = RawAnswer;
const raw = (server: RunningServer, head: string, body = ''): Promise<Answer> =>
  rawRequest(server.url, head, body);

const bearer = (token: string) => `Authorization: Bearer ${token}`;
const codeOf = (a: Answer): unknown => (JSON.parse(a.body) as { error?: { code?: string } }).error?.code;
const VNET_BODY = JSON.stringify({
  location: 'westeurope',
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
});

describe('serve --auth-token', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ authToken: SECRET });
  });
  after(() => server.close());

  it('compares the token byte for byte and the scheme word in any case', async () => {
    const get = (auth: string) => raw(server, `GET ${SUB}/resourceGroups?${RG_V} HTTP/1.1\r\n${auth}`);
    for (const wrong of ['Bearer SECRET', 'Bearer Secret', 'BEARER SECRET', 'Bearer secret2', 'Bearer secre'])
      assert.equal((await get(`Authorization: ${wrong}`)).status, 401, wrong);
    for (const right of ['Bearer secret', 'bearer secret', 'BEARER secret'])
      assert.equal((await get(`Authorization: ${right}`)).status, 200, right);
  });

  it('lets no spelling of an ARM path through without the token', async () => {
    const spellings = [
      `/${SUB}/resourceGroups`,
      `//${SUB}/resourceGroups`,
      `/%73ubscriptions/${SUB.split('/')[2]}/resourceGroups`,
      `/%53UBSCRIPTIONS/${SUB.split('/')[2]}/resourceGroups`,
      `/SUBSCRIPTIONS/${SUB.split('/')[2]}/resourceGroups`,
      '//tenants',
      '/%74enants',
      '/tenants/',
      '/providers/Microsoft.Network/operations',
      '/subscriptions/oauth2/v2.0/token',
    ];
    for (const path of spellings) {
      const answer = await raw(server, `GET ${path}?${V} HTTP/1.1`);
      assert.equal(answer.status, 401, `${path}: ${answer.body}`);
      assert.equal(codeOf(answer), 'AuthenticationFailed', path);
    }
    for (const path of [`/${VNET}`, `//${VNET}`, VNET.replace('/subscriptions', '/%73ubscriptions')]) {
      const put = `PUT ${path}?${V} HTTP/1.1\r\nContent-Type: application/json`;
      assert.equal((await raw(server, put, VNET_BODY)).status, 401, path);
      assert.equal((await raw(server, `DELETE ${path}?${V} HTTP/1.1`)).status, 401, path);
    }
    const group = `PUT ${SUB}/resourceGroups/rg1?${RG_V} HTTP/1.1\r\n${bearer(SECRET)}\r\nContent-Type: application/json`;
    assert.equal((await raw(server, group, '{"location":"westeurope"}')).status, 201);
    const created = await raw(
      server,
      `PUT ${VNET}?${V} HTTP/1.1\r\n${bearer(SECRET)}\r\nContent-Type: application/json`,
      VNET_BODY,
    );
    assert.ok(created.status === 200 || created.status === 201, created.body);
    assert.equal((await raw(server, `DELETE //${VNET}?${V} HTTP/1.1`)).status, 401);
    assert.equal((await raw(server, `GET ${VNET}?${V} HTTP/1.1\r\n${bearer(SECRET)}`)).status, 200);
  });

  it('keeps the sign-in and metadata endpoints open', async () => {
    assert.equal((await raw(server, 'GET /metadata/endpoints?api-version=2022-09-01 HTTP/1.1')).status, 200);
    assert.equal((await raw(server, 'GET /adfs/.well-known/openid-configuration HTTP/1.1')).status, 200);
    assert.equal(
      (await raw(server, 'GET /organizations/v2.0/.well-known/openid-configuration HTTP/1.1')).status,
      200,
    );
  });

  it('hands out a token only to a client that proves the secret', async () => {
    const token = (path: string, form: string) =>
      raw(server, `POST ${path} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded`, form);
    for (const path of ['/adfs/oauth2/token', '/organizations/oauth2/v2.0/token']) {
      const forged = `grant_type=refresh_token&client_id=cli&refresh_token=vnetlab-refresh.${Buffer.from('eve').toString('base64url')}`;
      const refused = await token(path, forged);
      assert.equal(refused.status, 400, refused.body);
      assert.equal((JSON.parse(refused.body) as { error: string }).error, 'invalid_grant');
      const wrongPassword = await token(path, 'grant_type=password&client_id=cli&username=eve&password=nope');
      assert.equal((JSON.parse(wrongPassword.body) as { error: string }).error, 'invalid_grant');
      const wrongSecret = await token(
        path,
        'grant_type=client_credentials&client_id=app&client_secret=SECRET',
      );
      assert.equal(wrongSecret.status, 401);
      assert.equal((JSON.parse(wrongSecret.body) as { error: string }).error, 'invalid_client');

      const signIn = await token(path, `grant_type=password&client_id=cli&username=ann&password=${SECRET}`);
      assert.equal(signIn.status, 200, signIn.body);
      const { refresh_token, access_token } = JSON.parse(signIn.body) as Record<string, string>;
      assert.equal(
        (await raw(server, `GET ${SUB}/resourceGroups?${RG_V} HTTP/1.1\r\n${bearer(access_token!)}`)).status,
        200,
      );
      const refreshed = await token(
        path,
        `grant_type=refresh_token&client_id=cli&refresh_token=${refresh_token}`,
      );
      assert.equal(refreshed.status, 200, refreshed.body);
      const tampered = refresh_token!.replace(
        'vnetlab-refresh.',
        `vnetlab-refresh.${Buffer.from('eve').toString('base64url')}`,
      );
      assert.equal(
        (await token(path, `grant_type=refresh_token&client_id=cli&refresh_token=${tampered}`)).status,
        400,
      );
    }
  });

  it('answers malformed escapes in credentials and forms with an OAuth error, not a 500', async () => {
    const basic = Buffer.from('app:%E0%A4%A').toString('base64');
    const viaBasic = await raw(
      server,
      `POST /organizations/oauth2/v2.0/token HTTP/1.1\r\nAuthorization: Basic ${basic}\r\nContent-Type: application/x-www-form-urlencoded`,
      'grant_type=client_credentials',
    );
    assert.equal(viaBasic.status, 401, viaBasic.body);
    const viaForm = await raw(
      server,
      'POST /organizations/oauth2/v2.0/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded',
      'grant_type=client_credentials&client_id=%E0%A4%A&client_secret=%zz',
    );
    assert.ok(viaForm.status >= 400 && viaForm.status < 500, viaForm.body);
  });
});

describe('a parameter or header given twice', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('gets ARM 400 InvalidParameter, not a 500', async () => {
    const patch = `PATCH ${VNET}?${V}&api-version= HTTP/1.1\r\nContent-Type: application/json`;
    const twice = await raw(server, patch, '{"tags":{}}');
    assert.equal(twice.status, 400, twice.body);
    assert.equal(codeOf(twice), 'InvalidParameter');
    for (const head of [
      `GET ${SUB}/resourceGroups?${RG_V}&${V} HTTP/1.1`,
      `GET ${SUB}/resourceGroups?${RG_V}&$top=1&$top=2 HTTP/1.1`,
      `GET ${SUB}/resourceGroups?${RG_V} HTTP/1.1\r\nIf-Match: *\r\nIf-Match: "x"`,
      `GET ${SUB}/resourceGroups?${RG_V} HTTP/1.1\r\nAuthorization: Bearer a\r\nauthorization: Bearer b`,
    ]) {
      const answer = await raw(server, head);
      assert.equal(answer.status, 400, head);
      assert.equal(codeOf(answer), 'InvalidParameter', head);
    }
    assert.equal((await raw(server, `GET ${SUB}/resourceGroups?${RG_V} HTTP/1.1`)).status, 200);
  });
});
