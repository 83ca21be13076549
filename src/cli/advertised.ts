// vnetlab advertised -t FILE GATEWAY [--json]: the routes a virtual network gateway advertises to its BGP
// peers (getAdvertisedRoutes).
import type { Command } from 'commander';
import { advertisedRoutes } from '../diagnostics/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json, printWarnings, table } from './render.ts';
import { JSON_FLAG } from './verb.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

export const registerAdvertised: Verb = (program: Command, run) => {
  withSource(
    program
      .command('advertised')
      .description('the routes a virtual network gateway advertises to on-premises')
      .argument('<gateway>', 'virtual network gateway: name or resource ID'),
  )
    .option(...JSON_FLAG)
    .action((gateway: string, opts: SourceFlags & { json?: boolean }) =>
      run((io) => advertised(io, opts, gateway, opts.json === true)),
    );
};

export async function advertised(
  io: Io,
  source: SourceFlags,
  gateway: string,
  asJson: boolean,
): Promise<number> {
  const loaded = await openLab(io, source);
  if (typeof loaded === 'number') return loaded;
  const result = advertisedRoutes(loaded.world, gateway);
  if (!result.ok) return usageError(io, result.reason);
  printWarnings(io, result.value.warnings);
  if (asJson) {
    // GatewayRouteListResult: only { value }, as Azure returns it.
    io.out(json({ value: result.value.value }));
    return EXIT.ok;
  }
  io.out(`Routes advertised by ${gateway} (${result.value.value.length})`);
  io.out(
    table(
      ['Network', 'Next Hop', 'Origin', 'AS Path', 'Weight', 'Local Address', 'Source Peer'],
      result.value.value.map((r) => [
        r.network,
        r.nextHop,
        r.origin,
        r.asPath,
        r.weight,
        r.localAddress,
        r.sourcePeer,
      ]),
    ),
  );
  return EXIT.ok;
}
