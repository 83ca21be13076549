// The packet engine: Azure's host switch for every NIC of a world. Frames come in from guests (or the outside),
// the slow path (pipeline.ts) decides a flow's first packet and leaves actions, the flow cache replays them for
// the packets after it, and every packet's fate is a Trace. Independent of where frames come from: the in-process
// lab and a live-host backend drive it the same way (inject / send / attach).
import { routesOfSubnet } from '../compile/index.ts';
import { securityOfNic } from '../compile/security.ts';
import type { SecurityOptions } from '../compile/security.ts';
import { getResource, keyOf } from '../model/index.ts';
import type { NatGateway, PrivateLinkService, PublicIPAddress, World } from '../model/index.ts';
import { formatPrefix } from '../net/index.ts';
import {
  describeFrame,
  isBroadcastIpv4,
  isMulticastIpv4,
  isMulticastMac,
  macBytesOf,
  parseHeaders,
  rewriteIpv4,
  vxlan,
} from '../wire/index.ts';
import type { Headers } from '../wire/index.ts';
import { hash7 } from './hash.ts';
import { ChainedTable } from './chained-table.ts';
import { ConnTrack, isLive } from './conntrack.ts';
import { fabricOf, publicAddressOf } from './fabric.ts';
import type { Fabric, Port } from './fabric.ts';
import { tupleOf } from './flow.ts';
import type { Action, Tuple } from './flow.ts';
import type { FlowRecorder } from './flow-log.ts';
import { createNatGatewayTable } from './nat-gateway.ts';
import type { NatGatewayTable } from './nat-gateway.ts';
import { fromOutside, outbound } from './pipeline.ts';
import type { Context, Session, State } from './pipeline.ts';
import { arpReply, dhcpReply, dnsReply, IMDS, WIRE_SERVER } from './platform.ts';
import { cachedTraceOf, TraceBuilder } from './trace.ts';
import { AZURE_GATEWAY_MAC, FakeClock } from './types.ts';
import type { Clock, Guest, GuestHost, Trace } from './types.ts';

export type Outside = 'Internet' | 'OnPremises';

/** A frame seen at a vantage point: sent by a NIC's guest (out) or delivered to it (in). */
export interface WireEvent {
  readonly node: string;
  readonly direction: 'out' | 'in';
  readonly frame: Uint8Array;
  readonly time: number;
}

export interface EngineOptions {
  readonly clock?: Clock;
  readonly security?: SecurityOptions;
  readonly flows?: FlowRecorder;
  /** Every frame a NIC sends or receives (captures). */
  readonly onFrame?: (event: WireEvent) => void;
  /** Every packet's trace, slow or cached (costly: for tests and the CLI). */
  readonly onTrace?: (trace: Trace) => void;
}

/**
 * A flow as the cache knows it (ingress port index, negative for TAP copies, then the 5-tuple with the ICMP echo
 * identifier as a port), and once the slow path has decided its first packet, what it decided.
 */
class CacheEntry {
  readonly hash: number;
  /** The next entry whose flow hashes alike: colliding flows are chained, never evicted by each other. */
  next: CacheEntry | undefined = undefined;
  world: World;
  actions: readonly Action[] = NO_ACTIONS;
  ports: readonly string[] = NO_KEYS;
  resources: readonly string[] = NO_KEYS;
  /** The first packet's trace; a hit returns it marked cached (made at the first hit). */
  trace: Trace | undefined = undefined;
  cachedTrace: Trace | undefined = undefined;

  constructor(
    readonly port: number,
    readonly protocol: number,
    readonly src: number,
    readonly srcPort: number,
    readonly dst: number,
    readonly dstPort: number,
    world: World,
  ) {
    this.hash = flowHash(port, protocol, src, srcPort, dst, dstPort);
    this.world = world;
  }

  is(port: number, t: Tuple): boolean {
    return this.isFlow(port, t.protocol, t.src, t.srcPort, t.dst, t.dstPort);
  }

