// vnetlab capture -t FILE NIC -w OUT.pcapng [--traffic SCENARIO] [--flow-logs OUT.json]: runs the topology's
// traffic scenarios in the emulated data plane and writes what the NIC sent and received as pcapng (tcpdump -w
// on the VM), and optionally the VNet flow log records of the NIC's VNet.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Port } from '../dataplane/fabric.ts';
import { FlowRecorder, flowLogRecords } from '../dataplane/flow-log.ts';
import type { FlowLogRecord } from '../dataplane/flow-log.ts';
import { Lab } from '../dataplane/lab.ts';
import type { StepResult, TrafficStep } from '../dataplane/lab.ts';
import type { Trace } from '../dataplane/types.ts';
import { findResource, parseResourceId } from '../model/index.ts';
import { PcapngWriter } from '../pcap/index.ts';
import { colorsOf, EXIT, usageError } from './io.ts';
import type { Io } from './io.ts';
import { openLab } from './open.ts';
import { ARRIVED } from './trace.ts';
import { sourceName, withSource } from './source.ts';
import type { SourceFlags } from './source.ts';
import type { Verb } from './verb.ts';

interface Options extends SourceFlags {
  write: string;
  traffic?: string;
  flowLogs?: string;
}

export const registerCapture: Verb = (program: Command, run) => {
  withSource(
    program
      .command('capture')
      .description(
        "run the topology's traffic scenarios and capture what one NIC sends and receives (pcapng)",
      )
      .argument('<nic>', 'NIC or VM: name or resource ID'),
  )
    .requiredOption('-w, --write <file>', 'the pcapng file to write')
    .option('--traffic <scenario>', 'the scenario to run (default: every scenario, in file order)')
    .option('--flow-logs <file>', "also write the VNet flow log records of the NIC's VNet (JSON)")
    .action((nic: string, opts: Options) => run((io) => capture(io, nic, opts)));
};

interface Captured {
  readonly direction: 'out' | 'in';
  readonly time: number;
  /** Frames seen in the same millisecond before this one: kept as nanoseconds so the file keeps the order. */
  readonly sequence: number;
  readonly frame: Uint8Array;
}

export async function capture(io: Io, nic: string, opts: Options): Promise<number> {
  const loaded = await openLab(io, opts);
  if (typeof loaded === 'number') return loaded;
  const { topology } = loaded;
  const names = Object.keys(topology.traffic);
  if (names.length === 0)
    return usageError(io, `${sourceName(opts)}: the topology declares no traffic: scenarios to capture`);
  if (opts.traffic !== undefined && !names.includes(opts.traffic))
    return usageError(io, `--traffic: no scenario '${opts.traffic}' (the topology has ${names.join(', ')})`);
  const scenarios = opts.traffic !== undefined ? [opts.traffic] : names;

  const frames: Captured[] = [];
  const traces: Trace[] = [];
  // The NIC is known once the lab is built; no frame flows before the first step.
  const watched = { key: '' };
  const recorder = opts.flowLogs !== undefined ? new FlowRecorder() : undefined;
  const lab = new Lab(loaded.world, {
    guests: topology.guests,
    ...(recorder ? { flows: recorder } : {}),
    onFrame: (e) => {
      if (e.node !== watched.key) return;
      const last = frames.at(-1);
      const sequence = last?.time === e.time ? last.sequence + 1 : 0;
      frames.push({ direction: e.direction, time: e.time, sequence, frame: e.frame.slice() });
    },
    onTrace: (t) => traces.push(t),
  });
  const port = lab.port(nic);
  if (!port.ok) return usageError(io, port.reason);
  const target = port.value;
  watched.key = target.key;

  // Every endpoint is checked before anything runs, so a typo in the last step prints nothing half-done.
  for (const name of scenarios) {
    for (const step of topology.traffic[name] ?? []) {
      const from = lab.port(step.from);
      if (!from.ok) return usageError(io, `traffic ${name}: ${from.reason}`);
      const to = lab.address(step.to);
      if (!to.ok) return usageError(io, `traffic ${name}: ${to.reason}`);
    }
  }

  const c = colorsOf(io);
  for (const name of scenarios) {
    io.out(`${c.bold(name)}:`);
    for (const step of topology.traffic[name] ?? []) {
      const before = traces.length;
      // One step at a time, as Lab.run would, so the traces each step caused can explain a failure.
      const ran = lab.run([step]);
      if (!ran.ok) return usageError(io, `traffic ${name}: ${ran.reason}`);
      const caused = traces.slice(before);
      for (const line of summaries(lab, step, ran.value, caused)) io.out(`  ${line}`);
    }
  }

  const writer = new PcapngWriter();
  // Port.name is the VM's name when a VM holds the NIC.
  const vm = target.vmId !== undefined ? ` (${target.name})` : '';
  const id = writer.addInterface(target.nic.name, `vnetlab ${target.nic.name}${vm}`);
  for (const f of frames)
    writer.add(id, BigInt(f.time) * 1_000_000n + BigInt(f.sequence), f.frame, f.direction);
  const written = writeFile(io, opts.write, writer.toBytes());
  if (written !== EXIT.ok) return written;
  io.out(`${frames.length} frame(s) of ${target.nic.name} written to ${opts.write}`);

  if (recorder && opts.flowLogs !== undefined) {
    const records = flowLogsOf(lab, recorder, target);
    const done = writeFile(io, opts.flowLogs, `${JSON.stringify({ records }, null, 2)}\n`);
    if (done !== EXIT.ok) return done;
    io.out(`${records.length} flow log record(s) of ${vnetIdOf(target)} written to ${opts.flowLogs}`);
  }
  return EXIT.ok;
}

