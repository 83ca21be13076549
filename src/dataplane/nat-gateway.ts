// The SNAT table of one NAT gateway: private 5-tuple → public ip:port, replies mapped back, port inventories,
// reuse cool-down and idle timers. Read ../../../shared/azure-semantics.md §4.1 (from learn.microsoft.com
// azure/nat-gateway/nat-gateway-snat and nat-gateway-resource#port-reuse-timers) before changing this file.
import { fnv1aString } from './hash.ts';
import type { Ipv4 } from './types.ts';

export type NatProtocol = 6 | 17 | 1;

export interface NatGatewayConfig {
  readonly id: string;
  readonly name: string;
  readonly sku: 'Standard' | 'StandardV2';
  readonly publicIps: readonly Ipv4[];
  /** idleTimeoutInMinutes, 4..120 (default 4); TCP only, UDP's is fixed. */
  readonly tcpIdleTimeoutMinutes?: number;
  /** Seeds the port choice; defaults to a hash of the id, so a topology always gets the same ports. */
  readonly seed?: number;
}

/** The private side: srcPort is the ICMP echo identifier and dstPort 0 for ICMP. */
export interface NatOutboundFlow {
  readonly protocol: NatProtocol;
  readonly src: Ipv4;
  readonly srcPort: number;
  readonly dst: Ipv4;
  readonly dstPort: number;
}

export type NatOutboundResult =
  | { ok: true; src: Ipv4; srcPort: number; created: boolean }
  | { ok: false; reason: 'protocol' | 'exhausted' };

/** A reply from the internet: src/srcPort are the remote endpoint, dst/dstPort the public ip:port (or identifier). */
export interface NatInboundFlow {
  readonly protocol: NatProtocol;
  readonly src: Ipv4;
  readonly srcPort: number;
  readonly dst: Ipv4;
  readonly dstPort: number;
}

export interface NatGatewayTable {
  readonly id: string;
  readonly name: string;
  outbound(flow: NatOutboundFlow, now: number): NatOutboundResult;
  inbound(flow: NatInboundFlow, now: number): { dst: Ipv4; dstPort: number } | undefined;
  /**
   * The engine saw a TCP FIN or RST on the flow whose private 5-tuple this is (as outbound() saw it), in either
   * direction. The first call starts the port's hold-down; a later one (the other side's FIN) restarts it. While
   * held down the mapping still translates, so the rest of the close handshake passes.
   */
  close(
    protocol: NatProtocol,
    src: Ipv4,
    srcPort: number,
    dst: Ipv4,
    dstPort: number,
    reason: 'fin' | 'rst',
    now: number,
  ): void;
  /** Removes mappings whose timer ran out and frees ports whose cool-down ended. */
  expire(now: number): void;
  /** Mappings in the table, including those held down after a FIN or RST. */
  readonly size: number;
  /** Ports of one public IP held (in use or cooling down) towards one destination endpoint. */
  portsInUse(publicIp: Ipv4, destination: { ip: Ipv4; port: number }, protocol?: NatProtocol): number;
}

// nat-gateway-snat: "Each NAT gateway public IP address provides 64,512 SNAT ports"; 1024-65535 is the range
// that count implies (65,536 - 1,024).
export const FIRST_PORT = 1024;
export const PORTS_PER_IP = 65536 - FIRST_PORT;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
// nat-gateway-resource#port-reuse-timers.
const FIN_HOLD_DOWN = 65 * SECOND;
const RST_HOLD_DOWN = 16 * SECOND;
const TCP_HALF_OPEN = 30 * SECOND;
const UDP_IDLE = 4 * MINUTE;
const UDP_HOLD_DOWN = 65 * SECOND;
// Fidelity: no doc gives StandardV2's ICMP timers. vnetlab holds an echo identifier mapping 30 s after the last
// packet (Linux conntrack's nf_conntrack_icmp_timeout) and frees it at once. UNVERIFIED.
const ICMP_IDLE = 30 * SECOND;

type State = 'half-open' | 'established' | 'open' | 'closing';