  isFlow(
    port: number,
    protocol: number,
    src: number,
    srcPort: number,
    dst: number,
    dstPort: number,
  ): boolean {
    return (
      this.port === port &&
      this.protocol === protocol &&
      this.src === src &&
      this.srcPort === srcPort &&
      this.dst === dst &&
      this.dstPort === dstPort
    );
  }
}

const NO_ACTIONS: readonly Action[] = [];
const NO_KEYS: readonly string[] = [];

/** A 30-bit number key is far cheaper for Map than a string built per packet; entries confirm a hit. */
const flowHash = (
  port: number,
  protocol: number,
  src: number,
  srcPort: number,
  dst: number,
  dstPort: number,
) => hash7(port, protocol, src, srcPort, dst, dstPort, 0);

type Item = { port: Port; frame: Uint8Array; mirror: boolean } | { outside: Outside; frame: Uint8Array };

const UDP_RESERVED_SOURCE_PORT = 65330;
const GATEWAY_MAC_BYTES = macBytesOf(AZURE_GATEWAY_MAC);
const MAX_QUEUE_RUN = 10_000_000;

export class Engine implements State {
  world: World;
  fabric: Fabric;
  readonly conntrack = new ConnTrack();
  readonly sessions = new Map<string, Session>();
  readonly returns = new Map<string, Session>();
  readonly security: SecurityOptions | undefined;
  readonly flows: FlowRecorder | undefined;
  readonly stats = { slow: 0, cached: 0 };
  private readonly clock: Clock;
  private readonly guests = new Map<string, Guest>();
  private readonly queue: Item[] = [];
  /** The flow cache, by a 30-bit hash of the flow; entries of a bucket are chained and compared. */
  private readonly cache = new ChainedTable<CacheEntry>();
  private readonly natTables = new Map<
    string,
    { resource: NatGateway; signature: string; table: NatGatewayTable }
  >();
  private readonly plsPorts = new Map<string, number>();
  /** Frames a guest sends while the engine is delivering to it, so an NVA's forwarding continues the trace. */
  private capturing: Uint8Array[] | undefined;
  private readonly signatures = new WeakMap<World, Map<string, string>>();
  /** Shared lists of the ports flows crossed: first port key, then second ('' for none). */
  private readonly portLists = new Map<string, Map<string, readonly string[]>>();

  constructor(
    world: World,
    private readonly options: EngineOptions = {},
  ) {
    this.world = world;
    this.fabric = fabricOf(world);
    this.clock = options.clock ?? new FakeClock();
    this.security = options.security;
    this.flows = options.flows;
  }

  now(): number {
    return this.clock.now();
  }

  /** A new world: flows keep their state; cached decisions are revalidated against what they depended on. */
  setWorld(world: World): void {
    this.world = world;
    this.fabric = fabricOf(world);
  }

  port(nameOrId: string): Port | undefined {
    const key = keyOf(nameOrId);
    const byKey = this.fabric.portByKey.get(key);
    if (byKey) return byKey;
    const lower = nameOrId.toLowerCase();
    return this.fabric.ports.find(
      (p) => p.nic.name.toLowerCase() === lower || p.name.toLowerCase() === lower,
    );
  }

  /** What the engine gives the software on a NIC (or outside Azure) to send with. */
  hostOf(port: Port): GuestHost {
    return {
      name: port.name,
      nicId: port.nic.id,
      mac: port.mac,
      addresses: port.addresses,
      gateway: port.gateway,
      now: () => this.now(),
      send: (frame) => this.send(port, frame),
    };
  }

  outsideHost(node: Outside): GuestHost {
    return {
      name: node,
      nicId: node,
      mac: AZURE_GATEWAY_MAC,
      addresses: [],
      gateway: 0,
      now: () => this.now(),
      send: (frame) => this.sendFromOutside(node, frame),
    };
  }

  attach(node: Port | Outside, guest: Guest): void {
    this.guests.set(typeof node === 'string' ? node : node.key, guest);
  }

