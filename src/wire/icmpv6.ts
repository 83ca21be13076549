// Read RFC 4443 §2 (ICMPv6 message format and checksum) before changing this file.
import type { Result } from '../net/index.ts';
import { placePayload } from './bytes.ts';
import { finish, pseudoHeaderSum, sum16 } from './checksum.ts';

const NEXT_HEADER = 58;

import { HEADER_LEN, IcmpHeaderView } from './icmp-header.ts';

export { HEADER_LEN };

export const Type = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
} as const;

/** The addresses of the IPv6 pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1). */
export interface Addresses {
  src: bigint;
  dst: bigint;
}

const sumOf = (bytes: Uint8Array, ip: Addresses): number =>
  sum16(
    bytes,
    0,
    bytes.length,
    pseudoHeaderSum({ version: 6, src: ip.src, dst: ip.dst }, NEXT_HEADER, bytes.length),
  );

/** Zero-copy view over an ICMPv6 message (the whole upper-layer payload). No validation: see parse. */
export class Packet extends IcmpHeaderView {
  verifyChecksum(ip: Addresses): boolean {
    return finish(sumOf(this.bytes, ip)) === 0;
  }
  fillChecksum(ip: Addresses): void {
    this.checksum = 0;
    this.checksum = finish(sumOf(this.bytes, ip));
  }
}

/**
 * Canonical forms, so that parse(emit(r)) deep-equals r: 'echo' is type 128 or 129 with code 0; 'error' is
 * any type below 128 (RFC 4443 §2.1); everything else (Neighbor Discovery, echo with a code) is 'other'.
 */
export type Repr =
  | { kind: 'echo'; type: 128 | 129; ident: number; seq: number; data: Uint8Array }
  | { kind: 'error'; type: number; code: number; rest: number; original: Uint8Array }
  | { kind: 'other'; type: number; code: number; rest: number; data: Uint8Array };

/** `bytes` is the whole message; the checksum is verified when the pseudo-header addresses are given. */
export function parse(bytes: Uint8Array, ip?: Addresses): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `ICMPv6 message of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  if (ip !== undefined && !p.verifyChecksum(ip)) return { ok: false, reason: 'ICMPv6 checksum is wrong' };
  const payload = p.payload();
  const type = p.type;
  const code = p.code;
  let repr: Repr;
  if ((type === Type.EchoRequest || type === Type.EchoReply) && code === 0) {
    repr = { kind: 'echo', type, ident: p.ident, seq: p.seq, data: payload };
  } else if (type < 128) {
    repr = { kind: 'error', type, code, rest: p.rest, original: payload };
  } else {
    repr = { kind: 'other', type, code, rest: p.rest, data: payload };
  }
  return { ok: true, value: { repr, payload } };
}

const bodyOf = (repr: Repr): Uint8Array => (repr.kind === 'error' ? repr.original : repr.data);

export const bufferLen = (repr: Repr): number => HEADER_LEN + bodyOf(repr).length;

/** Writes exactly bufferLen(repr) bytes at the start of buffer, checksum included. */
export function emit(repr: Repr, buffer: Uint8Array, ip: Addresses): void {
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
  p.fillChecksum(ip);
}
