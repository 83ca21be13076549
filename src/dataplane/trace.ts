// Building traces: the slow path writes every decision as a Step of the current Hop, and ends the trace with a
// Disposition and a reason naming the responsible Azure object.
//
// Cost: every new flow makes a trace, the flow cache keeps it for the flow's later packets, and nearly nobody reads
// it (a lab's background traffic, a benchmark). So the builder keeps facts, not sentences: per hop a shared place
// and the tuple's numbers, per step a shared StepKind (type, action, how to render) with up to two facts (the
// route, the verdict, the port), all in one flat array. Sentences are rendered when a trace's packet, hops or
// reason is first read, into exactly the plain objects an eager builder made (same keys, same order, same text);
// toJSON gives the same JSON. A kept trace is a couple of hundred bytes, and the garbage collector copies every
// byte a new flow keeps (docs/benchmarks.md, "Packet data plane").
import { describeTuple } from './flow.ts';
import type { Tuple } from './flow.ts';
import type { Disposition, Hop, ResourceRef, Step, StepType, Trace } from './types.ts';

type Data = Readonly<Record<string, string | number | boolean>>;

/**
 * What a step is and how its sentence, resource and data are rendered from its two facts. Made once per kind of
 * step (module constants in pipeline.ts); the render functions must be pure functions of the facts.
 */
export class StepKind<A = unknown, B = unknown> {
  constructor(
    readonly type: StepType,
    readonly action: string,
    readonly detail: (a: A, b: B) => string,
    readonly resource?: (a: A, b: B) => ResourceRef | undefined,
    readonly data?: (a: A, b: B) => Data | undefined,
  ) {}
}

/** A step given with its sentence already made (the eager form: rarer steps, guests' steps). */
class Eager {
  constructor(
    readonly type: StepType,
    readonly action: string,
    readonly detail: string,
    readonly resource: ResourceRef | undefined,
    readonly data: Data | undefined,
  ) {}
}

/** Stands for "the step's type and action are the Eager fact's own". */
const EAGER = new StepKind<Eager, unknown>(
  'Platform',
  '',
  (e) => e.detail,
  (e) => e.resource,
  (e) => e.data,
);

/** A step's plain object, rendered from its kind and facts. */
function renderStep(k: StepKind, a: unknown, b: unknown): Step {
  const eager = k === EAGER ? (a as Eager) : undefined;
  const detail = k.detail(a, b);
  const resource = k.resource?.(a, b);
  const data = k.data?.(a, b);
  return {
    type: eager ? eager.type : k.type,
    action: eager ? eager.action : k.action,
    detail,
    ...(resource ? { resource } : {}),
    ...(data ? { data } : {}),
  };
}

/**
 * A tuple's seven numbers in four small integers (V8 keeps 31/32-bit integers in place; a uint32 address above
 * 2^31 would be a heap number): addresses as int32, the two ports in one int32, protocol, ICMP type and TCP flags
 * in the last.
 */
class PackedTuple implements Tuple {
  private readonly s: number;
  private readonly d: number;
  private readonly ports: number;
  private readonly meta: number;
  constructor(t: Tuple) {
    this.s = t.src | 0;
    this.d = t.dst | 0;
    this.ports = (t.srcPort << 16) | t.dstPort;
    this.meta = (t.protocol << 17) | ((t.icmpType + 1) << 8) | t.tcpFlags;
  }
  get protocol(): number {
    return this.meta >>> 17;
  }
  get src(): number {
    return this.s >>> 0;
  }
  get srcPort(): number {
    return this.ports >>> 16;
  }
  get dst(): number {
    return this.d >>> 0;
  }
  get dstPort(): number {
    return this.ports & 0xffff;
  }
  get icmpType(): number {
    return ((this.meta >>> 8) & 0x1ff) - 1;
  }
  get tcpFlags(): number {
    return this.meta & 0xff;
  }
}

/** A packet line: given, or the tuple's numbers described on first read. */
const packetLine = (packet: string | PackedTuple): string =>
  typeof packet === 'string' ? packet : describeTuple(packet);

const snapshot = (packet: string | Tuple): string | PackedTuple =>
  typeof packet === 'string' ? packet : new PackedTuple(packet);

/**
 * Where a hop is: a NIC (leaving or entering) or outside Azure. Made once per NIC and direction where it can be
 * (hopAt), so that a trace keeps a reference, not three. In a builder's facts a hop is [place, packet] and a step
 * is [kind, a, b].
 */
export class HopPlace {
  constructor(
    readonly node: string,
    readonly nodeId: string,
    readonly direction: Hop['direction'],
  ) {}
}

/** A rendered hop; its steps array grows as the builder's hop does (a guest's continuation adds to it). */
interface RenderedHop {
  readonly node: string;
  readonly nodeId: string;
  readonly direction: Hop['direction'];
  readonly packet: string;
  readonly steps: Step[];
}

/** How a trace ends: made per end() call, or once and shared (endingOf, endWith) where the reason repeats. */
export interface Ending {
  readonly disposition: Disposition;
  readonly reason: string;
}

export const endingOf = (disposition: Disposition, reason: string): Ending => ({ disposition, reason });

const WENT_NOWHERE: Ending = endingOf('GuestDropped', 'the packet went nowhere');

export class TraceBuilder {
  /** The injected packet: its line, or its tuple (described when read). */
  private injected: string | PackedTuple;
  /** The packet as the last hop had it: the next hop shares the snapshot when the tuple is unchanged. */
  private lastPacket: string | PackedTuple;
  /** Hops and steps, flat (one array per trace, not objects per step): see HopPlace. */
  private facts: unknown[] = [];
  private ended: Ending | undefined = undefined;
  /** What readers were given so far; extended, never rebuilt, so every trace of this builder shares it. */
  private rendered: RenderedHop[] | undefined = undefined;
  private renderedFacts = 0;