  guestOf(node: Port | Outside): Guest | undefined {
    return this.guests.get(typeof node === 'string' ? node : node.key);
  }

  natTable(natGateway: NatGateway): NatGatewayTable {
    const key = keyOf(natGateway.id);
    const known = this.natTables.get(key);
    // Resources are immutable: the same body means the same configuration, so the common case costs a look-up.
    if (known?.resource === natGateway) return known.table;
    const config = {
      id: natGateway.id,
      name: natGateway.name,
      sku: natGateway.sku?.name === 'StandardV2' ? ('StandardV2' as const) : ('Standard' as const),
      publicIps: (natGateway.properties.publicIpAddresses ?? []).flatMap((ref) => {
        const pip = getResource<PublicIPAddress>(this.world, ref.id);
        return pip ? [publicAddressOf(pip)] : [];
      }),
      tcpIdleTimeoutMinutes: natGateway.properties.idleTimeoutInMinutes,
    };
    const signature = JSON.stringify(config);
    if (known?.signature === signature) {
      known.resource = natGateway;
      return known.table;
    }
    // Fidelity: a NAT gateway whose SKU, public IPs or idle timeout change starts a new translation table;
    // Azure keeps existing flows when public IPs are added, vnetlab drops their mappings.
    const table = createNatGatewayTable(config);
    this.natTables.set(key, { resource: natGateway, signature, table });
    return table;
  }

  nextPlsPort(pls: PrivateLinkService): number {
    // Fidelity: Private Link's NAT port choice is undocumented; vnetlab counts up from 1024 per service.
    const next = (this.plsPorts.get(pls.id) ?? 1023) + 1;
    this.plsPorts.set(pls.id, next > 65535 ? 1024 : next);
    return next > 65535 ? 1024 : next;
  }

  /** A frame from a guest: queued, processed by run() (or at once when nothing is running). */
  send(port: Port, frame: Uint8Array): void {
    if (this.capturing) this.capturing.push(frame);
    else this.queue.push({ port, frame, mirror: false });
  }

  sendFromOutside(outside: Outside, frame: Uint8Array): void {
    this.queue.push({ outside, frame });
  }

  /** Sends a frame from a NIC now, runs everything it causes, and returns its trace. */
  inject(port: Port, frame: Uint8Array): Trace {
    const trace = this.fromPort(port, frame, false, undefined);
    this.run();
    return trace;
  }

  injectFromOutside(outside: Outside, frame: Uint8Array): Trace {
    const trace = this.fromOutside(outside, frame);
    this.run();
    return trace;
  }

  /** Drains the queue: replies, mirrors and what they cause in turn. */
  run(): void {
    let n = 0;
    while (this.queue.length > 0) {
      if (++n > MAX_QUEUE_RUN) throw new Error('engine: the queue does not drain (a guest loop?)');
      const item = this.queue.shift()!;
      const trace =
        'port' in item
          ? this.fromPort(item.port, item.frame, item.mirror, undefined)
          : this.fromOutside(item.outside, item.frame);
      this.options.onTrace?.(trace);
    }
  }

  /** Expires idle connections and NAT mappings as the clock moves. */
  sweep(): void {
    const now = this.now();
    this.conntrack.sweep(now);
    for (const { table } of this.natTables.values()) table.expire(now);
  }

  // ---- Processing ---------------------------------------------------------------------------------------

