// The member names NRP knows (src/model/property-names.ts) agree with the installed Azure SDK's models, and
// every body vnetlab answers on GET holds only known members, so a client that GETs, edits and PUTs back (the
// Azure CLI's generic update, Set-AzVirtualNetwork) is never refused for what vnetlab itself wrote.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROPERTY_NAMES } from '../src/model/property-names.ts';
import { normalizeResource, unknownMembers } from '../src/model/index.ts';
import { loadWorld } from '../src/topology/index.ts';
import { renderResource } from '../src/arm/render.ts';
import { propertyNames } from '../scripts/property-names.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

describe('known property names', () => {
  it('are those of the installed @azure/arm-network (regenerate: node --import tsx scripts/property-names.ts)', async () => {
    assert.deepEqual(PROPERTY_NAMES, await propertyNames());
  });

  it("every example's resources, as GET answers them, hold only members NRP knows", () => {
    const found: string[] = [];
    let checked = 0;
    for (const example of readdirSync(EXAMPLES)) {
      const file = `${EXAMPLES}${example}/topology.yaml`;
      if (!existsSync(file)) continue;
      const loaded = loadWorld(file);
      assert.ok(loaded.ok && !loaded.value.problems.length, file);
      for (const resource of loaded.value.world.resources.values()) {
        const n = normalizeResource(renderResource(loaded.value.world, resource));
        assert.ok(n.ok, resource.id);
        for (const u of unknownMembers(n.resource)) found.push(`${example}: ${u.target} ${u.path}`);
        checked++;
      }
    }
    assert.ok(checked > 50, `${checked} resources checked`);
    assert.deepEqual(found, []);
  });
});