interface Mapping {
  readonly protocol: NatProtocol;
  readonly key: string;
  readonly reverseKey: string;
  readonly destKey: string;
  readonly src: Ipv4;
  readonly srcPort: number;
  readonly slot: number;
  readonly publicIp: Ipv4;
  readonly publicPort: number;
  state: State;
  lastSeen: number;
  /** End of the FIN / RST hold-down. */
  holdUntil: number;
  /** The deadline of this mapping's live timer entry (Infinity when none is queued). */
  queued: number;
  removed: boolean;
}

interface Timer {
  at: number;
  mapping?: Mapping;
  /** A port held for one destination after its mapping went (UDP's 65 s hold-down). */
  hold?: { inventory: Inventory; destKey: string; slot: number };
}

export function createNatGatewayTable(config: NatGatewayConfig): NatGatewayTable {
  const idleMinutes = config.tcpIdleTimeoutMinutes ?? 4;
  if (!Number.isInteger(idleMinutes) || idleMinutes < 4 || idleMinutes > 120)
    throw new RangeError(`tcpIdleTimeoutMinutes must be 4..120, got ${idleMinutes}`);
  const tcpIdle = idleMinutes * MINUTE;
  const random = mulberry32(config.seed ?? fnv1aString(config.id));
  const capacity = config.publicIps.length * PORTS_PER_IP;
  // nat-gateway-snat: "TCP and UDP are separate SNAT port inventories"; ICMP identifiers get a third one.
  const inventories = new Map<NatProtocol, Inventory>();
  const mappings = new Map<string, Mapping>();
  const byPublic = new Map<string, Mapping>();
  const timers = new TimerHeap();

  const inventoryOf = (protocol: NatProtocol): Inventory => {
    let inv = inventories.get(protocol);
    if (!inv) {
      inv = new Inventory(capacity, random);
      inventories.set(protocol, inv);
    }
    return inv;
  };

  const deadlineOf = (m: Mapping): number => {
    if (m.state === 'closing') return m.holdUntil;
    if (m.protocol === 17) return m.lastSeen + UDP_IDLE;
    if (m.protocol === 1) return m.lastSeen + ICMP_IDLE;
    return m.lastSeen + (m.state === 'half-open' ? TCP_HALF_OPEN : tcpIdle);
  };

  // A mapping keeps one live timer entry; a later deadline is found when it fires (refreshes push nothing), an
  // earlier one (a FIN or RST) pushes a new entry and makes the old one stale.
  const schedule = (m: Mapping): void => {
    const at = deadlineOf(m);
    if (at < m.queued) {
      m.queued = at;
      timers.push({ at, mapping: m });
    }
  };

  const remove = (m: Mapping, now: number): void => {
    m.removed = true;
    mappings.delete(m.key);
    byPublic.delete(m.reverseKey);
    const inv = inventoryOf(m.protocol);
    // nat-gateway-resource: a UDP port is held down 65 s after its connection closes. A half-open TCP mapping's
    // port "is available for reuse to the same destination endpoint" once it closes; FIN and RST hold-downs were
    // served while the mapping lingered.
    if (m.protocol === 17)
      timers.push({ at: now + UDP_HOLD_DOWN, hold: { inventory: inv, destKey: m.destKey, slot: m.slot } });
    // Fidelity: after a TCP idle timeout the port is freed at once; no doc gives a hold-down for it. UNVERIFIED.
    else inv.release(m.destKey, m.slot);
  };

  const sweep = (now: number): void => {
    for (let t = timers.peek(); t !== undefined && t.at <= now; t = timers.peek()) {
      timers.pop();
      if (t.hold) {
        t.hold.inventory.release(t.hold.destKey, t.hold.slot);
        continue;
      }
      const m = t.mapping;
      if (!m || m.removed || m.queued !== t.at) continue;
      m.queued = Infinity;
      if (deadlineOf(m) <= now) remove(m, deadlineOf(m));
      else schedule(m);
    }
  };

  return {
    id: config.id,
    name: config.name,
    outbound(flow, now) {
      // nat-sku: Standard translates TCP and UDP only; StandardV2 adds ICMP echo.
      if (flow.protocol === 1 && config.sku !== 'StandardV2') return { ok: false, reason: 'protocol' };
      sweep(now);
      const key = tupleKey(flow.protocol, flow.src, flow.srcPort, flow.dst, flow.dstPort);
      const existing = mappings.get(key);
      if (existing) {
        existing.lastSeen = now;
        return { ok: true, src: existing.publicIp, srcPort: existing.publicPort, created: false };
      }
      const destKey = `${flow.dst}:${flow.dstPort}`;
      const slot = inventoryOf(flow.protocol).take(destKey);
      if (slot === undefined) return { ok: false, reason: 'exhausted' };
      const publicIp = config.publicIps[Math.floor(slot / PORTS_PER_IP)];
      if (publicIp === undefined)
        throw new Error(`slot ${slot} outside ${config.publicIps.length} public IPs`);
      const publicPort = FIRST_PORT + (slot % PORTS_PER_IP);
      const m: Mapping = {
        protocol: flow.protocol,
        key,
        reverseKey: tupleKey(flow.protocol, publicIp, publicPort, flow.dst, flow.dstPort),
        destKey,
        src: flow.src,
        srcPort: flow.srcPort,
        slot,
        publicIp,
        publicPort,
        state: flow.protocol === 6 ? 'half-open' : 'open',
        lastSeen: now,
        holdUntil: Infinity,
        queued: Infinity,
        removed: false,
      };
      mappings.set(key, m);
      byPublic.set(m.reverseKey, m);
      schedule(m);
      return { ok: true, src: publicIp, srcPort: publicPort, created: true };
    },
    inbound(flow, now) {
      sweep(now);
      // No unsolicited inbound: only a reply to a mapping the private side opened translates.
      const m = byPublic.get(tupleKey(flow.protocol, flow.dst, flow.dstPort, flow.src, flow.srcPort));
      if (!m) return undefined;
      m.lastSeen = now;
      if (m.state === 'half-open') m.state = 'established';
      return { dst: m.src, dstPort: m.srcPort };
    },
    close(protocol, src, srcPort, dst, dstPort, reason, now) {
      sweep(now);
      if (protocol !== 6) return; // FIN and RST are TCP's; UDP and ICMP mappings only idle out.
      const m = mappings.get(tupleKey(protocol, src, srcPort, dst, dstPort));
      if (!m) return;
      m.state = 'closing';
      m.holdUntil = now + (reason === 'fin' ? FIN_HOLD_DOWN : RST_HOLD_DOWN);
      schedule(m);
      // A restarted hold-down that ends later than the queued entry is picked up when that entry fires.
    },
    expire(now) {
      sweep(now);
    },
    get size() {
      return mappings.size;
    },
    portsInUse(publicIp, destination, protocol = 6) {
      const index = config.publicIps.indexOf(publicIp);
      if (index < 0) return 0;
      return inventories.get(protocol)?.heldFor(`${destination.ip}:${destination.port}`, index) ?? 0;
    },
  };
}

