// Many clients at once stay consistent: 24 clients each create a subnet at its own path in one shared VNet
// (every PUT rewrites the same parent) and NICs in it with dynamic addresses. Afterwards every acknowledged
// subnet is in the VNet, no address is given twice, and the subnets' ipConfigurations name exactly the NICs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/arm/index.ts';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/busy`;
const NET = `${RG}/providers/Microsoft.Network`;
const V = 'api-version=2025-07-01';

type Body = Record<string, unknown>;
interface Nic {
  name: string;
  properties: { ipConfigurations: { properties: { privateIPAddress: string } }[] };
}

test('parallel clients writing the same VNet and subnets leave a consistent state', async () => {
  const server = await startServer({});
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as Body };
  };
  try {
    await call('PUT', `${RG}?api-version=2021-04-01`, { location: 'eastus' });
    await call('PUT', `${NET}/virtualNetworks/shared?${V}`, {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    const clients = 24;
    const nicsPerClient = 5;
    const subnetsAcked = new Set<string>();
    const nicsAcked = new Set<string>();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const subnet = await call('PUT', `${NET}/virtualNetworks/shared/subnets/s${c}?${V}`, {
          properties: { addressPrefix: `10.0.${c}.0/24` },
        });
        assert.equal(subnet.status, 201, JSON.stringify(subnet.body));
        subnetsAcked.add(`s${c}`);
        for (let n = 0; n < nicsPerClient; n++) {
          const nic = await call('PUT', `${NET}/networkInterfaces/nic-${c}-${n}?${V}`, {
            location: 'eastus',
            properties: {
              ipConfigurations: [
                {
                  name: 'ipconfig1',
                  properties: { subnet: { id: `${NET}/virtualNetworks/shared/subnets/s${c}` } },
                },
              ],
            },
          });
          assert.equal(nic.status, 201, JSON.stringify(nic.body));
          nicsAcked.add(`nic-${c}-${n}`);
        }
      }),
    );
    const vnet = await call('GET', `${NET}/virtualNetworks/shared?${V}`);
    const subnets = (vnet.body.properties as { subnets: unknown }).subnets as {
      name: string;
      properties: { ipConfigurations?: { id: string }[] };
    }[];
    assert.deepEqual(new Set(subnets.map((s) => s.name)), subnetsAcked);
    const nics = await call('GET', `${NET}/networkInterfaces?${V}&$top=1000`);
    const all: Nic[] = [...(nics.body.value as Nic[])];
    let next = nics.body.nextLink as string | undefined;
    while (next) {
      const page = (await (await fetch(next)).json()) as { value: Nic[]; nextLink?: string };
      all.push(...page.value);
      next = page.nextLink;
    }
    assert.deepEqual(new Set(all.map((n) => n.name)), nicsAcked);
    const addresses = all.map((n) => n.properties.ipConfigurations[0]!.properties.privateIPAddress);
    assert.equal(new Set(addresses).size, addresses.length, 'an address was given twice');
    for (const s of subnets) {
      const referenced = new Set((s.properties.ipConfigurations ?? []).map((r) => r.id.split('/')[8]));
      assert.equal(referenced.size, nicsPerClient, `subnet ${s.name} lists ${referenced.size} NICs`);
    }
  } finally {
    await server.close();
  }
});
