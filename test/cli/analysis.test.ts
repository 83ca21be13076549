// The analysis verbs wire the library through: tables by default, Azure's JSON with --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vnetlab, vnetlabInProcess, writeFixtures } from './fixtures.ts';

const f = writeFixtures();

test('routes: a table with the route table route, and Azure JSON', () => {
  const table = vnetlab('routes', '-t', f.lab, 'vm-a');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /Source.*State.*Address Prefixes.*Next Hop Type.*Next Hop IP.*Origin/);
  assert.match(table.stdout, /User.*Active.*10\.9\.0\.0\/16.*None.*blackhole/);
  assert.match(table.stdout, /Default.*Active.*10\.0\.0\.0\/16.*VnetLocal/);
  const out = JSON.parse(vnetlab('routes', '-t', f.lab, 'nic-a', '--json').stdout) as {
    value: { name?: string; source: string; addressPrefix: string[]; nextHopType: string }[];
  };
  const udr = out.value.find((r) => r.source === 'User');
  assert.deepEqual([udr?.name, udr?.addressPrefix, udr?.nextHopType], ['blackhole', ['10.9.0.0/16'], 'None']);
});

test('rules: one table per association, and Azure JSON', () => {
  const table = vnetlab('rules', '-t', f.lab, 'nic-web');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /networkSecurityGroups\/nsg-web on subnet virtualNetworks\/vnet1\/subnets\/web/);
  assert.match(table.stdout, /allow-https.*100.*Inbound.*Allow/);
  const out = JSON.parse(vnetlab('rules', '-t', f.lab, 'nic-web', '--json').stdout) as {
    value: { networkSecurityGroup: { id: string }; effectiveSecurityRules: { name: string }[] }[];
  };
  assert.equal(out.value.length, 1);
  assert.match(out.value[0]!.networkSecurityGroup.id, /\/networkSecurityGroups\/nsg-web$/);
  assert.ok(out.value[0]!.effectiveSecurityRules.some((r) => /allow-https$/.test(r.name)));
});

test('next-hop: the UDR decides; JSON is NextHopResult', () => {
  const table = vnetlab('next-hop', '-t', f.lab, '--source', 'nic-a', '--destination', '10.9.1.1');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /nic-a 10\.0\.2\.4.*10\.9\.1\.1.*None.*routeTables\/rt-app/);
  const out = JSON.parse(
    vnetlab('next-hop', '-t', f.lab, '--source', 'vm-a', '--destination', '10.0.1.4', '--json').stdout,
  ) as Record<string, unknown>;
  assert.deepEqual(out, { nextHopType: 'VnetLocal', routeTableId: 'System Route' });
});

test('next-hop: --destination takes a NIC or VM as trace does (its primary IP)', async () => {
  const toward = (destination: string) =>
    vnetlabInProcess('next-hop', '-t', f.lab, '--source', 'vm-a', '--destination', destination);
  const table = await toward('nic-web');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /nic-web 10\.0\.1\.4.*VnetLocal/);
  const unknown = await toward('nic-zz');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /'nic-zz' is neither an IP address nor a NIC or VM/);
});

test('verify: the deciding rule, in a table and as VerificationIPFlowResult', () => {
  const args = ['verify', '-t', f.lab, 'nic-web', '--direction', 'inbound', '--protocol', 'tcp'];
  const table = vnetlab(...args, '--local', '10.0.1.4:22', '--remote', '10.0.2.4:50000');
  // Issue 11 changed this exit from 0 to 1: verify exits 1 on Deny, as trace does on a drop.
  assert.equal(table.code, 1, table.stderr);
  assert.match(table.stdout, /Inbound.*TCP.*10\.0\.1\.4:22.*Deny.*securityRules\/deny-ssh/);
  const allowed = vnetlab(...args, '--local', '10.0.1.4:443', '--remote', '10.0.2.4:50000', '--json');
  assert.equal(allowed.code, 0, allowed.stderr);
  const out = JSON.parse(allowed.stdout);
  assert.deepEqual(out, { access: 'Allow', ruleName: 'securityRules/allow-https' });
});

test('advertised: an unknown gateway is bad input', () => {
  const r = vnetlab('advertised', '-t', f.lab, 'gw-zz');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^vnetlab: .*gw-zz/);
});