  private fromPort(port: Port, frame: Uint8Array, mirror: boolean, tb: TraceBuilder | undefined): Trace {
    if (!mirror) this.options.onFrame?.({ node: port.key, direction: 'out', frame, time: this.now() });
    const parsed = parseHeaders(frame);
    if (!parsed.ok) return this.platformEnd(tb, port, describeFrame(frame), 'Malformed', parsed.reason);
    const h = parsed.value;
    const t = tupleOf(h);
    const cacheable = h.ipVersion === 4 && cacheableFlags(h);
    const index = mirror ? -1 - port.index : port.index;
    if (cacheable && !tb) {
      const hit = this.cached(index, t, frame);
      if (hit) return hit;
    }
    const platform = this.platform(port, frame, h, tb);
    if (platform) return platform;
    // The flow's key, taken before the slow path translates the tuple.
    const flow = cacheable
      ? new CacheEntry(index, t.protocol, t.src, t.srcPort, t.dst, t.dstPort, this.world)
      : undefined;
    const trace = tb ?? new TraceBuilder(t);
    const ctx = this.context(trace, mirror);
    outbound(ctx, port, t);
    return this.finish(ctx, flow, frame);
  }

  private fromOutside(outside: Outside, frame: Uint8Array): Trace {
    this.options.onFrame?.({ node: outside, direction: 'out', frame, time: this.now() });
    const parsed = parseHeaders(frame);
    const tb = new TraceBuilder(parsed.ok ? tupleOf(parsed.value) : describeFrame(frame));
    if (!parsed.ok || parsed.value.ipVersion !== 4) {
      tb.hop(outside, outside, 'External', tb.packet);
      tb.end('Malformed', parsed.ok ? 'vnetlab carries IPv4 from outside Azure' : parsed.reason);
      return tb.build();
    }
    const ctx = this.context(tb, false);
    fromOutside(ctx, outside, tupleOf(parsed.value));
    return this.finish(ctx, undefined, frame);
  }

  private context(tb: TraceBuilder, mirror: boolean): Context {
    return {
      state: this,
      tb,
      actions: [],
      ports: [],
      resources: undefined,
      cacheable: true,
      mirror,
      hops: 0,
    };
  }

  private finish(ctx: Context, flow: CacheEntry | undefined, frame: Uint8Array): Trace {
    this.stats.slow++;
    const now = this.now();
    this.execute(ctx.actions, frame, now, ctx.tb);
    const trace = ctx.tb.build();
    if (flow && ctx.cacheable) {
      // Exact-size copies: the context's arrays grew by push and have room for more than they hold, and the
      // cache keeps what a flow holds for the flow's life.
      flow.actions = ctx.actions.slice();
      flow.ports = this.portList(ctx.ports);
      flow.resources = ctx.resources?.slice() ?? NO_KEYS;
      flow.trace = trace;
      this.cachePut(flow);
    }
    return trace;
  }

  /** Adds a flow's entry, replacing the one of the same flow. */
  private cachePut(entry: CacheEntry): void {
    let old = this.cache.head(entry.hash);
    while (old && !old.isFlow(entry.port, entry.protocol, entry.src, entry.srcPort, entry.dst, entry.dstPort))
      old = old.next;
    if (old) this.cache.remove(old);
    this.cache.add(entry);
  }

  /** The ports a flow crossed, as a list shared by every flow that crossed the same one or two. */
  private portList(ports: readonly string[]): readonly string[] {
    if (ports.length === 0 || ports.length > 2) return ports.slice();
    let byFirst = this.portLists.get(ports[0]!);
    if (!byFirst) this.portLists.set(ports[0]!, (byFirst = new Map()));
    const second = ports[1] ?? '';
    let list = byFirst.get(second);
    if (!list) byFirst.set(second, (list = ports.slice()));
    return list;
  }

  /** The fast path: a known flow's actions, when what they depended on is unchanged. */
  private cached(port: number, t: Tuple, frame: Uint8Array): Trace | undefined {
    const key = flowHash(port, t.protocol, t.src, t.srcPort, t.dst, t.dstPort);
    let entry = this.cache.head(key);
    while (entry && !entry.is(port, t)) entry = entry.next;
    if (!entry) return undefined;
    if (entry.world !== this.world) {
      if (!this.stillValid(entry)) {
        this.cache.remove(entry);
        return undefined;
      }
      entry.world = this.world;
    }
    const now = this.now();
    for (const a of entry.actions)
      if (a.op === 'connection') {
        // A live connection is refreshed; a closed or idle one sends the packet to the slow path.
        if (!isLive(a.connection, now)) {
          this.cache.remove(entry);
          return undefined;
        }
        a.connection.lastSeen = now;
      } else if (a.op === 'check' && !a.alive(now)) {
        this.cache.remove(entry);
        return undefined;
      }
    this.stats.cached++;
    this.execute(entry.actions, frame, now, undefined);
    return (entry.cachedTrace ??= cachedTraceOf(entry.trace!));
  }

