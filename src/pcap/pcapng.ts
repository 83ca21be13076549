// Read draft-ietf-opsawg-pcapng (§3 blocks, §3.5 options, §4.1-4.3 SHB/IDB/EPB) before changing this file.
import type { Result } from '../net/result.ts';
import { readU16, readU32, readU64, writeU16, writeU32 } from './endian.ts';
import { LinkType } from './pcap.ts';

// Block types (§4, §11.1).
const BlockType = { SHB: 0x0a0d0d0a, IDB: 0x00000001, EPB: 0x00000006 } as const;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const VERSION_MAJOR = 1;

// Every block: type (4) | total length (4) | body | total length again (4).
const BLOCK_OVERHEAD = 12;
// Body layouts, offsets from the start of the body.
const Shb = { MAGIC: 0, MAJOR: 4, MINOR: 6, SECTION_LENGTH: 8, OPTIONS: 16 } as const;
const Idb = { LINK_TYPE: 0, RESERVED: 2, SNAPLEN: 4, OPTIONS: 8 } as const;
const Epb = { INTERFACE_ID: 0, TS_HIGH: 4, TS_LOW: 8, CAPTURED_LEN: 12, ORIGINAL_LEN: 16, DATA: 20 } as const;

// Option codes (§3.5, §4.1-§4.3).
const Opt = {
  END: 0,
  COMMENT: 1,
  SHB_USERAPPL: 4,
  IF_NAME: 2,
  IF_DESCRIPTION: 3,
  IF_TSRESOL: 9,
  IF_TSOFFSET: 14,
} as const;

// if_tsresol: the top bit picks the base (0: negative power of 10, 1: of 2); 6 (microseconds) by default.
const TSRESOL_DEFAULT = 6;
const TSRESOL_NANOSECONDS = 9;
const NS_PER_SEC = 1_000_000_000n;

export interface PcapngInterface {
  name?: string;
  description?: string;
  linkType: number;
  tsresol: number;
}

export interface PcapngPacket {
  interfaceId: number;
  timestampNs: bigint;
  data: Uint8Array;
  comment?: string;
}

export interface PcapngFile {
  interfaces: PcapngInterface[];
  packets: PcapngPacket[];
}

const pad4 = (n: number): number => (n + 3) & ~3;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// Options are code (2) | length (2) | value padded to 32 bits, ended by opt_endofopt (§3.5).
function encodeOptions(list: [number, Uint8Array][]): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(list.reduce((n, [, v]) => n + 4 + pad4(v.length), 4));
  let off = 0;
  for (const [code, value] of list) {
    if (value.length > 0xffff) throw new RangeError(`pcapng option ${code} is longer than 65535 bytes`);
    writeU16(out, off, code, true);
    writeU16(out, off + 2, value.length, true);
    out.set(value, off + 4);
    off += 4 + pad4(value.length);
  }
  return out; // the last 4 bytes stay zero: opt_endofopt
}

function block(type: number, fixed: Uint8Array, opts: Uint8Array): Uint8Array {
  const total = BLOCK_OVERHEAD + fixed.length + opts.length;
  const out = new Uint8Array(total);
  writeU32(out, 0, type, true);
  writeU32(out, 4, total, true);
  out.set(fixed, 8);
  out.set(opts, 8 + fixed.length);
  writeU32(out, total - 4, total, true);
  return out;
}

export interface PcapngWriterOptions {
  application?: string;
}

// One section, little-endian, every interface at nanosecond resolution; the output depends only on the calls
// made, so the same run gives the same file byte for byte.
export class PcapngWriter {
  private readonly blocks: Uint8Array[] = [];
  private readonly interfaces: number[] = [];

  constructor(options: PcapngWriterOptions = {}) {
    const fixed = new Uint8Array(Shb.OPTIONS);
    writeU32(fixed, Shb.MAGIC, BYTE_ORDER_MAGIC, true);
    writeU16(fixed, Shb.MAJOR, VERSION_MAJOR, true);
    writeU16(fixed, Shb.MINOR, 0, true);
    // Section length -1: "not specified", so blocks can be appended without rewriting the header.
    fixed.fill(0xff, Shb.SECTION_LENGTH, Shb.SECTION_LENGTH + 8);
    const opts: [number, Uint8Array][] = [];
    if (options.application !== undefined) opts.push([Opt.SHB_USERAPPL, utf8(options.application)]);
    this.blocks.push(block(BlockType.SHB, fixed, encodeOptions(opts)));
  }

