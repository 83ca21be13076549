// The data plane's one-pass header walk: Ethernet, IPv4 or IPv6 (no extension headers), then TCP, UDP, ICMP
// or ICMPv6, reading offsets straight from the bytes. It validates what it reads (lengths, versions, the IPv4
// header checksum, RFC 791 §3.1) but not transport checksums, and never throws. Zero copies: the result holds
// offsets into the frame. Read RFC 791 §3.1, RFC 8200 §3 and the per-protocol files before changing this file.
import type { Result } from '../net/index.ts';
import { read128 } from './bytes.ts';
import { finish, sum16 } from './checksum.ts';
import { readMac, type Mac } from './mac.ts';

const ETH_LEN = 14;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTO_ICMP = 1;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_FRAGMENT6 = 44;
const PROTO_ICMPV6 = 58;

export interface Headers {
  etherType: number;
  srcMac: Mac;
  dstMac: Mac;
  l3Offset: number;
  /** 0 for ARP and any other non-IP frame. */
  ipVersion: 0 | 4 | 6;
  /** IPv4 only; 0 otherwise. */
  src: number;
  dst: number;
  /** IPv6 only. */
  src6?: bigint;
  dst6?: bigint;
  /** IPv4 protocol or IPv6 next header; 0 when not IP. */
  protocol: number;
  /** TTL or hop limit. */
  ttl: number;
  l4Offset: number;
  /** Bytes from l4Offset to the end of the IP packet (Ethernet padding excluded). */
  l4Length: number;
  /** 0 when not TCP/UDP or not the first fragment. */
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  /** -1 when not ICMP / ICMPv6. */
  icmpType: number;
  icmpCode: number;
  /** -1 when not ICMP echo request/reply (ICMPv6 128/129 too). */
  icmpIdent: number;
  /** The application payload (after TCP/UDP/ICMP headers; after IP for other protocols; after Ethernet for non-IP). */
  payloadOffset: number;
  payloadLength: number;
  /** IPv4: MF set or non-zero offset; IPv6: a Fragment header follows. Later fragments carry no ports. */
  fragment: boolean;
}

const fail = (reason: string): Result<Headers> => ({ ok: false, reason });

