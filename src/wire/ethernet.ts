// Read IEEE 802.3 §3.1.1 (MAC frame format; Ethernet II type field) before changing this file.
import type { Result } from '../net/index.ts';
import { read16, write16 } from './bytes.ts';
import { readMac, writeMac, type Mac } from './mac.ts';

const F = { DST: 0, SRC: 6, ETHERTYPE: 12, PAYLOAD: 14 } as const;

export const HEADER_LEN = 14;

export const EtherType = { IPv4: 0x0800, ARP: 0x0806, IPv6: 0x86dd } as const;

/** Zero-copy view over an Ethernet II frame (no FCS, no VLAN tags). No validation: see parse. */
export class Frame {
  constructor(readonly bytes: Uint8Array) {}

  get dst(): Mac {
    return readMac(this.bytes, F.DST);
  }
  set dst(mac: Mac) {
    writeMac(this.bytes, F.DST, mac);
  }
  get src(): Mac {
    return readMac(this.bytes, F.SRC);
  }
  set src(mac: Mac) {
    writeMac(this.bytes, F.SRC, mac);
  }
  get etherType(): number {
    return read16(this.bytes, F.ETHERTYPE);
  }
  set etherType(v: number) {
    write16(this.bytes, F.ETHERTYPE, v);
  }
  payload(): Uint8Array {
    return this.bytes.subarray(F.PAYLOAD);
  }
}

export interface Repr {
  dst: Mac;
  src: Mac;
  etherType: number;
}

export function parse(bytes: Uint8Array): Result<{ repr: Repr; payload: Uint8Array }> {
  if (bytes.length < HEADER_LEN) {
    return {
      ok: false,
      reason: `Ethernet frame of ${bytes.length} bytes is shorter than its 14-byte header`,
    };
  }
  const f = new Frame(bytes);
  return {
    ok: true,
    value: { repr: { dst: f.dst, src: f.src, etherType: f.etherType }, payload: f.payload() },
  };
}

/** Writes the 14-byte header at the start of buffer; the payload goes at buffer[HEADER_LEN...]. */
export function emit(repr: Repr, buffer: Uint8Array): void {
  const f = new Frame(buffer);
  f.dst = repr.dst;
  f.src = repr.src;
  f.etherType = repr.etherType;
}
