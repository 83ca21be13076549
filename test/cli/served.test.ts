// One lab, every door: the analysis verbs read a served state (--data DIR, --endpoint URL) as they read a file,
// with the same answers; `vnetlab export` writes ARM JSON that -t reads back to the same lab; `vnetlab import`
// into the data directory of a running server is served at once, without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/arm/index.ts';
import { vnetlabInProcess, withTempDir, writeFixtures } from './fixtures.ts';

const f = writeFixtures();

const withTemp = (work: (dir: string) => Promise<void>) => withTempDir('vnetlab-served-', work);

const ok = async (...args: string[]): Promise<string> => {
  const r = await vnetlabInProcess(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
};

test('routes, rules, next-hop and verify answer the same from -t, --data and --endpoint', async () =>
  withTemp(async (dir) => {
    const data = join(dir, 'data');
    await ok('import', f.lab, '--data', data);
    const server = await startServer({ dataDir: data, tls: true, authToken: 'served-secret' });
    try {
      const doors = [
        ['-t', f.lab],
        ['--data', data],
        ['--endpoint', server.url, '--auth-token', 'served-secret'],
      ];
      const questions = [
        ['routes', 'nic-a', '--json'],
        ['rules', 'vm-a', '--json'],
        ['next-hop', '--source', 'vm-a', '--destination', '10.0.2.4', '--json'],
        [
          'verify',
          'nic-web',
          '--direction',
          'inbound',
          '--protocol',
          'tcp',
          '--local',
          '10.0.1.4:443',
          '--remote',
          '10.0.2.4:50000',
        ],
      ];
      for (const q of questions) {
        const answers = [];
        for (const door of doors) answers.push(await ok(...q, ...door));
        assert.ok(answers[0]!.length > 20, answers[0]);
        assert.equal(answers[1], answers[0], `${q[0]} --data`);
        assert.equal(answers[2], answers[0], `${q[0]} --endpoint`);
      }
      // The endpoint's token is checked: a wrong one is one line naming ARM's code, exit 2.
      const refused = await vnetlabInProcess(
        'routes',
        'nic-a',
        '--endpoint',
        server.url,
        '--auth-token',
        'wrong',
      );
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /401 InvalidAuthenticationToken/);
    } finally {
      await server.close();
    }
  }));

test('export writes ARM JSON that -t, import and export read back to the same lab', async () =>
  withTemp(async (dir) => {
    const first = join(dir, 'first.json');
    writeFileSync(first, await ok('export', '-t', f.lab));
    const again = await ok('export', '-t', first);
    assert.deepEqual(JSON.parse(again), JSON.parse(await ok('export', '-t', f.lab)));
    const data = join(dir, 'data');
    await ok('import', first, '--data', data);
    assert.deepEqual(JSON.parse(await ok('export', '--data', data)), JSON.parse(again));
    const exported = JSON.parse(again) as { value: { type: string }[]; networkManagerCommits: unknown[] };
    assert.ok(exported.value.some((r) => r.type === 'Microsoft.Network/virtualNetworks'));
    assert.deepEqual(exported.networkManagerCommits, []);
    const checked = await ok('check', '-t', first);
    assert.match(checked, /no problems/);
  }));

test('a running server serves what vnetlab import wrote into its data directory, without a restart', async () =>
  withTemp(async (dir) => {
    const data = join(dir, 'data');
    const server = await startServer({ dataDir: data });
    try {
      const nic = `${server.url}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-a?api-version=2024-05-01`;
      assert.equal((await fetch(nic)).status, 404);
      await ok('import', f.lab, '--data', data);
      const got = await fetch(nic);
      assert.equal(got.status, 200, await got.clone().text());
      assert.match(await ok('routes', 'nic-a', '--endpoint', server.url), /VnetLocal/);
    } finally {
      await server.close();
    }
  }));

test('a source is required, only one, and a data directory without state is named', async () => {
  const none = await vnetlabInProcess('routes', 'nic-a');
  assert.equal(none.code, 2);
  const both = await vnetlabInProcess('routes', 'nic-a', '-t', f.lab, '--data', '/nonexistent');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /only one of -t FILE, --data DIR and --endpoint URL/);
  const empty = await vnetlabInProcess('routes', 'nic-a', '--data', join(tmpdir(), 'vnetlab-served-none'));
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /holds no vnetlab state/);
  const down = await vnetlabInProcess('routes', 'nic-a', '--endpoint', 'http://127.0.0.1:9');
  assert.equal(down.code, 2);
  assert.match(down.stderr, /is 'vnetlab serve' running there\?/);
});
