// Read RFC 826 (ARP packet format) before changing this file. Only Ethernet hardware and IPv4 protocol addresses.
import type { Result } from '../net/index.ts';
import { read16, read32, write16, write32 } from './bytes.ts';
import { readMac, writeMac, type Mac } from './mac.ts';

const F = { HTYPE: 0, PTYPE: 2, HLEN: 4, PLEN: 5, OPER: 6, SHA: 8, SPA: 14, THA: 18, TPA: 24 } as const;

const HTYPE_ETHERNET = 1;
const PTYPE_IPV4 = 0x0800;

export const LEN = 28;

export const Operation = { Request: 1, Reply: 2 } as const;

/** Zero-copy view over an ARP packet. No validation: see parse. */
export class Packet {
  constructor(readonly bytes: Uint8Array) {}

  get hardwareType(): number {
    return read16(this.bytes, F.HTYPE);
  }
  set hardwareType(v: number) {
    write16(this.bytes, F.HTYPE, v);
  }
  get protocolType(): number {
    return read16(this.bytes, F.PTYPE);
  }
  set protocolType(v: number) {
    write16(this.bytes, F.PTYPE, v);
  }
  get hardwareLen(): number {
    return this.bytes[F.HLEN] ?? 0;
  }
  set hardwareLen(v: number) {
    this.bytes[F.HLEN] = v;
  }
  get protocolLen(): number {
    return this.bytes[F.PLEN] ?? 0;
  }
  set protocolLen(v: number) {
    this.bytes[F.PLEN] = v;
  }
  get operation(): number {
    return read16(this.bytes, F.OPER);
  }
  set operation(v: number) {
    write16(this.bytes, F.OPER, v);
  }
  get senderMac(): Mac {
    return readMac(this.bytes, F.SHA);
  }
  set senderMac(v: Mac) {
    writeMac(this.bytes, F.SHA, v);
  }
  get senderIp(): number {
    return read32(this.bytes, F.SPA);
  }
  set senderIp(v: number) {
    write32(this.bytes, F.SPA, v);
  }
  get targetMac(): Mac {
    return readMac(this.bytes, F.THA);
  }
  set targetMac(v: Mac) {
    writeMac(this.bytes, F.THA, v);
  }
  get targetIp(): number {
    return read32(this.bytes, F.TPA);
  }
  set targetIp(v: number) {
    write32(this.bytes, F.TPA, v);
  }
}

export interface Repr {
  operation: 1 | 2;
  senderMac: Mac;
  senderIp: number;
  targetMac: Mac;
  targetIp: number;
}

/** `bytes` is the Ethernet payload; trailing padding (to the 60-byte minimum frame) is returned as payload. */
export function parse(bytes: Uint8Array): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < LEN) return { ok: false, reason: `ARP packet of ${bytes.length} bytes is too short` };
  const p = new Packet(bytes);
  if (p.hardwareType !== HTYPE_ETHERNET || p.hardwareLen !== 6) {
    return { ok: false, reason: `ARP hardware type ${p.hardwareType}/${p.hardwareLen} is not Ethernet` };
  }
  if (p.protocolType !== PTYPE_IPV4 || p.protocolLen !== 4) {
    return {
      ok: false,
      reason: `ARP protocol type 0x${p.protocolType.toString(16)}/${p.protocolLen} is not IPv4`,
    };
  }
  const operation = p.operation;
  if (operation !== Operation.Request && operation !== Operation.Reply) {
    return { ok: false, reason: `ARP operation ${operation} is neither request nor reply` };
  }
  const repr: Repr = {
    operation,
    senderMac: p.senderMac,
    senderIp: p.senderIp,
    targetMac: p.targetMac,
    targetIp: p.targetIp,
  };
  return { ok: true, value: { repr, payload: bytes.subarray(LEN) } };
}

/** Writes the 28-byte packet at the start of buffer. */
export function emit(repr: Repr, buffer: Uint8Array): void {
  const p = new Packet(buffer);
  p.hardwareType = HTYPE_ETHERNET;
  p.protocolType = PTYPE_IPV4;
  p.hardwareLen = 6;
  p.protocolLen = 4;
  p.operation = repr.operation;
  p.senderMac = repr.senderMac;
  p.senderIp = repr.senderIp;
  p.targetMac = repr.targetMac;
  p.targetIp = repr.targetIp;
}
