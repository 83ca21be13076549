// apply()'s own mechanics: the world before is never mutated (completion copies only what it did not build),
// inline children folded into a parent, deletes of AVNM sub-resources, warnings of a refused batch, links built
// during apply, and dynamic addresses across several subnet prefixes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import { EMPTY_WORLD, findResource, getResource } from './world.ts';
import { linksOf } from './links.ts';
import { buildLinks } from './links-build.ts';
import { keyOf } from './ids.ts';
import {
  applyOk,
  baseWorld,
  del,
  id,
  NET,
  nic,
  nsg,
  peering,
  privateEndpoint,
  problemsOf,
  put,
  rule,
  vnet,
} from './fixtures.ts';
import type { World } from './world.ts';
import type { Change } from './apply.ts';
import type { IpConfiguration, NetworkInterface, Resource, VirtualNetwork } from './types.ts';

const snapshot = (w: World): string => JSON.stringify([...w.resources]);
const get = <R>(w: World, id: string) => getResource(w, id) as unknown as R | undefined;
const addressOf = (w: World, name: string): string | undefined =>
  (get<NetworkInterface>(w, id.nic(name))?.properties.ipConfigurations?.[0] as IpConfiguration | undefined)
    ?.properties.privateIPAddress;

describe('the world before is never changed', () => {
  // Each row changes something of a resource the first world holds; the first world must read the same after.
  const rows: [string, (w: World) => World][] = [
    [
      'a subnet PUT on its own',
      (w) =>
        applyOk(w, [put({ id: id.subnet('v1', 'c'), properties: { addressPrefix: '10.0.3.0/24' } })]).world,
    ],
    ['a VNet re-PUT', (w) => applyOk(w, [vnet('v1', ['10.0.0.0/16'], { a: '10.0.1.0/24' })]).world],
    ['a subnet delete', (w) => applyOk(w, [del(id.subnet('v1', 'b'))]).world],
    [
      'a NIC re-PUT keeping its address',
      (w) =>
        applyOk(w, [nic('n1', id.subnet('v1', 'a'), undefined, { properties: { tags: { t: '1' } } })]).world,
    ],
    [
      'an NSG rule PUT on its own',
      (w) =>
        applyOk(w, [
          put({
            id: `${id.nsg('g')}/securityRules/r2`,
            properties: rule('r2', { priority: 200 }).properties,
          }),
        ]).world,
    ],
  ];
  for (const [name, change] of rows) {
    it(name, () => {
      const w1 = applyOk(baseWorld(), [nic('n1', id.subnet('v1', 'a')), nsg('g', [rule('r1')])]).world;
      const before = snapshot(w1);
      const w2 = change(w1);
      assert.equal(snapshot(w1), before);
      assert.notEqual(snapshot(w2), before);
    });
  }
});

describe('inline children put on their own', () => {
  it('a subnet PUT after its VNet in the same batch joins it, stamped like its siblings', () => {
    const w = applyOk(EMPTY_WORLD, [
      vnet('v', ['10.9.0.0/16'], { a: '10.9.1.0/24' }),
      put({ id: id.subnet('v', 'b'), properties: { addressPrefix: '10.9.2.0/24' } }),
    ]).world;
    const v = get<VirtualNetwork>(w, id.vnet('v'))!;
    assert.deepEqual(
      v.properties.subnets!.map((s) => [s.name, s.properties.provisioningState, s.etag === v.etag]),
      [
        ['a', 'Succeeded', true],
        ['b', 'Succeeded', true],
      ],
    );
  });
  it('a subnet PUT twice in one batch is one subnet with the last body', () => {
    const w = applyOk(EMPTY_WORLD, [
      vnet('v', ['10.9.0.0/16'], { a: '10.9.1.0/24' }),
      put({ id: id.subnet('v', 'a'), properties: { addressPrefix: '10.9.3.0/24' } }),
    ]).world;
    const v = get<VirtualNetwork>(w, id.vnet('v'))!;
    assert.deepEqual(
      v.properties.subnets!.map((s) => [s.name, s.properties.addressPrefix]),
      [['a', '10.9.3.0/24']],
    );
  });
});