  addInterface(name: string, description?: string, linkType: number = LinkType.Ethernet): number {
    const fixed = new Uint8Array(Idb.OPTIONS);
    writeU16(fixed, Idb.LINK_TYPE, linkType, true);
    // Snapshot length 0: no limit (§4.2); frames are written whole.
    writeU32(fixed, Idb.SNAPLEN, 0, true);
    const opts: [number, Uint8Array][] = [[Opt.IF_NAME, utf8(name)]];
    if (description !== undefined) opts.push([Opt.IF_DESCRIPTION, utf8(description)]);
    opts.push([Opt.IF_TSRESOL, Uint8Array.of(TSRESOL_NANOSECONDS)]);
    this.blocks.push(block(BlockType.IDB, fixed, encodeOptions(opts)));
    this.interfaces.push(linkType);
    return this.interfaces.length - 1;
  }

  add(interfaceId: number, timestampNs: bigint, frame: Uint8Array, comment?: string): void {
    if (this.interfaces[interfaceId] === undefined)
      throw new RangeError(`pcapng: no interface ${interfaceId}`);
    if (timestampNs < 0n || timestampNs >= 1n << 64n)
      throw new RangeError(`pcapng timestamp ${timestampNs} ns does not fit 64 bits`);
    const fixed = new Uint8Array(Epb.DATA + pad4(frame.length));
    writeU32(fixed, Epb.INTERFACE_ID, interfaceId, true);
    writeU32(fixed, Epb.TS_HIGH, Number(timestampNs >> 32n), true);
    writeU32(fixed, Epb.TS_LOW, Number(timestampNs & 0xffffffffn), true);
    writeU32(fixed, Epb.CAPTURED_LEN, frame.length, true);
    writeU32(fixed, Epb.ORIGINAL_LEN, frame.length, true);
    fixed.set(frame, Epb.DATA);
    const opts: [number, Uint8Array][] = comment === undefined ? [] : [[Opt.COMMENT, utf8(comment)]];
    this.blocks.push(block(BlockType.EPB, fixed, encodeOptions(opts)));
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.blocks.reduce((n, b) => n + b.length, 0));
    let off = 0;
    for (const b of this.blocks) {
      out.set(b, off);
      off += b.length;
    }
    return out;
  }
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `pcapng: ${reason}` });

function readOptions(area: Uint8Array, le: boolean): Result<Map<number, Uint8Array>> {
  const found = new Map<number, Uint8Array>();
  let off = 0;
  while (off + 4 <= area.length) {
    const code = readU16(area, off, le);
    const len = readU16(area, off + 2, le);
    if (code === Opt.END) break;
    if (off + 4 + len > area.length) return fail(`option ${code} runs past the end of its block`);
    // Options that may repeat (comments) keep their first value.
    if (!found.has(code)) found.set(code, area.subarray(off + 4, off + 4 + len));
    off += 4 + pad4(len);
  }
  return { ok: true, value: found };
}

const text = (value: Uint8Array | undefined): string | undefined =>
  value === undefined ? undefined : new TextDecoder().decode(value);

interface InterfaceState {
  info: PcapngInterface;
  tsoffsetNs: bigint;
}

// §4.2: units of 10^-r seconds, or 2^-r seconds when the top bit is set.
function unitsToNs(units: bigint, tsresol: number): bigint {
  const exponent = BigInt(tsresol & 0x7f);
  if ((tsresol & 0x80) !== 0) return (units * NS_PER_SEC) >> exponent;
  return exponent <= 9n ? units * 10n ** (9n - exponent) : units / 10n ** (exponent - 9n);
}

