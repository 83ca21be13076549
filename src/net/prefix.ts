// IPv4/IPv6 addresses and CIDR prefixes as plain values. Addresses are bigints (IPv4: 32 bits, IPv6: 128 bits)
// so one set of functions serves both versions; the per-packet path uses LpmTrie.lookup4 instead.
import type { Result } from './result.ts';

export type IpVersion = 4 | 6;

export interface Address {
  readonly version: IpVersion;
  readonly value: bigint;
}

/** A CIDR prefix; `network` has its host bits cleared. */
export interface Prefix {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly length: number;
}

export const bitsOf = (version: IpVersion): number => (version === 4 ? 32 : 128);

const maxOf = (version: IpVersion): bigint => (1n << BigInt(bitsOf(version))) - 1n;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

// No whitespace is trimmed or skipped: ARM refuses a prefix with a space in it ("10.0.0.0 /8").
export function parseAddress(text: string): Result<Address> {
  const t = text;
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { ok: true, value: { version: 4, value: v4 } };
  if (t.includes(':')) {
    const v6 = parseIpv6(t);
    if (v6 !== undefined) return { ok: true, value: { version: 6, value: v6 } };
  }
  return { ok: false, reason: `'${text}' is not a valid IP address` };
}

/** Parses "a.b.c.d/n" or "x::/n"; a bare address is a host prefix. Host bits must be zero unless `lenient`. */
export function parsePrefix(text: string, lenient = false): Result<Prefix> {
  const [addrText, lenText, extra] = text.split('/');
  if (extra !== undefined || addrText === undefined)
    return { ok: false, reason: `'${text}' is not a valid CIDR prefix` };
  const addr = parseAddress(addrText);
  if (!addr.ok) return { ok: false, reason: `'${text}' is not a valid CIDR prefix` };
  const bits = bitsOf(addr.value.version);
  let length = bits;
  if (lenText !== undefined) {
    if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > bits) {
      return { ok: false, reason: `'${text}' is not a valid CIDR prefix` };
    }
    length = Number(lenText);
  }
  const network = addr.value.value & maskOf(addr.value.version, length);
  if (!lenient && network !== addr.value.value) {
    return {
      ok: false,
      reason: `'${text}' has host bits set (the prefix is ${formatPrefix({ ...addr.value, network, length })})`,
    };
  }
  return { ok: true, value: { version: addr.value.version, network, length } };
}

export function maskOf(version: IpVersion, length: number): bigint {
  const bits = BigInt(bitsOf(version));
  return ((maxOf(version) >> (bits - BigInt(length))) << (bits - BigInt(length))) & maxOf(version);
}

export function formatAddress(address: Address): string {
  if (address.version === 4) {
    const v = address.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((address.value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export const formatPrefix = (p: Prefix): string =>
  `${formatAddress({ version: p.version, value: p.network })}/${p.length}`;

export const lastAddress = (p: Prefix): bigint =>
  p.network | (maxOf(p.version) ^ maskOf(p.version, p.length));

export const prefixSize = (p: Prefix): bigint => 1n << BigInt(bitsOf(p.version) - p.length);

export const containsAddress = (p: Prefix, a: Address): boolean =>
  p.version === a.version && (a.value & maskOf(p.version, p.length)) === p.network;

/** True when `outer` contains all of `inner` (equal prefixes contain each other). */
export const containsPrefix = (outer: Prefix, inner: Prefix): boolean =>
  outer.version === inner.version &&
  outer.length <= inner.length &&
  (inner.network & maskOf(outer.version, outer.length)) === outer.network;

export const overlaps = (a: Prefix, b: Prefix): boolean => containsPrefix(a, b) || containsPrefix(b, a);

export const samePrefix = (a: Prefix, b: Prefix): boolean =>
  a.version === b.version && a.length === b.length && a.network === b.network;

export const comparePrefixes = (a: Prefix, b: Prefix): number =>
  a.version - b.version || (a.network < b.network ? -1 : a.network > b.network ? 1 : a.length - b.length);

/** Test and literal helper: throws on bad input. */
export function mustParsePrefix(text: string): Prefix {
  const r = parsePrefix(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

export function mustParseAddress(text: string): Address {
  const r = parseAddress(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/**
 * `base` minus every prefix in `holes`, as a minimal list of prefixes (used for AVNM overlap removal and for
 * removing reserved ranges). Holes of the other IP version are ignored.
 */
export function subtractPrefixes(base: Prefix, holes: readonly Prefix[]): Prefix[] {
  const relevant = holes.filter((h) => overlaps(base, h));
  if (relevant.some((h) => containsPrefix(h, base))) return [];
  if (relevant.length === 0) return [base];
  const half = base.length + 1;
  const bit = 1n << BigInt(bitsOf(base.version) - half);
  const left: Prefix = { version: base.version, network: base.network, length: half };
  const right: Prefix = { version: base.version, network: base.network | bit, length: half };
  return [...subtractPrefixes(left, relevant), ...subtractPrefixes(right, relevant)];
}
