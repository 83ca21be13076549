// The `guests:` and `traffic:` sections of a YAML topology (read docs/topology-format.md before changing this
// file): the software inside VMs, checked by parseGuestSpec, and named traffic scenarios for Lab.run().
import { parseGuestSpec } from '../dataplane/guests/index.ts';
import type { GuestSpec } from '../dataplane/guests/index.ts';
import type { TrafficStep } from '../dataplane/lab.ts';
import { completeId } from './short-ids.ts';
import type { Defaults } from './types.ts';

/** A step as the schema guarantees it: the loader checks the rest (one kind, port only with http / udp). */
export interface TrafficStepEntry {
  from: string;
  http?: string;
  ping?: string;
  udp?: string;
  port?: number;
  count?: number;
}

export type Scenario<T> = { ok: true; value: T } | { ok: false; pointer: string; message: string };

const KINDS = ['http', 'ping', 'udp'] as const;
/** The path parseGuestSpec gives to the value it checks, replaced by the guest's name in messages. */
const GUEST = 'guest';

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function guestsOf(entries: Readonly<Record<string, unknown>>): Scenario<Record<string, GuestSpec>> {
  const guests: Record<string, GuestSpec> = {};
  for (const [name, value] of Object.entries(entries)) {
    const parsed = parseGuestSpec(value, GUEST);
    if (!parsed.ok) {
      // parseGuestSpec names each problem by its path below GUEST ("guest.dnat[0].to: ..."); the first one
      // locates the failure in the file (its pointer replaces its path), the others keep their paths.
      const problems = parsed.reason.split('; ');
      const path = /^guest((?:\.[^.[\s:]+|\[\d+\])*): /.exec(problems[0]!);
      const below = (path?.[1] ?? '').match(/[^.[\]]+/g) ?? [];
      const pointer = `/guests/${escape(name)}${below.map((s) => `/${escape(s)}`).join('')}`;
      const first = problems[0]!.slice(path ? path[0].length : 0);
      const rest = problems.slice(1).map((p) => p.replace(/^guest(?=[.[:])/, name));
      const message = [first, ...rest].join('; ');
      return { ok: false, pointer, message };
    }
    guests[name] = parsed.value;
  }
  return { ok: true, value: guests };
}

export function trafficOf(
  scenarios: Readonly<Record<string, readonly TrafficStepEntry[]>>,
  d: Defaults,
): Scenario<Record<string, TrafficStep[]>> {
  const traffic: Record<string, TrafficStep[]> = {};
  for (const [name, entries] of Object.entries(scenarios)) {
    const steps: TrafficStep[] = [];
    for (const [i, e] of entries.entries()) {
      const at = `/traffic/${escape(name)}/${i}`;
      const kinds = KINDS.filter((k) => e[k] !== undefined);
      if (kinds.length !== 1) {
        const message =
          kinds.length === 0
            ? 'a step needs one of http, ping, udp (the destination)'
            : `a step takes one of http, ping, udp, not ${kinds.join(' and ')}`;
        return { ok: false, pointer: at, message };
      }
      const kind = kinds[0]!;
      if (kind === 'ping' && e.port !== undefined) {
        return { ok: false, pointer: `${at}/port`, message: 'ping (ICMP) has no ports; remove port' };
      }
      // A VM or NIC given by short ID ('networkInterfaces/nic1') is completed; names and IPs have no '/'.
      const endpoint = (v: string): string => (v.includes('/') ? completeId(v, d) : v);
      steps.push({
        from: endpoint(e.from),
        kind,
        to: endpoint(e[kind]!),
        ...(e.port !== undefined ? { port: e.port } : {}),
        ...(e.count !== undefined ? { count: e.count } : {}),
      });
    }
    traffic[name] = steps;
  }
  return { ok: true, value: traffic };
}
