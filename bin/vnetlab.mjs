#!/usr/bin/env node
// Runs the CLI compiled by `npm run build` (npm ci and npm test run it) when it is at least as new as every source
// file, so that a start takes no TypeScript compilation; otherwise the TypeScript itself, through tsx.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COMPILED = new URL('../dist/cli/vnetlab.mjs', import.meta.url);
const SOURCES = fileURLToPath(new URL('../src/', import.meta.url));

/** The newest modification time of the files under `dir`, in ms. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile())
      latest = Math.max(latest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  return latest;
}

function compiledIsFresh() {
  try {
    return statSync(COMPILED).mtimeMs >= newest(SOURCES);
  } catch {
    return false;
  }
}

// A reader that stops early (`vnetlab trace ... | head`) closes the pipe: stop quietly, as other CLIs do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
let main;
if (compiledIsFresh()) ({ main } = await import(COMPILED.href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
