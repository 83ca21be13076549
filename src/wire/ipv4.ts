// Read RFC 791 §3.1 (Internet header format) before changing this file.
import type { Result } from '../net/index.ts';
import { read16, read32, write16, write32 } from './bytes.ts';
import { finish, sum16 } from './checksum.ts';

const F = {
  VER_IHL: 0,
  DSCP_ECN: 1,
  LENGTH: 2,
  IDENT: 4,
  FLG_OFF: 6,
  TTL: 8,
  PROTOCOL: 9,
  CHECKSUM: 10,
  SRC: 12,
  DST: 16,
} as const;

const FLAG_DF = 0x4000;
const FLAG_MF = 0x2000;
const OFFSET_MASK = 0x1fff;

export const HEADER_LEN = 20;

/** IANA protocol numbers (https://www.iana.org/assignments/protocol-numbers); ICMPv6 is IPv6's next header. */
export const Protocol = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, GRE: 47, ESP: 50, AH: 51, ICMPv6: 58 } as const;

/** Zero-copy view over an IPv4 header and its payload. No validation: see parse. */
export class Packet {
  constructor(readonly bytes: Uint8Array) {}

  get version(): number {
    return (this.bytes[F.VER_IHL] ?? 0) >>> 4;
  }
  set version(v: number) {
    this.bytes[F.VER_IHL] = ((v & 0xf) << 4) | ((this.bytes[F.VER_IHL] ?? 0) & 0xf);
  }
  /** In bytes (the IHL field counts 32-bit words). */
  get headerLen(): number {
    return ((this.bytes[F.VER_IHL] ?? 0) & 0xf) * 4;
  }
  set headerLen(bytes: number) {
    this.bytes[F.VER_IHL] = ((this.bytes[F.VER_IHL] ?? 0) & 0xf0) | ((bytes >>> 2) & 0xf);
  }
  get dscpEcn(): number {
    return this.bytes[F.DSCP_ECN] ?? 0;
  }
  set dscpEcn(v: number) {
    this.bytes[F.DSCP_ECN] = v;
  }
  get totalLen(): number {
    return read16(this.bytes, F.LENGTH);
  }
  set totalLen(v: number) {
    write16(this.bytes, F.LENGTH, v);
  }
  get identification(): number {
    return read16(this.bytes, F.IDENT);
  }
  set identification(v: number) {
    write16(this.bytes, F.IDENT, v);
  }
  get dontFragment(): boolean {
    return (read16(this.bytes, F.FLG_OFF) & FLAG_DF) !== 0;
  }
  set dontFragment(v: boolean) {
    const w = read16(this.bytes, F.FLG_OFF);
    write16(this.bytes, F.FLG_OFF, v ? w | FLAG_DF : w & ~FLAG_DF);
  }
  get moreFragments(): boolean {
    return (read16(this.bytes, F.FLG_OFF) & FLAG_MF) !== 0;
  }
  set moreFragments(v: boolean) {
    const w = read16(this.bytes, F.FLG_OFF);
    write16(this.bytes, F.FLG_OFF, v ? w | FLAG_MF : w & ~FLAG_MF);
  }
  /** Zeroes the three flag bits (reserved, DF, MF), as a fresh header needs before the setters below. */
  clearFlags(): void {
    this.bytes[F.FLG_OFF] = (this.bytes[F.FLG_OFF] ?? 0) & 0x1f;
  }
  /** In bytes, like smoltcp (the field counts 8-byte units, RFC 791 §3.1 "Fragment Offset"). */
  get fragmentOffset(): number {
    return (read16(this.bytes, F.FLG_OFF) & OFFSET_MASK) * 8;
  }
  set fragmentOffset(bytes: number) {
    const w = read16(this.bytes, F.FLG_OFF);
    write16(this.bytes, F.FLG_OFF, (w & ~OFFSET_MASK) | ((bytes >>> 3) & OFFSET_MASK));
  }
  get ttl(): number {
    return this.bytes[F.TTL] ?? 0;
  }
  set ttl(v: number) {
    this.bytes[F.TTL] = v;
  }
  get protocol(): number {
    return this.bytes[F.PROTOCOL] ?? 0;
  }
  set protocol(v: number) {
    this.bytes[F.PROTOCOL] = v;
  }
  get checksum(): number {
    return read16(this.bytes, F.CHECKSUM);
  }
  set checksum(v: number) {
    write16(this.bytes, F.CHECKSUM, v);
  }
  get src(): number {
    return read32(this.bytes, F.SRC);
  }
  set src(v: number) {
    write32(this.bytes, F.SRC, v);
  }
  get dst(): number {
    return read32(this.bytes, F.DST);
  }
  set dst(v: number) {
    write32(this.bytes, F.DST, v);
  }

