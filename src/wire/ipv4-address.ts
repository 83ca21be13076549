// IPv4 addresses as unsigned 32-bit numbers (the data plane's form); src/net's Address is the bigint form.
import type { Result } from '../net/index.ts';

export const formatIpv4 = (n: number): string =>
  `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Strict dotted quad: four decimal octets, no leading zeros (which some parsers read as octal). */
export function parseIpv4(text: string): Result<number> {
  const parts = text.split('.');
  if (parts.length === 4) {
    let n = 0;
    let good = true;
    for (const part of parts) {
      const v = Number(part);
      if (!OCTET.test(part) || v > 255) {
        good = false;
        break;
      }
      n = n * 256 + v;
    }
    if (good) return { ok: true, value: n >>> 0 };
  }
  return { ok: false, reason: `'${text}' is not an IPv4 address` };
}

export function mustParseIpv4(text: string): number {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** 224.0.0.0/4 (RFC 5771). */
export const isMulticastIpv4 = (n: number): boolean => n >>> 28 === 0xe;

/** The limited broadcast address only (RFC 919); subnet broadcasts depend on a prefix the codecs do not know. */
export const isBroadcastIpv4 = (n: number): boolean => n >>> 0 === 0xffffffff;
