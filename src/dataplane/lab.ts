// A running lab: the engine with a guest on every VM NIC (hosts by default, NVAs and collectors as declared),
// the internet and on-premises beyond, a fake clock, and the traffic a scenario runs. Deterministic: the same
// world, guests and traffic give the same packets, traces and captures.
import type { World } from '../model/index.ts';
import { formatIpv4, icmpEchoFrame, parseIpv4, tcp, tcpFrame, udpFrame } from '../wire/index.ts';
import { Engine } from './engine.ts';
import type { EngineOptions, Outside } from './engine.ts';
import type { Port } from './fabric.ts';
import { createGuest, createInternetGuest } from './guests/index.ts';
import type { GuestSpec, HttpSession, PingSession, VmGuest } from './guests/index.ts';
import { AZURE_GATEWAY_MAC, FakeClock } from './types.ts';
import type { Ipv4, Trace } from './types.ts';
import type { Result } from '../net/index.ts';

export interface TrafficStep {
  readonly from: string;
  readonly kind: 'http' | 'ping' | 'udp';
  readonly to: string;
  readonly port?: number;
  readonly count?: number;
}

export interface LabOptions extends Omit<EngineOptions, 'clock'> {
  /** Guests by VM or NIC name (case-insensitive); VMs not named get a host listening on TCP 80. */
  readonly guests?: Readonly<Record<string, GuestSpec>>;
  readonly clock?: FakeClock;
}

export type StepResult =
  | { readonly step: TrafficStep; readonly kind: 'ping'; readonly session: PingSession }
  | { readonly step: TrafficStep; readonly kind: 'http'; readonly session: HttpSession }
  | { readonly step: TrafficStep; readonly kind: 'udp'; readonly sourcePort: number };

export type ProbeProtocol = 'TCP' | 'UDP' | 'ICMP';

const DEFAULT_GUEST: GuestSpec = { kind: 'host', listen: [{ protocol: 'tcp', port: 80 }] };
/** Probes leave from this source port, as IP flow verify's questions do (expectations.ts). */
export const PROBE_SOURCE_PORT = 50000;

export class Lab {
  readonly engine: Engine;
  readonly clock: FakeClock;
  private readonly guests = new Map<string, VmGuest>();

  constructor(world: World, options: LabOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.engine = new Engine(world, { ...options, clock: this.clock });
    const specs = new Map(Object.entries(options.guests ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    for (const port of this.engine.fabric.ports) {
      const spec = specs.get(port.name.toLowerCase()) ?? specs.get(port.nic.name.toLowerCase());
      if (!spec && (!port.vmId || port.privateEndpoint)) continue;
      const guest = createGuest(this.engine.hostOf(port), spec ?? DEFAULT_GUEST);
      this.guests.set(port.key, guest);
      this.engine.attach(port, guest);
    }
    for (const node of ['Internet', 'OnPremises'] as const)
      this.engine.attach(node, createInternetGuest(this.engine.outsideHost(node)));
  }

  /** A NIC by VM name, NIC name or resource ID. */
  port(name: string): Result<Port> {
    const port = this.engine.port(name);
    return port
      ? { ok: true, value: port }
      : { ok: false, reason: `no NIC or VM named '${name}' in this lab` };
  }

  guest(port: Port): VmGuest | undefined {
    return this.guests.get(port.key);
  }

  /** An address, or the primary address of a VM / NIC. */
  address(text: string): Result<Ipv4> {
    const ip = parseIpv4(text);
    if (ip.ok) return ip;
    const port = this.engine.port(text);
    return port
      ? { ok: true, value: port.addresses[0]! }
      : { ok: false, reason: `'${text}' is neither an IPv4 address nor a VM or NIC` };
  }

  /** Injects one probe (TCP SYN, UDP datagram or ICMP echo request) from a NIC and returns its trace. */
  probe(port: Port, dst: Ipv4, protocol: ProbeProtocol, dstPort = 80): Trace {
    const common = { srcMac: port.mac, dstMac: AZURE_GATEWAY_MAC, src: port.addresses[0]!, dst };
    const frame =
      protocol === 'TCP'
        ? tcpFrame({
            ...common,
            srcPort: PROBE_SOURCE_PORT,
            dstPort,
            seq: 1,
            ack: 0,
            flags: tcp.Flags.SYN,
            mss: 1460,
          })
        : protocol === 'UDP'
          ? udpFrame({
              ...common,
              srcPort: PROBE_SOURCE_PORT,
              dstPort,
              payload: new TextEncoder().encode('vnetlab probe'),
            })
          : icmpEchoFrame({ ...common, type: 8, ident: PROBE_SOURCE_PORT & 0xffff, seq: 1 });
    return this.engine.inject(port, frame);
  }

  /** Runs a scenario's steps in order, letting each settle, and reports what each client saw. */
  run(steps: readonly TrafficStep[]): Result<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of steps) {
      const from = this.port(step.from);
      if (!from.ok) return from;
      const guest = this.guests.get(from.value.key);
      if (!guest || !('ping' in guest))
        return { ok: false, reason: `${step.from} runs no host software to send from` };
      const to = this.address(step.to);
      if (!to.ok) return to;
      if (step.kind === 'ping')
        results.push({ step, kind: 'ping', session: guest.ping(to.value, step.count ?? 1) });
      else if (step.kind === 'http')
        for (let i = 0; i < (step.count ?? 1); i++)
          results.push({ step, kind: 'http', session: guest.httpGet(to.value, step.port ?? 80) });
      else
        results.push({
          step,
          kind: 'udp',
          sourcePort: guest.udpSend(
            to.value,
            step.port ?? 7,
            new TextEncoder().encode(`vnetlab ${step.from}`),
          ),
        });
      this.settle();
    }
    return { ok: true, value: results };
  }

  /** Processes everything queued, one millisecond of fake time a round. */
  settle(): void {
    this.engine.run();
    this.clock.advance(1);
  }

  outside(node: Outside): VmGuest | undefined {
    return this.engine.guestOf(node) as VmGuest | undefined;
  }
}

export const describeAddress = formatIpv4;
