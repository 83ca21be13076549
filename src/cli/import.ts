// vnetlab import FILE [--data DIR]: loads a topology or resources exported from Azure (az resource list,
// az network ... list, Resource Graph output) into the durable state `vnetlab serve --data DIR` serves.
import type { Command } from 'commander';
import { ArmState, importChanges } from '../arm/index.ts';
import { openStore } from '../store/index.ts';
import { loadTopologyFile } from '../topology/index.ts';
import { EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { printWarnings, shortId } from './render.ts';
import { DEFAULT_DATA_DIR } from './serve.ts';
import type { Verb } from './verb.ts';

export const registerImport: Verb = (program: Command, run) => {
  program
    .command('import')
    .description(
      "load a topology or an Azure export (az resource list, az network ... list, Resource Graph) into serve's state",
    )
    .argument('<file>', 'YAML topology or ARM JSON')
    .option('--data <dir>', 'directory of the durable state (SQLite)', DEFAULT_DATA_DIR)
    .action((file: string, flags: { data: string }) => run((io) => importFile(io, file, flags.data)));
};

export function importFile(io: Io, file: string, dataDir: string): number {
  const loaded = loadTopologyFile(file);
  if (!loaded.ok) return usageError(io, loaded.reason);
  const store = openStore(dataDir);
  try {
    const result = importChanges(new ArmState(store), loaded.value.changes, loaded.value.warnings);
    printWarnings(io, result.warnings);
    if (!result.ok) {
      io.err(`vnetlab: ${file}: nothing imported; Azure would refuse it:`);
      for (const p of result.problems)
        io.err(`  ${p.code}${p.target ? ` ${shortId(p.target)}` : ''}: ${p.message}`);
      return EXIT.failed;
    }
    io.out(
      `imported ${result.resources} resources (${result.groups} new resource groups) into ${dataDir}/vnetlab.db`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
