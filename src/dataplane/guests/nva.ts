// A network virtual appliance as a Linux router: netfilter's order for each packet is conntrack, PREROUTING
// DNAT, the routing decision (local delivery or FORWARD), then POSTROUTING SNAT (iptables-extensions(8), "nat"
// table). With one NIC every forwarded packet goes back into Azure, addressed to the gateway MAC.
// Fidelity: no ICMP errors (time exceeded, unreachable), no fragment reassembly, no IPv6 forwarding.
import { parsePrefix } from '../../net/index.ts';
import { formatIpv4, ipv4, parseHeaders, parseIpv4, rewriteIpv4 } from '../../wire/index.ts';
import type { Headers as FrameHeaders, Ipv4Rewrite } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import type { Guest, GuestHost, Ipv4 } from '../types.ts';
import { createConntrack, translated } from './conntrack.ts';
import type { Tuple } from './conntrack.ts';
import { createEndpoint } from './endpoint.ts';
import type { GuestApps } from './endpoint.ts';
import { hostPage } from './host.ts';
import type { NvaSpec } from './spec.ts';

/** What the appliance did with one packet that was not for itself, for traces. */
export interface NvaEvent {
  readonly at: number;
  readonly action: 'Forwarded' | 'Dropped';
  readonly detail: string;
}

export interface NvaGuest extends Guest, GuestApps {
  readonly kind: 'nva';
  readonly forwarded: number;
  readonly dropped: number;
  readonly events: readonly NvaEvent[];
}

interface Route {
  readonly network: number;
  readonly length: number;
  readonly drop: boolean;
  readonly text: string;
}

interface Dnat {
  readonly protocol: number;
  readonly port: number;
  readonly to: Ipv4;
  readonly toPort: number;
}

interface Snat {
  readonly network: number;
  readonly length: number;
  readonly to: Ipv4 | undefined;
}

const maskOf = (length: number): number => (length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);
const covers = (network: number, length: number, address: Ipv4): boolean =>
  (address & maskOf(length)) >>> 0 === network;

/** The spec came through parseGuestSpec; a value that does not parse here is a caller's bug. */
function mustAddress(text: string): Ipv4 {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(`NVA spec: ${r.reason}`);
  return r.value;
}

function mustPrefix(text: string): { network: number; length: number } {
  const r = parsePrefix(text);
  if (!r.ok || r.value.version !== 4) throw new Error(`NVA spec: '${text}' is not an IPv4 prefix`);
  return { network: Number(r.value.network), length: r.value.length };
}

const PROTOCOLS = { tcp: ipv4.Protocol.TCP, udp: ipv4.Protocol.UDP } as const;

/** The tuple conntrack follows: TCP and UDP ports, or the ICMP echo identifier; undefined when untracked. */
function tupleOf(h: FrameHeaders): Tuple | undefined {
  const { protocol, src, dst } = h;
  if (protocol === ipv4.Protocol.TCP || protocol === ipv4.Protocol.UDP) {
    return { protocol, src, dst, srcPort: h.srcPort, dstPort: h.dstPort };
  }
  if (protocol === ipv4.Protocol.ICMP && h.icmpIdent >= 0) {
    return { protocol, src, dst, srcPort: h.icmpIdent, dstPort: h.icmpIdent };
  }
  return undefined;
}

const showTuple = (t: Tuple): string =>
  t.protocol === ipv4.Protocol.ICMP
    ? `${formatIpv4(t.src)} > ${formatIpv4(t.dst)} (icmp id ${t.srcPort})`
    : `${formatIpv4(t.src)}:${t.srcPort} > ${formatIpv4(t.dst)}:${t.dstPort}`;

