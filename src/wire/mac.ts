// Read IEEE 802 §8.2 (MAC address format: I/G and U/L bits of the first octet) before changing this file.
import type { Result } from '../net/index.ts';

/** A MAC address as lowercase colon-separated hex: 'aa:bb:cc:dd:ee:ff'. */
export type Mac = string;

export const BROADCAST_MAC: Mac = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC: Mac = '00:00:00:00:00:00';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function readMac(bytes: Uint8Array, offset: number): Mac {
  return (
    HEX[bytes[offset] ?? 0]! +
    ':' +
    HEX[bytes[offset + 1] ?? 0]! +
    ':' +
    HEX[bytes[offset + 2] ?? 0]! +
    ':' +
    HEX[bytes[offset + 3] ?? 0]! +
    ':' +
    HEX[bytes[offset + 4] ?? 0]! +
    ':' +
    HEX[bytes[offset + 5] ?? 0]!
  );
}

const CANONICAL = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

const nibble = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

/** Writes a canonical MAC (as readMac and parseMac return). Anything else is a caller bug and throws. */
export function writeMac(bytes: Uint8Array, offset: number, mac: Mac): void {
  if (mac.length !== 17 || !CANONICAL.test(mac)) throw new Error(`writeMac: '${mac}' is not a canonical MAC`);
  for (let i = 0; i < 6; i++) {
    bytes[offset + i] = (nibble(mac.charCodeAt(i * 3)) << 4) | nibble(mac.charCodeAt(i * 3 + 1));
  }
}

/** A canonical MAC's six bytes (for writing into many frames without parsing the text each time). */
export function macBytesOf(mac: Mac): Uint8Array {
  const bytes = new Uint8Array(6);
  writeMac(bytes, 0, mac);
  return bytes;
}

/** Accepts 'aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF' (Azure's NIC macAddress form) or 'aabbccddeeff'. */
export function parseMac(text: string): Result<Mac> {
  const m =
    /^([0-9a-f]{2})([:-]?)([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(
      text,
    );
  if (!m) return { ok: false, reason: `'${text}' is not a MAC address` };
  const octets = [m[1], m[3], m[4], m[5], m[6], m[7]];
  return { ok: true, value: octets.join(':').toLowerCase() };
}

export function mustParseMac(text: string): Mac {
  const r = parseMac(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** The I/G bit (least significant bit of the first octet): group addresses, broadcast included. */
export const isMulticastMac = (mac: Mac): boolean => (nibble(mac.charCodeAt(1)) & 1) === 1;

export const isBroadcastMac = (mac: Mac): boolean => mac === BROADCAST_MAC;

/**
 * A deterministic locally administered unicast MAC (U/L bit set, I/G bit clear) from any string, so traces
 * and golden files are stable: the low 48 bits of 64-bit FNV-1a over the string's UTF-8 bytes.
 */
export function macFromSeed(seed: string): Mac {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(seed)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const bytes = new Uint8Array(6);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(h & 0xffn);
    h >>= 8n;
  }
  bytes[0] = (bytes[0]! & 0xfc) | 0x02;
  return readMac(bytes, 0);
}
