// Bad input is exactly one line on stderr starting 'vnetlab: ' and exit 2; help and version exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { vnetlab, writeFixtures } from './fixtures.ts';

const f = writeFixtures();

function oneLine(args: string[], pattern: RegExp): void {
  const r = vnetlab(...args);
  assert.equal(r.code, 2, `exit code of ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^vnetlab: /);
  assert.match(lines[0]!, pattern);
}

test('unreadable file', () => {
  const missing = join(tmpdir(), 'vnetlab-does-not-exist.yaml');
  oneLine(
    ['check', '-t', missing],
    /vnetlab-does-not-exist\.yaml: cannot read the topology file: no such file$/,
  );
});

test('invalid YAML names the line and column', () => {
  oneLine(['routes', '-t', f.badYaml, 'nic-a'], /bad\.yaml:\d+:\d+: invalid YAML: /);
});

test('a schema violation names the line and the JSON pointer', () => {
  oneLine(['check', '-t', f.badSchema], /schema\.yaml:3:10: \/resources\/0\/nme: unknown property 'nme'$/);
});

test('unknown flag and unknown verb', () => {
  oneLine(['check', '-t', f.lab, '--frobnicate'], /unknown option '--frobnicate'/);
  oneLine(['frobnicate'], /unknown command 'frobnicate'/);
});

test('missing -t', () => {
  oneLine(['routes', 'nic-a'], /required option '-t, --topology <file>' not specified/);
});

test('unknown NIC', () => {
  oneLine(['routes', '-t', f.lab, 'nic-zz'], /nic-zz/);
});

test('malformed addresses and enums', () => {
  oneLine(
    ['next-hop', '-t', f.lab, '--source', 'nic-a', '--destination', '10.0.0.300'],
    /^vnetlab: --destination: /,
  );
  oneLine(
    [
      'verify',
      '-t',
      f.lab,
      'nic-a',
      '--direction',
      'Outbound',
      '--protocol',
      'TCP',
      '--local',
      '10.0.2.4:99999',
      '--remote',
      '10.0.1.4:443',
    ],
    /^vnetlab: --local: '10\.0\.2\.4:99999' is not IP\[:PORT\]/,
  );
  oneLine(
    [
      'verify',
      '-t',
      f.lab,
      'nic-a',
      '--direction',
      'Sideways',
      '--protocol',
      'TCP',
      '--local',
      '10.0.2.4',
      '--remote',
      '10.0.1.4',
    ],
    /Sideways.*expected one of Inbound, Outbound/,
  );
});

test('analysis verbs refuse a topology with problems: exit 1', () => {
  const r = vnetlab('routes', '-t', f.broken, 'nic-a');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /the topology has 1 problem\(s\)/);
  assert.match(r.stderr, /ParentResourceNotFound/);
});

test('--help and --version exit 0', () => {
  const help = vnetlab('--help');
  assert.equal(help.code, 0);
  for (const verb of ['check', 'routes', 'rules', 'next-hop', 'verify', 'advertised'])
    assert.match(help.stdout, new RegExp(`\\b${verb}\\b`));
  const version = vnetlab('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('hostile files are bad input, one line with the place, never a bug report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-hostile-'));
  try {
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const levels = 'abcdefghij'.split('');
    const bomb = levels
      .map(
        (l, i) =>
          `${l}: &${l} [${
            i === 0
              ? '"x","x","x","x","x","x","x","x","x"'
              : Array(9)
                  .fill(`*${levels[i - 1]}`)
                  .join(',')
          }]`,
      )
      .join('\n');
    oneLine(['check', '-t', write('bomb.yaml', bomb)], /bomb\.yaml:\d+:\d+: invalid YAML: .*alias/i);
    oneLine(
      ['check', '-t', write('alias.yaml', 'name: x\nresources: *nowhere\n')],
      /alias\.yaml:2:\d+: invalid YAML: /,
    );
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    oneLine(
      ['check', '-t', write('deep.yaml', `name: x\nresources: ${deep}\n`)],
      /deep\.yaml(:\d+:\d+)?: (invalid YAML|the file nests deeper)/,
    );
    oneLine(
      ['routes', '-t', write('deep.json', `{"value": ${deep}}`), 'nic'],
      /deep\.json: the file nests deeper than 128 levels$/,
    );
    oneLine(['check', '-t', write('bytes.yaml', '\u0000\u0001\u00ff{[:\u0007')], /bytes\.yaml:\d+:\d+: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
