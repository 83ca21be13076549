import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEndpoint } from './endpoint.ts';

test('IP[:PORT] forms', () => {
  const rows: [string, { address: string; port?: string } | RegExp][] = [
    ['10.0.0.4', { address: '10.0.0.4' }],
    ['10.0.0.4:443', { address: '10.0.0.4', port: '443' }],
    ['10.0.0.4:*', { address: '10.0.0.4', port: '*' }],
    ['2001:db8::4', { address: '2001:db8::4' }],
    ['[2001:db8::4]:443', { address: '2001:db8::4', port: '443' }],
    ['[2001:DB8:0::4]', { address: '2001:db8::4' }],
    ['10.0.0.4:65536', /port '65536' is not 0-65535/],
    ['10.0.0.4:', /port '' is not/],
    ['[10.0.0.4]:80', /brackets are for IPv6/],
    ['10.0.0.256', /is not IP\[:PORT\]/],
    ['host:80', /is not IP\[:PORT\]/],
  ];
  for (const [text, want] of rows) {
    const r = parseEndpoint(text);
    if (want instanceof RegExp) {
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.reason, want, text);
    } else assert.deepEqual(r, { ok: true, value: want }, text);
  }
});
