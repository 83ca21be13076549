// vnetlab next-hop -t FILE --source NIC --destination IP|NIC|VM [--json] (Network Watcher nextHop).
import type { Command } from 'commander';
import { nextHop, resolveNic, primaryAddress } from '../diagnostics/index.ts';
import { parseAddress } from '../net/index.ts';
import type { Result } from '../net/index.ts';
import type { World } from '../model/index.ts';
import { usageError, EXIT } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json, shortId, table } from './render.ts';
import { JSON_FLAG } from './verb.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

interface Options extends SourceFlags {
  source: string;
  destination: string;
  json?: boolean;
}

export const registerNextHop: Verb = (program: Command, run) => {
  withSource(
    program.command('next-hop').description('the next hop of a packet leaving a NIC for a destination IP'),
  )
    .requiredOption('--source <nic>', 'source NIC or VM: name or resource ID (its primary IP is the source)')
    .requiredOption('--destination <ip>', 'destination IP address, or a NIC or VM (its primary IP)')
    .option(...JSON_FLAG)
    .action((opts: Options) => run((io) => nextHopVerb(io, opts)));
};

export async function nextHopVerb(io: Io, opts: Options): Promise<number> {
  const loaded = await openLab(io, opts);
  if (typeof loaded === 'number') return loaded;
  const destination = destinationAddress(loaded.world, opts.destination);
  if (!destination.ok) return usageError(io, `--destination: ${destination.reason}`);
  const nic = resolveNic(loaded.world, opts.source);
  if (!nic.ok) return usageError(io, nic.reason);
  const sourceIp = primaryAddress(nic.value);
  const result = nextHop(loaded.world, {
    targetResourceId: nic.value.id,
    destinationIPAddress: destination.value,
    ...(sourceIp ? { sourceIPAddress: sourceIp } : {}),
  });
  if (!result.ok) return usageError(io, result.reason);
  const { nextHopType, nextHopIpAddress, routeTableId } = result.value;
  if (opts.json) {
    // NextHopResult as Network Watcher returns it.
    io.out(json({ nextHopType, ...(nextHopIpAddress ? { nextHopIpAddress } : {}), routeTableId }));
    return EXIT.ok;
  }
  io.out(
    table(
      ['Source', 'Destination', 'Next Hop Type', 'Next Hop IP', 'Route Table'],
      [
        [
          `${nic.value.name} ${sourceIp ?? ''}`.trim(),
          destination.value === opts.destination
            ? opts.destination
            : `${opts.destination} ${destination.value}`,
          nextHopType,
          nextHopIpAddress,
          shortId(routeTableId),
        ],
      ],
    ),
  );
  return EXIT.ok;
}

/** An IP address as given, or the primary IP of the NIC or VM named (as trace reads --destination). */
function destinationAddress(world: World, text: string): Result<string> {
  const address = parseAddress(text);
  if (address.ok) return { ok: true, value: text };
  const nic = resolveNic(world, text);
  if (!nic.ok)
    return { ok: false, reason: `'${text}' is neither an IP address nor a NIC or VM (${nic.reason})` };
  const primary = primaryAddress(nic.value);
  return primary ? { ok: true, value: primary } : { ok: false, reason: `${text} has no private IP address` };
}
