// Read https://wiki.wireshark.org/Development/LibpcapFileFormat before changing this file.
import type { Result } from '../net/result.ts';
import { readU32, writeU16, writeU32 } from './endian.ts';

// LINKTYPE_ values from https://www.tcpdump.org/linktypes.html.
export const LinkType = { Ethernet: 1, Raw: 101 } as const;

// The magic number tells the byte order and the timestamp unit of the fraction field.
const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const VERSION_MAJOR = 2;
const VERSION_MINOR = 4;
// tcpdump's default snapshot length since 4.99: every frame we make fits whole.
const DEFAULT_SNAPLEN = 262144;

// Global header: magic, version major/minor, thiszone, sigfigs, snaplen, network (link type).
const Header = {
  MAGIC: 0,
  MAJOR: 4,
  MINOR: 6,
  THISZONE: 8,
  SIGFIGS: 12,
  SNAPLEN: 16,
  NETWORK: 20,
  LEN: 24,
} as const;
// Record header: seconds, fraction (micro- or nanoseconds), captured length, original length.
const Record = { TS_SEC: 0, TS_FRAC: 4, INCL_LEN: 8, ORIG_LEN: 12, LEN: 16 } as const;

const NS_PER_SEC = 1_000_000_000n;
const MAX_U32 = 0xffffffffn;

export interface PcapPacket {
  timestampNs: bigint;
  data: Uint8Array;
  originalLength: number;
}

export interface PcapFile {
  linkType: number;
  nanosecond: boolean;
  snapLen: number;
  packets: PcapPacket[];
}

export interface PcapWriterOptions {
  linkType?: number;
  snapLen?: number;
  nanosecond?: boolean;
}

// Writes little-endian files (readers must handle both orders), so output is the same on every machine.
export class PcapWriter {
  readonly linkType: number;
  readonly snapLen: number;
  readonly nanosecond: boolean;
  private readonly chunks: Uint8Array[] = [];
  private length: number = Header.LEN;

  constructor(options: PcapWriterOptions = {}) {
    this.linkType = options.linkType ?? LinkType.Ethernet;
    this.snapLen = options.snapLen ?? DEFAULT_SNAPLEN;
    this.nanosecond = options.nanosecond ?? false;
    if (!Number.isInteger(this.snapLen) || this.snapLen <= 0 || this.snapLen > 0xffffffff)
      throw new RangeError(`pcap snapLen must be a positive 32-bit integer, got ${this.snapLen}`);
  }

  // Frames longer than snapLen are cut, as a capture would; originalLength defaults to the frame's length.
  // Microsecond files drop the sub-microsecond part of the timestamp.
  add(timestampNs: bigint, frame: Uint8Array, originalLength: number = frame.length): void {
    if (timestampNs < 0n || timestampNs / NS_PER_SEC > MAX_U32)
      throw new RangeError(`pcap timestamp ${timestampNs} ns does not fit 32-bit seconds`);
    const captured = Math.min(frame.length, this.snapLen);
    const record = new Uint8Array(Record.LEN + captured);
    const fraction = timestampNs % NS_PER_SEC;
    writeU32(record, Record.TS_SEC, Number(timestampNs / NS_PER_SEC), true);
    writeU32(record, Record.TS_FRAC, Number(this.nanosecond ? fraction : fraction / 1000n), true);
    writeU32(record, Record.INCL_LEN, captured, true);
    writeU32(record, Record.ORIG_LEN, originalLength, true);
    record.set(frame.subarray(0, captured), Record.LEN);
    this.chunks.push(record);
    this.length += record.length;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    writeU32(out, Header.MAGIC, this.nanosecond ? MAGIC_NANO : MAGIC_MICRO, true);
    writeU16(out, Header.MAJOR, VERSION_MAJOR, true);
    writeU16(out, Header.MINOR, VERSION_MINOR, true);
    // thiszone and sigfigs are 0 in practice (timestamps are UTC).
    writeU32(out, Header.SNAPLEN, this.snapLen, true);
    writeU32(out, Header.NETWORK, this.linkType, true);
    let off = Header.LEN;
    for (const chunk of this.chunks) {
      out.set(chunk, off);
      off += chunk.length;
    }
    return out;
  }
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `pcap: ${reason}` });

// Packet data are views into `bytes`, not copies.
export function readPcap(bytes: Uint8Array): Result<PcapFile> {
  if (bytes.length < Header.LEN)
    return fail(`file needs a ${Header.LEN}-byte header, got ${bytes.length} bytes`);
  let le: boolean;
  let nanosecond: boolean;
  const magicLe = readU32(bytes, Header.MAGIC, true);
  const magicBe = readU32(bytes, Header.MAGIC, false);
  if (magicLe === MAGIC_MICRO || magicLe === MAGIC_NANO) {
    le = true;
    nanosecond = magicLe === MAGIC_NANO;
  } else if (magicBe === MAGIC_MICRO || magicBe === MAGIC_NANO) {
    le = false;
    nanosecond = magicBe === MAGIC_NANO;
  } else {
    return fail(`unknown magic number 0x${magicBe.toString(16).padStart(8, '0')}`);
  }
  const major = bytes[le ? Header.MAJOR : Header.MAJOR + 1] ?? 0;
  if (major !== VERSION_MAJOR) return fail(`unsupported version ${major}`);
  // The link type is the low 16 bits; the upper bits carry FCS information (draft-ietf-opsawg-pcap §4).
  const linkType = readU32(bytes, Header.NETWORK, le) & 0xffff;
  const snapLen = readU32(bytes, Header.SNAPLEN, le);
  const packets: PcapPacket[] = [];
  const fractionToNs = nanosecond ? 1n : 1000n;
  let off = Header.LEN;
  while (off < bytes.length) {
    if (off + Record.LEN > bytes.length) return fail(`record header at byte ${off} is truncated`);
    const captured = readU32(bytes, off + Record.INCL_LEN, le);
    const start = off + Record.LEN;
    if (start + captured > bytes.length) return fail(`record at byte ${off} is truncated`);
    const seconds = BigInt(readU32(bytes, off + Record.TS_SEC, le));
    const fraction = BigInt(readU32(bytes, off + Record.TS_FRAC, le));
    packets.push({
      timestampNs: seconds * NS_PER_SEC + fraction * fractionToNs,
      data: bytes.subarray(start, start + captured),
      originalLength: readU32(bytes, off + Record.ORIG_LEN, le),
    });
    off = start + captured;
  }
  return { ok: true, value: { linkType, nanosecond, snapLen, packets } };
}