export function parseHeaders(frame: Uint8Array): Result<Headers> {
  const n = frame.length;
  if (n < ETH_LEN) return fail(`frame of ${n} bytes is shorter than an Ethernet header`);
  const etherType = (frame[12]! << 8) | frame[13]!;
  const h: Headers = {
    etherType,
    srcMac: readMac(frame, 6),
    dstMac: readMac(frame, 0),
    l3Offset: ETH_LEN,
    ipVersion: 0,
    src: 0,
    dst: 0,
    src6: undefined,
    dst6: undefined,
    protocol: 0,
    ttl: 0,
    l4Offset: ETH_LEN,
    l4Length: 0,
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    icmpType: -1,
    icmpCode: -1,
    icmpIdent: -1,
    payloadOffset: ETH_LEN,
    payloadLength: n - ETH_LEN,
    fragment: false,
  };
  let l4: number;
  let end: number;
  let transport: boolean;
  if (etherType === ETHERTYPE_IPV4) {
    const l3 = ETH_LEN;
    if (n < l3 + 20) return fail(`IPv4 header truncated: ${n - l3} bytes`);
    const b0 = frame[l3]!;
    if (b0 >>> 4 !== 4) return fail(`IPv4 version field is ${b0 >>> 4}`);
    const ihl = (b0 & 0xf) * 4;
    if (ihl < 20) return fail(`IPv4 header length ${ihl} is below 20`);
    if (l3 + ihl > n) return fail(`IPv4 header length ${ihl} exceeds the frame`);
    const totalLen = (frame[l3 + 2]! << 8) | frame[l3 + 3]!;
    if (totalLen < ihl) return fail(`IPv4 total length ${totalLen} is below the header length ${ihl}`);
    if (l3 + totalLen > n)
      return fail(`IPv4 total length ${totalLen} exceeds the ${n - l3} bytes in the frame`);
    if (finish(sum16(frame, l3, l3 + ihl)) !== 0) return fail('IPv4 header checksum is wrong');
    const flagsOffset = (frame[l3 + 6]! << 8) | frame[l3 + 7]!;
    h.ipVersion = 4;
    h.ttl = frame[l3 + 8]!;
    h.protocol = frame[l3 + 9]!;
    h.src =
      ((frame[l3 + 12]! << 24) | (frame[l3 + 13]! << 16) | (frame[l3 + 14]! << 8) | frame[l3 + 15]!) >>> 0;
    h.dst =
      ((frame[l3 + 16]! << 24) | (frame[l3 + 17]! << 16) | (frame[l3 + 18]! << 8) | frame[l3 + 19]!) >>> 0;
    h.fragment = (flagsOffset & 0x3fff) !== 0;
    l4 = l3 + ihl;
    end = l3 + totalLen;
    // Only the first fragment (offset 0) starts with the transport header (RFC 791 §3.2 "Fragmentation").
    transport = (flagsOffset & 0x1fff) === 0;
  } else if (etherType === ETHERTYPE_IPV6) {
    const l3 = ETH_LEN;
    if (n < l3 + 40) return fail(`IPv6 header truncated: ${n - l3} bytes`);
    const b0 = frame[l3]!;
    if (b0 >>> 4 !== 6) return fail(`IPv6 version field is ${b0 >>> 4}`);
    const payloadLen = (frame[l3 + 4]! << 8) | frame[l3 + 5]!;
    if (l3 + 40 + payloadLen > n) return fail(`IPv6 payload length ${payloadLen} exceeds the frame`);
    h.ipVersion = 6;
    h.protocol = frame[l3 + 6]!;
    h.ttl = frame[l3 + 7]!;
    h.src6 = read128(frame, l3 + 8);
    h.dst6 = read128(frame, l3 + 24);
    h.fragment = h.protocol === PROTO_FRAGMENT6;
    l4 = l3 + 40;
    end = l4 + payloadLen;
    transport = !h.fragment;
  } else {
    return { ok: true, value: h };
  }
  h.l4Offset = l4;
  h.l4Length = end - l4;
  h.payloadOffset = l4;
  h.payloadLength = end - l4;
  if (!transport) return { ok: true, value: h };
  const p = h.protocol;
  const avail = end - l4;
  if (p === PROTO_TCP) {
    if (avail < 20) return h.fragment ? { ok: true, value: h } : fail(`TCP header truncated: ${avail} bytes`);
    const dataOffset = (frame[l4 + 12]! >>> 4) * 4;
    if (dataOffset < 20) return fail(`TCP data offset ${dataOffset} is below 20`);
    if (dataOffset > avail)
      return fail(`TCP data offset ${dataOffset} exceeds the ${avail} bytes of segment`);
    h.srcPort = (frame[l4]! << 8) | frame[l4 + 1]!;
    h.dstPort = (frame[l4 + 2]! << 8) | frame[l4 + 3]!;
    h.tcpFlags = frame[l4 + 13]!;
    h.payloadOffset = l4 + dataOffset;
    h.payloadLength = avail - dataOffset;
  } else if (p === PROTO_UDP) {
    if (avail < 8) return h.fragment ? { ok: true, value: h } : fail(`UDP header truncated: ${avail} bytes`);
    const length = (frame[l4 + 4]! << 8) | frame[l4 + 5]!;
    if (length < 8) return fail(`UDP length field ${length} is below 8`);
    // A first fragment holds only part of the datagram, so its length field may exceed what is here.
    if (length > avail && !h.fragment)
      return fail(`UDP length field ${length} exceeds the ${avail} bytes given`);
    h.srcPort = (frame[l4]! << 8) | frame[l4 + 1]!;
    h.dstPort = (frame[l4 + 2]! << 8) | frame[l4 + 3]!;
    h.payloadOffset = l4 + 8;
    h.payloadLength = Math.min(length, avail) - 8;
  } else if ((p === PROTO_ICMP && h.ipVersion === 4) || (p === PROTO_ICMPV6 && h.ipVersion === 6)) {
    if (avail < 8) return h.fragment ? { ok: true, value: h } : fail(`ICMP header truncated: ${avail} bytes`);
    const type = frame[l4]!;
    const code = frame[l4 + 1]!;
    h.icmpType = type;
    h.icmpCode = code;
    const echo = p === PROTO_ICMP ? type === 0 || type === 8 : type === 128 || type === 129;
    if (echo) h.icmpIdent = (frame[l4 + 4]! << 8) | frame[l4 + 5]!;
    h.payloadOffset = l4 + 8;
    h.payloadLength = avail - 8;
  }
  return { ok: true, value: h };
}
