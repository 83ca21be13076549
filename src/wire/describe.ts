// One line per frame in tcpdump's manner, for traces and test failures: '10.0.0.4.49152 > 10.0.0.5.80: TCP [S]
// seq 1000 len 0'. Any bytes give a line (malformed ones say what is wrong); nothing here throws.
import * as arp from './arp.ts';
import * as ethernet from './ethernet.ts';
import * as icmpv4 from './icmpv4.ts';
import * as icmpv6 from './icmpv6.ts';
import * as ipv4 from './ipv4.ts';
import * as ipv6 from './ipv6.ts';
import * as tcp from './tcp.ts';
import * as udp from './udp.ts';
import * as vxlan from './vxlan.ts';
import type { IpPair } from './checksum.ts';
import { formatIpv4 } from './ipv4-address.ts';

/** VXLAN inside VXLAN is described this many levels deep, then elided. */
const MAX_DEPTH = 4;

const PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [ipv4.Protocol.IPIP, 'IPIP'],
  [ipv4.Protocol.GRE, 'GRE'],
  [ipv4.Protocol.ESP, 'ESP'],
  [ipv4.Protocol.AH, 'AH'],
]);

const ICMP_NAMES: ReadonlyMap<number, string> = new Map([
  [icmpv4.Type.DestinationUnreachable, 'destination unreachable'],
  [icmpv4.Type.SourceQuench, 'source quench'],
  [icmpv4.Type.Redirect, 'redirect'],
  [icmpv4.Type.TimeExceeded, 'time exceeded'],
  [icmpv4.Type.ParameterProblem, 'parameter problem'],
]);

const ICMPV6_NAMES: ReadonlyMap<number, string> = new Map([
  [icmpv6.Type.DestinationUnreachable, 'destination unreachable'],
  [icmpv6.Type.PacketTooBig, 'packet too big'],
  [icmpv6.Type.TimeExceeded, 'time exceeded'],
  [icmpv6.Type.ParameterProblem, 'parameter problem'],
  [icmpv6.Type.RouterSolicitation, 'router solicitation'],
  [icmpv6.Type.RouterAdvertisement, 'router advertisement'],
  [icmpv6.Type.NeighborSolicitation, 'neighbor solicitation'],
  [icmpv6.Type.NeighborAdvertisement, 'neighbor advertisement'],
]);

const BAD_CHECKSUM = ' (bad checksum)';

export function describeFrame(frame: Uint8Array): string {
  return describeAt(frame, 0);
}

function describeAt(frame: Uint8Array, depth: number): string {
  const eth = ethernet.parse(frame);
  if (!eth.ok) return `malformed Ethernet: ${eth.reason}`;
  const { repr, payload } = eth.value;
  switch (repr.etherType) {
    case ethernet.EtherType.ARP:
      return describeArp(payload);
    case ethernet.EtherType.IPv4:
      return describeIpv4(payload, depth);
    case ethernet.EtherType.IPv6:
      return describeIpv6(payload, depth);
    default:
      return `${repr.src} > ${repr.dst}: ethertype 0x${repr.etherType.toString(16).padStart(4, '0')} len ${payload.length}`;
  }
}

function describeArp(bytes: Uint8Array): string {
  const r = arp.parse(bytes);
  if (!r.ok) return `malformed ARP: ${r.reason}`;
  const a = r.value.repr;
  return a.operation === arp.Operation.Request
    ? `ARP who-has ${formatIpv4(a.targetIp)} tell ${formatIpv4(a.senderIp)}`
    : `ARP ${formatIpv4(a.senderIp)} is-at ${a.senderMac}`;
}

function describeIpv4(bytes: Uint8Array, depth: number): string {
  const r = ipv4.parse(bytes, { verifyChecksum: false });
  if (!r.ok) return `malformed IPv4: ${r.reason}`;
  const { repr, payload } = r.value;
  const src = formatIpv4(repr.src);
  const dst = formatIpv4(repr.dst);
  const bad = new ipv4.Packet(bytes).verifyChecksum() ? '' : ' (bad IPv4 checksum)';
  const frag = repr.moreFragments || repr.fragmentOffset !== 0 ? ` frag offset ${repr.fragmentOffset}` : '';
  if (repr.fragmentOffset !== 0) {
    return `${src} > ${dst}: IPv4 proto ${repr.protocol} len ${payload.length}${frag}${bad}`;
  }
  const ip: IpPair = { version: 4, src: repr.src, dst: repr.dst };
  return describeTransport(src, dst, repr.protocol, payload, ip, depth) + frag + bad;
}

