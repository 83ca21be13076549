// The connection table that makes Azure's NSGs stateful: a flow allowed in one direction at a NIC lets its return
// traffic through, and an existing flow keeps flowing after a rule change (network-security-groups-overview.md:
// "existing connections aren't interrupted when you remove a security rule that enabled the flow").
// Entries are per NIC port and per direction: a forwarded packet that entered an NVA's NIC still meets the NIC's
// outbound rules when it leaves (both directions' NSGs apply to forwarded traffic). Keys are the 5-tuple as the
// initiator sent it. ICMP echo uses the identifier as a port: requests (ident, 0), replies (0, ident), so that a
// reply is the reverse of its request.
//
// Cost: every new flow looks up two keys at each NIC it crosses (the packet's, and the reverse) and opens one, and
// the table keeps an entry per NIC per flow. Keys are a 30-bit hash of the seven numbers, not strings (building a
// string key cost more than the rest of the look-up: docs/benchmarks.md); a key and its reverse hash alike, so one
// look-up finds both. Entries keep their numbers, packed, so that colliding keys are told apart, and are
// chained; what allowed the connection (initiator, ACL, rule) is one object shared by every connection it allowed.
import { hash7 } from './hash.ts';
import { ChainedTable } from './chained-table.ts';
import type { Ipv4 } from './types.ts';

export type Direction = 'Inbound' | 'Outbound';

export interface Connection {
  /** Who began the flow, seen from this NIC. */
  readonly initiator: 'local' | 'remote';
  /** The NSG / admin configuration and rule that allowed it (flow-log names). */
  readonly aclId: string;
  readonly rule: string;
  lastSeen: number;
  /** A FIN or RST was seen: the entry goes at the next sweep. */
  closed: boolean;
}

/**
 * Fidelity: Azure's NSG flow idle timeout is not documented per protocol; vnetlab keeps idle connections
 * 4 minutes (the TCP idle timeout of Azure's load balancer and NAT gateway).
 */
export const CONNECTION_IDLE_MS = 4 * 60_000;

export const isLive = (c: Connection, now: number): boolean =>
  !c.closed && now - c.lastSeen <= CONNECTION_IDLE_MS;

/**
 * A connection as the table hands it out: also the flow cache's action for it (engine.ts), so that a cached flow
 * keeps no object per connection besides the connection.
 */
export interface TrackedConnection extends Connection {
  readonly op: 'connection';
  readonly connection: Connection;
}

/** What allowed a connection: the same for every connection one rule allowed in one direction, so share it. */
export interface Decision {
  readonly initiator: 'local' | 'remote';
  readonly aclId: string;
  readonly rule: string;
}

/** A connection with the key it is stored under (packed), and the next entry of the same bucket. */
class Entry implements TrackedConnection {
  readonly op = 'connection' as const;
  next: Entry | undefined = undefined;
  closed = false;
  /** port index, direction (1 inbound) and protocol. */
  readonly meta: number;
  /** Addresses as int32, ports as one int32: small integers to V8, compared as they are. */
  readonly src: number;
  readonly dst: number;
  readonly ports: number;

  constructor(
    /** The bucket hash (ConnTrack.bucket). */
    readonly hash: number,
    meta: number,
    src: Ipv4,
    srcPort: number,
    dst: Ipv4,
    dstPort: number,
    private readonly decision: Decision,
    public lastSeen: number,
  ) {
    this.meta = meta;
    this.src = src | 0;
    this.dst = dst | 0;
    this.ports = (srcPort << 16) | dstPort;
  }

  get connection(): Connection {
    return this;
  }
  get initiator(): 'local' | 'remote' {
    return this.decision.initiator;
  }
  get aclId(): string {
    return this.decision.aclId;
  }
  get rule(): string {
    return this.decision.rule;
  }

  is(meta: number, src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number): boolean {
    return (
      this.meta === meta &&
      this.src === (src | 0) &&
      this.dst === (dst | 0) &&
      this.ports === ((srcPort << 16) | dstPort)
    );
  }
}

/** The key's seven numbers hashed; tests pass a constant to force collisions. */
export type KeyHash = (
  port: number,
  inbound: number,
  protocol: number,
  src: number,
  srcPort: number,
  dst: number,
  dstPort: number,
) => number;

const metaOf = (port: number, inbound: number, protocol: number): number =>
  port * 512 + inbound * 256 + protocol;

export class ConnTrack {
  private readonly table = new ChainedTable<Entry>();

  constructor(private readonly hash: KeyHash = hash7) {}

  /** The connection this packet belongs to, and whether it travels from the initiator. */
  find(
    port: number,
    direction: Direction,
    protocol: number,
    src: Ipv4,
    srcPort: number,
    dst: Ipv4,
    dstPort: number,
    now: number,
  ): { connection: TrackedConnection; fromInitiator: boolean } | undefined {
    const inbound = direction === 'Inbound' ? 1 : 0;
    const head = this.table.head(this.bucket(port, inbound, protocol, src, srcPort, dst, dstPort));
    if (!head) return undefined;
    const forward = find(head, metaOf(port, inbound, protocol), src, srcPort, dst, dstPort);
    if (forward && now - forward.lastSeen <= CONNECTION_IDLE_MS)
      return { connection: forward, fromInitiator: true };
    const reverse = find(head, metaOf(port, inbound ^ 1, protocol), dst, dstPort, src, srcPort);
    if (reverse && now - reverse.lastSeen <= CONNECTION_IDLE_MS)
      return { connection: reverse, fromInitiator: false };
    return undefined;
  }

  open(
    port: number,
    direction: Direction,
    protocol: number,
    src: Ipv4,
    srcPort: number,
    dst: Ipv4,
    dstPort: number,
    decision: Decision,
    lastSeen: number,
  ): TrackedConnection {
    const inbound = direction === 'Inbound' ? 1 : 0;
    const meta = metaOf(port, inbound, protocol);
    const h = this.bucket(port, inbound, protocol, src, srcPort, dst, dstPort);
    const entry = new Entry(h, meta, src, srcPort, dst, dstPort, decision, lastSeen);
    // A new connection replaces one of the same key (as Map.set did with string keys).
    const head = this.table.head(h);
    const old = head && find(head, meta, src, srcPort, dst, dstPort);
    if (old) this.table.remove(old);
    this.table.add(entry);
    return entry;
  }

  /** Drops idle and closed connections. */
  sweep(now: number): void {
    this.table.retain((e) => isLive(e, now));
  }

  get size(): number {
    return this.table.size;
  }

  /**
   * A key and its reverse (the other direction, endpoints swapped) share a bucket: the key is hashed with its
   * lower endpoint first, and when both endpoints are the same (a packet to itself) with no direction at all.
   */
  private bucket(
    port: number,
    inbound: number,
    protocol: number,
    src: Ipv4,
    srcPort: number,
    dst: Ipv4,
    dstPort: number,
  ): number {
    if (src < dst || (src === dst && srcPort < dstPort))
      return this.hash(port, inbound, protocol, src, srcPort, dst, dstPort);
    if (src === dst && srcPort === dstPort) return this.hash(port, 2, protocol, src, srcPort, dst, dstPort);
    return this.hash(port, inbound ^ 1, protocol, dst, dstPort, src, srcPort);
  }
}

function find(
  head: Entry,
  meta: number,
  src: Ipv4,
  srcPort: number,
  dst: Ipv4,
  dstPort: number,
): Entry | undefined {
  for (let e: Entry | undefined = head; e; e = e.next) if (e.is(meta, src, srcPort, dst, dstPort)) return e;
  return undefined;
}
