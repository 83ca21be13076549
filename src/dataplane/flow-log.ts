// VNet flow logs: flow events per NIC (B, C, E, D) from the packets the engine sees, and Azure's JSON records.
// Read ../../../shared/azure-semantics.md §10.6 (learn.microsoft.com azure/network-watcher/vnet-flow-logs-overview,
// "Log format" and "Sample log record") before changing this file.
import { deterministicGuid } from '../model/index.ts';
import { formatIpv4 } from '../wire/index.ts';
import type { FlowEvent, Ipv4 } from './types.ts';

/** One packet at a NIC, after its security decision. */
export interface FlowPacket extends Pick<
  FlowEvent,
  'time' | 'nicId' | 'mac' | 'aclId' | 'rule' | 'src' | 'dst' | 'srcPort' | 'dstPort' | 'protocol'
> {
  /** Who began the flow, seen from this NIC: 'local' when the NIC's VM did (an outbound flow). */
  readonly initiator: 'local' | 'remote';
  /** Whether this packet travels from the initiator to the responder. */
  readonly fromInitiator: boolean;
  /** The IP packet's length: "packet bytes include the packet header and payload". */
  readonly bytes: number;
  readonly denied: boolean;
  readonly tcpFlags: number;
}

const MINUTE = 60_000;
/** "C: Continuing for an ongoing flow. Statistics are provided at five-minute intervals." */
export const CONTINUING_INTERVAL_MS = 5 * MINUTE;

const TCP = 6;
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

interface Flow {
  readonly nicId: string;
  readonly mac: string;
  readonly aclId: string;
  readonly rule: string;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: number;
  readonly direction: 'I' | 'O';
  /** The next five-minute mark after the flow began at which a C is due; every uncounted packet is before it. */
  nextReport: number;
  lastSeen: number;
  packetsOut: number;
  bytesOut: number;
  packetsIn: number;
  bytesIn: number;
  finFromInitiator: boolean;
  finFromResponder: boolean;
  /** E was written; the entry stays to absorb the connection's last packets until it idles out. */
  ended: boolean;
}

/**
 * Turns the engine's per-packet calls into flow events. Counts are oriented like the tuple: packetsOut / bytesOut
 * are initiator → responder (tuple fields 10-11, "from the source to the destination"), packetsIn / bytesIn the
 * way back (fields 12-13), whichever way the flow crosses the NIC.
 */
export class FlowRecorder {
  private readonly flows = new Map<string, Flow>();
  /** Flows that had a D tuple in a minute: 'key|minute'. */
  private readonly deniedInMinute = new Set<string>();
  private readonly emitted: FlowEvent[] = [];

