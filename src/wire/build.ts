// Whole frames for guests and tests, every length and checksum right; and in-place NAT rewrites that keep
// them right. Read RFC 1624 (incremental checksum update) before changing rewriteIpv4.
import { read16, read32, write16, write32 } from './bytes.ts';
import { adjust16, adjust32, type IpPair } from './checksum.ts';
import * as arp from './arp.ts';
import * as ethernet from './ethernet.ts';
import * as icmpv4 from './icmpv4.ts';
import * as ipv4 from './ipv4.ts';
import * as tcp from './tcp.ts';
import * as udp from './udp.ts';
import { writeMac, type Mac } from './mac.ts';

const DEFAULT_TTL = 64;
const DEFAULT_WINDOW = 65535;
const EMPTY = new Uint8Array(0);

interface Link {
  srcMac: Mac;
  dstMac: Mac;
}

interface Ip extends Link {
  src: number;
  dst: number;
  ttl?: number;
}

const L3 = ethernet.HEADER_LEN;
const L4 = ethernet.HEADER_LEN + ipv4.HEADER_LEN;

/** Allocates the frame and writes the Ethernet and IPv4 headers; the caller fills bytes from L4 on. */
function ipv4Shell(o: Ip, protocol: number, l4Len: number): Uint8Array {
  const frame = new Uint8Array(L4 + l4Len);
  ethernet.emit({ dst: o.dstMac, src: o.srcMac, etherType: ethernet.EtherType.IPv4 }, frame);
  ipv4.emit(
    ipv4.reprDefaults({ src: o.src, dst: o.dst, protocol, payloadLen: l4Len, ttl: o.ttl ?? DEFAULT_TTL }),
    frame.subarray(L3),
  );
  return frame;
}

const pairOf = (o: Ip): IpPair => ({ version: 4, src: o.src, dst: o.dst });

export function tcpFrame(
  o: Ip & {
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    flags: number;
    window?: number;
    mss?: number;
    payload?: Uint8Array;
  },
): Uint8Array {
  const payload = o.payload ?? EMPTY;
  const repr: tcp.Repr = {
    srcPort: o.srcPort,
    dstPort: o.dstPort,
    seq: o.seq,
    ack: o.ack,
    flags: o.flags,
    window: o.window ?? DEFAULT_WINDOW,
    payloadLen: payload.length,
  };
  if (o.mss !== undefined) repr.mss = o.mss;
  const frame = ipv4Shell(o, ipv4.Protocol.TCP, tcp.headerLenOf(repr) + payload.length);
  tcp.emit(repr, payload, frame.subarray(L4), pairOf(o));
  return frame;
}

export function udpFrame(o: Ip & { srcPort: number; dstPort: number; payload: Uint8Array }): Uint8Array {
  const frame = ipv4Shell(o, ipv4.Protocol.UDP, udp.HEADER_LEN + o.payload.length);
  udp.emit({ srcPort: o.srcPort, dstPort: o.dstPort }, o.payload, frame.subarray(L4), pairOf(o));
  return frame;
}

export function icmpEchoFrame(
  o: Ip & { type: 0 | 8; ident: number; seq: number; data?: Uint8Array },
): Uint8Array {
  const repr: icmpv4.Repr = { kind: 'echo', type: o.type, ident: o.ident, seq: o.seq, data: o.data ?? EMPTY };
  const frame = ipv4Shell(o, ipv4.Protocol.ICMP, icmpv4.bufferLen(repr));
  icmpv4.emit(repr, frame.subarray(L4));
  return frame;
}

/** Any IPv4 payload as given (GRE, ESP, a pre-built ICMP error...); nothing inside it is touched. */
export function ipv4Frame(o: Ip & { protocol: number; payload: Uint8Array }): Uint8Array {
  const frame = ipv4Shell(o, o.protocol, o.payload.length);
  frame.set(o.payload, L4);
  return frame;
}

export function arpFrame(o: Link & arp.Repr): Uint8Array {
  const frame = new Uint8Array(L3 + arp.LEN);
  ethernet.emit({ dst: o.dstMac, src: o.srcMac, etherType: ethernet.EtherType.ARP }, frame);
  arp.emit(o, frame.subarray(L3));
  return frame;
}

export interface Ipv4Rewrite {
  src?: number;
  dst?: number;
  srcPort?: number;
  dstPort?: number;
  icmpIdent?: number;
  ttl?: number;
  srcMac?: Mac;
  dstMac?: Mac;
}

