// Every acknowledged change survives kill -9: a stream of PUTs runs against `vnetlab serve --data DIR`, the
// server is killed with SIGKILL while requests are in flight, restarted on the same directory, and every
// resource whose PUT was answered 201 must be back, with the body it was acknowledged with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess } from './serve-process.ts';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/durable`;
const V = 'api-version=2025-07-01';

async function put(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

test('changes acknowledged before kill -9 are all there after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-durable-'));
  try {
    const first = await startServeProcess(['--data', dir]);
    assert.equal(
      (await put(first.url, `${RG}?api-version=2021-04-01`, { location: 'westeurope' })).status,
      201,
    );
    const acknowledged = new Map<string, string>(); // name -> etag
    let next = 0;
    let killed = false;
    // Eight clients PUT VNets back to back; the server is killed once 120 have been acknowledged.
    const client = async () => {
      while (!killed) {
        const i = next++;
        const name = `vnet-${i}`;
        try {
          const r = await put(first.url, `${RG}/providers/Microsoft.Network/virtualNetworks/${name}?${V}`, {
            location: 'westeurope',
            properties: {
              addressSpace: { addressPrefixes: [`10.${i >> 8}.${i & 255}.0/24`] },
              subnets: [{ name: 'default', properties: { addressPrefix: `10.${i >> 8}.${i & 255}.0/26` } }],
            },
          });
          if (r.status === 201) acknowledged.set(name, String(r.body.etag));
        } catch {
          // The connection died with the server: this PUT was never acknowledged.
        }
        if (acknowledged.size >= 120 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    await first.stop();
    assert.ok(acknowledged.size >= 120);

    const second = await startServeProcess(['--data', dir]);
    try {
      for (const [name, etag] of acknowledged) {
        const r = await fetch(`${second.url}${RG}/providers/Microsoft.Network/virtualNetworks/${name}?${V}`);
        assert.equal(r.status, 200, `${name} was acknowledged but is gone after kill -9`);
        const body = (await r.json()) as { etag: string; properties: { subnets: unknown[] } };
        assert.equal(body.etag, etag, `${name} came back with another version`);
        assert.equal(body.properties.subnets.length, 1);
      }
      // Whatever was written but not acknowledged may be there too; nothing is half there.
      const list = (await (
        await fetch(`${second.url}${RG}/providers/Microsoft.Network/virtualNetworks?${V}`)
      ).json()) as {
        value: { properties: { subnets: unknown[] } }[];
        nextLink?: string;
      };
      for (const vnet of list.value) assert.equal(vnet.properties.subnets.length, 1);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