  /** The injected packet: a line, or its tuple (copied now, described when read). */
  constructor(packet: string | Tuple) {
    this.injected = this.lastPacket = snapshot(packet);
  }

  get packet(): string {
    if (typeof this.injected !== 'string') this.injected = packetLine(this.injected);
    return this.injected;
  }

  /** A new hop; `packet` is the packet as it is now: a line, or the tuple (copied now, described when read). */
  hop(node: string, nodeId: string, direction: Hop['direction'], packet: string | Tuple): void {
    this.hopAt(new HopPlace(node, nodeId, direction), packet);
  }

  /** hop() at a place made once. */
  hopAt(place: HopPlace, packet: string | Tuple): void {
    const before = this.lastPacket;
    const p = typeof packet !== 'string' && sameTuple(before, packet) ? before : snapshot(packet);
    this.lastPacket = p;
    this.facts.push(place, p);
  }

  step(type: StepType, action: string, detail: string, resource?: ResourceRef, data?: Data): void {
    this.openHop();
    this.facts.push(EAGER, new Eager(type, action, detail, resource, data), undefined);
  }

  /** A step of a kind whose sentence, resource and data are rendered from two facts when the trace is read. */
  stepOf<A, B>(kind: StepKind<A, B>, a: A, b: B): void {
    this.openHop();
    this.facts.push(kind, a, b);
  }

  /** The first end wins: later hops (a guest's continuation) may not overwrite a drop. */
  end(disposition: Disposition, reason: string): void {
    this.ended ??= { disposition, reason };
  }

  /** end() with an ending made once (endingOf): the same disposition and reason for many flows. */
  endWith(ending: Ending): void {
    this.ended ??= ending;
  }

  get done(): boolean {
    return this.ended !== undefined;
  }

  /** Hand the end back to a continuation (an NVA forwarding the packet on) so it can end the trace itself. */
  reopen(): void {
    this.ended = undefined;
  }

  /** The trace as it ends now; its hops are this builder's (steps added later show in it, as before). */
  build(cached = false): Trace {
    // The facts array grew by push and has room to spare; a trace is kept as long as its flow is cached.
    this.facts = this.facts.slice();
    return new BuiltTrace(this, this.ended ?? WENT_NOWHERE, cached);
  }

  /** The hops rendered up to now: new hops and steps are rendered onto the shared arrays. */
  renderHops(): readonly Hop[] {
    const out = (this.rendered ??= []);
    const facts = this.facts;
    let i = this.renderedFacts;
    while (i < facts.length) {
      const head = facts[i];
      if (head instanceof HopPlace) {
        const packet = packetLine(facts[i + 1] as string | PackedTuple);
        out.push({ node: head.node, nodeId: head.nodeId, direction: head.direction, packet, steps: [] });
        i += 2;
      } else {
        out[out.length - 1]!.steps.push(renderStep(facts[i] as StepKind, facts[i + 1], facts[i + 2]));
        i += 3;
      }
    }
    this.renderedFacts = i;
    return out;
  }

  private openHop(): void {
    // Facts always begin with a hop.
    if (this.facts.length === 0) throw new Error('TraceBuilder.step before any hop');
  }
}

const sameTuple = (p: string | PackedTuple, t: Tuple): boolean =>
  typeof p !== 'string' &&
  p.src === t.src &&
  p.dst === t.dst &&
  p.srcPort === t.srcPort &&
  p.dstPort === t.dstPort &&
  p.protocol === t.protocol &&
  p.icmpType === t.icmpType &&
  p.tcpFlags === t.tcpFlags;

/** A Trace whose texts are rendered on first read; JSON.stringify sees the same object an eager trace was. */
class BuiltTrace implements Trace {
  constructor(
    private readonly builder: TraceBuilder,
    private readonly ending: Ending,
    readonly cached: boolean,
  ) {}

  get packet(): string {
    return this.builder.packet;
  }

  get hops(): readonly Hop[] {
    return this.builder.renderHops();
  }

  get disposition(): Disposition {
    return this.ending.disposition;
  }

  get reason(): string {
    return this.ending.reason;
  }

  /** The same trace served from the flow cache. */
  asCached(): Trace {
    return new BuiltTrace(this.builder, this.ending, true);
  }

  toJSON(): Trace {
    return {
      packet: this.packet,
      hops: this.hops,
      disposition: this.disposition,
      reason: this.reason,
      cached: this.cached,
    };
  }
}

/** The trace a flow-cache hit returns: the first packet's, marked cached. */
export const cachedTraceOf = (trace: Trace): Trace =>
  trace instanceof BuiltTrace ? trace.asCached() : { ...trace, cached: true };

export const refOf = (r: { id: string; name: string }): ResourceRef => ({ id: r.id, name: r.name });

/** Traces as text: one line a hop, its steps indented, then the disposition. */
export function renderTrace(trace: Trace): string {
  const lines = [`packet: ${trace.packet}${trace.cached ? ' (flow cache)' : ''}`];
  trace.hops.forEach((hop, i) => {
    lines.push(`${i + 1}. ${hop.node} ${hop.direction.toLowerCase()}: ${hop.packet}`);
    for (const s of hop.steps) lines.push(`     ${s.type} ${s.action}: ${s.detail}`);
  });
  lines.push(`disposition: ${trace.disposition} (${trace.reason})`);
  return lines.join('\n');
}
