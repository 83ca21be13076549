// A connection table in the manner of Linux netfilter's nf_conntrack: each entry holds the tuple of the
// original direction and the tuple replies will carry (after NAT), so a packet matching either is translated
// back. Only NATed flows are entered; entries never expire (scenarios are short).
import type { Ipv4 } from '../types.ts';

/** For ICMP echo both ports hold the identifier, so the reversed tuple of a request matches its reply. */
export interface Tuple {
  readonly protocol: number;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly srcPort: number;
  readonly dstPort: number;
}

export interface ConntrackEntry {
  readonly original: Tuple;
  /** As the reply arrives: from the translated destination to the translated source. */
  readonly reply: Tuple;
}

export interface ConntrackHit {
  readonly entry: ConntrackEntry;
  readonly direction: 'original' | 'reply';
}

export interface Conntrack {
  lookup(t: Tuple): ConntrackHit | undefined;
  add(original: Tuple, reply: Tuple): ConntrackEntry;
  readonly size: number;
}

const keyOf = (t: Tuple): string => `${t.protocol}/${t.src}:${t.srcPort}>${t.dst}:${t.dstPort}`;

export const reverse = (t: Tuple): Tuple => ({
  protocol: t.protocol,
  src: t.dst,
  dst: t.src,
  srcPort: t.dstPort,
  dstPort: t.srcPort,
});

/** The header values a packet of `hit` leaves with: the other direction's tuple, reversed. */
export const translated = (hit: ConntrackHit): Tuple =>
  reverse(hit.direction === 'original' ? hit.entry.reply : hit.entry.original);

export function createConntrack(): Conntrack {
  const table = new Map<string, ConntrackHit>();
  return {
    lookup: (t) => table.get(keyOf(t)),
    add(original, reply) {
      const entry: ConntrackEntry = { original, reply };
      table.set(keyOf(original), { entry, direction: 'original' });
      table.set(keyOf(reply), { entry, direction: 'reply' });
      return entry;
    },
    get size() {
      return table.size / 2;
    },
  };
}
