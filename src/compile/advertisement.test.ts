// Gateway advertisement to on-premises (§7.1, seed 000 "Summarized Gateway Prefixes"): rows assert the
// prefixes advertised, the VNet each came from, and the advice warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advertisedPrefixes } from './index.ts';
import type { World } from '../model/index.ts';
import { avnm, build, commit, connectivity, gateway, id, peer, vnet } from '../model/fixtures.ts';

function hubWorld(summaries?: string[], extraSpokes = 0): World {
  return build([
    vnet(
      'hub',
      ['10.0.0.0/24', '10.0.1.0/24'],
      { GatewaySubnet: '10.0.0.0/27' },
      summaries ? { summarizedGatewayPrefixes: { addressPrefixes: summaries } } : {},
    ),
    gateway('gw', 'hub', { bgpSettings: { asn: 65515, bgpPeeringAddress: '10.0.0.30' } }),
    vnet('s1', ['10.0.8.0/24'], { s: '10.0.8.0/26' }),
    vnet('s2', ['172.16.0.0/24'], { s: '172.16.0.0/26' }),
    vnet('plain', ['10.0.9.0/24'], { s: '10.0.9.0/26' }),
    ...peer('hub', 's1', { allowGatewayTransit: true }, { useRemoteGateways: true }),
    ...peer('hub', 's2', { allowGatewayTransit: true }, { useRemoteGateways: true }),
    // Peered without gateway transit: not advertised.
    ...peer('hub', 'plain', { allowGatewayTransit: true }),
    ...Array.from({ length: extraSpokes }, (_, i) => [
      vnet(`x${i}`, [`10.${100 + (i >> 8)}.${i & 255}.0/24`], { s: `10.${100 + (i >> 8)}.${i & 255}.0/26` }),
      ...peer('hub', `x${i}`, { allowGatewayTransit: true }, { useRemoteGateways: true }),
    ]).flat(),
  ]);
}

const rows = (w: World) =>
  advertisedPrefixes(w, id.gw('gw')).prefixes.map((p) => `${p.prefix} ${p.origin.name}`);
const codes = (w: World) => advertisedPrefixes(w, id.gw('gw')).warnings.map((x) => x.code);

test('default: the hub ranges and the ranges of spokes using the gateway', () => {
  const w = hubWorld();
  assert.deepEqual(rows(w), ['10.0.0.0/24 hub', '10.0.1.0/24 hub', '10.0.8.0/24 s1', '172.16.0.0/24 s2']);
  assert.deepEqual(codes(w), []);
  assert.equal(advertisedPrefixes(w, id.gw('gw')).prefixes[2]!.origin.id, id.vnet('s1'));
});

test('summaries replace the hub space and covered spokes; uncovered spokes stay', () => {
  const w = hubWorld(['10.0.0.0/16']);
  assert.deepEqual(rows(w), ['10.0.0.0/16 hub', '172.16.0.0/24 s2']);
  assert.deepEqual(codes(w), []);
});

test('advice: a summary leaving hub space out, overlapping summaries', () => {
  const w = hubWorld(['10.0.0.0/24', '10.0.0.0/25']);
  assert.deepEqual(rows(w), ['10.0.0.0/24 hub', '10.0.0.0/25 hub', '10.0.8.0/24 s1', '172.16.0.0/24 s2']);
  const warnings = advertisedPrefixes(w, id.gw('gw')).warnings;
  assert.deepEqual(
    warnings.map((x) => [x.code, x.kind, x.target]),
    [
      ['SummaryLeavesHubSpaceUnadvertised', 'advice', id.vnet('hub')],
      ['SummarizedGatewayPrefixesOverlap', 'advice', id.vnet('hub')],
    ],
  );
  assert.match(warnings[0]!.message, /10\.0\.1\.0\/24/);
});

test('advice: more than 1,000 IPv4 prefixes', () => {
  const w = hubWorld(undefined, 999);
  assert.equal(advertisedPrefixes(w, id.gw('gw')).prefixes.length, 1003);
  assert.deepEqual(codes(w), ['AdvertisedPrefixLimitExceeded']);
  assert.deepEqual(codes(hubWorld(['10.0.0.0/8'], 999)), []);
});

test('AVNM hub-and-spoke spokes with useHubGateway are advertised', () => {
  const w = build([
    vnet('hub', ['10.0.0.0/16'], { GatewaySubnet: '10.0.255.0/27' }),
    gateway('gw', 'hub'),
    vnet('a', ['10.1.0.0/16'], { s: '10.1.1.0/24' }),
    vnet('b', ['10.2.0.0/16'], { s: '10.2.1.0/24' }),
    ...avnm({ uses: ['a'], not: ['b'] }),
    connectivity('hs', {
      connectivityTopology: 'HubAndSpoke',
      hubs: [{ resourceId: id.vnet('hub'), resourceType: 'Microsoft.Network/virtualNetworks' }],
      appliesToGroups: [
        { networkGroupId: id.group('uses'), useHubGateway: 'True' },
        { networkGroupId: id.group('not'), useHubGateway: 'False' },
      ],
    }),
    commit('Connectivity', [id.cc('hs')]),
  ]);
  assert.deepEqual(rows(w), ['10.0.0.0/16 hub', '10.1.0.0/16 a']);
});

test('an unknown gateway advertises nothing, with a warning', () => {
  const r = advertisedPrefixes(hubWorld(), id.gw('nope'));
  assert.deepEqual(r.prefixes, []);
  assert.deepEqual(
    r.warnings.map((x) => x.code),
    ['GatewayVnetNotFound'],
  );
});
