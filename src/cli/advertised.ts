// vnetlab advertised -t FILE GATEWAY [--json]: the routes a virtual network gateway advertises to its BGP
// peers (getAdvertisedRoutes).
import type { Command } from 'commander';
import { advertisedRoutes } from '../diagnostics/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openTopology } from './open.ts';
import { json, printWarnings, table } from './render.ts';
import { JSON_FLAG, TOPOLOGY_FLAG } from './verb.ts';
import type { Verb } from './verb.ts';

export const registerAdvertised: Verb = (program: Command, run) => {
  program
    .command('advertised')
    .description('the routes a virtual network gateway advertises to on-premises')
    .argument('<gateway>', 'virtual network gateway: name or resource ID')
    .requiredOption(...TOPOLOGY_FLAG)
    .option(...JSON_FLAG)
    .action((gateway: string, opts: { topology: string; json?: boolean }) =>
      run((io) => advertised(io, opts.topology, gateway, opts.json === true)),
    );
};

export function advertised(io: Io, path: string, gateway: string, asJson: boolean): number {
  const loaded = openTopology(io, path);
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
