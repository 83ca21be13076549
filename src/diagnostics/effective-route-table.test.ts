// effectiveRouteTable in Network Watcher's JSON shape (§1.6): keys in Azure's order, NIC by name or ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveRouteTable } from './effective-route-table.ts';
import { build, id, nic, privateEndpoint, routeTable, vnet } from '../compile/routes-fixture.ts';

const world = build([
  routeTable('rt', [['to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.0.2.4']]),
  vnet('a', ['10.20.0.0/16'], {
    s: { addressPrefix: '10.20.1.0/24', routeTable: { id: id.rt('rt') } },
    t: '10.20.2.0/24',
  }),
  nic('n1', 'a', 's', '10.20.1.4'),
  nic('n2', 'a', 't', '10.20.2.4'),
  privateEndpoint('pe1', 'a', 't', '10.20.2.10'),
]);

test('routes of the NIC subnet, as Azure prints them', () => {
  const r = effectiveRouteTable(world, 'n2');
  assert.ok(r.ok);
  assert.deepEqual(r.value.value[0], {
    disableBgpRoutePropagation: false,
    source: 'Default',
    state: 'Active',
    hasBgpOverride: false,
    addressPrefix: ['10.20.0.0/16'],
    nextHopType: 'VnetLocal',
    nextHopIpAddress: [],
    destinationServiceTags: [],
    tagMap: {},
  });
  assert.deepEqual(Object.keys(r.value.value[0]!), [
    'disableBgpRoutePropagation',
    'source',
    'state',
    'hasBgpOverride',
    'addressPrefix',
    'nextHopType',
    'nextHopIpAddress',
    'destinationServiceTags',
    'tagMap',
  ]);
  assert.ok(
    r.value.value.some(
      (x) => x.addressPrefix[0] === '10.20.2.10/32' && x.nextHopType === 'InterfaceEndpoint',
    ),
  );
});

test('User routes carry their name first, and the appliance IP', () => {
  const r = effectiveRouteTable(world, id.nic('n1'));
  assert.ok(r.ok);
  const udr = r.value.value.find((x) => x.source === 'User')!;
  assert.equal(Object.keys(udr)[0], 'name');
  assert.equal(udr.name, 'to-nva');
  assert.deepEqual(udr.nextHopIpAddress, ['10.0.2.4']);
  assert.deepEqual(udr.addressPrefix, ['0.0.0.0/0']);
  const internet = r.value.value.find((x) => x.nextHopType === 'Internet')!;
  assert.equal(internet.state, 'Invalid');
});

test('unknown NIC and private endpoint NIC give one clear reason', () => {
  const unknown = effectiveRouteTable(world, 'nope');
  assert.equal(unknown.ok, false);
  assert.match(!unknown.ok ? unknown.reason : '', /no network interface or virtual machine 'nope'/);
  const peNic = [...world.resources.values()].find((x) => x.name.startsWith('pe1.nic'))!;
  const pe = effectiveRouteTable(world, peNic.id);
  assert.equal(pe.ok, false);
  assert.match(!pe.ok ? pe.reason : '', /private endpoint/);
});
