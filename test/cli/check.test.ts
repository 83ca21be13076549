// `vnetlab check`: problems, warnings and expectations, with exit codes 0 / 1 / 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vnetlab, vnetlabInProcess, writeFixtures } from './fixtures.ts';

const f = writeFixtures();

test('a valid lab whose expectations hold: PASS rows and exit 0', () => {
  const r = vnetlab('check', '-t', f.lab);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^cli-lab \(.*lab\.yaml\): \d+ resource\(s\), no problems/);
  assert.match(r.stdout, /Expectations \(2 of 2 passed\)/);
  assert.match(r.stdout, /PASS.*app reaches web over HTTPS.*Allow.*securityRules\/allow-https.*VnetLocal/);
  assert.match(r.stdout, /PASS.*blackholed range.*Deny.*None.*NullRouted/);
});

test('a failed expectation: FAIL with the actual values and exit 1', () => {
  const r = vnetlab('check', '-t', f.failing);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Expectations \(2 of 3 passed\)/);
  assert.match(r.stdout, /FAIL.*ssh to web.*Deny.*securityRules\/deny-ssh.*access: expected Allow, got Deny/);
});

test('--json gives problems, warnings and results', () => {
  const r = vnetlab('check', '-t', f.failing, '--json');
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as {
    problems: unknown[];
    expectations: { passed: boolean; actual: { access: string; rule?: string } }[];
  };
  assert.deepEqual(out.problems, []);
  assert.deepEqual(
    out.expectations.map((e) => [e.passed, e.actual.access, e.actual.rule]),
    [
      [true, 'Allow', 'securityRules/allow-https'],
      [true, 'Deny', undefined],
      [false, 'Deny', 'securityRules/deny-ssh'],
    ],
  );
});

test('a topology Azure would refuse: its problems and exit 1', () => {
  const r = vnetlab('check', '-t', f.broken);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /1 problem\(s\)/);
  assert.match(r.stdout, /ParentResourceNotFound.*virtualNetworks\/vnet9\/subnets\/app/);
});

test('an ARM JSON export checks clean', () => {
  const r = vnetlab('check', '-t', f.armJson);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 resource\(s\), no problems/);
});

test('a member Azure does not know is a warning naming the nearest known member; the file still loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-cli-members-'));
  try {
    const file = join(dir, 'typo.json');
    const sub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg';
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: `${sub}/providers/Microsoft.Network/virtualNetworks/v`,
          type: 'Microsoft.Network/virtualNetworks',
          location: 'eastus',
          properties: {
            addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
            subnets: [
              { name: 's', properties: { addressPrefix: '10.0.0.0/24', netwrokSecurityGroup: null } },
            ],
          },
        },
      ]),
    );
    const r = await vnetlabInProcess('check', '-t', file, '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { warnings: { code: string; message: string }[] };
    const warning = out.warnings.find((w) => w.code === 'UnknownMember');
    assert.match(warning?.message ?? '', /'netwrokSecurityGroup'.*Did you mean 'networkSecurityGroup'\?/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
