// The data plane's vocabulary: traces (hops of typed steps ending in a disposition), the guest interface, the
// clock, and the flow events VNet flow logs are built from. Read ../../../shared/azure-semantics.md Appendix A
// and §10.4 / §10.6 before changing a name: dispositions and step types are rendered to users as they are.

/** IPv4 addresses travel through the data plane as unsigned 32-bit numbers. */
export type Ipv4 = number;

/** The Azure object a step names. */
export interface ResourceRef {
  readonly id: string;
  readonly name: string;
}

export type StepType =
  | 'Platform' // ARP, DHCP, DNS, broadcast / protocol filters of the host
  | 'SourceCheck' // the source/destination check unless enableIPForwarding
  | 'Security' // AVNM admin rules and NSGs, or the connection table
  | 'Route' // the effective route chosen
  | 'Nat' // SNAT / DNAT / reverse translation
  | 'LoadBalancer' // frontend → backend choice
  | 'PrivateLink' // private endpoint → Private Link service
  | 'Tap' // a virtual network TAP copy
  | 'Delivery' // handed to a NIC, or leaving Azure
  | 'Guest'; // what the software inside a VM did (forwarding, DNAT, answering)

export interface Step {
  readonly type: StepType;
  /** Short verb: Allowed | Denied | Matched | Translated | Copied | Dropped | Delivered | Answered | Forwarded ... */
  readonly action: string;
  /** One sentence for people. */
  readonly detail: string;
  /** The Azure object responsible (rule, route table, NAT gateway, TAP, NIC...). */
  readonly resource?: ResourceRef;
  /** Structured facts for --json (rule name, prefix, nextHopType, from/to addresses...). */
  readonly data?: Readonly<Record<string, string | number | boolean>>;
}

/** Where a packet was when the steps of a hop happened: a NIC (leaving or entering it) or outside Azure. */
export interface Hop {
  /** A NIC's name, 'Internet' or 'OnPremises'. */
  readonly node: string;
  readonly nodeId: string;
  /** Outbound: leaving the NIC into Azure; Inbound: entering it from Azure; External: outside Azure. */
  readonly direction: 'Outbound' | 'Inbound' | 'External';
  /** The packet as it was at this hop, one line (addresses after any translation so far). */
  readonly packet: string;
  readonly steps: readonly Step[];
}

export type Disposition =
  | 'Delivered' // reached a NIC and its guest took it
  | 'DeliveredToInternet' // left Azure towards the internet (after SNAT)
  | 'DeliveredToOnPremises' // left through a virtual network gateway
  | 'AnsweredByPlatform' // ARP, DHCP or DNS answered by the host
  | 'DeniedOut' // an outbound rule at the source NIC
  | 'DeniedIn' // an inbound rule at the destination NIC
  | 'NoRoute' // no effective route covers the destination
  | 'NullRouted' // next hop None
  | 'NoEgress' // Internet next hop with no outbound method (private subnet)
  | 'SnatExhausted' // the NAT gateway had no port left for this destination
  | 'SourceCheckFailed' // spoofed source without enableIPForwarding
  | 'DestinationCheckFailed' // not addressed to the NIC without enableIPForwarding
  | 'ProtocolNotSupported' // GRE, IP-in-IP, or what the NAT gateway SKU does not translate
  | 'BroadcastDropped' // broadcast or multicast
  | 'ReservedPort' // UDP source port 65330
  | 'NoListener' // nothing answers there (no NIC owns the address, no approved Private Link connection...)
  | 'GuestDropped' // the software in the VM dropped it (no forwarding, no route)
  | 'LoopDetected' // TTL ran out or the packet came back to a hop it had passed
  | 'Malformed'; // the bytes did not parse

export interface Trace {
  /** The injected packet, one line. */
  readonly packet: string;
  readonly hops: readonly Hop[];
  readonly disposition: Disposition;
  /** Why, naming the responsible object (e.g. "DeniedIn by nsg-app/UserRule_deny-ssh"). */
  readonly reason: string;
  /** Whether the packet took the flow cache's fast path at its first hop. */
  readonly cached: boolean;
}

// ---- Guests ---------------------------------------------------------------------------------------------

/** Azure's host answers every ARP request with this MAC (§9.1). */
export const AZURE_GATEWAY_MAC = '12:34:56:78:9a:bc';

/** What the engine gives the software inside a VM: its identity, the clock and a way to send frames. */
export interface GuestHost {
  /** The VM's name (the NIC's name when the NIC belongs to no VM). */
  readonly name: string;
  readonly nicId: string;
  /** The NIC's MAC, 'aa:bb:cc:dd:ee:ff'. */
  readonly mac: string;
  /** The NIC's private IPv4 addresses, primary first. */
  readonly addresses: readonly Ipv4[];
  /** The subnet's default gateway (.1). */
  readonly gateway: Ipv4;
  now(): number;
  /** Sends an Ethernet frame out of the NIC into Azure (queued; processed after the current packet). */
  send(frame: Uint8Array): void;
}

export interface Guest {
  readonly kind: GuestKind;
  /** A frame Azure delivered to the NIC. */
  receive(frame: Uint8Array): void;
}

export type GuestKind = 'host' | 'nva' | 'collector' | 'internet';

// ---- Clock --------------------------------------------------------------------------------------------------

/** The one source of time: milliseconds since the Unix epoch, advanced only by the scenario runner. */
export interface Clock {
  now(): number;
}

export class FakeClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

// ---- Flow events (VNet flow logs) ---------------------------------------------------------------------------

/**
 * One flowTuple's worth of facts at a NIC (§10.6): B when a flow is allowed and begins, C every 5 minutes while it
 * lasts, E when it ends, D when a packet is denied. Counts are deltas since the flow's previous event.
 */
export interface FlowEvent {
  readonly time: number;
  readonly nicId: string;
  readonly mac: string;
  /** The NSG or AVNM configuration whose rule decided; 'unspecified' when none did. */
  readonly aclId: string;
  /** The rule as flow logs name it (e.g. DefaultRule_AllowInternetOutBound, UserRule_deny-ssh). */
  readonly rule: string;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly srcPort: number;
  readonly dstPort: number;
  /** IANA protocol number: 6, 17 or 1. */
  readonly protocol: number;
  readonly direction: 'I' | 'O';
  readonly state: 'B' | 'C' | 'E' | 'D';
  readonly packetsOut: number;
  readonly bytesOut: number;
  readonly packetsIn: number;
  readonly bytesIn: number;
}
