import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BROADCAST_MAC,
  isBroadcastMac,
  isMulticastMac,
  macFromSeed,
  mustParseMac,
  parseMac,
  readMac,
  writeMac,
} from './mac.ts';
import { dirty, hex, toHex } from './test-helpers.ts';

test('readMac and writeMac use lowercase colon form', () => {
  const bytes = hex('00 0d3a123456 ff');
  assert.equal(readMac(bytes, 1), '0d:3a:12:34:56:ff');
  const out = dirty(8);
  writeMac(out, 1, '00:0d:3a:ab:cd:ef');
  assert.equal(toHex(out), 'a5000d3aabcdefa5');
  assert.throws(() => writeMac(out, 0, '00-0d-3a-ab-cd-ef'), /canonical/);
});

test('parseMac accepts colons, dashes (Azure macAddress) or bare hex, and rejects the rest', () => {
  for (const text of ['00:0D:3A:12:34:56', '00-0d-3a-12-34-56', '000D3A123456']) {
    assert.deepEqual(parseMac(text), { ok: true, value: '00:0d:3a:12:34:56' }, text);
  }
  for (const bad of [
    '',
    '00:0d:3a:12:34',
    '00:0d-3a:12:34:56',
    '00:0d:3a:12:34:5g',
    '000d3a1234567',
    '0:d:3a:12:34:56',
  ]) {
    assert.equal(parseMac(bad).ok, false, bad);
  }
  assert.throws(() => mustParseMac('nope'));
});

test('group and broadcast addresses', () => {
  assert.ok(isMulticastMac(BROADCAST_MAC));
  assert.ok(isBroadcastMac(BROADCAST_MAC));
  assert.ok(isMulticastMac('01:00:5e:00:00:01'));
  assert.ok(isMulticastMac('33:33:ff:00:00:05'));
  assert.ok(!isMulticastMac('00:0d:3a:12:34:56'));
  assert.ok(!isMulticastMac('12:34:56:78:9a:bc'));
});

test('macFromSeed is deterministic, locally administered and unicast', () => {
  const a = macFromSeed(
    '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1',
  );
  assert.equal(
    a,
    macFromSeed('/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1'),
  );
  assert.notEqual(
    a,
    macFromSeed('/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic2'),
  );
  fc.assert(
    fc.property(fc.string(), (seed) => {
      const mac = macFromSeed(seed);
      assert.deepEqual(parseMac(mac), { ok: true, value: mac });
      const first = parseInt(mac.slice(0, 2), 16);
      assert.equal(first & 0x03, 0x02);
      assert.ok(!isMulticastMac(mac));
    }),
    { numRuns: 500 },
  );
});

test('write then read is the identity on canonical MACs', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
      const mac = readMac(bytes, 0);
      const out = new Uint8Array(6);
      writeMac(out, 0, mac);
      assert.deepEqual(out, bytes);
      assert.equal(isMulticastMac(mac), (bytes[0]! & 1) === 1);
    }),
    { numRuns: 500 },
  );
});
