// POST networkWatchers/{nw}/connectivityCheck (connection troubleshoot): a data-plane trace of one injected probe
// rendered as ConnectivityInformation. Read ../../../shared/azure-semantics.md §10.4 and the REST models
// ConnectivityInformation / ConnectivityHop / ConnectivityIssue (networkWatcher.json) before changing this file.
import { deterministicGuid } from '../model/index.ts';
import type { Disposition, Hop, Step, Trace } from '../dataplane/types.ts';

export interface ConnectivityCheckOptions {
  /** The source VM or NIC (ConnectivitySource.resourceId). */
  readonly sourceId: string;
  /** ConnectivityDestination.address. */
  readonly destinationAddress: string;
  readonly destinationPort?: number;
  /** The source's private IP; read from the trace's packet line when absent. */
  readonly sourceAddress?: string;
}

export interface ConnectivityIssue {
  readonly origin: 'Local' | 'Inbound' | 'Outbound';
  readonly severity: 'Error' | 'Warning';
  /** IssueType: Unknown | AgentStopped | GuestFirewall | DnsResolution | SocketBind | NetworkSecurityRule | UserDefinedRoute | PortThrottled | Platform. */
  readonly type: string;
  readonly context: readonly Readonly<Record<string, string>>[];
}

export interface ConnectivityHop {
  /** Source | VirtualAppliance | VnetLocal | Internet | VirtualNetworkGateway | Destination. */
  readonly type: string;
  readonly id: string;
  readonly address: string;
  readonly resourceId: string;
  readonly nextHopIds: readonly string[];
  readonly issues: readonly ConnectivityIssue[];
}

export interface ConnectivityInformation {
  readonly hops: readonly ConnectivityHop[];
  /**
   * Fidelity: the REST enum says Unknown | Connected | Disconnected | Degraded, but the docs and real output
   * (Test-AzNetworkWatcherConnectivity, az network watcher test-connectivity) show Reachable | Unreachable,
   * which vnetlab returns.
   */
  readonly connectionStatus: 'Reachable' | 'Unreachable';
  /**
   * Fidelity: vnetlab measures no latency: 0 when reachable; omitted when unreachable, as the docs say the
   * service does ("Only shown if check status is reachable").
   */
  readonly avgLatencyInMs?: number;
  readonly minLatencyInMs?: number;
  readonly maxLatencyInMs?: number;
  /** Fidelity: one injected probe, where the service sends up to 100. */
  readonly probesSent: number;
  readonly probesFailed: number;
}

const REACHABLE: ReadonlySet<Disposition> = new Set([
  'Delivered',
  'DeliveredToInternet',
  'DeliveredToOnPremises',
]);

/** Trace hops of one node (a NIC, or the outside) visited in a row: one ConnectivityHop. */
interface Node {
  readonly nodeId: string;
  readonly name: string;
  readonly hops: readonly Hop[];
}

export function connectivityCheck(trace: Trace, o: ConnectivityCheckOptions): ConnectivityInformation {
  const reachable = REACHABLE.has(trace.disposition);
  const nodes = nodesOf(trace);
  const drafts = nodes.map((node, i) => draftOf(trace, nodes, i, o));
  if (drafts.length === 0)
    drafts.push({ type: 'Source', address: o.sourceAddress ?? '', resourceId: o.sourceId });
  const issue = reachable ? undefined : issueOf(trace, nodes);
  const last = drafts[drafts.length - 1];
  // The docs' unreachable examples end in a hop of type Destination with resourceId "Unknown" when the probe
  // never reached the destination's network.
  if (!reachable && (last?.type === 'Source' || last?.type === 'VirtualAppliance'))
    drafts.push({ type: 'Destination', address: o.destinationAddress, resourceId: 'Unknown' });
  const ids = drafts.map((d, i) =>
    deterministicGuid(
      `${o.sourceId}|${o.destinationAddress}|${o.destinationPort ?? ''}|${i}|${d.type}|${d.resourceId}`,
    ),
  );
  const hops = drafts.map((d, i) => ({
    type: d.type,
    id: ids[i] ?? '',
    address: d.address,
    resourceId: d.resourceId,
    nextHopIds: i + 1 < ids.length ? [ids[i + 1] ?? ''] : [],
    issues: issue?.node === i ? [issue.json] : [],
  }));
  return reachable
    ? {
        hops,
        connectionStatus: 'Reachable',
        avgLatencyInMs: 0,
        minLatencyInMs: 0,
        maxLatencyInMs: 0,
        probesSent: 1,
        probesFailed: 0,
      }
    : { hops, connectionStatus: 'Unreachable', probesSent: 1, probesFailed: 1 };
}