const tupleKey = (protocol: number, a: Ipv4, aPort: number, b: Ipv4, bPort: number): string =>
  `${protocol}|${a}|${aPort}|${b}|${bPort}`;

/**
 * One protocol's ports over all public IPs, as slots 0..capacity-1 (slot = ip index * 64,512 + port - 1024).
 * nat-gateway-snat: a port is picked "at random out of the available inventory"; only when no port is free does
 * the gateway reuse one that is in use towards other destinations, never one held for the same destination.
 */
class Inventory {
  /** Slots no destination holds. */
  private readonly free: SparsePool;
  /** Per destination endpoint ('ip:port'), the slots it does not hold; dropped when it holds none. */
  private readonly perDestination = new Map<string, SparsePool>();
  /** How many destinations hold each slot. */
  private readonly holders: Uint32Array;

  constructor(
    private readonly capacity: number,
    private readonly random: () => number,
  ) {
    this.free = new SparsePool(capacity, false);
    this.holders = new Uint32Array(capacity);
  }

  take(destKey: string): number | undefined {
    let pool = this.perDestination.get(destKey);
    if (!pool) {
      pool = new SparsePool(this.capacity, true);
      this.perDestination.set(destKey, pool);
    }
    let slot: number | undefined;
    if (this.free.available > 0) {
      slot = this.free.draw(this.pick(this.free.available));
      pool.remove(slot);
    } else if (pool.available > 0) {
      slot = pool.draw(this.pick(pool.available));
    } else {
      if (pool.available === this.capacity) this.perDestination.delete(destKey);
      return undefined;
    }
    this.holders[slot] = (this.holders[slot] ?? 0) + 1;
    return slot;
  }

