// --tls serves HTTPS with a self-signed certificate clients can trust by its file; --auth-token makes a bearer
// token required (ARM's 401 codes otherwise); binding beyond loopback without a token is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { startServer } from '../../src/arm/index.ts';

function get(
  url: string,
  ca: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('HTTPS with the generated certificate, and a required bearer token', async () => {
  const server = await startServer({ tls: true, authToken: 's3cret' });
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(server.certFile!, 'utf8');
    const url = `${server.url}/subscriptions?api-version=2022-12-01`;
    const missing = await get(url, ca);
    assert.equal(missing.status, 401);
    assert.equal(
      (JSON.parse(missing.body) as { error: { code: string } }).error.code,
      'AuthenticationFailed',
    );
    const wrong = await get(url, ca, { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(
      (JSON.parse(wrong.body) as { error: { code: string } }).error.code,
      'InvalidAuthenticationToken',
    );
    const right = await get(url, ca, { authorization: 'Bearer s3cret' });
    assert.equal(right.status, 200, right.body);
    // Sign-in metadata needs no token: clients fetch it to get one.
    assert.equal((await get(`${server.url}/metadata/endpoints?api-version=2015-01-01`, ca)).status, 200);
    // A client that does not trust the certificate is refused by TLS itself.
    await assert.rejects(get(url, '', { authorization: 'Bearer s3cret' }));
  } finally {
    await server.close();
  }
});

test('binding beyond loopback needs --auth-token', async () => {
  await assert.rejects(startServer({ host: '0.0.0.0' }), /needs --auth-token/);
});
