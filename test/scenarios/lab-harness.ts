// What every scenario test does with an example: load it, run a Lab over it that records every frame and trace,
// pick packets apart, and write captures for tshark. Assertion messages carry every frame decoded (DESIGN.md §6:
// "on failure print every packet decoded"), so a failing scenario shows what actually crossed the wire.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireEvent } from '../../src/dataplane/engine.ts';
import type { Port } from '../../src/dataplane/fabric.ts';
import { Lab } from '../../src/dataplane/lab.ts';
import type { LabOptions, StepResult, TrafficStep } from '../../src/dataplane/lab.ts';
import { renderTrace } from '../../src/dataplane/trace.ts';
import type { Step, StepType, Trace } from '../../src/dataplane/types.ts';
import type { World } from '../../src/model/index.ts';
import { PcapngWriter } from '../../src/pcap/index.ts';
import { loadWorld } from '../../src/topology/index.ts';
import type { LoadedWorld } from '../../src/topology/index.ts';
import { describeFrame, parseHeaders, vxlan } from '../../src/wire/index.ts';
import type { Headers } from '../../src/wire/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Loads examples/<path> and requires a valid world (problems listed in the message otherwise). */
export function loadExample(path: string): LoadedWorld {
  const r = loadWorld(join(ROOT, 'examples', path));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const problems = r.value.problems.map((p) => `${p.code} ${p.target ?? ''}: ${p.message}`);
  assert.deepEqual(problems, [], `examples/${path} has problems`);
  return r.value;
}

/** A Lab whose frames and traces are kept, in order, for assertions and captures. */
export class RecordingLab {
  readonly lab: Lab;
  readonly frames: WireEvent[] = [];
  readonly traces: Trace[] = [];

  constructor(world: World, options: Omit<LabOptions, 'onFrame' | 'onTrace'> = {}) {
    this.lab = new Lab(world, {
      ...options,
      onFrame: (e) => this.frames.push({ ...e, frame: e.frame.slice() }),
      onTrace: (t) => this.traces.push(t),
    });
  }

  /** Runs a scenario's steps; a step the lab cannot run (unknown VM...) fails the test. */
  run(steps: readonly TrafficStep[]): StepResult[] {
    const r = this.lab.run(steps);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    return r.value;
  }

  port(name: string): Port {
    const p = this.lab.port(name);
    assert.ok(p.ok, p.ok ? '' : p.reason);
    return p.value;
  }

  /** A vantage point's short name: the NIC's name, or Internet / OnPremises. */
  nodeName(node: string): string {
    return this.lab.engine.fabric.portByKey.get(node)?.nic.name ?? node;
  }

  /** Frames seen at one NIC (by VM or NIC name) or outside Azure, in one direction. */
  at(name: string, direction: 'in' | 'out'): Uint8Array[] {
    const node = name === 'Internet' || name === 'OnPremises' ? name : this.port(name).key;
    return this.frames.filter((e) => e.node === node && e.direction === direction).map((e) => e.frame);
  }

  /** Every frame, one line each: "<node> <in|out> <tcpdump-like decode>". */
  wire(): string {
    return this.frames
      .map((e) => `  ${this.nodeName(e.node)} ${e.direction} ${describeFrame(e.frame)}`)
      .join('\n');
  }

  /** For assertion messages: what the test looked at, then every frame of the run. */
  explain(what: string, trace?: Trace): string {
    return `${what}${trace ? `\n${renderTrace(trace)}` : ''}\nframes:\n${this.wire()}`;
  }

  /** Writes the frames seen at the given vantage points (all when omitted) as pcapng, one interface each. */
  capture(file: string, names?: readonly string[]): string {
    const writer = new PcapngWriter({ application: 'vnetlab scenario test' });
    const interfaces = new Map<string, number>();
    const wanted = names?.map((n) => (n === 'Internet' || n === 'OnPremises' ? n : this.port(n).key));
    for (const e of this.frames) {
      if (wanted && !wanted.includes(e.node)) continue;
      let id = interfaces.get(e.node);
      if (id === undefined) {
        id = writer.addInterface(this.nodeName(e.node));
        interfaces.set(e.node, id);
      }
      writer.add(id, BigInt(e.time) * 1_000_000n, e.frame, e.direction);
    }
    writeFileSync(file, writer.toBytes());
    return file;
  }
}

/** A fresh temporary directory and its removal, for captures. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-scenario-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parses a frame the engine carried; such a frame not parsing is a failure of the test, not a result. */
export function headersOf(frame: Uint8Array): Headers {
  const h = parseHeaders(frame);
  assert.ok(h.ok, h.ok ? '' : `${h.reason}: ${describeFrame(frame)}`);
  return h.value;
}

/** The inner Ethernet frame and VNI of a VXLAN frame (outer Ethernet / IPv4 / UDP), or a failed assertion. */
export function decapsulate(frame: Uint8Array): { vni: number; inner: Uint8Array; outer: Headers } {
  const outer = headersOf(frame);
  assert.equal(outer.protocol, 17, `not UDP: ${describeFrame(frame)}`);
  const payload = frame.subarray(outer.payloadOffset, outer.payloadOffset + outer.payloadLength);
  const parsed = vxlan.parse(payload);
  assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.reason}: ${describeFrame(frame)}`);
  return { vni: parsed.value.repr.vni, inner: parsed.value.payload, outer };
}

/** The IPv4 packet of a frame (Ethernet header cut off): what must survive mirroring unchanged. */
export const ipPacketOf = (frame: Uint8Array): string => Buffer.from(frame.subarray(14)).toString('hex');

/** Every step of a trace (of one type, when given), hop by hop. */
export function stepsOf(trace: Trace, type?: StepType): Step[] {
  return trace.hops.flatMap((h) => h.steps).filter((s) => type === undefined || s.type === type);
}

/** The one step of a type and action a trace must have; fails with the rendered trace otherwise. */
export function stepOf(trace: Trace, type: StepType, action: string): Step {
  const step = stepsOf(trace, type).find((s) => s.action === action);
  assert.ok(step, `no ${type} ${action} step in:\n${renderTrace(trace)}`);
  return step;
}