  packet(p: FlowPacket): void {
    const [src, srcPort, dst, dstPort] = p.fromInitiator
      ? [p.src, p.srcPort, p.dst, p.dstPort]
      : [p.dst, p.dstPort, p.src, p.srcPort];
    const key = `${p.nicId}|${p.protocol}|${src}|${srcPort}|${dst}|${dstPort}`;
    const direction = p.initiator === 'local' ? 'O' : 'I';
    if (p.denied) {
      // Fidelity: Azure's aggregation of denied packets is undocumented; vnetlab writes one D per flow per minute.
      const minuteKey = `${key}|${Math.floor(p.time / MINUTE)}`;
      if (this.deniedInMinute.has(minuteKey)) return;
      this.deniedInMinute.add(minuteKey);
      this.emitted.push({
        time: p.time,
        nicId: p.nicId,
        mac: p.mac,
        aclId: p.aclId,
        rule: p.rule,
        src,
        dst,
        srcPort,
        dstPort,
        protocol: p.protocol,
        direction,
        state: 'D',
        packetsOut: 0,
        bytesOut: 0,
        packetsIn: 0,
        bytesIn: 0,
      });
      return;
    }
    let flow = this.flows.get(key);
    if (flow?.ended) {
      // A new SYN from the initiator on a closed tuple is a new connection; anything else is the old one's tail.
      const newSyn = p.protocol === TCP && p.fromInitiator && (p.tcpFlags & (SYN | ACK)) === SYN;
      if (!newSyn) {
        flow.lastSeen = p.time;
        return;
      }
      flow = undefined;
    }
    if (!flow) {
      flow = {
        nicId: p.nicId,
        mac: p.mac,
        aclId: p.aclId,
        rule: p.rule,
        src,
        dst,
        srcPort,
        dstPort,
        protocol: p.protocol,
        direction,
        nextReport: p.time + CONTINUING_INTERVAL_MS,
        lastSeen: p.time,
        packetsOut: 0,
        bytesOut: 0,
        packetsIn: 0,
        bytesIn: 0,
        finFromInitiator: false,
        finFromResponder: false,
        ended: false,
      };
      this.flows.set(key, flow);
      this.emit(flow, 'B', p.time);
    } else {
      this.report(flow, p.time);
    }
    flow.lastSeen = p.time;
    if (p.fromInitiator) {
      flow.packetsOut++;
      flow.bytesOut += p.bytes;
    } else {
      flow.packetsIn++;
      flow.bytesIn += p.bytes;
    }
    if (p.protocol !== TCP) return;
    if (p.tcpFlags & FIN) {
      if (p.fromInitiator) flow.finFromInitiator = true;
      else flow.finFromResponder = true;
    }
    // Fidelity: the flow ends (E) at a RST, or at the second FIN (both sides closed); the ACK of that FIN and
    // any later packet of the connection are absorbed uncounted. Azure's exact end-of-flow point is undocumented.
    if (p.tcpFlags & RST || (flow.finFromInitiator && flow.finFromResponder)) this.end(flow, p.time);
  }

  /** Writes due C tuples and ends (E) flows idle for idleMs, stamped when they went idle. */
  expire(now: number, idleMs: number): void {
    for (const [key, flow] of this.flows) {
      const idleAt = flow.lastSeen + idleMs;
      if (idleAt > now) {
        if (!flow.ended) this.report(flow, now);
        continue;
      }
      if (!flow.ended) {
        this.report(flow, idleAt);
        this.end(flow, idleAt);
      }
      this.flows.delete(key);
    }
    const minute = Math.floor(now / MINUTE);
    for (const k of this.deniedInMinute)
      if (Number(k.slice(k.lastIndexOf('|') + 1)) < minute) this.deniedInMinute.delete(k);
  }

  /** Every event so far, oldest first. */
  events(): FlowEvent[] {
    // Stable: events of one instant keep the order they happened in (B before E of a one-packet flow).
    return [...this.emitted].sort((a, b) => a.time - b.time);
  }

  /** A C tuple at the flow's five-minute mark once time has passed it, if anything was counted since the last tuple. */
  private report(flow: Flow, now: number): void {
    if (now < flow.nextReport) return;
    // Fidelity: Azure's behaviour for a five-minute interval without packets is undocumented; vnetlab writes no C.
    if (flow.packetsOut + flow.packetsIn > 0) this.emit(flow, 'C', flow.nextReport);
    const missed = Math.floor((now - flow.nextReport) / CONTINUING_INTERVAL_MS) + 1;
    flow.nextReport += missed * CONTINUING_INTERVAL_MS;
  }

  private end(flow: Flow, time: number): void {
    this.emit(flow, 'E', time);
    flow.ended = true;
  }

  private emit(flow: Flow, state: 'B' | 'C' | 'E', time: number): void {
    this.emitted.push({
      time,
      nicId: flow.nicId,
      mac: flow.mac,
      aclId: flow.aclId,
      rule: flow.rule,
      src: flow.src,
      dst: flow.dst,
      srcPort: flow.srcPort,
      dstPort: flow.dstPort,
      protocol: flow.protocol,
      direction: flow.direction,
      state,
      packetsOut: flow.packetsOut,
      bytesOut: flow.bytesOut,
      packetsIn: flow.packetsIn,
      bytesIn: flow.bytesIn,
    });
    // "For continuation (C) and end (E) flow states, byte and packet counts are aggregate counts from the time of
    // the previous flow's tuple record."
    flow.packetsOut = 0;
    flow.bytesOut = 0;
    flow.packetsIn = 0;
    flow.bytesIn = 0;
  }
}