describe('a VNet PUT that omits subnets', () => {
  // The blog post "Azure Virtual Network now supports updates without subnet property": 2023-09-01 and later.
  const withNic = (): World =>
    applyOk(EMPTY_WORLD, [
      vnet('v', ['10.9.0.0/16'], { a: '10.9.1.0/24' }),
      nic('n1', id.subnet('v', 'a'), '10.9.1.4'),
    ]).world;
  const bare = (apiVersion: string, properties: Record<string, unknown> = {}) =>
    put(
      {
        id: id.vnet('v'),
        location: 'eastus',
        properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] }, ...properties },
      },
      apiVersion,
    );
  const subnetsOf = (w: World) =>
    (get<VirtualNetwork>(w, id.vnet('v'))!.properties.subnets ?? []).map((s) => [
      s.name,
      s.properties.addressPrefix,
    ]);

  it('keeps the subnets it has from api-version 2023-09-01, with the NIC still in its subnet', () => {
    const before = withNic();
    const w = applyOk(before, [bare('2023-09-01', { enableDdosProtection: false })]).world;
    assert.deepEqual(subnetsOf(w), [['a', '10.9.1.0/24']]);
    assert.equal(
      get<NetworkInterface>(w, id.nic('n1'))!.properties.ipConfigurations![0]!.properties.privateIPAddress,
      '10.9.1.4',
    );
    assert.deepEqual(subnetsOf(before), [['a', '10.9.1.0/24']]);
  });
  it('removes them with an older api-version, or with an explicit empty list, as Azure does', () => {
    const lone = applyOk(EMPTY_WORLD, [vnet('v', ['10.9.0.0/16'], { a: '10.9.1.0/24' })]).world;
    assert.deepEqual(subnetsOf(applyOk(lone, [bare('2023-06-01')]).world), []);
    assert.deepEqual(subnetsOf(applyOk(lone, [bare('2024-05-01', { subnets: [] })]).world), []);
    // With a NIC in the subnet, removing it is refused: the reason the newer behaviour exists.
    assert.ok(
      problemsOf(withNic(), [bare('2023-06-01')]).some((p) => p.code === 'InUseSubnetCannotBeDeleted'),
    );
  });
});

describe('deletes', () => {
  const NM = `${NET}/networkManagers/nm`;
  const group = `${NM}/networkGroups/g`;
  const avnm = () =>
    applyOk(EMPTY_WORLD, [
      vnet('a', ['10.1.0.0/16']),
      put({ id: NM, location: 'eastus', properties: { networkManagerScopeAccesses: ['Connectivity'] } }),
      put({ id: group, properties: { memberType: 'VirtualNetwork' } }),
      put({ id: `${group}/staticMembers/m`, properties: { resourceId: id.vnet('a') } }),
    ]).world;
  it('deleting a network group removes its static members', () => {
    const w = applyOk(avnm(), [del(group)]).world;
    assert.deepEqual([...w.resources.values()].map((r) => r.name).sort(), ['a', 'nm']);
  });
  it('deleting a network manager removes every sub-resource under it', () => {
    const w = applyOk(avnm(), [del(NM)]).world;
    assert.deepEqual(
      [...w.resources.values()].map((r) => r.name),
      ['a'],
    );
  });
  it('deleting a VNet leaves other resources whose IDs start with the same text', () => {
    const w1 = applyOk(EMPTY_WORLD, [vnet('v', ['10.1.0.0/16']), vnet('v2', ['10.2.0.0/16'])]).world;
    const w2 = applyOk(w1, [del(id.vnet('v'))]).world;
    assert.deepEqual(
      [...w2.resources.values()].map((r) => r.name),
      ['v2'],
    );
  });
});

describe('a refused batch', () => {
  it('keeps the warnings of what it would have done', () => {
    const r = apply(EMPTY_WORLD, [
      vnet('h', ['10.1.0.0/16']),
      vnet(
        's',
        ['10.2.0.0/16'],
        {},
        { virtualNetworkPeerings: [peering('s', 'h', { peerCompleteVnets: false })] },
      ),
      put({ id: '/not/an/id', properties: {} }),
    ]);
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.problems.map((p) => p.code), ['LinkedInvalidPropertyId']);
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.target]),
      [['SubnetPeeringNotModelled', `${id.vnet('s')}/virtualNetworkPeerings/to-h`]],
    );
  });
});

describe('links', () => {
  it('apply() leaves the links of its world built, equal to a fresh build', () => {
    const w = applyOk(baseWorld(), [
      nic('n1', id.subnet('v1', 'a')),
      nic('n2', id.subnet('v1', 'a'), '10.0.1.10'),
      privateEndpoint('pe', id.subnet('v1', 'b')),
      vnet('v2', ['10.2.0.0/16'], {}, { virtualNetworkPeerings: [peering('v2', 'v1')] }),
    ]).world;
    const cached = linksOf(w);
    assert.equal(linksOf(w), cached);
    assert.deepEqual(cached, buildLinks(w));
    assert.deepEqual(
      cached.addressesOfSubnet.get(keyOf(id.subnet('v1', 'a')))!.map((a) => [a.nic.name, a.address]),
      [
        ['n1', '10.0.1.4'],
        ['n2', '10.0.1.10'],
      ],
    );
  });
});

describe('dynamic and static addresses in one batch', () => {
  it('a dynamic NIC put before a static .4 gets .5; a static .5 in a later batch is PrivateIPAddressIsAllocated', () => {
    const w = applyOk(baseWorld(), [
      nic('dyn', id.subnet('v1', 'a')),
      nic('fixed', id.subnet('v1', 'a'), '10.0.1.4'),
    ]).world;
    assert.deepEqual([addressOf(w, 'dyn'), addressOf(w, 'fixed')], ['10.0.1.5', '10.0.1.4']);
    const r = apply(w, [nic('late', id.subnet('v1', 'a'), '10.0.1.5')]);
    assert.deepEqual(r.ok ? [] : r.problems.map((p) => [p.code, p.target]), [
      ['PrivateIPAddressIsAllocated', `${id.nic('late')}/ipConfigurations/ipconfig1`],
    ]);
  });
});

