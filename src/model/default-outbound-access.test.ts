// defaultOutboundAccess can't change after the subnet is created (azure-semantics §4.2; the 2025-07-01 REST spec:
// "can only be set at the time of subnet creation"), unless ApplyOptions.allowDefaultOutboundAccessChange
// follows Azure's newer behaviour.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_WORLD, findResource } from './world.ts';
import { applyOk, id, problemsOf, put, vnet } from './fixtures.ts';
import type { Change } from './apply.ts';
import type { Subnet } from './types.ts';
import type { World } from './world.ts';

const doa = (w: World): unknown =>
  (findResource(w, id.subnet('v', 's')) as unknown as Subnet).properties.defaultOutboundAccess;

/** VNet v with subnet s, created at `apiVersion`. */
const created = (apiVersion: string): World =>
  applyOk(EMPTY_WORLD, [{ ...vnet('v', ['10.5.0.0/16'], { s: '10.5.1.0/24' }), apiVersion }]).world;

const vnetPut = (value: boolean | undefined): Change =>
  vnet('v', ['10.5.0.0/16'], {
    s:
      value === undefined
        ? { addressPrefix: '10.5.1.0/24' }
        : { addressPrefix: '10.5.1.0/24', defaultOutboundAccess: value },
  });
const subnetPut = (value: boolean): Change =>
  put({
    id: id.subnet('v', 's'),
    properties: { addressPrefix: '10.5.1.0/24', defaultOutboundAccess: value },
  });

describe('defaultOutboundAccess of an existing subnet', () => {
  // [row, api-version the VNet was created with, the update, refused?, value after when accepted]
  const rows: [string, string, Change, boolean, boolean | undefined][] = [
    ['private subnet (2025-07-01) made public by a VNet PUT', '2025-07-01', vnetPut(true), true, undefined],
    ['private subnet made public by a subnet PUT', '2025-07-01', subnetPut(true), true, undefined],
    ['private subnet re-PUT without the property keeps it', '2025-07-01', vnetPut(undefined), false, false],
    ['private subnet re-PUT with the same value', '2025-07-01', subnetPut(false), false, false],
    ['older subnet (property absent) made private', '2024-05-01', subnetPut(false), true, undefined],
    ['older subnet given its effective value true', '2024-05-01', vnetPut(true), false, true],
  ];
  for (const [name, apiVersion, change, refused, after] of rows) {
    it(`${name}: ${refused ? 'DefaultOutboundAccessCannotBeUpdated' : 'accepted'}`, () => {
      const w = created(apiVersion);
      if (refused) {
        const problems = problemsOf(w, [change]);
        assert.deepEqual(
          problems.map((p) => [p.code, p.target]),
          [['DefaultOutboundAccessCannotBeUpdated', id.subnet('v', 's')]],
        );
      } else assert.equal(doa(applyOk(w, [change]).world), after);
    });
  }

  it('allowDefaultOutboundAccessChange accepts the change both ways', () => {
    const allow = { allowDefaultOutboundAccessChange: true };
    const w1 = applyOk(created('2025-07-01'), [subnetPut(true)], allow).world;
    assert.equal(doa(w1), true);
    const w2 = applyOk(w1, [vnetPut(false)], allow).world;
    assert.equal(doa(w2), false);
  });

  it('a subnet created in the same batch may set any value', () => {
    const w = applyOk(created('2025-07-01'), [
      put({
        id: id.subnet('v', 't'),
        properties: { addressPrefix: '10.5.2.0/24', defaultOutboundAccess: true },
      }),
    ]).world;
    assert.equal(
      (findResource(w, id.subnet('v', 't')) as unknown as Subnet).properties.defaultOutboundAccess,
      true,
    );
  });
});