  /** The header checksum covers the header only, options included (RFC 791 §3.1 "Header Checksum"). */
  verifyChecksum(): boolean {
    return finish(sum16(this.bytes, 0, this.headerLen)) === 0;
  }
  fillChecksum(): void {
    this.checksum = 0;
    this.checksum = finish(sum16(this.bytes, 0, this.headerLen));
  }
  /** bytes[headerLen, totalLen): anything after totalLen is link-layer padding. */
  payload(): Uint8Array {
    return this.bytes.subarray(this.headerLen, this.totalLen);
  }
}

export interface Repr {
  src: number;
  dst: number;
  protocol: number;
  ttl: number;
  payloadLen: number;
  identification: number;
  dscpEcn: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In bytes, a multiple of 8. */
  fragmentOffset: number;
}

export function reprDefaults(
  partial: Pick<Repr, 'src' | 'dst' | 'protocol' | 'payloadLen'> & Partial<Repr>,
): Repr {
  return {
    ttl: 64,
    identification: 0,
    dscpEcn: 0,
    dontFragment: false,
    moreFragments: false,
    fragmentOffset: 0,
    ...partial,
  };
}

/** Options are skipped, not kept (payload starts after them); the buffer may run past totalLen (padding). */
export function parse(
  bytes: Uint8Array,
  options?: { verifyChecksum?: boolean },
): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `IPv4 packet of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  if (p.version !== 4) return { ok: false, reason: `IPv4 version field is ${p.version}` };
  const headerLen = p.headerLen;
  if (headerLen < HEADER_LEN) return { ok: false, reason: `IPv4 header length ${headerLen} is below 20` };
  if (headerLen > bytes.length) {
    return { ok: false, reason: `IPv4 header length ${headerLen} exceeds the ${bytes.length} bytes given` };
  }
  const totalLen = p.totalLen;
  if (totalLen < headerLen) {
    return { ok: false, reason: `IPv4 total length ${totalLen} is below the header length ${headerLen}` };
  }
  if (totalLen > bytes.length) {
    return { ok: false, reason: `IPv4 total length ${totalLen} exceeds the ${bytes.length} bytes given` };
  }
  if ((options?.verifyChecksum ?? true) && !p.verifyChecksum()) {
    return { ok: false, reason: 'IPv4 header checksum is wrong' };
  }
  const repr: Repr = {
    src: p.src,
    dst: p.dst,
    protocol: p.protocol,
    ttl: p.ttl,
    payloadLen: totalLen - headerLen,
    identification: p.identification,
    dscpEcn: p.dscpEcn,
    dontFragment: p.dontFragment,
    moreFragments: p.moreFragments,
    fragmentOffset: p.fragmentOffset,
  };
  return { ok: true, value: { repr, payload: bytes.subarray(headerLen, totalLen) } };
}

/** Writes a 20-byte header (no options) with its checksum at the start of buffer. */
export function emit(repr: Repr, buffer: Uint8Array): void {
  const p = new Packet(buffer);
  buffer[F.VER_IHL] = 0x45;
  p.dscpEcn = repr.dscpEcn;
  p.totalLen = HEADER_LEN + repr.payloadLen;
  p.identification = repr.identification;
  write16(
    buffer,
    F.FLG_OFF,
    (repr.dontFragment ? FLAG_DF : 0) |
      (repr.moreFragments ? FLAG_MF : 0) |
      ((repr.fragmentOffset >>> 3) & OFFSET_MASK),
  );
  p.ttl = repr.ttl;
  p.protocol = repr.protocol;
  p.src = repr.src;
  p.dst = repr.dst;
  p.fillChecksum();
}