  release(destKey: string, slot: number): void {
    const pool = this.perDestination.get(destKey);
    if (!pool) throw new Error(`release of slot ${slot} for ${destKey}, which holds none`);
    pool.add(slot);
    if (pool.available === this.capacity) this.perDestination.delete(destKey);
    const holders = (this.holders[slot] ?? 0) - 1;
    this.holders[slot] = holders;
    if (holders === 0) this.free.add(slot);
  }

  heldFor(destKey: string, ipIndex: number): number {
    return (
      this.perDestination.get(destKey)?.heldIn(ipIndex * PORTS_PER_IP, (ipIndex + 1) * PORTS_PER_IP) ?? 0
    );
  }

  private pick(n: number): number {
    return Math.floor(this.random() * n);
  }
}

/**
 * A set of the integers 0..capacity-1 that starts full, with O(1) uniform draws, adds and (when tracked)
 * removals: a Fisher–Yates shuffle done lazily, storing only the positions that differ from the identity, so a
 * pool costs memory in proportion to what was taken from it, not to its 64,512 × n capacity.
 */
class SparsePool {
  private size: number;
  /** position → value, where not identity. */
  private readonly at = new Map<number, number>();
  /** value → position, where not identity; -1 once taken. Kept only when removals are needed. */
  private readonly where: Map<number, number> | undefined;

  constructor(
    private readonly capacity: number,
    trackValues: boolean,
  ) {
    this.size = capacity;
    this.where = trackValues ? new Map() : undefined;
  }

  get available(): number {
    return this.size;
  }

  /** Takes the value at position index (0 <= index < available). */
  draw(index: number): number {
    const value = this.valueAt(index);
    this.takeAt(index, value);
    return value;
  }

  remove(value: number): void {
    if (!this.where) throw new Error('remove on an untracked pool');
    const position = this.where.get(value) ?? value;
    if (position < 0) throw new Error(`remove of ${value}, already taken`);
    this.takeAt(position, value);
  }

  add(value: number): void {
    if (this.size >= this.capacity) throw new Error(`add of ${value} to a full pool`);
    this.place(this.size, value);
    this.size++;
  }

  /** How many values in [from, to) are taken (tracked pools only). */
  heldIn(from: number, to: number): number {
    let n = 0;
    for (const [value, position] of this.where ?? []) if (position < 0 && value >= from && value < to) n++;
    return n;
  }

  private valueAt(position: number): number {
    return this.at.get(position) ?? position;
  }

  private takeAt(position: number, value: number): void {
    const last = this.size - 1;
    if (position !== last) this.place(position, this.valueAt(last));
    this.at.delete(last);
    this.where?.set(value, -1);
    this.size--;
  }

  private place(position: number, value: number): void {
    if (position === value) {
      this.at.delete(position);
      this.where?.delete(value);
    } else {
      this.at.set(position, value);
      this.where?.set(value, position);
    }
  }
}

/** A binary min-heap of timers by `at`. */
class TimerHeap {
  private readonly items: Timer[] = [];

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as Timer;
      if (p.at <= t.at) break;
      a[i] = p;
      i = parent;
    }
    a[i] = t;
  }

  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const left = a[l] as Timer;
      const right = a[r];
      const child = right !== undefined && right.at < left.at ? r : l;
      const c = a[child] as Timer;
      if (c.at >= last.at) break;
      a[i] = c;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

/** mulberry32: a small seeded PRNG with a full 2^32 period, good enough to spread ports. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
