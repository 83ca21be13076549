// Test doubles for guests: a GuestHost that keeps what the guest sends, and a tiny lab that delivers frames
// between guests by destination address, as the engine would with every rule allowing. Not part of the API.
import { describeFrame, icmpv4, ipv4, mustParseIpv4, parseHeaders, tcp, udp } from '../../wire/index.ts';
import { FakeClock } from '../types.ts';
import type { Guest, GuestHost, Ipv4 } from '../types.ts';

export interface FakeHost extends GuestHost {
  readonly sent: Uint8Array[];
}

let macCounter = 0;

export function fakeHost(
  name: string,
  addresses: readonly string[],
  clock = new FakeClock(),
  onSend?: (frame: Uint8Array) => void,
): FakeHost {
  const sent: Uint8Array[] = [];
  macCounter++;
  const parsed = addresses.map(mustParseIpv4);
  const first = parsed[0] ?? 0;
  return {
    name,
    nicId: `/nic/${name}`,
    mac: `00:0d:3a:00:00:${(macCounter & 0xff).toString(16).padStart(2, '0')}`,
    addresses: parsed,
    gateway: ((first & 0xffffff00) | 1) >>> 0,
    now: () => clock.now(),
    send(frame) {
      sent.push(frame);
      onSend?.(frame);
    },
    sent,
  };
}

/** Why a frame is not well-formed (IPv4 header and transport checksums included), or undefined. */
export function frameProblem(frame: Uint8Array): string | undefined {
  const parsed = parseHeaders(frame);
  if (!parsed.ok) return parsed.reason;
  const h = parsed.value;
  if (h.ipVersion !== 4) return undefined;
  const l4 = frame.subarray(h.l4Offset, h.l4Offset + h.l4Length);
  const ip = { version: 4 as const, src: h.src, dst: h.dst };
  const r =
    h.protocol === ipv4.Protocol.TCP
      ? tcp.parse(l4, ip)
      : h.protocol === ipv4.Protocol.UDP
        ? udp.parse(l4, ip)
        : h.protocol === ipv4.Protocol.ICMP
          ? icmpv4.parse(l4)
          : { ok: true as const };
  return r.ok ? undefined : r.reason;
}

interface Node {
  readonly host: FakeHost;
  guest: Guest | undefined;
}

/**
 * Guests wired through a pretend Azure: a frame goes to the guest owning its destination address, or to the
 * node a `via` prefix names (a UDR to an NVA) unless that node sent it, or else to the `default` node.
 */
export interface Lab {
  readonly clock: FakeClock;
  /** Every frame delivered, described, for assertion messages. */
  readonly log: string[];
  add<G extends Guest>(name: string, addresses: readonly string[], make: (host: GuestHost) => G): G;
  via(prefix: string, node: string): void;
  fallback(node: string): void;
  /** Delivers queued frames until none is left; throws on a malformed frame or a runaway exchange. */
  run(limit?: number): void;
}

export function createLab(): Lab {
  const clock = new FakeClock();
  const nodes = new Map<string, Node>();
  const queue: { from: string; frame: Uint8Array }[] = [];
  const vias: { network: number; mask: number; node: string }[] = [];
  const log: string[] = [];
  let fallbackNode: string | undefined;

  function target(from: string, dst: Ipv4): Node | undefined {
    for (const v of vias) {
      if ((dst & v.mask) >>> 0 === v.network && v.node !== from) return nodes.get(v.node);
    }
    for (const node of nodes.values()) if (node.host.addresses.includes(dst)) return node;
    return fallbackNode === undefined ? undefined : nodes.get(fallbackNode);
  }

  return {
    clock,
    log,
    add(name, addresses, make) {
      const host = fakeHost(name, addresses, clock, (frame) => queue.push({ from: name, frame }));
      const node: Node = { host, guest: undefined };
      nodes.set(name, node);
      const guest = make(host);
      node.guest = guest;
      return guest;
    },
    via(prefix, node) {
      const [addr = '', len = '32'] = prefix.split('/');
      const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
      vias.push({ network: (mustParseIpv4(addr) & mask) >>> 0, mask, node });
    },
    fallback(node) {
      fallbackNode = node;
    },
    run(limit = 200) {
      for (let n = 0; queue.length > 0; n++) {
        if (n >= limit) throw new Error(`more than ${limit} frames:\n${log.join('\n')}`);
        const { from, frame } = queue.shift()!;
        const problem = frameProblem(frame);
        if (problem !== undefined) throw new Error(`${from} sent a bad frame: ${problem}\n${log.join('\n')}`);
        const h = parseHeaders(frame);
        const to = h.ok ? target(from, h.value.dst) : undefined;
        log.push(`${from} -> ${to?.host.name ?? '(nobody)'}: ${describeFrame(frame)}`);
        if (to === undefined) continue;
        const copy = frame.slice();
        // The host writes the receiving NIC's MAC (Azure has no layer 2).
        copy.set(
          to.host.mac.split(':').map((x) => parseInt(x, 16)),
          0,
        );
        to.guest?.receive(copy);
      }
    },
  };
}
