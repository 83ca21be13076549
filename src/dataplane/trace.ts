// Building traces: the slow path writes every decision as a Step of the current Hop, and ends the trace with a
// Disposition and a reason naming the responsible Azure object.
import type { Disposition, Hop, ResourceRef, Step, StepType, Trace } from './types.ts';

interface OpenHop {
  node: string;
  nodeId: string;
  direction: Hop['direction'];
  packet: string;
  steps: Step[];
}

export class TraceBuilder {
  private readonly hops: OpenHop[] = [];
  private ended: { disposition: Disposition; reason: string } | undefined;

  constructor(readonly packet: string) {}

  hop(node: string, nodeId: string, direction: Hop['direction'], packet: string): void {
    this.hops.push({ node, nodeId, direction, packet, steps: [] });
  }

  step(
    type: StepType,
    action: string,
    detail: string,
    resource?: ResourceRef,
    data?: Record<string, string | number | boolean>,
  ): void {
    const hop = this.hops[this.hops.length - 1];
    if (!hop) throw new Error('TraceBuilder.step before any hop');
    hop.steps.push({ type, action, detail, ...(resource ? { resource } : {}), ...(data ? { data } : {}) });
  }

  /** The first end wins: later hops (a guest's continuation) may not overwrite a drop. */
  end(disposition: Disposition, reason: string): void {
    this.ended ??= { disposition, reason };
  }

  get done(): boolean {
    return this.ended !== undefined;
  }

  /** Hand the end back to a continuation (an NVA forwarding the packet on) so it can end the trace itself. */
  reopen(): void {
    this.ended = undefined;
  }

  build(cached = false): Trace {
    const end = this.ended ?? { disposition: 'GuestDropped' as const, reason: 'the packet went nowhere' };
    return { packet: this.packet, hops: this.hops, disposition: end.disposition, reason: end.reason, cached };
  }
}

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
