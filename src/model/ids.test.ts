// Resource IDs: the string-slicing fast paths (parentIdOf, canonicalResourceId, keyOf) agree with the full
// parse-and-format they replace, for any ID shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canonicalResourceId,
  formatResourceId,
  keyOf,
  nameOf,
  parentIdOf,
  parseResourceId,
  scanCanonicalId,
  typeOf,
} from './ids.ts';

/** parentIdOf as it was: parse, drop the last (type, name), format. */
function referenceParent(id: string): string | undefined {
  const r = parseResourceId(id);
  if (!r.ok || r.value.types.length < 2) return undefined;
  const v = r.value;
  return formatResourceId({ ...v, types: v.types.slice(0, -1), names: v.names.slice(0, -1) });
}

const BASE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';

// Segments drawn from a small alphabet that includes the literal words in other casings and empty segments.
const segment = fc.constantFrom(
  'subscriptions',
  'SUBSCRIPTIONS',
  'resourceGroups',
  'resourcegroups',
  'providers',
  'Providers',
  'Microsoft.Network',
  'virtualNetworks',
  'subnets',
  'v1',
  'x',
  '',
);
const anyId = fc
  .tuple(fc.array(segment, { minLength: 0, maxLength: 13 }), fc.constantFrom('', '/', '//'))
  .map(([parts, tail]) => `/${parts.join('/')}${tail}`);
const wellFormedId = fc
  .tuple(
    fc.constantFrom('subscriptions', 'Subscriptions'),
    fc.constantFrom('resourceGroups', 'RESOURCEGROUPS'),
    fc.constantFrom('providers', 'PROVIDERS'),
    fc.array(fc.constantFrom('virtualNetworks', 'v', 'subnets', 's', 'providers', 'rules'), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constantFrom('', '/'),
  )
  .map(
    ([s, rg, p, pairs, tail]) =>
      `/${s}/sub/${rg}/rg/${p}/Microsoft.Network/${pairs.map((t, i) => `${t}/n${i}`).join('/')}${tail}`,
  );

describe('parentIdOf', () => {
  const rows: [string, string | undefined][] = [
    [`${BASE}/virtualNetworks/v`, undefined],
    [`${BASE}/virtualNetworks/v/subnets/s`, `${BASE}/virtualNetworks/v`],
    [`${BASE}/virtualNetworks/v/subnets/s/`, `${BASE}/virtualNetworks/v`],
    [
      `${BASE}/networkManagers/nm/networkGroups/g/staticMembers/m`,
      `${BASE}/networkManagers/nm/networkGroups/g`,
    ],
    // A resource group named "providers" must not be mistaken for the providers segment.
    [
      '/subscriptions/s/resourceGroups/providers/providers/N/a/b/c/d',
      '/subscriptions/s/resourceGroups/providers/providers/N/a/b',
    ],
    // Other casings of the literal segments come back in ARM's casing, as formatResourceId writes them.
    [
      '/SUBSCRIPTIONS/s/resourcegroups/rg/PROVIDERS/N/a/b/c/d',
      '/subscriptions/s/resourceGroups/rg/providers/N/a/b',
    ],
    [`${BASE}//v/subnets/s`, undefined],
    ['not an id', undefined],
  ];
  for (const [id, parent] of rows)
    it(`${id} -> ${String(parent)}`, () => assert.equal(parentIdOf(id), parent));

  it('agrees with parse + format on any ID (property)', () => {
    fc.assert(
      fc.property(fc.oneof(anyId, wellFormedId), (id) => parentIdOf(id) === referenceParent(id)),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalResourceId', () => {
  it('returns formatResourceId of the parse, and the same string when it is already canonical (property)', () => {
    fc.assert(
      fc.property(wellFormedId, (id) => {
        const r = parseResourceId(id);
        if (!r.ok) return false;
        const canonical = canonicalResourceId(id, r.value);
        return canonical === formatResourceId(r.value) && (canonical !== id || !id.endsWith('/'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('keyOf', () => {
  const rows: [string, string][] = [
    [`${BASE}/virtualNetworks/V1`, `${BASE}/virtualNetworks/V1`.toLowerCase()],
    [`${BASE}/virtualNetworks/V1/`, `${BASE}/virtualNetworks/v1`.toLowerCase()],
    [`${BASE}/virtualNetworks/V1///`, `${BASE}/virtualNetworks/v1`.toLowerCase()],
    ['', ''],
  ];
  for (const [id, key] of rows) it(JSON.stringify(id), () => assert.equal(keyOf(id), key));
});

describe('scanCanonicalId', () => {
  it('gives the type and name parseResourceId gives, for canonical IDs, and nothing for the rest (property)', () => {
    fc.assert(
      fc.property(fc.oneof(anyId, wellFormedId), (id) => {
        const scanned = scanCanonicalId(id);
        const r = parseResourceId(id);
        const canonical = r.ok && canonicalResourceId(id, r.value) === id;
        if (!canonical) return scanned === undefined;
        return scanned?.type === typeOf(r.value) && scanned.name === nameOf(r.value);
      }),
      { numRuns: 3000 },
    );
  });
  it('a subnet ID', () => {
    assert.deepEqual(scanCanonicalId(`${BASE}/virtualNetworks/v/subnets/s`), {
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 's',
    });
  });
});