export function createNvaGuest(host: GuestHost, spec: NvaSpec): NvaGuest {
  const routes: Route[] = (spec.routes ?? [{ prefix: '0.0.0.0/0', nextHop: formatIpv4(host.gateway) }]).map(
    (r) => ({
      ...mustPrefix(r.prefix),
      drop: r.nextHop === 'drop',
      text: r.nextHop === 'drop' ? `${r.prefix} (drop)` : `${r.prefix} via ${r.nextHop}`,
    }),
  );
  const dnat: Dnat[] = (spec.dnat ?? []).map((d) => ({
    protocol: PROTOCOLS[d.protocol],
    port: d.port,
    to: mustAddress(d.to),
    toPort: d.toPort ?? d.port,
  }));
  const snat: Snat[] = (spec.snat ?? []).map((s) => ({
    ...mustPrefix(s.destination ?? '0.0.0.0/0'),
    to: s.to === undefined ? undefined : mustAddress(s.to),
  }));
  const forwarding = spec.forwarding ?? true;
  const endpoint = createEndpoint(host, { listen: spec.listen ?? [], page: hostPage(host.name) });
  const conntrack = createConntrack();
  const events: NvaEvent[] = [];
  let forwarded = 0;
  let dropped = 0;

  const isLocal = (a: Ipv4): boolean => host.addresses.includes(a);

  function drop(detail: string): void {
    dropped++;
    events.push({ at: host.now(), action: 'Dropped', detail });
  }

  /** Longest prefix wins; the first listed among equals (as `ip route` refuses duplicates anyway). */
  function route(dst: Ipv4): Route | undefined {
    let best: Route | undefined;
    for (const r of routes)
      if (covers(r.network, r.length, dst) && (best === undefined || r.length > best.length)) best = r;
    return best;
  }

  /** Netfilter keeps the source port unless the reply tuple is taken (nf_nat_l4proto_unique_tuple). */
  function snatReply(t: Tuple, to: Ipv4): Tuple {
    const replyWith = (port: number): Tuple =>
      t.protocol === ipv4.Protocol.ICMP
        ? { protocol: t.protocol, src: t.dst, dst: to, srcPort: port, dstPort: port }
        : { protocol: t.protocol, src: t.dst, dst: to, srcPort: t.dstPort, dstPort: port };
    const [low, count] = t.protocol === ipv4.Protocol.ICMP ? [0, 65536] : [1024, 65536 - 1024];
    for (let i = 0; i < count; i++) {
      const port = i === 0 ? t.srcPort : low + ((t.srcPort - low + i + count) % count);
      const reply = replyWith(port);
      if (conntrack.lookup(reply) === undefined) return reply;
    }
    return replyWith(t.srcPort);
  }

  function rewriteOf(h: FrameHeaders, from: Tuple, to: Tuple): Ipv4Rewrite {
    const change: Ipv4Rewrite = {};
    if (to.src !== from.src) change.src = to.src;
    if (to.dst !== from.dst) change.dst = to.dst;
    if (h.protocol === ipv4.Protocol.ICMP) {
      if (to.srcPort !== from.srcPort) change.icmpIdent = to.srcPort;
    } else {
      if (to.srcPort !== from.srcPort) change.srcPort = to.srcPort;
      if (to.dstPort !== from.dstPort) change.dstPort = to.dstPort;
    }
    return change;
  }

  function receive(frame: Uint8Array): void {
    endpoint.record(frame);
    const parsed = parseHeaders(frame);
    if (!parsed.ok) {
      drop(`malformed: ${parsed.reason}`);
      return;
    }
    const h = parsed.value;
    if (h.ipVersion === 0) return; // ARP and other link traffic: Azure's host answers it, not the guest
    if (h.ipVersion === 6) {
      drop('IPv6 is not forwarded');
      return;
    }
    const tuple = h.fragment ? undefined : tupleOf(h);
    const hit = tuple === undefined ? undefined : conntrack.lookup(tuple);

    // PREROUTING: an existing flow is translated as its entry says; a new one addressed here may meet DNAT.
    let after: Tuple | undefined = hit === undefined ? tuple : translated(hit);
    let dnatFrom: Tuple | undefined;
    if (hit === undefined && tuple !== undefined && isLocal(tuple.dst)) {
      const rule = dnat.find((d) => d.protocol === tuple.protocol && d.port === tuple.dstPort);
      if (rule !== undefined) {
        dnatFrom = tuple;
        after = { ...tuple, dst: rule.to, dstPort: rule.toPort };
      }
    }
    const dst = after?.dst ?? h.dst;

    // Routing decision: for this host, or FORWARD.
    if (isLocal(dst)) {
      if (after !== undefined && tuple !== undefined && after !== tuple) {
        const local = frame.slice();
        rewriteIpv4(local, h.l3Offset, rewriteOf(h, tuple, after));
        const reparsed = parseHeaders(local);
        if (reparsed.ok) endpoint.deliver(reparsed.value, local);
        return;
      }
      if (!h.fragment) endpoint.deliver(h, frame);
      return;
    }
    const what = tuple === undefined ? `${formatIpv4(h.src)} > ${formatIpv4(h.dst)}` : showTuple(tuple);
    if (!forwarding) {
      drop(`${what}: not for this host and ip_forward is off`);
      return;
    }
    const chosen = route(dst);
    if (chosen === undefined) {
      drop(`${what}: no route to ${formatIpv4(dst)}`);
      return;
    }
    if (chosen.drop) {
      drop(`${what}: route ${chosen.text} drops it`);
      return;
    }
    // RFC 1812 §5.3.1: a router never forwards a packet whose TTL it would decrement to zero.
    if (h.ttl <= 1) {
      drop(`${what}: TTL ${h.ttl} expired in transit`);
      return;
    }

    // POSTROUTING: SNAT applies to the first packet of a flow; its entry carries the rest.
    const notes: string[] = [];
    if (hit === undefined && after !== undefined && tuple !== undefined) {
      const target = after.dst;
      const rule = snat.find((s) => covers(s.network, s.length, target));
      let reply = {
        protocol: after.protocol,
        src: after.dst,
        dst: after.src,
        srcPort: after.dstPort,
        dstPort: after.srcPort,
      };
      if (rule !== undefined) {
        reply = snatReply(after, rule.to ?? host.addresses[0] ?? after.src);
        after = { ...after, src: reply.dst, srcPort: reply.dstPort };
      }
      if (dnatFrom !== undefined) notes.push('DNAT');
      if (rule !== undefined) notes.push('SNAT');
      if (rule !== undefined || dnatFrom !== undefined) conntrack.add(tuple, reply);
    } else if (hit !== undefined) {
      notes.push(`conntrack ${hit.direction} of ${showTuple(hit.entry.original)}`);
    }

    const out = frame.slice();
    const change: Ipv4Rewrite = {
      ...(after !== undefined && tuple !== undefined ? rewriteOf(h, tuple, after) : {}),
      ttl: h.ttl - 1,
      srcMac: host.mac,
      dstMac: AZURE_GATEWAY_MAC,
    };
    rewriteIpv4(out, h.l3Offset, change);
    forwarded++;
    const as = after !== undefined && after !== tuple ? ` as ${showTuple(after)}` : '';
    events.push({
      at: host.now(),
      action: 'Forwarded',
      detail: `${what}${as} by route ${chosen.text}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
    });
    host.send(out);
  }

  return {
    kind: 'nva',
    received: endpoint.received,
    ping: endpoint.ping,
    httpGet: endpoint.httpGet,
    udpSend: endpoint.udpSend,
    events,
    get forwarded() {
      return forwarded;
    },
    get dropped() {
      return dropped;
    },
    receive,
  };
}
