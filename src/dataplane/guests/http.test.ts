import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { httpResponse, parseHttpResponse } from './http.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

test('a response is complete once Content-Length bytes of body are in', () => {
  const full = httpResponse(200, 'OK', '<h1>vm2</h1>\n');
  assert.deepEqual(parseHttpResponse(full, false), { kind: 'complete', status: 200, body: '<h1>vm2</h1>\n' });
  assert.deepEqual(parseHttpResponse(full.subarray(0, full.length - 1), false), { kind: 'incomplete' });
  assert.equal(parseHttpResponse(full.subarray(0, full.length - 1), true).kind, 'malformed');
});

test('without Content-Length the body runs to the end of the connection (RFC 9112 §6.3)', () => {
  const r = bytes('HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\ngone');
  assert.deepEqual(parseHttpResponse(r, false), { kind: 'incomplete' });
  assert.deepEqual(parseHttpResponse(r, true), { kind: 'complete', status: 404, body: 'gone' });
});

test('a status line that is not HTTP is malformed', () => {
  assert.deepEqual(parseHttpResponse(bytes('SSH-2.0-OpenSSH\r\n\r\n'), false), {
    kind: 'malformed',
    reason: "not an HTTP status line: 'SSH-2.0-OpenSSH'",
  });
});

test('any bytes parse to a result, never a throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (b, ended) => {
      assert.ok(
        ['complete', 'incomplete', 'malformed'].includes(parseHttpResponse(b, ended).kind),
        'a known kind',
      );
    }),
  );
});