function nodesOf(trace: Trace): Node[] {
  const nodes: { nodeId: string; name: string; hops: Hop[] }[] = [];
  for (const hop of trace.hops) {
    const last = nodes[nodes.length - 1];
    if (last && last.nodeId === hop.nodeId) last.hops.push(hop);
    else nodes.push({ nodeId: hop.nodeId, name: hop.node, hops: [hop] });
  }
  return nodes;
}

interface Draft {
  readonly type: string;
  readonly address: string;
  readonly resourceId: string;
}

function draftOf(trace: Trace, nodes: readonly Node[], i: number, o: ConnectivityCheckOptions): Draft {
  const node = nodes[i];
  if (!node) throw new Error(`no node ${i}`);
  const first = node.hops[0];
  const ends = first ? endsOf(first.packet) : undefined;
  if (i === 0)
    return {
      type: 'Source',
      address: o.sourceAddress ?? ends?.src ?? endsOf(trace.packet)?.src ?? '',
      // Fidelity: the service names the source's IP configuration (.../ipConfigurations/ipconfig1); a trace knows
      // the NIC.
      resourceId: node.nodeId,
    };
  if (first?.direction === 'External') {
    const internet = node.name === 'Internet';
    return {
      type: internet ? 'Internet' : 'VirtualNetworkGateway',
      address: ends?.dst ?? o.destinationAddress,
      // Real output names the internet hop's resource "Internet" (Test-AzNetworkWatcherConnectivity example).
      resourceId: internet ? 'Internet' : node.nodeId,
    };
  }
  const arrival = lastRouteBefore(nodes, i);
  if (arrival?.data?.['nextHopType'] === 'VirtualAppliance') {
    const nva = arrival.data['nextHopIpAddress'];
    return {
      type: 'VirtualAppliance',
      address: typeof nva === 'string' ? nva : (ends?.dst ?? ''),
      resourceId: node.nodeId,
    };
  }
  // Fidelity: the docs name a destination NIC's hop VnetLocal; the 2024-05-01 REST example says VirtualNetwork.
  // Peered and connected-group destinations are VnetLocal too (UNVERIFIED).
  return { type: 'VnetLocal', address: ends?.dst ?? o.destinationAddress, resourceId: node.nodeId };
}

/** The Route step that sent the packet to node i: the last one in the nodes before it. */
function lastRouteBefore(nodes: readonly Node[], i: number): Step | undefined {
  for (let n = i - 1; n >= 0; n--) {
    const hops = nodes[n]?.hops ?? [];
    for (let h = hops.length - 1; h >= 0; h--) {
      const steps = hops[h]?.steps ?? [];
      for (let s = steps.length - 1; s >= 0; s--) if (steps[s]?.type === 'Route') return steps[s];
    }
  }
  return undefined;
}

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;

/** The addresses of a one-line packet written source first, tcpdump's way ('10.0.0.4.49152 > 10.0.0.5.80: ...'). */
function endsOf(line: string): { src?: string; dst?: string } | undefined {
  const at = line.indexOf(' > ');
  if (at < 0) return undefined;
  const src = IPV4.exec(line.slice(0, at))?.[0];
  const dst = IPV4.exec(line.slice(at + 3))?.[0];
  return { ...(src ? { src } : {}), ...(dst ? { dst } : {}) };
}

