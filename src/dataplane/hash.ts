// FNV-1a (32 bits): the data plane's one hash for stable made-up values (addresses, VNIs, PRNG seeds) and for
// spreading flows (load balancer choice, the flow cache's key). Not cryptographic; deterministic across runs.
const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

export function fnv1aString(text: string): number {
  let h = OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  return h >>> 0;
}

export function fnv1aNumbers(values: readonly number[]): number {
  let h = OFFSET;
  for (const v of values) h = Math.imul(h ^ v, PRIME);
  return h >>> 0;
}

/**
 * FNV-1a of seven numbers, without an array, finalised and cut to 30 bits: the connection table and the flow cache hash keys per
 * packet, and a 30-bit number is a small integer to V8 (a Map key without a heap number allocated per look-up).
 * The top 30 bits are kept: FNV's low k bits depend only on the inputs' low k bits (multiplication and XOR carry
 * upwards only), so a mask would ignore the top two bits of every address.
 */
export function hash7(a: number, b: number, c: number, d: number, e: number, f: number, g: number): number {
  let h = Math.imul(OFFSET ^ a, PRIME);
  h = Math.imul(h ^ b, PRIME);
  h = Math.imul(h ^ c, PRIME);
  h = Math.imul(h ^ d, PRIME);
  h = Math.imul(h ^ e, PRIME);
  h = Math.imul(h ^ f, PRIME);
  h = Math.imul(h ^ g, PRIME);
  // MurmurHash3's finaliser (fmix32): FNV leaves flows that differ in a few low bits with structured hashes.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 2;
}