  private execute(
    actions: readonly Action[],
    frame: Uint8Array,
    now: number,
    tb: TraceBuilder | undefined,
  ): void {
    for (const a of actions) {
      switch (a.op) {
        case 'rewrite':
          rewriteIpv4(frame, 14, {
            ...(a.src !== undefined ? { src: a.src } : {}),
            ...(a.dst !== undefined ? { dst: a.dst } : {}),
            ...portChange(frame, a),
          });
          break;
        case 'mirror':
          if (a.inbound) writeDeliveryMacs(frame, a.port);
          this.mirror(a.port, frame);
          break;
        case 'log':
          a.log(frame.length, now);
          break;
        case 'deliver':
          writeDeliveryMacs(frame, a.port);
          this.deliver(a.port, frame, tb);
          break;
        case 'external': {
          this.options.onFrame?.({ node: a.node, direction: 'in', frame, time: now });
          this.guests.get(a.node)?.receive(frame);
          break;
        }
        case 'answer':
          this.deliver(a.port, a.frame, undefined);
          break;
        case 'check':
        case 'connection':
          break;
      }
    }
  }

  private deliver(port: Port, frame: Uint8Array, tb: TraceBuilder | undefined): void {
    this.options.onFrame?.({ node: port.key, direction: 'in', frame, time: this.now() });
    const guest = this.guests.get(port.key);
    if (!guest) return;
    if (!tb || guest.kind !== 'nva') {
      guest.receive(frame);
      return;
    }
    // An NVA's forwarding continues this packet's trace from the NVA's NIC.
    const outer = this.capturing;
    this.capturing = [];
    guest.receive(frame);
    const sent = this.capturing;
    this.capturing = outer;
    const h = parseHeaders(frame);
    const forwarded = sent.filter((f) => {
      const o = parseHeaders(f);
      return h.ok && o.ok && o.value.dst !== h.value.src;
    });
    for (const f of sent) if (!forwarded.includes(f)) this.send(port, f);
    if (forwarded.length === 0) {
      if (h.ok && !port.addresses.includes(h.value.dst)) {
        tb.reopen();
        tb.step('Guest', 'Dropped', `${port.name}'s software did not forward it`);
        tb.end('GuestDropped', `${port.name} did not forward the packet`);
      }
      return;
    }
    tb.step('Guest', 'Forwarded', `${port.name} forwarded it: ${forwarded.map(describeFrame).join('; ')}`);
    tb.reopen();
    for (const f of forwarded) this.fromPort(port, f, false, tb);
  }

  /** TAP: the frame as it is now, VXLAN-encapsulated from the tapped NIC to the TAP's destination (§6.2). */
  private mirror(port: Port, frame: Uint8Array): void {
    const tap = port.tap;
    if (!tap) return;
    const inner = frame.slice();
    const outer = vxlan.encapsulate({
      srcMac: port.mac,
      dstMac: AZURE_GATEWAY_MAC,
      src: port.addresses[0]!,
      dst: tap.destination,
      srcPort: vxlan.sourcePortFor(inner),
      dstPort: tap.port,
      vni: tap.vni,
      inner,
    });
    this.queue.push({ port, frame: outer, mirror: true });
  }

