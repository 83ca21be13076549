// Property: a subnet's lookup() is longest-prefix match over the Active routes its `routes` list shows, for
// random UDRs and BGP-learned prefixes over a world with peering, an AVNM mesh and a gateway (§1.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routesOfSubnet } from './index.ts';
import type { EffectiveRoute } from './index.ts';
import { containsAddress, formatPrefix, maskOf } from '../net/index.ts';
import type { Address, Prefix } from '../net/index.ts';
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
  routeTable,
  vnet,
} from '../model/fixtures.ts';

const prefixArb = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
  .map(([b, c, length]): Prefix => {
    const value = (10n << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n);
    return { version: 4, network: length === 0 ? 0n : value & maskOf(4, length), length };
  });

const udrArb = fc.uniqueArray(
  fc.tuple(
    prefixArb,
    fc.constantFrom('None', 'Internet', 'VnetLocal', 'VirtualAppliance', 'VirtualNetworkGateway'),
  ),
  { maxLength: 6, selector: ([p]) => formatPrefix(p) },
);

const addressArb = fc
  .tuple(
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 0, max: 255 }),
    fc.boolean(),
  )
  .map(([b, c, d, pub]): Address => ({
    version: 4,
    value: pub
      ? (8n << 24n) | (BigInt(c) << 8n) | BigInt(d)
      : (10n << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d),
  }));

function reference(routes: readonly EffectiveRoute[], a: Address): EffectiveRoute[] {
  const live = routes.filter((r) => r.state === 'Active' && r.prefixes.some((p) => containsAddress(p, a)));
  const best = Math.max(-1, ...live.map((r) => r.prefixes[0]!.length));
  return live.filter((r) => r.prefixes[0]!.length === best);
}

test('lookup = LPM over the Active routes listed', () => {
  fc.assert(
    fc.property(
      udrArb,
      fc.uniqueArray(prefixArb, { maxLength: 4, selector: formatPrefix }),
      fc.array(addressArb, { minLength: 1, maxLength: 20 }),
      (udrs, learned, addresses) => {
        const world = build([
          vnet('a', ['10.0.0.0/16'], {
            s: { addressPrefix: '10.0.1.0/24', routeTable: { id: id.rt('rt') } },
            GatewaySubnet: '10.0.255.0/27',
          }),
          gateway('gw', 'a', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.255.30' } }),
          localGateway('onprem', ['192.168.10.0/24']),
          connection('c1', 'gw', 'onprem', { learnedPrefixes: learned.map(formatPrefix) }),
          routeTable(
            'rt',
            udrs.map(([p, type], i) => [
              `r${i}`,
              formatPrefix(p),
              type,
              type === 'VirtualAppliance' ? '10.0.1.4' : undefined,
            ]),
          ),
          vnet('b', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
          vnet('c', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
          ...peer('a', 'b'),
          ...avnm({ g: ['a', 'c'] }),
          connectivity('mesh', {
            connectivityTopology: 'Mesh',
            appliesToGroups: [{ networkGroupId: id.group('g') }],
          }),
          commit('Connectivity', [id.cc('mesh')]),
        ]);
        const subnet = routesOfSubnet(world, id.subnet('a', 's'));
        for (const a of addresses) {
          const expected = reference(subnet.routes, a);
          const got = subnet.lookup(a);
          if (expected.length === 0) assert.equal(got, undefined);
          else
            assert.ok(
              got && expected.includes(got),
              `lookup of ${a.value} chose ${JSON.stringify(got?.origin)}`,
            );
        }
      },
    ),
    { numRuns: 60 },
  );
});
