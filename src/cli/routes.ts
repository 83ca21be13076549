// vnetlab routes -t FILE NIC [--json]: the NIC's effective routes (Network Watcher effectiveRouteTable).
import type { Command } from 'commander';
import { routesOfSubnet } from '../compile/index.ts';
import { effectiveRouteTable, resolveNic, routingSubnetOf } from '../diagnostics/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json, table } from './render.ts';
import { JSON_FLAG } from './verb.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

export const registerRoutes: Verb = (program: Command, run) => {
  withSource(
    program
      .command('routes')
      .description("a NIC's effective routes")
      .argument('<nic>', 'NIC or VM: name or resource ID'),
  )
    .option(...JSON_FLAG)
    .action((nic: string, opts: SourceFlags & { json?: boolean }) =>
      run((io) => routes(io, opts, nic, opts.json === true)),
    );
};

export async function routes(io: Io, source: SourceFlags, nic: string, asJson: boolean): Promise<number> {
  const loaded = await openLab(io, source);
  if (typeof loaded === 'number') return loaded;
  const result = effectiveRouteTable(loaded.world, nic);
  if (!result.ok) return usageError(io, result.reason);
  if (asJson) {
    io.out(json(result.value));
    return EXIT.ok;
  }
  // The JSON rows are Azure's shape, which has no provenance; the table adds where each route came from.
  const resolved = resolveNic(loaded.world, nic);
  const subnet = resolved.ok ? routingSubnetOf(loaded.world, resolved.value) : undefined;
  const compiled = subnet?.ok ? routesOfSubnet(loaded.world, subnet.value).routes : [];
  io.out(`Effective routes of ${nic} (${result.value.value.length})`);
  io.out(
    table(
      ['Source', 'State', 'Address Prefixes', 'Next Hop Type', 'Next Hop IP', 'Origin'],
      result.value.value.map((r, i) => [
        r.source,
        r.state,
        r.addressPrefix.join(', '),
        r.nextHopType,
        r.nextHopIpAddress.join(', '),
        compiled[i]?.origin.name ?? r.name ?? '',
      ]),
    ),
  );
  return EXIT.ok;
}
