// uniqueString() and guid(): ARM's deterministic hashes.
// uniqueString: the arguments joined with '-', UTF-8, hashed with the 64-bit MurmurHash variant of
// Microsoft.PowerPlatform.ResourceStack (two 32-bit lanes, constants below), printed as 13 characters of
// RFC 4648 base32 in lower case. Reimplemented from the public description in a pure-bash replica whose
// self-test vectors were checked against Bicep (uniqueString('test') = 'rbgf3xv4ufgzg'); our tests reuse them.
// guid: an RFC 4122 version-5 UUID over the namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830 of the arguments
// joined with '-' (as documented on the Bicep string-functions page and reproduced by many tools).
import { createHash } from 'node:crypto';
import { argTypeError, fn, value, type FnResult, type TemplateFunction } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const C1 = 0xab0e9789;
const C2 = 0x239b961b;

/** The 64-bit hash behind uniqueString. */
export function murmur64(bytes: Uint8Array): bigint {
  const len = bytes.length;
  const le = (i: number, n: number): number => {
    let v = 0;
    for (let k = n - 1; k >= 0; k--) v = (v << 8) | bytes[i + k]!;
    return v >>> 0;
  };
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const k1 = Math.imul(rotl(Math.imul(le(i, 4), C2) >>> 0, 15), C1) >>> 0;
    const k2 = Math.imul(rotl(Math.imul(le(i + 4, 4), C1) >>> 0, 17), C2) >>> 0;
    h1 = (rotl((h1 ^ k1) >>> 0, 19) + h2) >>> 0;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) >>> 0;
    h2 = (rotl((h2 ^ k2) >>> 0, 13) + h1) >>> 0;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) >>> 0;
  }
  const rem = len - i;
  if (rem > 0) {
    const k1 = Math.imul(rotl(Math.imul(le(i, Math.min(rem, 4)), C2) >>> 0, 15), C1) >>> 0;
    h1 = (h1 ^ k1) >>> 0;
    if (rem > 4) {
      const k2 = Math.imul(rotl(Math.imul(le(i + 4, rem - 4), C1) >>> 0, 17), C2) >>> 0;
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  h2 = (h2 ^ len) >>> 0;
  h1 = (((h1 ^ len) >>> 0) + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return (BigInt(h2) << 32n) | BigInt(h1);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function uniqueString(parts: readonly string[]): string {
  let h = murmur64(Buffer.from(parts.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number((h >> 59n) & 31n)];
    h = (h << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

const ARM_GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

/** RFC 4122 §4.3 name-based UUID (SHA-1, version 5). */
export function uuidV5(namespace: Uint8Array, name: string): string {
  const hash = createHash('sha1').update(namespace).update(Buffer.from(name, 'utf8')).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const armGuid = (parts: readonly string[]): string => uuidV5(ARM_GUID_NAMESPACE, parts.join('-'));

function strings(name: string, args: readonly unknown[]): string[] | FnResult {
  for (let i = 0; i < args.length; i++)
    if (typeof args[i] !== 'string') return argTypeError(name, i, 'String', args[i]);
  return args as string[];
}

export const HASH_FUNCTIONS: Record<string, TemplateFunction> = {
  uniquestring: fn(1, INF, (args, _s, name) => {
    const s = strings(name, args);
    return Array.isArray(s) ? value(uniqueString(s)) : s;
  }),
  guid: fn(1, INF, (args, _s, name) => {
    const s = strings(name, args);
    return Array.isArray(s) ? value(armGuid(s)) : s;
  }),
};
