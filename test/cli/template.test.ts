// -t with an ARM template (Bicep-compiled JSON) and its parameters: planned by the template engine and analysed
// without deploying it anywhere; parameters from key=value and from a deploymentParameters file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vnetlabInProcess, withTempDir, writeFixtures } from './fixtures.ts';

const BICEP = fileURLToPath(new URL('../../examples/bicep-vnet/main.json', import.meta.url));
const f = writeFixtures();

const exportedNames = async (...args: string[]): Promise<string[]> => {
  const r = await vnetlabInProcess('export', '-t', BICEP, ...args);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    value: { id: string; properties: { subnets?: { name: string }[] } }[];
  };
  return out.value.flatMap((v) => [
    v.id.split('/').at(-1)!,
    ...(v.properties.subnets ?? []).map((s) => s.name),
  ]);
};

test('a Bicep-compiled template checks with its default parameters', async () => {
  const r = await vnetlabInProcess('check', '-t', BICEP);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /main\.json: 1 resource\(s\), no problems/);
  assert.deepEqual(await exportedNames(), ['VNet1', 'Subnet1', 'Subnet2']);
});

test('parameters from key=value and from a parameters file, the later winning', async () =>
  withTempDir('vnetlab-template-', async (dir) => {
    assert.deepEqual(await exportedNames('-p', 'vnetName=hub', '-p', 'subnet1Name=app'), [
      'hub',
      'app',
      'Subnet2',
    ]);
    const file = join(dir, 'main.parameters.json');
    writeFileSync(
      file,
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        contentVersion: '1.0.0.0',
        parameters: { vnetName: { value: 'from-file' }, subnet2Name: { value: 'data' } },
      }),
    );
    assert.deepEqual(await exportedNames('-p', file, '-p', 'vnetName=last'), ['last', 'Subnet1', 'data']);
  }));

test('a design Azure would refuse, and parameters on a file that is not a template', async () => {
  const refused = await vnetlabInProcess('check', '-t', BICEP, '-p', 'vnetAddressPrefix=10.50.0.0/16');
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /NetcfgSubnetRangeOutsideVnet/);
  const unknown = await vnetlabInProcess('check', '-t', BICEP, '-p', 'nope=1');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /nope/);
  const yaml = await vnetlabInProcess('check', '-t', f.lab, '-p', 'x=1');
  assert.equal(yaml.code, 2);
  assert.match(yaml.stderr, /--parameters is for ARM templates/);
});
