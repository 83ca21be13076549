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
