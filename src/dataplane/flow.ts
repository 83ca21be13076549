// A packet's 5-tuple as the slow path sees it, and the actions its decisions leave behind. The slow path never
// touches bytes: it transposes the tuple (NAT, load balancing, Private Link) and records actions; the engine runs
// the actions on the frame, for the first packet and for every packet of the flow the flow cache serves after it
// (the unified flow table of Azure's host switch).
import { formatIpv4, tcp } from '../wire/index.ts';
import type { Headers } from '../wire/index.ts';
import type { Connection } from './conntrack.ts';
import type { Port } from './fabric.ts';
import type { Ipv4 } from './types.ts';

export interface Tuple {
  protocol: number;
  src: Ipv4;
  /** TCP/UDP port; for ICMP echo the identifier on the requester's side (request: ident, 0; reply: 0, ident). */
  srcPort: number;
  dst: Ipv4;
  dstPort: number;
  /** ICMP type, or -1. */
  icmpType: number;
  tcpFlags: number;
}

export const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

export function tupleOf(h: Headers): Tuple {
  let srcPort = h.srcPort;
  let dstPort = h.dstPort;
  if (h.protocol === 1) {
    srcPort = h.icmpType === 8 ? h.icmpIdent : 0;
    dstPort = h.icmpType === 0 ? h.icmpIdent : 0;
  }
  return {
    protocol: h.protocol,
    src: h.src,
    srcPort,
    dst: h.dst,
    dstPort,
    icmpType: h.protocol === 1 ? h.icmpType : -1,
    tcpFlags: h.protocol === 6 ? h.tcpFlags : 0,
  };
}

export const endpoint = (address: Ipv4, port: number, protocol: number): string =>
  protocol === 6 || protocol === 17 ? `${formatIpv4(address)}:${port}` : formatIpv4(address);

export function describeTuple(t: Tuple): string {
  const name = PROTOCOL_NAMES[t.protocol] ?? `protocol ${t.protocol}`;
  if (t.protocol === 1) {
    const what = t.icmpType === 8 ? 'echo request' : t.icmpType === 0 ? 'echo reply' : `type ${t.icmpType}`;
    const ident = t.icmpType === 8 ? ` id ${t.srcPort}` : t.icmpType === 0 ? ` id ${t.dstPort}` : '';
    return `ICMP ${formatIpv4(t.src)} > ${formatIpv4(t.dst)} ${what}${ident}`;
  }
  const flags = t.protocol === 6 ? ` [${tcp.formatFlags(t.tcpFlags)}]` : '';
  return `${name} ${endpoint(t.src, t.srcPort, t.protocol)} > ${endpoint(t.dst, t.dstPort, t.protocol)}${flags}`;
}

/** The echo identifier a tuple carries (ICMP), wherever the convention put it. */
export const icmpIdentOf = (t: Tuple): number => (t.icmpType === 0 ? t.dstPort : t.srcPort);

export type Action =
  /** Rewrite addresses / ports (ICMP: the identifier) in the frame, checksums fixed. */
  | {
      readonly op: 'rewrite';
      readonly src?: Ipv4;
      readonly dst?: Ipv4;
      readonly srcPort?: number;
      readonly dstPort?: number;
    }
  /** Copy the frame as it is now to the TAP of this port (VXLAN). */
  /** Inbound copies show the frame as the VM receives it (the host's MAC as source, the NIC's as destination). */
  | { readonly op: 'mirror'; readonly port: Port; readonly inbound: boolean }
  /** Refresh state the flow relies on; false means it is gone and the packet needs the slow path. */
  | { readonly op: 'check'; readonly alive: (now: number) => boolean }
  /** The connection the security decision rests on: while it lives it is refreshed, once gone the slow path decides. */
  | { readonly op: 'connection'; readonly connection: Connection }
  /** Count the packet in flow logs. */
  | { readonly op: 'log'; readonly log: (frameLength: number, now: number) => void }
  | { readonly op: 'deliver'; readonly port: Port }
  | { readonly op: 'external'; readonly node: 'Internet' | 'OnPremises' }
  /** A reply made by the platform (ARP, DHCP, DNS) for this port. */
  | { readonly op: 'answer'; readonly port: Port; readonly frame: Uint8Array };
