// The compiled CLI (npm run build, run by npm ci and npm test): it exists, is as new as the sources, and answers
// as the TypeScript does, so bin/vnetlab.mjs starts without compiling anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vnetlabInProcess } from './fixtures.ts';

const COMPILED = new URL('../../dist/cli/vnetlab.mjs', import.meta.url);
const SOURCES = fileURLToPath(new URL('../../src/', import.meta.url));

test('dist/cli/vnetlab.mjs is built from the current sources and answers as they do', async () => {
  const built = statSync(COMPILED).mtimeMs;
  const stale = readdirSync(SOURCES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && statSync(`${e.parentPath}/${e.name}`).mtimeMs > built)
    .map((e) => e.name);
  assert.deepEqual(stale, [], 'run npm run build');
  const { main } = (await import(COMPILED.href)) as {
    main: (argv: string[], io: unknown) => Promise<number>;
  };
  const out: string[] = [];
  const code = await main(['--help'], {
    out: (t: string) => void out.push(t),
    err: () => undefined,
    color: false,
  });
  assert.equal(code, 0);
  assert.equal(out.join('\n'), (await vnetlabInProcess('--help')).stdout.trimEnd());
  assert.match(out.join('\n'), /export/);
});
