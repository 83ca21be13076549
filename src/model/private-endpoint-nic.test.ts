// A private endpoint's NIC (azure-semantics §5.1, §5.3; seed 003 scenario B1): a NIC the apply brings for an
// endpoint may carry only what ARM puts on such a NIC, and an endpoint never takes over another NIC's name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getResource } from './world.ts';
import { apply } from './apply.ts';
import { keyOf } from './ids.ts';
import { applyOk, baseWorld, id, nic, privateEndpoint, problemsOf } from './fixtures.ts';
import type { NetworkInterface, PrivateEndpoint } from './types.ts';
import type { World } from './world.ts';

const LB = `${id.nic('x').split('/networkInterfaces')[0]}/loadBalancers/lb`;
const get = <R>(w: World, id: string) => getResource(w, id) as unknown as R | undefined;

/** The NIC of pe1 as `az network nic list` shows it, plus whatever a row adds. */
const peNic = (ipExtra: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  nic('pe1-nic', id.subnet('v1', 'b'), '10.0.2.9', {
    ip: ipExtra,
    properties: {
      privateEndpoint: { id: id.pe('pe1') },
      ...extra,
    },
  });
const endpoint = () =>
  privateEndpoint('pe1', id.subnet('v1', 'b'), { properties: { customNetworkInterfaceName: 'pe1-nic' } });

describe('a NIC brought with its private endpoint', () => {
  // [row, NIC ipconfig extra, NIC extra, the property the problem names]
  const rows: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    [
      'in a load balancer backend pool (B1)',
      { loadBalancerBackendAddressPools: [{ id: `${LB}/backendAddressPools/be` }] },
      {},
      'properties.ipConfigurations[0].properties.loadBalancerBackendAddressPools',
    ],
    [
      'with an inbound NAT rule',
      { loadBalancerInboundNatRules: [{ id: `${LB}/inboundNatRules/ssh` }] },
      {},
      'properties.ipConfigurations[0].properties.loadBalancerInboundNatRules',
    ],
    [
      'with ASGs on its IP configuration (ARM keeps them on the endpoint)',
      { applicationSecurityGroups: [{ id: `${LB.split('/loadBalancers')[0]}/applicationSecurityGroups/a` }] },
      {},
      'properties.ipConfigurations[0].properties.applicationSecurityGroups',
    ],
    [
      'with a public IP',
      { publicIPAddress: { id: id.pip('p') } },
      {},
      'properties.ipConfigurations[0].properties.publicIPAddress',
    ],
    ['with an NSG', {}, { networkSecurityGroup: { id: id.nsg('g') } }, 'properties.networkSecurityGroup'],
    ['with IP forwarding', {}, { enableIPForwarding: true }, 'properties.enableIPForwarding'],
    [
      'with a TAP configuration',
      {},
      {
        tapConfigurations: [
          {
            name: 't',
            properties: {
              virtualNetworkTap: { id: `${LB.split('/loadBalancers')[0]}/virtualNetworkTaps/tap` },
            },
          },
        ],
      },
      'properties.tapConfigurations',
    ],
  ];
  for (const [name, ipExtra, extra, property] of rows) {
    it(`${name}: CannotModifyNicAttachedToPrivateEndpoint naming ${property}`, () => {
      const problems = problemsOf(baseWorld(), [endpoint(), peNic(ipExtra, extra)]);
      const refused = problems.filter((p) => p.code === 'CannotModifyNicAttachedToPrivateEndpoint');
      assert.deepEqual(
        refused.map((p) => p.target),
        [id.nic('pe1-nic')],
      );
      assert.ok(refused[0]!.message.includes(`It carries ${property},`), refused[0]!.message);
      assert.ok(refused[0]!.message.includes(id.pe('pe1')));
    });
  }

  it('as ARM made it (IP forwarding off, empty lists): adopted, not copied', () => {
    const w = applyOk(baseWorld(), [
      endpoint(),
      peNic(
        { loadBalancerBackendAddressPools: [], applicationSecurityGroups: [] },
        { enableIPForwarding: false },
      ),
    ]).world;
    assert.deepEqual(get<PrivateEndpoint>(w, id.pe('pe1'))!.properties.networkInterfaces, [
      { id: id.nic('pe1-nic') },
    ]);
    const n = get<NetworkInterface>(w, id.nic('pe1-nic'))!;
    assert.equal(n.properties.ipConfigurations![0]!.properties.privateIPAddress, '10.0.2.9');
  });
});

describe("an endpoint's NIC name already taken", () => {
  it('by a plain NIC in the same batch: PrivateEndpointCustomNicNameAlreadyExists, on the endpoint', () => {
    const problems = problemsOf(baseWorld(), [endpoint(), nic('pe1-nic', id.subnet('v1', 'a'))]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.target]),
      [['PrivateEndpointCustomNicNameAlreadyExists', id.pe('pe1')]],
    );
    assert.ok(problems[0]!.message.includes('contains custom NIC name pe1-nic which already exists'));
  });
  it('by a NIC of the world before: refused, and that NIC is left as it was', () => {
    const w = applyOk(baseWorld(), [nic('pe1-nic', id.subnet('v1', 'a'))]).world;
    const problems = problemsOf(w, [endpoint()]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.target]),
      [['PrivateEndpointCustomNicNameAlreadyExists', id.pe('pe1')]],
    );
    const kept = get<NetworkInterface>(w, id.nic('pe1-nic'))!;
    assert.equal(kept.properties.privateEndpoint, undefined);
    assert.equal(kept.properties.ipConfigurations![0]!.properties.privateIPAddress, '10.0.1.4');
  });
  it('a different name is created beside the plain NIC', () => {
    const w = applyOk(baseWorld(), [
      nic('pe1-nic', id.subnet('v1', 'a')),
      privateEndpoint('pe1', id.subnet('v1', 'b'), {
        properties: { customNetworkInterfaceName: 'pe1-nic2' },
      }),
    ]).world;
    assert.equal(get<NetworkInterface>(w, id.nic('pe1-nic2'))!.properties.privateEndpoint?.id, id.pe('pe1'));
    assert.equal(get<NetworkInterface>(w, id.nic('pe1-nic'))!.properties.privateEndpoint, undefined);
  });
});

describe('what an apply reports as changed', () => {
  it('names the endpoint and the NIC completion made for it, and nothing else', () => {
    const before = baseWorld();
    const r = apply(before, [endpoint()]);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    const nicId = get<PrivateEndpoint>(r.world, id.pe('pe1'))!.properties.networkInterfaces![0]!.id;
    assert.deepEqual([...r.changed].sort(), [keyOf(nicId), keyOf(id.pe('pe1'))].sort());
    // Everything outside `changed` is the world before's object.
    for (const [key, resource] of r.world.resources)
      if (!r.changed.has(key)) assert.equal(resource, before.resources.get(key));
    const gone = apply(r.world, [{ op: 'delete', id: id.pe('pe1') }]);
    assert.ok(gone.ok);
    assert.ok(gone.changed.has(keyOf(id.pe('pe1'))) && gone.changed.has(keyOf(nicId)));
  });
});
