// Read RFC 792 (ICMP message formats) before changing this file.
import type { Result } from '../net/index.ts';
import { placePayload } from './bytes.ts';
import { finish, sum16 } from './checksum.ts';
import { HEADER_LEN, IcmpHeaderView } from './icmp-header.ts';

export { HEADER_LEN };

export const Type = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  SourceQuench: 4,
  Redirect: 5,
  EchoRequest: 8,
  TimeExceeded: 11,
  ParameterProblem: 12,
} as const;

/** Types whose body is the offending datagram's header + 64 bits (RFC 792; RFC 1812 §4.3.2.3 allows more). */
const ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

/** Zero-copy view over an ICMP message. No validation: see parse. */
export class Packet extends IcmpHeaderView {
  /** The checksum covers the whole message (the IP payload), no pseudo-header. */
  verifyChecksum(): boolean {
    return finish(sum16(this.bytes, 0, this.bytes.length)) === 0;
  }
  fillChecksum(): void {
    this.checksum = 0;
    this.checksum = finish(sum16(this.bytes, 0, this.bytes.length));
  }
}

/**
 * Canonical forms, so that parse(emit(r)) deep-equals r: 'echo' is type 0 or 8 with code 0; 'error' is one of
 * the error types (3, 4, 5, 11, 12) whatever its code; everything else (echo with a non-zero code too) is 'other'.
 */
export type Repr =
  | { kind: 'echo'; type: 0 | 8; ident: number; seq: number; data: Uint8Array }
  | { kind: 'error'; type: number; code: number; rest: number; original: Uint8Array }
  | { kind: 'other'; type: number; code: number; rest: number; data: Uint8Array };

export const isErrorType = (type: number): boolean => ERROR_TYPES.has(type);

/** `bytes` is the whole message (the IP payload). */
export function parse(
  bytes: Uint8Array,
  options?: { verifyChecksum?: boolean },
): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `ICMP message of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  if ((options?.verifyChecksum ?? true) && !p.verifyChecksum())
    return { ok: false, reason: 'ICMP checksum is wrong' };
  const payload = p.payload();
  const type = p.type;
  const code = p.code;
  let repr: Repr;
  if ((type === Type.EchoReply || type === Type.EchoRequest) && code === 0) {
    repr = { kind: 'echo', type, ident: p.ident, seq: p.seq, data: payload };
  } else if (ERROR_TYPES.has(type)) {
    repr = { kind: 'error', type, code, rest: p.rest, original: payload };
  } else {
    repr = { kind: 'other', type, code, rest: p.rest, data: payload };
  }
  return { ok: true, value: { repr, payload } };
}

const bodyOf = (repr: Repr): Uint8Array => (repr.kind === 'error' ? repr.original : repr.data);

/** Bytes emit writes: the 8-byte header plus the body. */
export const bufferLen = (repr: Repr): number => HEADER_LEN + bodyOf(repr).length;

/** Writes exactly bufferLen(repr) bytes at the start of buffer, checksum included. */
export function emit(repr: Repr, buffer: Uint8Array): void {
  const message = buffer.subarray(0, bufferLen(repr));
  const p = new Packet(message);
  p.type = repr.type;
  if (repr.kind === 'echo') {
    p.code = 0;
    p.ident = repr.ident;
    p.seq = repr.seq;
  } else {
    p.code = repr.code;
    p.rest = repr.rest;
  }
  placePayload(bodyOf(repr), message, HEADER_LEN);
  p.fillChecksum();
}
