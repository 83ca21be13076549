// Read RFC 1071 (computing the Internet checksum) and RFC 1624 (incremental update) before changing this file.

/** The addresses a transport checksum's pseudo-header covers (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1). */
export type IpPair = { version: 4; src: number; dst: number } | { version: 6; src: bigint; dst: bigint };

/**
 * One's-complement running sum of the 16-bit big-endian words of bytes[start, end), added to `initial`.
 * Carries are folded lazily (RFC 1071 §2(C)): a JS number holds 2^37 words before losing precision, far more
 * than any packet, so folding happens once in `finish`. An odd trailing byte is padded with zero (§2(B)).
 */
export function sum16(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  const last = end - 1;
  let i = start;
  for (; i < last; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (i === last) sum += (bytes[i] ?? 0) << 8;
  return sum;
}

/** Folds carries back into 16 bits (end-around carry). */
export function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/** Fold and complement: the value to store in a checksum field; 0 when verifying a correct packet. */
export const finish = (sum: number): number => ~fold(sum) & 0xffff;

const words128 = (v: bigint): number => {
  let s = 0;
  for (let i = 0; i < 8; i++) {
    s += Number(v & 0xffffn);
    v >>= 16n;
  }
  return s;
};

/**
 * Sum of the pseudo-header: IPv4 (RFC 9293 §3.1) src, dst, zero+protocol, length; IPv6 (RFC 8200 §8.1) src,
 * dst, 32-bit upper-layer length, zero+next header. `length` is the transport header plus payload.
 */
export function pseudoHeaderSum(ip: IpPair, protocol: number, length: number): number {
  if (ip.version === 4) {
    return (
      (ip.src >>> 16) +
      (ip.src & 0xffff) +
      (ip.dst >>> 16) +
      (ip.dst & 0xffff) +
      (protocol & 0xff) +
      (length & 0xffff)
    );
  }
  return (
    words128(ip.src) + words128(ip.dst) + Math.floor(length / 0x10000) + (length & 0xffff) + (protocol & 0xff)
  );
}

/**
 * RFC 1624 §3 eqn. 3: HC' = ~(~HC + ~m + m'), the checksum after one 16-bit word changes from m to m'.
 * Eqn. 3, not RFC 1141's eqn. 2, which §3 shows gives a wrong -0 in edge cases.
 */
export function adjust16(checksum: number, oldWord: number, newWord: number): number {
  return ~fold((~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff)) & 0xffff;
}

/** adjust16 for a 32-bit field (an IPv4 address, a sequence number). */
export const adjust32 = (checksum: number, oldValue: number, newValue: number): number =>
  adjust16(adjust16(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xffff, newValue & 0xffff);
