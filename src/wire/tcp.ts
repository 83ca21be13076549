// Read RFC 9293 §3.1 (header format) and §3.2 (options) before changing this file.
import type { Result } from '../net/index.ts';
import { placePayload, read16, read32, write16, write32 } from './bytes.ts';
import { finish, pseudoHeaderSum, sum16, type IpPair } from './checksum.ts';

const F = {
  SRC_PORT: 0,
  DST_PORT: 2,
  SEQ: 4,
  ACK: 8,
  DATA_OFF: 12,
  FLAGS: 13,
  WINDOW: 14,
  CHECKSUM: 16,
  URGENT: 18,
} as const;

const OPT_END = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;

const PROTOCOL = 6;

export const HEADER_LEN = 20;

/** The control bits of byte 13 (RFC 9293 §3.1; ECE and CWR from RFC 3168 §6.1). */
export const Flags = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 } as const;

/** Zero-copy view over a TCP segment (the whole IP payload: TCP has no length field). No validation. */
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
  get seq(): number {
    return read32(this.bytes, F.SEQ);
  }
  set seq(v: number) {
    write32(this.bytes, F.SEQ, v);
  }
  get ack(): number {
    return read32(this.bytes, F.ACK);
  }
  set ack(v: number) {
    write32(this.bytes, F.ACK, v);
  }
  /** In bytes (the data offset field counts 32-bit words). */
  get headerLen(): number {
    return ((this.bytes[F.DATA_OFF] ?? 0) >>> 4) * 4;
  }
  set headerLen(bytes: number) {
    this.bytes[F.DATA_OFF] = (((bytes >>> 2) & 0xf) << 4) | ((this.bytes[F.DATA_OFF] ?? 0) & 0xf);
  }
  get flags(): number {
    return this.bytes[F.FLAGS] ?? 0;
  }
  set flags(v: number) {
    this.bytes[F.FLAGS] = v;
  }
  get window(): number {
    return read16(this.bytes, F.WINDOW);
  }
  set window(v: number) {
    write16(this.bytes, F.WINDOW, v);
  }
  get checksum(): number {
    return read16(this.bytes, F.CHECKSUM);
  }
  set checksum(v: number) {
    write16(this.bytes, F.CHECKSUM, v);
  }
  get urgent(): number {
    return read16(this.bytes, F.URGENT);
  }
  set urgent(v: number) {
    write16(this.bytes, F.URGENT, v);
  }
  payload(): Uint8Array {
    return this.bytes.subarray(this.headerLen);
  }

  /** `length` = TCP header + payload bytes, as in the pseudo-header (RFC 9293 §3.1 "Checksum"). */
  verifyChecksum(ip: IpPair, length: number): boolean {
    return finish(sum16(this.bytes, 0, length, pseudoHeaderSum(ip, PROTOCOL, length))) === 0;
  }
  fillChecksum(ip: IpPair, length: number): void {
    this.checksum = 0;
    this.checksum = finish(sum16(this.bytes, 0, length, pseudoHeaderSum(ip, PROTOCOL, length)));
  }
}

export interface Repr {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Byte 13, all eight bits (see Flags). */
  flags: number;
  window: number;
  /** The only option kept: emitted when set, read on parse (RFC 9293 §3.7.1). */
  mss?: number;
  payloadLen: number;
}

/** Reads the MSS option; undefined in mss means absent. Malformed options make the segment invalid. */
function readOptions(bytes: Uint8Array, start: number, end: number): Result<number | undefined> {
  let mss: number | undefined;
  let i = start;
  while (i < end) {
    const kind = bytes[i]!;
    if (kind === OPT_END) break;
    if (kind === OPT_NOP) {
      i++;
      continue;
    }
    if (i + 1 >= end) return { ok: false, reason: `TCP option ${kind} has no length byte` };
    const len = bytes[i + 1]!;
    if (len < 2 || i + len > end) return { ok: false, reason: `TCP option ${kind} has a bad length ${len}` };
    if (kind === OPT_MSS) {
      if (len !== 4) return { ok: false, reason: `TCP MSS option has length ${len}, not 4` };
      mss = read16(bytes, i + 2);
    }
    i += len;
  }
  return { ok: true, value: mss };
}

/** `bytes` is the whole segment (the IP payload); the checksum is verified when ip is given. */
export function parse(bytes: Uint8Array, ip?: IpPair): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN)
    return { ok: false, reason: `TCP segment of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  const headerLen = p.headerLen;
  if (headerLen < HEADER_LEN) return { ok: false, reason: `TCP data offset ${headerLen} is below 20` };
  if (headerLen > bytes.length) {
    return { ok: false, reason: `TCP data offset ${headerLen} exceeds the ${bytes.length} bytes given` };
  }
  if (ip !== undefined && !p.verifyChecksum(ip, bytes.length))
    return { ok: false, reason: 'TCP checksum is wrong' };
  const options = readOptions(bytes, HEADER_LEN, headerLen);
  if (!options.ok) return options;
  const repr: Repr = {
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    seq: p.seq,
    ack: p.ack,
    flags: p.flags,
    window: p.window,
    payloadLen: bytes.length - headerLen,
  };
  if (options.value !== undefined) repr.mss = options.value;
  return { ok: true, value: { repr, payload: bytes.subarray(headerLen) } };
}

/** Header length emit will write: 20, or 24 with the MSS option. */
export const headerLenOf = (repr: Repr): number => (repr.mss === undefined ? HEADER_LEN : HEADER_LEN + 4);

/**
 * Writes header (+ MSS option), payload (unless already in place) and checksum. The payload's length is what
 * is written; repr.payloadLen is not consulted. The urgent pointer is written as 0.
 */
export function emit(repr: Repr, payload: Uint8Array, buffer: Uint8Array, ip: IpPair): void {
  const p = new Packet(buffer);
  const headerLen = headerLenOf(repr);
  p.srcPort = repr.srcPort;
  p.dstPort = repr.dstPort;
  p.seq = repr.seq;
  p.ack = repr.ack;
  buffer[F.DATA_OFF] = (headerLen >>> 2) << 4;
  p.flags = repr.flags;
  p.window = repr.window;
  p.urgent = 0;
  if (repr.mss !== undefined) {
    buffer[HEADER_LEN] = OPT_MSS;
    buffer[HEADER_LEN + 1] = 4;
    write16(buffer, HEADER_LEN + 2, repr.mss);
  }
  placePayload(payload, buffer, headerLen);
  p.fillChecksum(ip, headerLen + payload.length);
}

const FLAG_LETTERS: readonly [number, string][] = [
  [Flags.FIN, 'F'],
  [Flags.SYN, 'S'],
  [Flags.RST, 'R'],
  [Flags.PSH, 'P'],
  [Flags.URG, 'U'],
  [Flags.ECE, 'E'],
  [Flags.CWR, 'W'],
  [Flags.ACK, '.'],
];

/** tcpdump's notation (print-tcp.c tcp_flag_values): 'S', 'S.', 'F.', 'R', 'P.'; 'none' for no flags. */
export function formatFlags(flags: number): string {
  let s = '';
  for (const [bit, letter] of FLAG_LETTERS) if (flags & bit) s += letter;
  return s === '' ? 'none' : s;
}