// ---- Azure's records ------------------------------------------------------------------------------------

export interface FlowLogRecord {
  readonly time: string;
  readonly flowLogVersion: 4;
  readonly flowLogGUID: string;
  readonly macAddress: string;
  readonly category: 'FlowLogFlowEvent';
  readonly flowLogResourceID: string;
  readonly targetResourceID: string;
  readonly operationName: 'FlowLogFlowEvent';
  readonly flowRecords: {
    readonly flows: readonly {
      readonly aclID: string;
      readonly flowGroups: readonly { readonly rule: string; readonly flowTuples: readonly string[] }[];
    }[];
  };
}

export interface FlowLogRecordOptions {
  readonly flowLogResourceId: string;
  readonly targetResourceId: string;
  /** The FlowLog resource's resourceGuid; derived from flowLogResourceId when absent. */
  readonly flowLogGuid?: string;
}

/**
 * The 13-field flowTuple: time (epoch ms, as the samples show), src, dst, ports, IANA protocol, direction, state,
 * encryption, then packets and bytes src→dst and dst→src.
 */
export function flowTuple(e: FlowEvent): string {
  // Fidelity: VNet encryption is not emulated; every flow is NX ("when encryption isn't configured").
  return [
    e.time,
    formatIpv4(e.src),
    formatIpv4(e.dst),
    e.srcPort,
    e.dstPort,
    e.protocol,
    e.direction,
    e.state,
    'NX',
    e.packetsOut,
    e.bytesOut,
    e.packetsIn,
    e.bytesIn,
  ].join(',');
}

/**
 * One record per NIC per minute ("Logs are collected at one-minute intervals"), its tuples grouped by aclID, then
 * by rule, in the order they first appear.
 */
export function flowLogRecords(events: readonly FlowEvent[], o: FlowLogRecordOptions): FlowLogRecord[] {
  const guid = o.flowLogGuid ?? deterministicGuid(o.flowLogResourceId);
  const records = new Map<string, { time: number; mac: string; acls: Map<string, Map<string, string[]>> }>();
  const ordered = [...events].sort((a, b) => a.time - b.time);
  for (const e of ordered) {
    const minute = Math.floor(e.time / MINUTE) * MINUTE;
    const mac = e.mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
    const recordKey = `${minute}|${mac}`;
    let record = records.get(recordKey);
    if (!record) {
      record = { time: minute, mac, acls: new Map() };
      records.set(recordKey, record);
    }
    let rules = record.acls.get(e.aclId);
    if (!rules) {
      rules = new Map();
      record.acls.set(e.aclId, rules);
    }
    let tuples = rules.get(e.rule);
    if (!tuples) {
      tuples = [];
      rules.set(e.rule, tuples);
    }
    tuples.push(flowTuple(e));
  }
  return [...records.values()].map((r) => ({
    // Fidelity: Azure stamps a record when it writes it (seconds into the minute); vnetlab uses the minute's start,
    // written with the service's seven fractional digits.
    time: new Date(r.time).toISOString().replace(/Z$/, '0000Z'),
    flowLogVersion: 4,
    flowLogGUID: guid,
    macAddress: r.mac,
    category: 'FlowLogFlowEvent',
    flowLogResourceID: o.flowLogResourceId,
    targetResourceID: o.targetResourceId,
    operationName: 'FlowLogFlowEvent',
    flowRecords: {
      flows: [...r.acls].map(([aclID, rules]) => ({
        aclID,
        flowGroups: [...rules].map(([rule, flowTuples]) => ({ rule, flowTuples })),
      })),
    },
  }));
}
