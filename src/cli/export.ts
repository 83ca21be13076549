// vnetlab export [--data DIR | --endpoint URL | -t FILE] > lab.json: the deployed resources as ARM JSON (an ARM
// list's { "value": [...] }, with the AVNM commits in force), which -t reads back to the same lab.
import type { Command } from 'commander';
import { exportWorld } from '../arm/index.ts';
import { EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json } from './render.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

export const registerExport: Verb = (program: Command, run) => {
  withSource(
    program
      .command('export')
      .description('print the deployed resources as ARM JSON, which -t reads back')
      .addHelpText(
        'after',
        '\nExamples:\n  vnetlab export --data .vnetlab > lab.json\n  vnetlab export --endpoint https://127.0.0.1:8443 > lab.json\n  vnetlab routes -t lab.json vm1',
      ),
  ).action((opts: SourceFlags) => run((io) => exportVerb(io, opts)));
};

export async function exportVerb(io: Io, source: SourceFlags): Promise<number> {
  const loaded = await openLab(io, source);
  if (typeof loaded === 'number') return loaded;
  io.out(json(exportWorld(loaded.world)));
  return EXIT.ok;
}
