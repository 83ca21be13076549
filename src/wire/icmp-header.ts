// The 8-byte header ICMPv4 and ICMPv6 share: type, code, checksum, then 4 bytes that are the echo identifier and
// sequence number or a type-specific word (RFC 792; RFC 4443 §2.1). Only the checksum differs between the two
// (ICMPv6 adds the IPv6 pseudo-header), so each version's Packet extends this view with its own.
import { read16, read32, write16, write32 } from './bytes.ts';

const F = { TYPE: 0, CODE: 1, CHECKSUM: 2, IDENT: 4, SEQ: 6, REST: 4, PAYLOAD: 8 } as const;

export const HEADER_LEN = 8;

/** Zero-copy view over an ICMP message. No validation: see each version's parse. */
export class IcmpHeaderView {
  constructor(readonly bytes: Uint8Array) {}

  get type(): number {
    return this.bytes[F.TYPE] ?? 0;
  }
  set type(v: number) {
    this.bytes[F.TYPE] = v;
  }
  get code(): number {
    return this.bytes[F.CODE] ?? 0;
  }
  set code(v: number) {
    this.bytes[F.CODE] = v;
  }
  get checksum(): number {
    return read16(this.bytes, F.CHECKSUM);
  }
  set checksum(v: number) {
    write16(this.bytes, F.CHECKSUM, v);
  }
  /** Echo identifier (bytes 4-5). */
  get ident(): number {
    return read16(this.bytes, F.IDENT);
  }
  set ident(v: number) {
    write16(this.bytes, F.IDENT, v);
  }
  /** Echo sequence number (bytes 6-7). */
  get seq(): number {
    return read16(this.bytes, F.SEQ);
  }
  set seq(v: number) {
    write16(this.bytes, F.SEQ, v);
  }
  /** Bytes 4-7 as one word: unused, pointer, gateway, MTU or Neighbor Discovery flags, by type. */
  get rest(): number {
    return read32(this.bytes, F.REST);
  }
  set rest(v: number) {
    write32(this.bytes, F.REST, v);
  }
  payload(): Uint8Array {
    return this.bytes.subarray(F.PAYLOAD);
  }
}