function describeIpv6(bytes: Uint8Array, depth: number): string {
  const r = ipv6.parse(bytes);
  if (!r.ok) return `malformed IPv6: ${r.reason}`;
  const { repr, payload } = r.value;
  const ip: IpPair = { version: 6, src: repr.src, dst: repr.dst };
  return describeTransport(
    ipv6.formatIpv6(repr.src),
    ipv6.formatIpv6(repr.dst),
    repr.nextHeader,
    payload,
    ip,
    depth,
  );
}

function describeTransport(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  ip: IpPair,
  depth: number,
): string {
  if (protocol === ipv4.Protocol.TCP) {
    const r = tcp.parse(payload);
    if (!r.ok) return `${src} > ${dst}: malformed TCP: ${r.reason}`;
    const t = r.value.repr;
    const ack = t.flags & tcp.Flags.ACK ? ` ack ${t.ack}` : '';
    const bad = new tcp.Packet(payload).verifyChecksum(ip, payload.length) ? '' : BAD_CHECKSUM;
    return `${src}.${t.srcPort} > ${dst}.${t.dstPort}: TCP [${tcp.formatFlags(t.flags)}] seq ${t.seq}${ack} len ${t.payloadLen}${bad}`;
  }
  if (protocol === ipv4.Protocol.UDP) {
    const r = udp.parse(payload);
    if (!r.ok) return `${src} > ${dst}: malformed UDP: ${r.reason}`;
    const u = r.value.repr;
    const data = r.value.payload;
    const bad = new udp.Packet(payload).verifyChecksum(ip) ? '' : BAD_CHECKSUM;
    return `${src}.${u.srcPort} > ${dst}.${u.dstPort}: UDP len ${data.length}${bad}${describeVxlan(u.dstPort, data, depth)}`;
  }
  if (protocol === ipv4.Protocol.ICMP && ip.version === 4) {
    const r = icmpv4.parse(payload, { verifyChecksum: false });
    if (!r.ok) return `${src} > ${dst}: malformed ICMP: ${r.reason}`;
    const bad = new icmpv4.Packet(payload).verifyChecksum() ? '' : BAD_CHECKSUM;
    const m = r.value.repr;
    if (m.kind === 'echo') {
      const what = m.type === icmpv4.Type.EchoRequest ? 'request' : 'reply';
      return `${src} > ${dst}: ICMP echo ${what} id ${m.ident} seq ${m.seq}${bad}`;
    }
    const name = ICMP_NAMES.get(m.type) ?? `type ${m.type}`;
    return `${src} > ${dst}: ICMP ${name} code ${m.code}${bad}`;
  }
  if (protocol === ipv4.Protocol.ICMPv6 && ip.version === 6) {
    const r = icmpv6.parse(payload);
    if (!r.ok) return `${src} > ${dst}: malformed ICMPv6: ${r.reason}`;
    const bad = new icmpv6.Packet(payload).verifyChecksum(ip) ? '' : BAD_CHECKSUM;
    const m = r.value.repr;
    if (m.kind === 'echo') {
      const what = m.type === icmpv6.Type.EchoRequest ? 'request' : 'reply';
      return `${src} > ${dst}: ICMPv6 echo ${what} id ${m.ident} seq ${m.seq}${bad}`;
    }
    const name = ICMPV6_NAMES.get(m.type) ?? `type ${m.type}`;
    return `${src} > ${dst}: ICMPv6 ${name} code ${m.code}${bad}`;
  }
  const name = PROTOCOL_NAMES.get(protocol) ?? `proto ${protocol}`;
  return `${src} > ${dst}: ${name} len ${payload.length}`;
}

function describeVxlan(dstPort: number, data: Uint8Array, depth: number): string {
  if (dstPort !== vxlan.PORT) return '';
  const r = vxlan.parse(data);
  if (!r.ok) return '';
  const inner = depth + 1 >= MAX_DEPTH ? '...' : describeAt(r.value.payload, depth + 1);
  return ` VXLAN vni ${r.value.repr.vni} [${inner}]`;
}
