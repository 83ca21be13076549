// Read RFC 7348 §5 before changing this file.
import type { Result } from '../net/result.ts';
import type { Mac } from './mac.ts';
import { udpFrame } from './build.ts';

export const HEADER_LEN = 8;
export const PORT = 4789;

// RFC 7348 §5, VXLAN header: flags (8) | reserved (24) | VNI (24) | reserved (8).
const Field = {
  FLAGS: 0,
  RESERVED1: [1, 4],
  VNI: 4,
  RESERVED2: 7,
} as const;

// The I flag: "MUST be set to 1 for a valid VXLAN Network ID (VNI)"; the other seven flag bits are reserved.
const FLAG_I = 0x08;
const VNI_MAX = 0xffffff;

export interface Repr {
  vni: number;
}

// Zero-copy view over a VXLAN header followed by the inner Ethernet frame. Accessors assume the buffer
// holds at least HEADER_LEN bytes: use parse() on untrusted bytes.
export class Packet {
  constructor(readonly buffer: Uint8Array) {}

  get flags(): number {
    return this.buffer[Field.FLAGS] ?? 0;
  }

  get vni(): number {
    const b = this.buffer;
    return ((b[Field.VNI] ?? 0) << 16) | ((b[Field.VNI + 1] ?? 0) << 8) | (b[Field.VNI + 2] ?? 0);
  }

  set vni(value: number) {
    this.buffer[Field.VNI] = (value >>> 16) & 0xff;
    this.buffer[Field.VNI + 1] = (value >>> 8) & 0xff;
    this.buffer[Field.VNI + 2] = value & 0xff;
  }

  get payload(): Uint8Array {
    return this.buffer.subarray(HEADER_LEN);
  }
}

export function parse(bytes: Uint8Array): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `VXLAN header needs ${HEADER_LEN} bytes, got ${bytes.length}` };
  const packet = new Packet(bytes);
  if ((packet.flags & FLAG_I) === 0) return { ok: false, reason: 'VXLAN I flag is not set (no valid VNI)' };
  // RFC 7348 §5: reserved flag bits and reserved fields "MUST be set to zero on transmission and ignored on
  // receipt", so they are not checked here; isStrict() reports them for diagnostics.
  return { ok: true, value: { repr: { vni: packet.vni }, payload: packet.payload } };
}

export function isStrict(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_LEN) return false;
  if ((bytes[Field.FLAGS] ?? 0) !== FLAG_I) return false;
  for (let i = Field.RESERVED1[0]; i < Field.RESERVED1[1]; i++) if (bytes[i] !== 0) return false;
  return bytes[Field.RESERVED2] === 0;
}

export const bufferLen = (_repr: Repr): number => HEADER_LEN;

export function emit(repr: Repr, buffer: Uint8Array): void {
  if (!Number.isInteger(repr.vni) || repr.vni < 0 || repr.vni > VNI_MAX)
    throw new RangeError(`VXLAN VNI must be a 24-bit integer, got ${repr.vni}`);
  if (buffer.length < HEADER_LEN)
    throw new RangeError(`VXLAN emit needs ${HEADER_LEN} bytes, got ${buffer.length}`);
  buffer[Field.FLAGS] = FLAG_I;
  buffer.fill(0, Field.RESERVED1[0], Field.RESERVED1[1]);
  new Packet(buffer).vni = repr.vni;
  buffer[Field.RESERVED2] = 0;
}

// RFC 7348 §5: the outer UDP source port should be "a hash of fields from the inner packet" in the dynamic
// range 49152-65535, so that ECMP in the underlay spreads flows while keeping each flow on one path.
const EPHEMERAL_BASE = 49152;
const EPHEMERAL_SPAN = 65536 - EPHEMERAL_BASE;
const ETHERNET_HEADER_LEN = 14;
const ETHERTYPE_IPV4 = 0x0800;
const PROTO_TCP = 6;
const PROTO_UDP = 17;

// Hashes the inner Ethernet header and, for IPv4, the addresses, protocol and (TCP/UDP, first fragment
// only) the ports: every packet of one inner flow gets the same outer port. FNV-1a, 32-bit; any deterministic
// hash would do. Short or odd frames hash what they have and never throw.
export function sourcePortFor(innerFrame: Uint8Array): number {
  let hash = 0x811c9dc5;
  const mix = (from: number, to: number): void => {
    for (let i = from; i < Math.min(to, innerFrame.length); i++) {
      hash ^= innerFrame[i] ?? 0;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  };
  mix(0, ETHERNET_HEADER_LEN);
  const etherType = ((innerFrame[12] ?? 0) << 8) | (innerFrame[13] ?? 0);
  const ip = ETHERNET_HEADER_LEN;
  if (etherType === ETHERTYPE_IPV4 && innerFrame.length >= ip + 20) {
    const ihl = ((innerFrame[ip] ?? 0) & 0x0f) * 4;
    const protocol = innerFrame[ip + 9] ?? 0;
    const fragmentOffset = (((innerFrame[ip + 6] ?? 0) & 0x1f) << 8) | (innerFrame[ip + 7] ?? 0);
    mix(ip + 9, ip + 10);
    mix(ip + 12, ip + 20);
    if ((protocol === PROTO_TCP || protocol === PROTO_UDP) && fragmentOffset === 0 && ihl >= 20)
      mix(ip + ihl, ip + ihl + 4);
  }
  return EPHEMERAL_BASE + (hash % EPHEMERAL_SPAN);
}

export interface EncapsulateOptions {
  srcMac: Mac;
  dstMac: Mac;
  src: number;
  dst: number;
  srcPort: number;
  dstPort?: number;
  vni: number;
  inner: Uint8Array;
  ttl?: number;
}

// The whole outer Ethernet / IPv4 / UDP / VXLAN frame around an inner Ethernet frame (RFC 7348 §5).
export function encapsulate(o: EncapsulateOptions): Uint8Array {
  const payload = new Uint8Array(HEADER_LEN + o.inner.length);
  emit({ vni: o.vni }, payload);
  payload.set(o.inner, HEADER_LEN);
  return udpFrame({
    srcMac: o.srcMac,
    dstMac: o.dstMac,
    src: o.src,
    dst: o.dst,
    srcPort: o.srcPort,
    dstPort: o.dstPort ?? PORT,
    ...(o.ttl === undefined ? {} : { ttl: o.ttl }),
    payload,
  });
}