  /** What the host answers or refuses before any rule: ARP, DHCP, DNS, broadcast, other protocols (§9.1). */
  private platform(
    port: Port,
    frame: Uint8Array,
    h: Headers,
    tb: TraceBuilder | undefined,
  ): Trace | undefined {
    if (h.ipVersion === 0) {
      const reply = h.etherType === 0x0806 ? arpReply(frame, h) : undefined;
      return reply
        ? this.platformAnswer(
            port,
            frame,
            tb,
            'AnsweredByPlatform',
            `ARP answered with ${AZURE_GATEWAY_MAC}`,
            reply,
          )
        : this.platformAnswer(
            port,
            frame,
            tb,
            'BroadcastDropped',
            'Azure has no layer 2: only ARP requests are answered',
          );
    }
    if (h.ipVersion === 6)
      // Fidelity: the packet engine carries IPv4; IPv6 is analysed statically (effective routes, rules).
      return this.platformAnswer(
        port,
        frame,
        tb,
        'ProtocolNotSupported',
        'vnetlab data plane carries IPv4 only',
      );
    if (h.protocol === 17 && h.srcPort === 68 && h.dstPort === 67) {
      const reply = dhcpReply(port, this.fabric, frame, h);
      return this.platformAnswer(
        port,
        frame,
        tb,
        reply ? 'AnsweredByPlatform' : 'BroadcastDropped',
        reply ? 'DHCP answered by the platform' : 'not a DHCP request',
        reply,
      );
    }
    if (isMulticastMac(h.dstMac) || isMulticastIpv4(h.dst) || isBroadcastIpv4(h.dst))
      return this.platformAnswer(port, frame, tb, 'BroadcastDropped', 'Azure drops broadcast and multicast');
    if (h.protocol !== 1 && h.protocol !== 6 && h.protocol !== 17)
      return this.platformAnswer(
        port,
        frame,
        tb,
        'ProtocolNotSupported',
        `only TCP, UDP and ICMP cross Azure's fabric (protocol ${h.protocol} dropped)`,
      );
    if (h.protocol === 17 && h.srcPort === UDP_RESERVED_SOURCE_PORT)
      return this.platformAnswer(
        port,
        frame,
        tb,
        'ReservedPort',
        'UDP source port 65330 is reserved for the host',
      );
    if (h.dst === WIRE_SERVER) {
      const reply = h.dstPort === 53 ? dnsReply(port, this.fabric, frame, h) : undefined;
      // Fidelity: of 168.63.129.16's services only DNS and DHCP are emulated.
      return this.platformAnswer(
        port,
        frame,
        tb,
        reply ? 'AnsweredByPlatform' : 'NoListener',
        reply ? 'Azure DNS answered' : 'only DNS is emulated at 168.63.129.16',
        reply,
      );
    }
    // Fidelity: the instance metadata service is not emulated.
    if (h.dst === IMDS)
      return this.platformAnswer(
        port,
        frame,
        tb,
        'NoListener',
        'the instance metadata service (169.254.169.254) is not emulated',
      );
    return undefined;
  }

  /** The platform answered or refused (no closure per packet: every slow-path packet passes platform()). */
  private platformAnswer(
    port: Port,
    frame: Uint8Array,
    tb: TraceBuilder | undefined,
    disposition: Trace['disposition'],
    reason: string,
    answer?: Uint8Array,
  ): Trace {
    if (answer) this.execute([{ op: 'answer', port, frame: answer }], answer, this.now(), undefined);
    return this.platformEnd(tb, port, describeFrame(frame), disposition, reason);
  }

  private platformEnd(
    tb: TraceBuilder | undefined,
    port: Port,
    packet: string,
    disposition: Trace['disposition'],
    reason: string,
  ): Trace {
    const t = tb ?? new TraceBuilder(packet);
    t.hop(port.nic.name, port.nic.id, 'Outbound', packet);
    t.step('Platform', disposition === 'AnsweredByPlatform' ? 'Answered' : 'Dropped', reason);
    t.end(disposition, reason);
    return t.build();
  }

  // ---- Flow cache validity -------------------------------------------------------------------------------

