// Field access in either byte order: capture files are written in the writer's host order, which readers
// learn from the magic number. Reads past the end give 0 rather than throw; callers check lengths first.

export const readU16 = (b: Uint8Array, o: number, le: boolean): number =>
  le ? (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) : ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);

export function readU32(b: Uint8Array, o: number, le: boolean): number {
  const [b0, b1, b2, b3] = [b[o] ?? 0, b[o + 1] ?? 0, b[o + 2] ?? 0, b[o + 3] ?? 0];
  return (le ? (b3 << 24) | (b2 << 16) | (b1 << 8) | b0 : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

export function readU64(b: Uint8Array, o: number, le: boolean): bigint {
  const first = BigInt(readU32(b, o, le));
  const second = BigInt(readU32(b, o + 4, le));
  return le ? (second << 32n) | first : (first << 32n) | second;
}

export function writeU16(b: Uint8Array, o: number, v: number, le: boolean): void {
  b[o + (le ? 0 : 1)] = v & 0xff;
  b[o + (le ? 1 : 0)] = (v >>> 8) & 0xff;
}

export function writeU32(b: Uint8Array, o: number, v: number, le: boolean): void {
  for (let i = 0; i < 4; i++) b[o + (le ? i : 3 - i)] = (v >>> (8 * i)) & 0xff;
}
