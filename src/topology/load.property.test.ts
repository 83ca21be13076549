// The loader never throws on a file: mutated example files (bytes flipped, lines cut or repeated, aliases,
// deep nesting, random bytes) each give a Result, ok or a reason naming the file, never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadWorld } from './load.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const seeds = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(EXAMPLES, d.name))
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, d.name, f), 'utf8') })),
  );

const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat(
    Array.from(
      { length: 9 },
      (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`,
    ),
  )
  .join('\n');

/** A mutation of a text: what a damaged, truncated, hand-edited or hostile file looks like. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('repeat-line' as const),
    at: fc.nat(),
    times: fc.integer({ min: 2, max: 5 }),
  }),
  fc.record({ kind: fc.constant('alias' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.constant({ kind: 'bomb' as const }),
);

function mutate(text: string, m: typeof mutation extends fc.Arbitrary<infer T> ? T : never): Buffer {
  const buf = Buffer.from(text);
  switch (m.kind) {
    case 'flip': {
      if (buf.length > 0) buf[m.at % buf.length] = m.byte;
      return buf;
    }
    case 'cut':
      return buf.subarray(0, m.at % (buf.length + 1));
    case 'repeat-line': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 1, ...Array<string>(m.times).fill(lines[i]!));
      return Buffer.from(lines.join('\n'));
    }
    case 'alias': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      lines[i] = lines[i]!.replace(/: (\S.*)$/, ': *undefinedAnchor');
      return Buffer.from(lines.join('\n'));
    }
    case 'nest': {
      const i = m.at % (text.length + 1);
      return Buffer.from(`${text.slice(0, i)}${'['.repeat(m.depth)}${']'.repeat(m.depth)}${text.slice(i)}`);
    }
    case 'random':
      return Buffer.from(m.bytes);
    case 'bomb':
      return Buffer.from(`${ALIAS_BOMB}\n${text}`);
  }
}

test('mutated example files are loaded or refused with a reason, never thrown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-load-prop-'));
  try {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutation, (seed, m) => {
        const file = join(dir, seed.name);
        writeFileSync(file, mutate(seed.text, m));
        const loaded = loadWorld(file);
        if (!loaded.ok) {
          assert.ok(loaded.reason.startsWith(file), loaded.reason);
          assert.ok(!loaded.reason.includes('\n'), loaded.reason);
        }
      }),
      {
        numRuns: Number(process.env.VNETLAB_PROPERTY_RUNS ?? 400),
        seed: Number(process.env.VNETLAB_PROPERTY_SEED ?? 20261204),
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