/** The issue that stopped the probe and the index of the node it belongs to. */
function issueOf(trace: Trace, nodes: readonly Node[]): { node: number; json: ConnectivityIssue } {
  const found = (match: (s: Step) => boolean) => {
    for (let n = nodes.length - 1; n >= 0; n--)
      for (const hop of [...(nodes[n]?.hops ?? [])].reverse())
        for (const step of [...hop.steps].reverse()) if (match(step)) return { node: n, hop, step };
    return undefined;
  };
  // A trace without hops (the probe never left the source) puts its issue on the Source hop.
  const lastNode = Math.max(nodes.length - 1, 0);
  const lastHop = nodes[lastNode]?.hops.at(-1);
  const originOf = (hop: Hop | undefined): ConnectivityIssue['origin'] =>
    hop?.direction === 'Inbound' ? 'Inbound' : 'Outbound';
  const d = trace.disposition;
  if (d === 'DeniedOut' || d === 'DeniedIn') {
    const at = found((s) => s.type === 'Security' && s.action === 'Denied');
    if (at) {
      // Fidelity: an inbound denial is reported on the hop that denied it, origin Inbound. The docs' 2017 example
      // shows a block at the next NIC as an Outbound issue of the hop before it; which the service does today is
      // UNVERIFIED.
      return {
        node: at.node,
        json: {
          origin: originOf(at.hop),
          severity: 'Error',
          type: 'NetworkSecurityRule',
          context: [{ key: 'RuleName', value: ruleNameOf(at.step) }],
        },
      };
    }
  }
  if (d === 'NullRouted' || d === 'NoRoute') {
    const at = found((s) => s.type === 'Route');
    const user = at !== undefined && isUserRoute(at.step);
    // The docs' example: { type: UserDefinedRoute, context: [{ key: RouteType, value: User }] }, origin Outbound.
    // Fidelity: for a system route (or no route) vnetlab reports Platform with RouteType System (UNVERIFIED).
    return {
      node: at?.node ?? lastNode,
      json: {
        origin: 'Outbound',
        severity: 'Error',
        type: user ? 'UserDefinedRoute' : 'Platform',
        context: [{ key: 'RouteType', value: user ? 'User' : 'System' }],
      },
    };
  }
  // Fidelity: the issue types for the other drops are vnetlab's choice (UNVERIFIED): what the VM's software
  // dropped is GuestFirewall (origin Local), SNAT exhaustion PortThrottled, the rest Platform; the context names
  // the disposition and the trace's reason.
  const type = d === 'GuestDropped' ? 'GuestFirewall' : d === 'SnatExhausted' ? 'PortThrottled' : 'Platform';
  return {
    node: lastNode,
    json: {
      origin: d === 'GuestDropped' ? 'Local' : originOf(lastHop),
      severity: 'Error',
      type,
      context: [
        { key: 'Disposition', value: d },
        { key: 'Reason', value: trace.reason },
      ],
    },
  };
}

/** NSG rules as connection troubleshoot names them: UserRule_<name>, DefaultRule_<name> (§10.4 example). */
function ruleNameOf(step: Step): string {
  const rule = step.data?.['rule'];
  const name = typeof rule === 'string' ? rule : (step.resource?.name ?? 'unknown');
  if (/^(UserRule|DefaultRule)_/.test(name)) return name;
  const kind = step.data?.['ruleKind'];
  if (kind === 'user') return `UserRule_${name}`;
  if (kind === 'default') return `DefaultRule_${name}`;
  // Fidelity: how the service names an AVNM admin rule here is undocumented; vnetlab gives the bare name, as
  // flow logs do.
  return name;
}

function isUserRoute(step: Step): boolean {
  return typeof step.data?.['routeName'] === 'string' || /\/routeTables\//i.test(step.resource?.id ?? '');
}
