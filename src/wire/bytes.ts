// Network byte order (big-endian) field access for the codecs: plain byte math, no DataView per packet.
// Callers check lengths first; reads past the end give NaN-free garbage (undefined → 0), never a throw.

export const read8 = (b: Uint8Array, o: number): number => b[o] ?? 0;

export const read16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);

export const read32 = (b: Uint8Array, o: number): number =>
  (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;

export function write16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

export function write32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

export function read128(b: Uint8Array, o: number): bigint {
  const hi = (BigInt(read32(b, o)) << 32n) | BigInt(read32(b, o + 4));
  const lo = (BigInt(read32(b, o + 8)) << 32n) | BigInt(read32(b, o + 12));
  return (hi << 64n) | lo;
}

export function write128(b: Uint8Array, o: number, v: bigint): void {
  for (let i = 15; i >= 0; i--) {
    b[o + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Copies payload to buffer[offset...] unless it already is that subarray (built in place by the caller). */
export function placePayload(payload: Uint8Array, buffer: Uint8Array, offset: number): void {
  if (payload.buffer === buffer.buffer && payload.byteOffset === buffer.byteOffset + offset) return;
  buffer.set(payload, offset);
}