  private stillValid(entry: CacheEntry): boolean {
    for (const key of entry.resources)
      if (
        entry.world.resources.get(key) !== this.world.resources.get(key) &&
        !this.sameChild(entry.world, key)
      )
        return false;
    for (const key of entry.ports)
      if (this.signature(entry.world, key) !== this.signature(this.world, key)) return false;
    return true;
  }

  /** Inline children (peerings) are compared through their own body. */
  private sameChild(before: World, key: string): boolean {
    const a = findChild(before, key);
    const b = findChild(this.world, key);
    return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
  }

  /** What a port's decisions depend on: the NIC, its subnet's effective routes and its security rules. */
  private signature(world: World, portKey: string): string {
    let memo = this.signatures.get(world);
    if (!memo) this.signatures.set(world, (memo = new Map()));
    let s = memo.get(portKey);
    if (s === undefined) {
      const port = fabricOf(world).portByKey.get(portKey);
      if (!port) s = '';
      else {
        const routes = routesOfSubnet(world, port.subnetId).routes.map(
          (r) =>
            `${r.state}${r.prefixes.map(formatPrefix).join(',')}>${r.nextHopType}${r.nextHopIpAddress.join(',')}`,
        );
        const sec = securityOfNic(world, port.nic.id, this.security);
        const rules = [sec.admin, sec.subnetNsg, sec.nicNsg].flatMap((set) =>
          (set?.rules ?? []).map(
            (r) =>
              `${r.id}|${r.access}|${r.priority}|${r.protocol}|${side(r.source)}|${side(r.destination)}|${r.sourcePorts.map((p) => `${p.from}-${p.to}`).join(',')}|${r.destinationPorts.map((p) => `${p.from}-${p.to}`).join(',')}`,
          ),
        );
        s = JSON.stringify([
          JSON.stringify(port.nic),
          port.addresses,
          routes,
          rules,
          port.tap?.destination ?? null,
        ]);
      }
      memo.set(portKey, s);
    }
    return s;
  }
}

const side = (x: readonly { version: number; network: bigint; length: number }[] | 'any'): string =>
  x === 'any' ? '*' : x.map((p) => formatPrefix(p as Parameters<typeof formatPrefix>[0])).join(',');

function findChild(world: World, key: string): unknown {
  const direct = world.resources.get(key);
  if (direct) return direct;
  const parent = getResource(world, key.slice(0, key.lastIndexOf('/', key.lastIndexOf('/') - 1)));
  if (!parent) return undefined;
  for (const v of Object.values(parent.properties))
    if (Array.isArray(v)) {
      const hit = (v as { id?: string }[]).find((c) => typeof c?.id === 'string' && keyOf(c.id) === key);
      if (hit) return hit;
    }
  return undefined;
}

/** A frame Azure delivers comes from the host's MAC to the NIC's. */
function writeDeliveryMacs(frame: Uint8Array, port: Port): void {
  frame.set(port.macBytes, 0);
  frame.set(GATEWAY_MAC_BYTES, 6);
}

/** TCP packets that open or close a connection take the slow path: they change state. */
const cacheableFlags = (h: Headers): boolean => h.protocol !== 6 || (h.tcpFlags & 0x07) === 0;

/** Port rewrites land on TCP/UDP ports or, for ICMP echo, on the identifier. */
function portChange(
  frame: Uint8Array,
  a: Extract<Action, { op: 'rewrite' }>,
): { srcPort?: number; dstPort?: number; icmpIdent?: number } {
  if (a.srcPort === undefined && a.dstPort === undefined) return {};
  const protocol = frame[23];
  if (protocol === 1) {
    const type = frame[14 + (frame[14]! & 0x0f) * 4];
    const ident = type === 8 ? a.srcPort : a.dstPort;
    return ident !== undefined ? { icmpIdent: ident } : {};
  }
  return {
    ...(a.srcPort !== undefined ? { srcPort: a.srcPort } : {}),
    ...(a.dstPort !== undefined ? { dstPort: a.dstPort } : {}),
  };
}

export type { Tuple };
