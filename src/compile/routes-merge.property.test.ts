// Property: the route list built from slices of a connected group's shared array (routes-merge.ts) equals the
// per-entry definition, for random meshes with overlapping ranges, standard- and high-scale private endpoints,
// UDRs (also to group ranges and PE /32s), a real peering, BGP-learned prefixes and a second mesh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Change } from '../model/index.ts';
import { routesOfSubnet, routesOfSubnetByScan } from './effective-routes.ts';
import {
  avnm,
  build,
  commit,
  connection,
  connectivity,
  gateway,
  id,
  localGateway,
  peer,
  privateEndpoint,
  routeTable,
  vnet,
} from '../model/fixtures.ts';
import { summary } from './routes-test-helpers.ts';

const N = 5;

const vnetArb = fc.record({
  /** Another VNet's /16 this one also claims a /24 of (overlap, removed from the group), or none. */
  overlapWith: fc.option(fc.integer({ min: 0, max: N }), { nil: undefined }),
  highScale: fc.boolean(),
  pes: fc.integer({ min: 0, max: 2 }),
  peSubnetPolicy: fc.constantFrom('Disabled', 'RouteTableEnabled'),
  inMesh: fc.boolean(),
  inSecondMesh: fc.boolean(),
});

/** UDR destinations: member ranges, parts of them, PE /32s, and wider ranges. */
const udrPrefixArb = fc.oneof(
  fc.integer({ min: 0, max: N }).map((i) => `10.${i}.0.0/16`),
  fc.integer({ min: 0, max: N }).map((i) => `10.${i}.2.0/24`),
  fc
    .tuple(fc.integer({ min: 0, max: N }), fc.integer({ min: 0, max: 1 }))
    .map(([i, p]) => `10.${i}.2.${10 + p}/32`),
  fc.constantFrom('10.0.0.0/8', '10.0.0.0/14', '0.0.0.0/0'),
);

const worldArb = fc.record({
  vnets: fc.array(vnetArb, { minLength: 2, maxLength: N, size: 'max' }),
  udrs: fc.uniqueArray(fc.tuple(udrPrefixArb, fc.constantFrom('None', 'Internet', 'VnetLocal')), {
    maxLength: 4,
    selector: ([p]) => p,
  }),
  peered: fc.boolean(),
  learned: fc.uniqueArray(udrPrefixArb, { maxLength: 2 }),
});

test('the sliced route list equals the per-entry definition', () => {
  fc.assert(
    fc.property(worldArb, ({ vnets, udrs, peered, learned }) => {
      const names = vnets.map((_, i) => `v${i}`);
      const changes: Change[] = [];
      vnets.forEach((v, i) => {
        // Peered VNets may not overlap (VnetAddressSpacesOverlap): v0 and v1 then claim nothing extra.
        const overlap =
          v.overlapWith !== undefined && v.overlapWith !== i && !(peered && i < 2)
            ? v.overlapWith
            : undefined;
        changes.push(
          vnet(
            names[i]!,
            [`10.${i}.0.0/16`, ...(overlap !== undefined ? [`10.${overlap}.128.0/24`] : [])],
            {
              s: { addressPrefix: `10.${i}.1.0/24`, ...(i === 0 ? { routeTable: { id: id.rt('rt') } } : {}) },
              pes: { addressPrefix: `10.${i}.2.0/24`, privateEndpointNetworkPolicies: v.peSubnetPolicy },
              ...(i === 0 ? { GatewaySubnet: '10.0.255.0/27' } : {}),
            },
            { privateEndpointVNetPolicies: v.highScale ? 'Basic' : 'Disabled' },
          ),
        );
        for (let p = 0; p < v.pes; p++)
          changes.push(
            privateEndpoint(`pe-${i}-${p}`, id.subnet(names[i]!, 'pes'), { address: `10.${i}.2.${10 + p}` }),
          );
      });
      const mesh = names.filter((_, i) => vnets[i]!.inMesh || i === 0);
      const second = names.filter((_, i) => vnets[i]!.inSecondMesh);
      changes.push(
        routeTable(
          'rt',
          udrs.map(([p, type], i) => [`r${i}`, p, type]),
        ),
        gateway('gw', 'v0', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
        localGateway('onprem', ['192.168.10.0/24']),
        connection('c1', 'gw', 'onprem', { learnedPrefixes: learned }),
        ...(peered ? peer('v0', 'v1') : []),
        ...avnm({ g: mesh, h: second.length ? second : ['v1'] }),
        connectivity('mesh', {
          connectivityTopology: 'Mesh',
          appliesToGroups: [{ networkGroupId: id.group('g') }],
        }),
        connectivity('mesh2', {
          connectivityTopology: 'Mesh',
          appliesToGroups: [{ networkGroupId: id.group('h') }],
        }),
        commit('Connectivity', [id.cc('mesh'), id.cc('mesh2')]),
      );
      const world = build(changes);
      for (const name of names) {
        for (const s of ['s', 'pes']) {
          const subnet = id.subnet(name, s);
          const fast = routesOfSubnet(world, subnet).routes;
          assert.deepEqual(summary(fast), summary(routesOfSubnetByScan(world, subnet)), `${name}/${s}`);
          assert.deepEqual(fast, routesOfSubnetByScan(world, subnet), `${name}/${s}`);
        }
      }
    }),
    { numRuns: 80 },
  );
});
