// Read RFC 768 (UDP) and RFC 8200 §8.1 (IPv6 upper-layer checksums) before changing this file.
import type { Result } from '../net/index.ts';
import { placePayload, read16, write16 } from './bytes.ts';
import { finish, pseudoHeaderSum, sum16, type IpPair } from './checksum.ts';

const F = { SRC_PORT: 0, DST_PORT: 2, LENGTH: 4, CHECKSUM: 6 } as const;

export const HEADER_LEN = 8;

const PROTOCOL = 17;

/** Zero-copy view over a UDP datagram. No validation: see parse. */
export class Packet {
  constructor(readonly bytes: Uint8Array) {}

  get srcPort(): number {
    return read16(this.bytes, F.SRC_PORT);
  }
  set srcPort(v: number) {
    write16(this.bytes, F.SRC_PORT, v);
  }
  get dstPort(): number {
    return read16(this.bytes, F.DST_PORT);
  }
  set dstPort(v: number) {
    write16(this.bytes, F.DST_PORT, v);
  }
  /** Header plus payload, in bytes. */
  get length(): number {
    return read16(this.bytes, F.LENGTH);
  }
  set length(v: number) {
    write16(this.bytes, F.LENGTH, v);
  }
  get checksum(): number {
    return read16(this.bytes, F.CHECKSUM);
  }
  set checksum(v: number) {
    write16(this.bytes, F.CHECKSUM, v);
  }
  payload(): Uint8Array {
    return this.bytes.subarray(HEADER_LEN, this.length);
  }

  /**
   * Over IPv4 a zero checksum means "not computed" and passes (RFC 768); over IPv6 it is invalid
   * (RFC 8200 §8.1). The sum covers the pseudo-header and `length` bytes.
   */
  verifyChecksum(ip: IpPair): boolean {
    const checksum = this.checksum;
    if (checksum === 0) return ip.version === 4;
    const length = this.length;
    return finish(sum16(this.bytes, 0, length, pseudoHeaderSum(ip, PROTOCOL, length))) === 0;
  }
  /** A computed 0 is sent as 0xffff, since 0 means "no checksum" (RFC 768). */
  fillChecksum(ip: IpPair): void {
    this.checksum = 0;
    const length = this.length;
    const c = finish(sum16(this.bytes, 0, length, pseudoHeaderSum(ip, PROTOCOL, length)));
    this.checksum = c === 0 ? 0xffff : c;
  }
}

export interface Repr {
  srcPort: number;
  dstPort: number;
}

/** `bytes` is the IP payload; the length field may be shorter than it (trailing bytes are ignored). */
export function parse(bytes: Uint8Array, ip?: IpPair): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `UDP datagram of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  const length = p.length;
  if (length < HEADER_LEN) return { ok: false, reason: `UDP length field ${length} is below 8` };
  if (length > bytes.length) {
    return { ok: false, reason: `UDP length field ${length} exceeds the ${bytes.length} bytes given` };
  }
  if (ip !== undefined && !p.verifyChecksum(ip)) {
    return {
      ok: false,
      reason: p.checksum === 0 ? 'UDP checksum is zero over IPv6' : 'UDP checksum is wrong',
    };
  }
  return {
    ok: true,
    value: { repr: { srcPort: p.srcPort, dstPort: p.dstPort }, payload: bytes.subarray(HEADER_LEN, length) },
  };
}

/**
 * Writes the header at the start of buffer, copies the payload after it (unless it already is that
 * subarray, so callers may build the payload in place) and fills the checksum.
 */
export function emit(repr: Repr, payload: Uint8Array, buffer: Uint8Array, ip: IpPair): void {
  const p = new Packet(buffer);
  p.srcPort = repr.srcPort;
  p.dstPort = repr.dstPort;
  p.length = HEADER_LEN + payload.length;
  placePayload(payload, buffer, HEADER_LEN);
  p.fillChecksum(ip);
}
