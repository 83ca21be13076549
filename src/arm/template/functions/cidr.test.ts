import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, evError, table } from '../fixtures/eval.ts';

// Expected values are the examples of learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr.
test('parseCidr (docs examples)', () => {
  assert.deepEqual(ev("[parseCidr('10.144.0.0/20')]"), {
    network: '10.144.0.0',
    netmask: '255.255.240.0',
    broadcast: '10.144.15.255',
    firstUsable: '10.144.0.1',
    lastUsable: '10.144.15.254',
    cidr: 20,
  });
  assert.deepEqual(ev("[parseCidr('fdad:3236:5555::/48')]"), {
    network: 'fdad:3236:5555::',
    netmask: 'ffff:ffff:ffff::',
    firstUsable: 'fdad:3236:5555::',
    lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff',
    cidr: 48,
  });
  assert.deepEqual(ev("[parseCidr('10.0.0.4/32')]"), {
    network: '10.0.0.4',
    netmask: '255.255.255.255',
    broadcast: '10.0.0.4',
    firstUsable: '10.0.0.4',
    lastUsable: '10.0.0.4',
    cidr: 32,
  });
});

test('cidrSubnet (docs examples)', () => {
  table([
    ["[cidrSubnet('10.144.0.0/20', 24, 0)]", '10.144.0.0/24'],
    ["[cidrSubnet('10.144.0.0/20', 24, 1)]", '10.144.1.0/24'],
    ["[cidrSubnet('10.144.0.0/20', 24, 4)]", '10.144.4.0/24'],
    ["[cidrSubnet('fdad:3236:5555::/48', 52, 0)]", 'fdad:3236:5555::/52'],
    ["[cidrSubnet('fdad:3236:5555::/48', 52, 1)]", 'fdad:3236:5555:1000::/52'],
    ["[cidrSubnet('fdad:3236:5555::/48', 52, 4)]", 'fdad:3236:5555:4000::/52'],
    ["[cidrSubnet('10.0.0.0/16', 16, 0)]", '10.0.0.0/16'],
  ]);
  assert.match(evError("[cidrSubnet('10.144.0.0/20', 24, 16)]"), /subnet index '16' is out of range/);
  assert.match(evError("[cidrSubnet('10.144.0.0/20', 19, 0)]"), /new CIDR '19' must be between 20 and 32/);
  assert.match(evError("[cidrSubnet('10.144.0.0', 24, 0)]"), /is not a valid CIDR notation/);
});

test('cidrHost skips the network address (docs examples)', () => {
  table([
    ["[cidrHost('10.144.3.0/24', 0)]", '10.144.3.1'],
    ["[cidrHost('10.144.3.0/24', 4)]", '10.144.3.5'],
    ["[cidrHost('10.144.3.0/24', 253)]", '10.144.3.254'],
    ["[cidrHost('fdad:3236:5555:3000::/52', 0)]", 'fdad:3236:5555:3000::1'],
    ["[cidrHost('fdad:3236:5555:3000::/52', 4)]", 'fdad:3236:5555:3000::5'],
  ]);
  assert.match(evError("[cidrHost('10.144.3.0/24', 254)]"), /host index '254' is out of range/);
  assert.match(evError("[cidrHost('10.144.3.0/24', -1)]"), /out of range/);
});
