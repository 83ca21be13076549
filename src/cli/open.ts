// Loading the lab for a verb: bad input is one line and exit 2; a lab with problems is listed and exit 1, since
// no analysis of a world that Azure would refuse means anything.
import type { LoadedWorld } from '../topology/index.ts';
import { EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { printWarnings, shortId } from './render.ts';
import { loadSource, sourceName } from './source.ts';
import type { SourceFlags } from './source.ts';

/** The loaded world, or the exit code to return. */
export async function openLab(io: Io, flags: SourceFlags): Promise<LoadedWorld | number> {
  const loaded = await loadSource(flags);
  if (!loaded.ok) return usageError(io, loaded.reason);
  const { problems } = loaded.value;
  if (problems.length) {
    const name = sourceName(flags);
    io.err(
      `vnetlab: ${name}: the topology has ${problems.length} problem(s); run 'vnetlab check -t ${name}'`,
    );
    for (const p of problems) io.err(`  ${p.code}${p.target ? ` ${shortId(p.target)}` : ''}: ${p.message}`);
    return EXIT.failed;
  }
  printWarnings(io, loaded.value.warnings);
  return loaded.value;
}
