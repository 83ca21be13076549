// Loading the -t topology for a verb: bad input is one line and exit 2; a topology with problems is listed
// and exit 1, since no analysis of a world that Azure would refuse means anything.
import { loadWorld } from '../topology/index.ts';
import type { LoadedWorld } from '../topology/index.ts';
import { EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { printWarnings, shortId } from './render.ts';

/** The loaded world, or the exit code to return. */
export function openTopology(io: Io, path: string): LoadedWorld | number {
  const loaded = loadWorld(path);
  if (!loaded.ok) return usageError(io, loaded.reason);
  const { problems } = loaded.value;
  if (problems.length) {
    io.err(
      `vnetlab: ${path}: the topology has ${problems.length} problem(s); run 'vnetlab check -t ${path}'`,
    );
    for (const p of problems) io.err(`  ${p.code}${p.target ? ` ${shortId(p.target)}` : ''}: ${p.message}`);
    return EXIT.failed;
  }
  printWarnings(io, loaded.value.warnings);
  return loaded.value;
}
