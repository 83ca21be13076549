// Members of `properties` unknown to Azure's network provider: found in a resource and its inline children, in
// any case as Json.NET reads them, with the nearest known name; refused or kept with a warning by apply().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unknownMembers } from './members.ts';
import { normalizeResource } from './normalize.ts';
import { apply } from './apply.ts';
import { EMPTY_WORLD } from './world.ts';
import { id, put } from './fixtures.ts';
import type { Resource } from './types.ts';

const normalized = (body: unknown): Resource => {
  const n = normalizeResource(body);
  if (!n.ok) assert.fail(JSON.stringify(n.problems));
  return n.resource;
};
const typo = {
  id: id.vnet('v'),
  location: 'eastus',
  properties: { adressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
};

describe('unknown members', () => {
  it('names a misspelt VNet member with the nearest known one', () => {
    assert.deepEqual(unknownMembers(normalized(typo)), [
      {
        member: 'adressSpace',
        path: 'properties.adressSpace',
        model: 'VirtualNetworkProperties',
        closest: 'addressSpace',
        target: id.vnet('v'),
      },
    ]);
  });

  it("finds them in inline children, at Json.NET's path, and knows members in any case", () => {
    const nic = normalized({
      id: id.nic('n'),
      location: 'eastus',
      properties: {
        EnableIPForwarding: true,
        ipConfigurations: [
          { name: 'a', properties: { subnet: { id: id.subnet('v', 's') } } },
          { name: 'b', properties: { privateIPAlocationMethod: 'Dynamic', zzz: 1 } },
        ],
      },
    });
    assert.deepEqual(
      unknownMembers(nic).map((u) => [u.path, u.model, u.closest]),
      [
        [
          'properties.ipConfigurations[1].properties.privateIPAlocationMethod',
          'NetworkInterfaceIPConfigurationProperties',
          'privateIPAllocationMethod',
        ],
        [
          'properties.ipConfigurations[1].properties.zzz',
          'NetworkInterfaceIPConfigurationProperties',
          undefined,
        ],
      ],
    );
  });

  it('apply() refuses them as NRP does when asked to, and otherwise keeps them with a warning', () => {
    const refused = apply(EMPTY_WORLD, [put(typo)], { unknownMembers: 'refuse' });
    assert.equal(refused.ok, false);
    if (refused.ok) return;
    assert.equal(refused.problems[0]!.code, 'InvalidRequestFormat');
    assert.deepEqual(
      refused.problems[0]!.details!.map((d) => [d.code, d.message]),
      [
        [
          'InvalidJson',
          "Could not find member 'adressSpace' on object of type 'VirtualNetworkProperties'. Path 'properties.adressSpace'. Did you mean 'addressSpace'?",
        ],
      ],
    );
    const kept = apply(EMPTY_WORLD, [put(typo)]);
    assert.equal(kept.ok, true);
    if (!kept.ok) return;
    assert.ok(kept.world.resources.get(id.vnet('v').toLowerCase())!.properties.adressSpace);
    assert.ok(
      kept.warnings.some(
        (w) => w.code === 'UnknownMember' && w.message.includes("Did you mean 'addressSpace'?"),
      ),
    );
  });
});
