// Read RFC 8200 §3 (IPv6 header format) before changing this file. Extension headers are not walked.
import { formatAddress, type Result } from '../net/index.ts';
import { read128, read16, read32, write128, write16, write32 } from './bytes.ts';

const F = { VER_TC_FLOW: 0, LENGTH: 4, NXT_HDR: 6, HOP_LIMIT: 7, SRC: 8, DST: 24 } as const;

export const HEADER_LEN = 40;

/** Zero-copy view over an IPv6 header and its payload. No validation: see parse. */
export class Packet {
  constructor(readonly bytes: Uint8Array) {}

  get version(): number {
    return (this.bytes[F.VER_TC_FLOW] ?? 0) >>> 4;
  }
  set version(v: number) {
    this.bytes[F.VER_TC_FLOW] = ((v & 0xf) << 4) | ((this.bytes[F.VER_TC_FLOW] ?? 0) & 0xf);
  }
  /** 8 bits straddling bytes 0 and 1. */
  get trafficClass(): number {
    return (read16(this.bytes, F.VER_TC_FLOW) >>> 4) & 0xff;
  }
  set trafficClass(v: number) {
    const w = read32(this.bytes, F.VER_TC_FLOW);
    write32(this.bytes, F.VER_TC_FLOW, ((w & 0xf00fffff) | ((v & 0xff) << 20)) >>> 0);
  }
  get flowLabel(): number {
    return read32(this.bytes, F.VER_TC_FLOW) & 0xfffff;
  }
  set flowLabel(v: number) {
    const w = read32(this.bytes, F.VER_TC_FLOW);
    write32(this.bytes, F.VER_TC_FLOW, ((w & 0xfff00000) | (v & 0xfffff)) >>> 0);
  }
  /** Bytes after the 40-byte header, extension headers included. */
  get payloadLen(): number {
    return read16(this.bytes, F.LENGTH);
  }
  set payloadLen(v: number) {
    write16(this.bytes, F.LENGTH, v);
  }
  get nextHeader(): number {
    return this.bytes[F.NXT_HDR] ?? 0;
  }
  set nextHeader(v: number) {
    this.bytes[F.NXT_HDR] = v;
  }
  get hopLimit(): number {
    return this.bytes[F.HOP_LIMIT] ?? 0;
  }
  set hopLimit(v: number) {
    this.bytes[F.HOP_LIMIT] = v;
  }
  get src(): bigint {
    return read128(this.bytes, F.SRC);
  }
  set src(v: bigint) {
    write128(this.bytes, F.SRC, v);
  }
  get dst(): bigint {
    return read128(this.bytes, F.DST);
  }
  set dst(v: bigint) {
    write128(this.bytes, F.DST, v);
  }
  payload(): Uint8Array {
    return this.bytes.subarray(HEADER_LEN, HEADER_LEN + this.payloadLen);
  }
}

export interface Repr {
  src: bigint;
  dst: bigint;
  nextHeader: number;
  hopLimit: number;
  payloadLen: number;
  trafficClass: number;
  flowLabel: number;
}

/** The buffer may run past the payload (link-layer padding). Jumbograms (RFC 2675) are not supported. */
export function parse(bytes: Uint8Array): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `IPv6 packet of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  if (p.version !== 6) return { ok: false, reason: `IPv6 version field is ${p.version}` };
  const payloadLen = p.payloadLen;
  if (HEADER_LEN + payloadLen > bytes.length) {
    return {
      ok: false,
      reason: `IPv6 payload length ${payloadLen} exceeds the ${bytes.length - 40} bytes given`,
    };
  }
  const repr: Repr = {
    src: p.src,
    dst: p.dst,
    nextHeader: p.nextHeader,
    hopLimit: p.hopLimit,
    payloadLen,
    trafficClass: p.trafficClass,
    flowLabel: p.flowLabel,
  };
  return { ok: true, value: { repr, payload: bytes.subarray(HEADER_LEN, HEADER_LEN + payloadLen) } };
}

/** Writes the 40-byte header at the start of buffer. */
export function emit(repr: Repr, buffer: Uint8Array): void {
  const p = new Packet(buffer);
  write32(
    buffer,
    F.VER_TC_FLOW,
    ((6 << 28) | ((repr.trafficClass & 0xff) << 20) | (repr.flowLabel & 0xfffff)) >>> 0,
  );
  p.payloadLen = repr.payloadLen;
  p.nextHeader = repr.nextHeader;
  p.hopLimit = repr.hopLimit;
  p.src = repr.src;
  p.dst = repr.dst;
}

/** RFC 5952 text, as src/net formats it. */
export const formatIpv6 = (v: bigint): string => formatAddress({ version: 6, value: v });
