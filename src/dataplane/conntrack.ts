// The connection table that makes Azure's NSGs stateful: a flow allowed in one direction at a NIC lets its return
// traffic through, and an existing flow keeps flowing after a rule change (network-security-groups-overview.md:
// "existing connections aren't interrupted when you remove a security rule that enabled the flow").
// Entries are per NIC port and per direction: a forwarded packet that entered an NVA's NIC still meets the NIC's
// outbound rules when it leaves (both directions' NSGs apply to forwarded traffic). Keys are the 5-tuple as the
// initiator sent it. ICMP echo uses the identifier as a port: requests (ident, 0), replies (0, ident), so that a
// reply is the reverse of its request.
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

const opposite = (d: Direction): Direction => (d === 'Inbound' ? 'Outbound' : 'Inbound');

const key = (
  port: number,
  d: Direction,
  protocol: number,
  src: Ipv4,
  srcPort: number,
  dst: Ipv4,
  dstPort: number,
) => `${port}${d[0]}${protocol}|${src}|${srcPort}|${dst}|${dstPort}`;

export const isLive = (c: Connection, now: number): boolean =>
  !c.closed && now - c.lastSeen <= CONNECTION_IDLE_MS;

export class ConnTrack {
  private readonly table = new Map<string, Connection>();

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
  ): { connection: Connection; fromInitiator: boolean } | undefined {
    const forward = this.table.get(key(port, direction, protocol, src, srcPort, dst, dstPort));
    if (forward && now - forward.lastSeen <= CONNECTION_IDLE_MS)
      return { connection: forward, fromInitiator: true };
    const reverse = this.table.get(key(port, opposite(direction), protocol, dst, dstPort, src, srcPort));
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
    c: Omit<Connection, 'closed'>,
  ): Connection {
    // A literal, not a spread: V8 gives spread-made objects a slow shape, and connections are touched per packet.
    const connection: Connection = {
      initiator: c.initiator,
      aclId: c.aclId,
      rule: c.rule,
      lastSeen: c.lastSeen,
      closed: false,
    };
    this.table.set(key(port, direction, protocol, src, srcPort, dst, dstPort), connection);
    return connection;
  }

  /** Drops idle and closed connections. */
  sweep(now: number): void {
    for (const [k, c] of this.table) if (!isLive(c, now)) this.table.delete(k);
  }

  get size(): number {
    return this.table.size;
  }
}
