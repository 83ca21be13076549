// vnetlab trace -t FILE --source NIC|VM --destination IP|VM [--protocol TCP|UDP|ICMP] [--port N] [--json]: one
// probe through the emulated data plane, every decision on its way, and Network Watcher's connection
// troubleshoot answer (ConnectivityInformation) with --json. Exit 0 when the probe arrived, 1 when it did not.
import type { Command } from 'commander';
import { describeAddress, Lab } from '../dataplane/lab.ts';
import type { ProbeProtocol } from '../dataplane/lab.ts';
import type { Disposition, Trace } from '../dataplane/types.ts';
import { connectivityCheck } from '../diagnostics/index.ts';
import { oneOf, portNumber } from './flags.ts';
import { colorsOf, EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { json } from './render.ts';
import { withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

interface Options extends SourceFlags {
  source: string;
  destination: string;
  protocol: ProbeProtocol;
  port?: number;
  json?: boolean;
}

/** The probe arrived: at a NIC's guest, beyond Azure, or at the platform (DNS, DHCP, ARP). */
export const ARRIVED: ReadonlySet<Disposition> = new Set([
  'Delivered',
  'DeliveredToInternet',
  'DeliveredToOnPremises',
  'AnsweredByPlatform',
]);

export const registerTrace: Verb = (program: Command, run) => {
  withSource(
    program
      .command('trace')
      .description(
        'send one probe through the emulated data plane and show every decision on its way (exit 1 unless it arrives)',
      ),
  )
    .requiredOption('--source <nic>', 'source NIC or VM: name or resource ID (its primary IP is the source)')
    .requiredOption('--destination <ip>', 'destination IPv4 address, or a NIC or VM (its primary IP)')
    .option('--protocol <protocol>', 'TCP | UDP | ICMP', oneOf(['TCP', 'UDP', 'ICMP'] as const), 'TCP')
    .option('--port <port>', 'destination port (TCP / UDP; default 80)', portNumber)
    .option(
      '--json',
      "print { trace, connectivity }: the trace and Network Watcher's ConnectivityInformation",
    )
    .action((opts: Options) => run((io) => trace(io, opts)));
};

export async function trace(io: Io, opts: Options): Promise<number> {
  if (opts.protocol === 'ICMP' && opts.port !== undefined)
    return usageError(io, '--port: ICMP has no ports; remove --port');
  const loaded = await openLab(io, opts);
  if (typeof loaded === 'number') return loaded;
  const lab = new Lab(loaded.world, { guests: loaded.topology.guests });
  const source = lab.port(opts.source);
  if (!source.ok) return usageError(io, `--source: ${source.reason}`);
  const destination = lab.address(opts.destination);
  if (!destination.ok) return usageError(io, `--destination: ${destination.reason}`);
  const port = opts.protocol === 'ICMP' ? undefined : (opts.port ?? 80);
  const result = lab.probe(source.value, destination.value, opts.protocol, port);
  const code = ARRIVED.has(result.disposition) ? EXIT.ok : EXIT.failed;
  if (opts.json) {
    const connectivity = connectivityCheck(result, {
      // ConnectivitySource.resourceId names the VM; a NIC of no VM stands for itself.
      sourceId: source.value.vmId ?? source.value.nic.id,
      destinationAddress: describeAddress(destination.value),
      ...(port !== undefined ? { destinationPort: port } : {}),
      sourceAddress: describeAddress(source.value.addresses[0]!),
    });
    io.out(json({ trace: result, connectivity }));
    return code;
  }
  io.out(traceText(result, io));
  return code;
}

/** One line a hop (numbered), its steps indented in aligned columns, then the disposition and its reason. */
export function traceText(t: Trace, io: Io): string {
  const c = colorsOf(io);
  const steps = t.hops.flatMap((h) => h.steps);
  const typeWidth = Math.max(0, ...steps.map((s) => s.type.length));
  const actionWidth = Math.max(0, ...steps.map((s) => s.action.length));
  const lines = [`probe: ${t.packet}${t.cached ? ' (flow cache)' : ''}`];
  t.hops.forEach((hop, i) => {
    lines.push(`${c.bold(`${i + 1}. ${hop.node}`)} ${hop.direction.toLowerCase()}: ${hop.packet}`);
    for (const s of hop.steps) {
      const action = s.action.padEnd(actionWidth);
      const painted = /^(Denied|Dropped)/.test(s.action) ? c.red(action) : action;
      lines.push(`   ${s.type.padEnd(typeWidth)}  ${painted}  ${s.detail}`);
    }
  });
  const arrived = ARRIVED.has(t.disposition);
  lines.push(`disposition: ${(arrived ? c.green : c.red)(t.disposition)} — ${t.reason}`);
  return lines.join('\n');
}
