// effectiveRouteTable in Network Watcher's JSON shape (§1.6): keys in Azure's order, NIC by name or ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveRouteTable, routeJson } from './effective-route-table.ts';
import { routesOfSubnet } from '../compile/index.ts';
import {
  avnm,
  build,
  commit,
  connectivity,
  id,
  nic,
  privateEndpoint,
  routeTable,
  vnet,
} from '../model/fixtures.ts';

const world = build([
  routeTable('rt', [['to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.0.2.4']]),
  vnet('a', ['10.20.0.0/16'], {
    s: { addressPrefix: '10.20.1.0/24', routeTable: { id: id.rt('rt') } },
    t: '10.20.2.0/24',
  }),
  nic('n1', id.subnet('a', 's'), '10.20.1.4'),
  nic('n2', id.subnet('a', 't'), '10.20.2.4'),
  privateEndpoint('pe1', id.subnet('a', 't'), { address: '10.20.2.10' }),
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

// A mesh whose members list the same connected-group routes with their own differences: a UDR to a member's
// range, standard- and high-scale PEs, two subnets sharing one table.
const mesh = build([
  routeTable('to-m2', [['m2', '10.2.0.0/16', 'None']]),
  ...[1, 2, 3, 4, 5].flatMap((i) => [
    vnet(
      `m${i}`,
      [`10.${i}.0.0/16`],
      {
        s: { addressPrefix: `10.${i}.1.0/24`, ...(i === 3 ? { routeTable: { id: id.rt('to-m2') } } : {}) },
        t: `10.${i}.2.0/24`,
      },
      { privateEndpointVNetPolicies: i === 4 ? 'Basic' : 'Disabled' },
    ),
    nic(`n${i}s`, id.subnet(`m${i}`, 's'), `10.${i}.1.4`),
    nic(`n${i}t`, id.subnet(`m${i}`, 't'), `10.${i}.2.4`),
  ]),
  privateEndpoint('pe2', id.subnet('m2', 't'), { address: '10.2.2.10' }),
  privateEndpoint('pe4', id.subnet('m4', 't'), { address: '10.4.2.10' }),
  ...avnm({ g: ['m1', 'm2', 'm3', 'm4', 'm5'] }),
  connectivity('mesh', {
    connectivityTopology: 'Mesh',
    appliesToGroups: [{ networkGroupId: id.group('g') }],
  }),
  commit('Connectivity', [id.cc('mesh')]),
]);
const meshNics = [1, 2, 3, 4, 5].flatMap((i) => [`n${i}s`, `n${i}t`]);

/** The answer by definition: the subnet's routes rendered one by one. */
function expected(name: string) {
  const subnet = id.subnet(`m${name[1]}`, name[2]!);
  return routesOfSubnet(mesh, subnet).routes.map(routeJson);
}

test('in a mesh, each answer is its routes rendered one by one, whatever order the NICs are asked in', () => {
  for (const order of [meshNics, [...meshNics].reverse(), meshNics]) {
    for (const name of order) {
      const r = effectiveRouteTable(mesh, name);
      assert.ok(r.ok, name);
      assert.deepEqual(r.value.value, expected(name), name);
    }
  }
  const m3 = effectiveRouteTable(mesh, 'n3s');
  assert.ok(m3.ok);
  assert.deepEqual(
    m3.value.value.filter((x) => x.addressPrefix[0] === '10.2.0.0/16').map((x) => [x.nextHopType, x.state]),
    [
      ['ConnectedGroup', 'Invalid'],
      ['None', 'Active'],
    ],
  );
  // High-scale m4 lists no PE /32 from the group; the others list pe2's.
  const n4 = effectiveRouteTable(mesh, 'n4s');
  const n1 = effectiveRouteTable(mesh, 'n1s');
  assert.ok(n4.ok && n1.ok);
  assert.equal(n4.value.value.filter((x) => x.addressPrefix[0] === '10.2.2.10/32').length, 0);
  assert.equal(n1.value.value.filter((x) => x.addressPrefix[0] === '10.2.2.10/32').length, 1);
});

test('answers share frozen route objects but each gets its own array', () => {
  const a = effectiveRouteTable(mesh, 'n1s');
  const b = effectiveRouteTable(mesh, 'n1t');
  const c = effectiveRouteTable(mesh, 'n5s');
  assert.ok(a.ok && b.ok && c.ok);
  assert.notEqual(a.value.value, b.value.value);
  const group = (x: typeof c) =>
    x.ok
      ? x.value.value.find((r) => r.addressPrefix[0] === '10.2.0.0/16' && r.nextHopType === 'ConnectedGroup')
      : undefined;
  assert.ok(group(a));
  assert.equal(group(a), group(c));
  assert.ok(Object.isFrozen(group(a)) && Object.isFrozen(group(a)!.addressPrefix));
  assert.throws(() => {
    group(a)!.state = 'Invalid';
  }, TypeError);
  a.value.value.length = 0;
  const again = effectiveRouteTable(mesh, 'n1s');
  assert.ok(again.ok);
  assert.deepEqual(again.value.value, expected('n1s'));
});