/**
 * Rewrites an IPv4 packet in place (NAT, forwarding), updating the IPv4 header checksum and the TCP / UDP /
 * ICMP echo checksum incrementally (RFC 1624 eqn. 3), so it works on fragments too: only the first fragment
 * carries the transport header, later ones get the IP changes alone. MACs are those of the Ethernet header
 * just before l3Offset. A UDP checksum of 0 ("none", RFC 768) stays 0. Ports apply to TCP and UDP only,
 * icmpIdent to ICMP echo request/reply only. ICMP errors' embedded headers are not rewritten.
 * The frame must hold a valid IPv4 header at l3Offset (parseHeaders said so); anything else is a bug.
 */
export function rewriteIpv4(frame: Uint8Array, l3Offset: number, change: Ipv4Rewrite): void {
  if (change.dstMac !== undefined) writeMac(frame, l3Offset - ethernet.HEADER_LEN, change.dstMac);
  if (change.srcMac !== undefined) writeMac(frame, l3Offset - ethernet.HEADER_LEN + 6, change.srcMac);
  const ihl = ((frame[l3Offset] ?? 0) & 0xf) * 4;
  if ((frame[l3Offset] ?? 0) >>> 4 !== 4 || ihl < ipv4.HEADER_LEN || l3Offset + ihl > frame.length) {
    throw new Error(`rewriteIpv4: no IPv4 header at offset ${l3Offset}`);
  }
  const protocol = frame[l3Offset + 9] ?? 0;
  const l4 = l3Offset + ihl;
  const firstFragment = (read16(frame, l3Offset + 6) & 0x1fff) === 0;
  // Where the transport checksum is (TCP, UDP and ICMP echo), or -1 when it does not move.
  let l4Checksum = -1;
  let isUdp = false;
  let isEcho = false;
  if (firstFragment) {
    if (protocol === ipv4.Protocol.TCP && l4 + tcp.HEADER_LEN <= frame.length) l4Checksum = l4 + 16;
    else if (protocol === ipv4.Protocol.UDP && l4 + udp.HEADER_LEN <= frame.length) {
      l4Checksum = l4 + 6;
      isUdp = true;
    } else if (protocol === ipv4.Protocol.ICMP && l4 + icmpv4.HEADER_LEN <= frame.length) {
      const type = frame[l4] ?? 0;
      isEcho = type === icmpv4.Type.EchoReply || type === icmpv4.Type.EchoRequest;
    }
  }
  if (isUdp && read16(frame, l4Checksum) === 0) l4Checksum = -1;
  let ipSum = read16(frame, l3Offset + 10);
  let l4Sum = l4Checksum >= 0 ? read16(frame, l4Checksum) : 0;

  const address = (offset: number, value: number): void => {
    const old = read32(frame, offset);
    ipSum = adjust32(ipSum, old, value);
    // The pseudo-header covers the addresses (RFC 9293 §3.1, RFC 768); ICMPv4 has no pseudo-header.
    if (l4Checksum >= 0) l4Sum = adjust32(l4Sum, old, value);
    write32(frame, offset, value);
  };
  if (change.src !== undefined) address(l3Offset + 12, change.src >>> 0);
  if (change.dst !== undefined) address(l3Offset + 16, change.dst >>> 0);
  if (change.ttl !== undefined) {
    const old = read16(frame, l3Offset + 8);
    const now = ((change.ttl & 0xff) << 8) | protocol;
    ipSum = adjust16(ipSum, old, now);
    write16(frame, l3Offset + 8, now);
  }
  write16(frame, l3Offset + 10, ipSum);

  const word = (offset: number, value: number): void => {
    l4Sum = adjust16(l4Sum, read16(frame, offset), value);
    write16(frame, offset, value);
  };
  if (l4Checksum >= 0) {
    if (change.srcPort !== undefined) word(l4, change.srcPort);
    if (change.dstPort !== undefined) word(l4 + 2, change.dstPort);
    write16(frame, l4Checksum, isUdp && l4Sum === 0 ? 0xffff : l4Sum);
  } else if (isUdp) {
    // No checksum to keep right: the ports still change.
    if (change.srcPort !== undefined) write16(frame, l4, change.srcPort);
    if (change.dstPort !== undefined) write16(frame, l4 + 2, change.dstPort);
  }
  if (isEcho && change.icmpIdent !== undefined) {
    const old = read16(frame, l4 + 4);
    write16(frame, l4 + 2, adjust16(read16(frame, l4 + 2), old, change.icmpIdent));
    write16(frame, l4 + 4, change.icmpIdent);
  }
}