/** One line per request, ping or datagram: what the client saw, and why when it saw nothing. */
function summaries(
  lab: Lab,
  step: TrafficStep,
  results: readonly StepResult[],
  traces: readonly Trace[],
): string[] {
  const from = nameOf(lab, step.from);
  const to = nameOf(lab, step.to);
  const stopped = traces.find((t) => !ARRIVED.has(t.disposition));
  const why = stopped ? ` (${stopped.reason})` : '';
  return results.map((r) => {
    switch (r.kind) {
      case 'http': {
        const s = r.session;
        const what =
          s.state === 'done'
            ? `${s.status ?? '?'}, ${s.body?.length ?? 0} byte(s)`
            : s.state === 'reset'
              ? `connection reset${why}`
              : s.state === 'failed'
                ? `failed: ${s.reason ?? 'unknown'}`
                : `no answer${why}`;
        return `${from} → ${to} http/${step.port ?? 80}: ${what}`;
      }
      case 'ping': {
        const s = r.session;
        return `${from} → ${to} ping: ${s.received} of ${s.sent} replied${s.received < s.sent ? why : ''}`;
      }
      case 'udp': {
        const first = traces[0];
        const outcome = first
          ? `${first.disposition}${ARRIVED.has(first.disposition) ? '' : ` (${first.reason})`}`
          : 'not sent';
        return `${from} → ${to} udp/${step.port ?? 7}: sent from port ${r.sourcePort}, ${outcome}`;
      }
    }
  });
}

/** A step's endpoint for people: addresses and names as written, resource IDs by their NIC or VM name. */
function nameOf(lab: Lab, text: string): string {
  if (!text.includes('/')) return text;
  const port = lab.port(text);
  return port.ok ? port.value.name : text;
}

const vnetIdOf = (port: Port): string => port.subnetId.replace(/\/subnets\/[^/]+$/i, '');

/**
 * The records a VNet flow log on the NIC's VNet would hold: every open flow ended (E) now, and the events of
 * that VNet's NICs only, as a flow log targets one VNet. Written as Azure writes its PT1H.json blobs.
 */
function flowLogsOf(lab: Lab, recorder: FlowRecorder, port: Port): FlowLogRecord[] {
  recorder.expire(lab.clock.now(), 0);
  const vnetId = vnetIdOf(port);
  const inVnet = (nicId: string): boolean => {
    const p = lab.port(nicId);
    return p.ok && p.value.vnetKey === port.vnetKey;
  };
  const parsed = parseResourceId(vnetId);
  const subscription = parsed.ok ? parsed.value.subscriptionId : '00000000-0000-0000-0000-000000000000';
  // Azure creates one network watcher per region, NetworkWatcher_<region> in NetworkWatcherRG. apply() gives
  // every VNet a location.
  const location = findResource(lab.engine.world, vnetId)?.location ?? 'eastus';
  const flowLogResourceId = `/subscriptions/${subscription}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${location}/flowLogs/vnetlab`;
  return flowLogRecords(
    recorder.events().filter((e) => inVnet(e.nicId)),
    { flowLogResourceId, targetResourceId: vnetId },
  );
}

function writeFile(io: Io, path: string, data: Uint8Array | string): number {
  try {
    writeFileSync(path, data);
    return EXIT.ok;
  } catch (e) {
    return usageError(io, `${path}: cannot write: ${(e as Error).message}`);
  }
}