describe('dynamic addresses over several prefixes', () => {
  it('fill the first prefix, then the next, in the order the subnet lists them', () => {
    const w0 = applyOk(EMPTY_WORLD, [
      vnet('v', ['10.1.0.0/16'], { s: { addressPrefixes: ['10.1.9.0/29', '10.1.2.0/29'] } }),
    ]).world;
    const w = applyOk(
      w0,
      ['a', 'b', 'c', 'd', 'e'].map((n) => nic(n, id.subnet('v', 's'))),
    ).world;
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e'].map((n) => addressOf(w, n)),
      ['10.1.9.4', '10.1.9.5', '10.1.9.6', '10.1.2.4', '10.1.2.5'],
    );
  });
  it('IPv6 configurations get the lowest free address of the /64 after the reserved ones', () => {
    const w0 = applyOk(EMPTY_WORLD, [
      vnet('v', ['10.1.0.0/16', 'fd00:1::/48'], {
        s: { addressPrefixes: ['10.1.1.0/24', 'fd00:1:0:1::/64'] },
      }),
    ]).world;
    const v6 = (name: string, address?: string) =>
      nic(name, id.subnet('v', 's'), undefined, {
        properties: {
          ipConfigurations: [
            { name: 'v4', properties: { subnet: { id: id.subnet('v', 's') }, primary: true } },
            {
              name: 'v6',
              properties: {
                subnet: { id: id.subnet('v', 's') },
                privateIPAddressVersion: 'IPv6',
                ...(address ? { privateIPAddress: address } : {}),
              },
            },
          ],
        },
      });
    const w = applyOk(w0, [v6('a', 'fd00:1:0:1::4'), v6('b')]).world;
    const ipc = (name: string) =>
      (get<NetworkInterface>(w, id.nic(name))!.properties.ipConfigurations ?? []).map(
        (c) => c.properties.privateIPAddress,
      );
    assert.deepEqual(ipc('a'), ['10.1.1.4', 'fd00:1:0:1::4']);
    assert.deepEqual(ipc('b'), ['10.1.1.5', 'fd00:1:0:1::5']);
  });
});

describe('completion of a NIC adopted from the world before', () => {
  it('a PE that adopts an existing NIC naming it does not change the world before', () => {
    const orphan = nic('pe.nic.x', id.subnet('v1', 'b'), '10.0.2.9', {
      properties: {
        privateEndpoint: { id: `${id.vnet('v1').split('/virtualNetworks')[0]}/privateEndpoints/pe` },
      },
    });
    const w1 = applyOk(baseWorld(), [orphan]).world;
    const before = snapshot(w1);
    const w2 = applyOk(w1, [
      privateEndpoint('pe', id.subnet('v1', 'b'), {
        properties: { networkInterfaces: [{ id: id.nic('pe.nic.x') }] },
      }),
    ]).world;
    assert.equal(snapshot(w1), before);
    const adopted = findResource(w2, id.nic('pe.nic.x')) as Resource | undefined;
    assert.equal(adopted?.properties.provisioningState, 'Succeeded');
  });
});

describe('the subnet index carried from the world before', () => {
  it('equals the index built from scratch after puts, re-puts, child puts and deletes', () => {
    const steps: Change[][] = [
      [
        vnet('a', ['10.0.0.0/16'], { s1: '10.0.1.0/24', s2: '10.0.2.0/24' }),
        vnet('b', ['10.1.0.0/16'], { t1: '10.1.1.0/24' }),
      ],
      [vnet('a', ['10.0.0.0/16'], { s1: '10.0.1.0/24', s3: '10.0.3.0/24' })],
      [
        {
          op: 'put',
          resource: { id: `${id.vnet('b')}/subnets/t2`, properties: { addressPrefix: '10.1.2.0/24' } },
        },
      ],
      [{ op: 'delete', id: `${id.vnet('b')}/subnets/t1` }],
      [{ op: 'delete', id: id.vnet('a') }],
    ];
    let world = EMPTY_WORLD;
    for (const changes of steps) {
      const r = apply(world, changes);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
      world = r.world;
      const carried = linksOf(world).subnets;
      const scratch = buildLinks({ resources: new Map(world.resources), commits: world.commits }).subnets;
      assert.deepEqual([...carried.keys()].sort(), [...scratch.keys()].sort());
      for (const [key, entry] of scratch) {
        assert.equal(carried.get(key)!.subnet, entry.subnet, key);
        assert.equal(carried.get(key)!.vnet, entry.vnet, key);
      }
    }
  });
});