// Interface ids in the result number the interfaces of all sections in file order; in the file each section
// restarts at 0 (§4.1), so a packet's id is offset by the interfaces of earlier sections. Packet data
// are views into `bytes`, not copies. Blocks other than SHB, IDB and EPB are skipped.
export function readPcapng(bytes: Uint8Array): Result<PcapngFile> {
  const interfaces: InterfaceState[] = [];
  const packets: PcapngPacket[] = [];
  let le: boolean | undefined;
  let sectionBase = 0;
  let off = 0;
  while (off < bytes.length) {
    if (off + BLOCK_OVERHEAD > bytes.length) return fail(`block at byte ${off} is truncated`);
    // The SHB type reads the same in both byte orders; its byte-order magic sets the order of the section.
    const isShb = readU32(bytes, off, true) === BlockType.SHB;
    if (isShb) {
      const magic = readU32(bytes, off + 8, true);
      if (magic === BYTE_ORDER_MAGIC) le = true;
      else if (readU32(bytes, off + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else return fail(`section header at byte ${off} has no byte-order magic`);
    } else if (le === undefined) {
      return fail('file does not start with a section header block');
    }
    const total = readU32(bytes, off + 4, le);
    if (total < BLOCK_OVERHEAD || total % 4 !== 0)
      return fail(`block at byte ${off} has invalid length ${total}`);
    if (off + total > bytes.length) return fail(`block at byte ${off} runs past the end of the file`);
    if (readU32(bytes, off + total - 4, le) !== total)
      return fail(`block at byte ${off}: trailing length does not match`);
    const type = readU32(bytes, off, le);
    const body = bytes.subarray(off + 8, off + total - 4);
    if (type === BlockType.SHB) {
      if (body.length < Shb.OPTIONS) return fail(`section header at byte ${off} is too short`);
      const major = readU16(body, Shb.MAJOR, le);
      if (major !== VERSION_MAJOR) return fail(`unsupported major version ${major}`);
      sectionBase = interfaces.length;
    } else if (type === BlockType.IDB) {
      if (body.length < Idb.OPTIONS) return fail(`interface description at byte ${off} is too short`);
      const opts = readOptions(body.subarray(Idb.OPTIONS), le);
      if (!opts.ok) return opts;
      const info: PcapngInterface = {
        linkType: readU16(body, Idb.LINK_TYPE, le),
        tsresol: opts.value.get(Opt.IF_TSRESOL)?.[0] ?? TSRESOL_DEFAULT,
      };
      const name = text(opts.value.get(Opt.IF_NAME));
      const description = text(opts.value.get(Opt.IF_DESCRIPTION));
      if (name !== undefined) info.name = name;
      if (description !== undefined) info.description = description;
      const tsoffset = opts.value.get(Opt.IF_TSOFFSET);
      // if_tsoffset: seconds to add to every timestamp of the interface (§4.2), a signed 64-bit value.
      const tsoffsetNs =
        tsoffset?.length === 8 ? BigInt.asIntN(64, readU64(tsoffset, 0, le)) * NS_PER_SEC : 0n;
      interfaces.push({ info, tsoffsetNs });
    } else if (type === BlockType.EPB) {
      if (body.length < Epb.DATA) return fail(`enhanced packet at byte ${off} is too short`);
      const local = readU32(body, Epb.INTERFACE_ID, le);
      const state = interfaces[sectionBase + local];
      if (state === undefined) return fail(`enhanced packet at byte ${off} names unknown interface ${local}`);
      const captured = readU32(body, Epb.CAPTURED_LEN, le);
      if (Epb.DATA + captured > body.length)
        return fail(`enhanced packet at byte ${off}: data past the block`);
      const opts = readOptions(body.subarray(Math.min(body.length, Epb.DATA + pad4(captured))), le);
      if (!opts.ok) return opts;
      const units = (BigInt(readU32(body, Epb.TS_HIGH, le)) << 32n) | BigInt(readU32(body, Epb.TS_LOW, le));
      const packet: PcapngPacket = {
        interfaceId: sectionBase + local,
        timestampNs: unitsToNs(units, state.info.tsresol) + state.tsoffsetNs,
        data: body.subarray(Epb.DATA, Epb.DATA + captured),
      };
      const comment = text(opts.value.get(Opt.COMMENT));
      if (comment !== undefined) packet.comment = comment;
      packets.push(packet);
    }
    off += total;
  }
  if (le === undefined) return fail('file is empty');
  return { ok: true, value: { interfaces: interfaces.map((i) => i.info), packets } };
}
