// Fuzzing the wire codecs and the packet engine with seeded, reproducible frames: random bytes, and valid
// frames (TCP, UDP, ICMP, ARP, DHCP, DNS, VXLAN, IPv6, fragments, IP options, GRE) built with src/wire for the
// NICs of the example labs, then mutated (bit flips, byte overwrites, boundary values, truncation, extension,
// field splices from another frame). Every frame goes through every codec's parse, parseHeaders and
// describeFrame, and is injected into a lab (from a NIC, or from outside Azure): nothing may throw, and every
// trace must end in a known disposition. "Untrusted bytes never throw" (DESIGN.md §4) is what this checks.
//
//   node --import tsx bench/fuzz.ts                          # 1,000,000 frames, seed 20260101
//   node --import tsx bench/fuzz.ts --frames 200000 --seed 7
//
// test/fuzz.test.ts runs the same harness on 20,000 frames in the suite.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Outside } from '../src/dataplane/engine.ts';
import { fabricOf } from '../src/dataplane/fabric.ts';
import type { Port } from '../src/dataplane/fabric.ts';
import { Lab } from '../src/dataplane/lab.ts';
import { renderTrace } from '../src/dataplane/trace.ts';
import type { Disposition, Trace } from '../src/dataplane/types.ts';
import { AZURE_GATEWAY_MAC } from '../src/dataplane/types.ts';
import type { GuestSpec } from '../src/dataplane/guests/index.ts';
import type { World } from '../src/model/index.ts';
import type { Result } from '../src/net/index.ts';
import { loadWorld } from '../src/topology/index.ts';
import {
  arp,
  arpFrame,
  BROADCAST_MAC,
  describeFrame,
  dhcp,
  dns,
  ethernet,
  icmpEchoFrame,
  icmpv4,
  icmpv6,
  ipv4,
  ipv4Frame,
  ipv6,
  mustParseIpv4,
  parseHeaders,
  tcp,
  tcpFrame,
  udp,
  udpFrame,
  vxlan,
  ZERO_MAC,
} from '../src/wire/index.ts';
import type { IpPair } from '../src/wire/index.ts';

// ---- Seeded randomness --------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same frames on every machine. */
export function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

type Random = ReturnType<typeof randomOf>;
const below = (r: Random, n: number): number => r() % n;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[below(r, xs.length)]!;

// ---- Valid frames ---------------------------------------------------------------------------------------------

/** A frame and where it is injected: from a NIC, or from outside Azure. */
type Seed =
  | { readonly port: Port; readonly frame: Uint8Array }
  | { readonly outside: Outside; readonly frame: Uint8Array };

const WIRE_SERVER = mustParseIpv4('168.63.129.16');
const IMDS = mustParseIpv4('169.254.169.254');
const INTERNET = mustParseIpv4('8.8.8.8');
const BROADCAST = 0xffffffff;
const HTTP_GET = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: vnetlab\r\n\r\n');

function dnsQuery(name: string): Uint8Array {
  const repr: dns.Repr = {
    id: 0x1234,
    response: false,
    opcode: 0,
    authoritative: false,
    truncated: false,
    recursionDesired: true,
    recursionAvailable: false,
    rcode: 0,
    questions: [{ name, type: dns.Type.A, class: 1 }],
    answers: [],
  };
  const out = new Uint8Array(dns.bufferLen(repr));
  dns.emit(repr, out);
  return out;
}

function dhcpDiscover(mac: string): Uint8Array {
  const repr: dhcp.Repr = {
    op: 1,
    xid: 0xdeadbeef,
    secs: 0,
    flags: 0x8000,
    ciaddr: 0,
    yiaddr: 0,
    siaddr: 0,
    giaddr: 0,
    chaddr: mac,
    messageType: dhcp.MessageType.Discover,
    options: { parameterRequestList: [1, 3, 6, 15, 121], hostName: 'vm' },
  };
  const out = new Uint8Array(dhcp.bufferLen(repr));
  dhcp.emit(repr, out);
  return out;
}

/** An IPv6 UDP datagram (the engine carries IPv4 only; the codecs and describeFrame read it). */
function ipv6Frame(srcMac: string): Uint8Array {
  const frame = new Uint8Array(ethernet.HEADER_LEN + ipv6.HEADER_LEN + 12);
  ethernet.emit({ dst: AZURE_GATEWAY_MAC, src: srcMac, etherType: ethernet.EtherType.IPv6 }, frame);
  const src = 0x20010db8000000000000000000000004n;
  const dst = 0x20010db8000000000000000000000005n;
  ipv6.emit(
    { src, dst, nextHeader: 17, hopLimit: 64, payloadLen: 12, trafficClass: 0, flowLabel: 0 },
    frame.subarray(ethernet.HEADER_LEN),
  );
  udp.emit(
    { srcPort: 40000, dstPort: 53 },
    new Uint8Array([1, 2, 3, 4]),
    frame.subarray(ethernet.HEADER_LEN + ipv6.HEADER_LEN),
    { version: 6, src, dst },
  );
  return frame;
}

/** Recomputes the IPv4 header checksum when the bytes still look like an IPv4 header; else leaves them. */
export function fixIpv4Checksum(frame: Uint8Array): void {
  if (frame.length < 34 || frame[12] !== 0x08 || frame[13] !== 0x00) return;
  const ihl = (frame[14]! & 0x0f) * 4;
  if (ihl < 20 || 14 + ihl > frame.length) return;
  frame[24] = 0;
  frame[25] = 0;
  let sum = 0;
  for (let i = 14; i < 14 + ihl; i += 2) sum += (frame[i]! << 8) | frame[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  frame[24] = c >>> 8;
  frame[25] = c & 0xff;
}

/** The same packet as a first fragment (MF set): only its first fragment carries the ports. */
function asFragment(frame: Uint8Array, offset8: number): Uint8Array {
  const out = frame.slice();
  out[20] = 0x20 | ((offset8 >>> 8) & 0x1f);
  out[21] = offset8 & 0xff;
  fixIpv4Checksum(out);
  return out;
}

/** The same packet with 4 bytes of IPv4 options (NOPs and an end-of-list), lengths and checksum updated. */
function withOptions(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 4);
  out.set(frame.subarray(0, 34));
  out.set([1, 1, 1, 0], 34);
  out.set(frame.subarray(34), 38);
  out[14] = 0x46;
  const total = ((out[16]! << 8) | out[17]!) + 4;
  out[16] = total >>> 8;
  out[17] = total & 0xff;
  fixIpv4Checksum(out);
  return out;
}

/** Frames from one NIC: to the other NICs, frontends and endpoints, the internet, the platform, broadcast. */
function seedsOfPort(port: Port, destinations: readonly number[]): Seed[] {
  const src = port.addresses[0]!;
  const link = { srcMac: port.mac, dstMac: AZURE_GATEWAY_MAC };
  const frames: Uint8Array[] = [];
  for (const dst of destinations) {
    const ip = { ...link, src, dst };
    const syn = tcpFrame({
      ...ip,
      srcPort: 40001,
      dstPort: 80,
      seq: 1,
      ack: 0,
      flags: tcp.Flags.SYN,
      mss: 1460,
    });
    frames.push(
      syn,
      tcpFrame({
        ...ip,
        srcPort: 40001,
        dstPort: 80,
        seq: 2,
        ack: 7,
        flags: tcp.Flags.ACK | tcp.Flags.PSH,
        payload: HTTP_GET,
      }),
      tcpFrame({ ...ip, srcPort: 40001, dstPort: 80, seq: 2, ack: 7, flags: tcp.Flags.FIN | tcp.Flags.ACK }),
      tcpFrame({ ...ip, srcPort: 40002, dstPort: 22, seq: 9, ack: 0, flags: tcp.Flags.RST }),
      udpFrame({ ...ip, srcPort: 40003, dstPort: 53, payload: dnsQuery('vm2.internal.cloudapp.net') }),
      udpFrame({ ...ip, srcPort: 65330, dstPort: 7, payload: new Uint8Array(4) }),
      icmpEchoFrame({ ...ip, type: 8, ident: 7, seq: 1, data: new Uint8Array(16) }),
      icmpEchoFrame({ ...ip, type: 0, ident: 7, seq: 1 }),
      ipv4Frame({ ...ip, protocol: 47, payload: new Uint8Array(8) }),
      vxlan.encapsulate({ ...link, src, dst, srcPort: vxlan.sourcePortFor(syn), vni: 4242, inner: syn }),
      asFragment(syn, 0),
      asFragment(syn, 3),
      withOptions(syn),
    );
  }
  frames.push(
    udpFrame({
      ...link,
      src,
      dst: WIRE_SERVER,
      srcPort: 40004,
      dstPort: 53,
      payload: dnsQuery('www.example.com'),
    }),
    udpFrame({
      srcMac: port.mac,
      dstMac: BROADCAST_MAC,
      src: 0,
      dst: BROADCAST,
      srcPort: dhcp.CLIENT_PORT,
      dstPort: dhcp.SERVER_PORT,
      payload: dhcpDiscover(port.mac),
    }),
    arpFrame({
      srcMac: port.mac,
      dstMac: BROADCAST_MAC,
      operation: arp.Operation.Request,
      senderMac: port.mac,
      senderIp: src,
      targetMac: ZERO_MAC,
      targetIp: port.gateway,
    }),
    tcpFrame({ ...link, src, dst: IMDS, srcPort: 40005, dstPort: 80, seq: 1, ack: 0, flags: tcp.Flags.SYN }),
    ipv6Frame(port.mac),
  );
  return frames.map((frame) => ({ port, frame }));
}

/** Frames from the internet and on-premises to the world's public addresses and private ranges. */
function seedsFromOutside(world: World): Seed[] {
  const publics = [...fabricOf(world).publicOwners.keys()];
  const privates = fabricOf(world)
    .ports.slice(0, 2)
    .map((p) => p.addresses[0]!);
  const out: Seed[] = [];
  const link = { srcMac: AZURE_GATEWAY_MAC, dstMac: AZURE_GATEWAY_MAC };
  for (const outside of ['Internet', 'OnPremises'] as const)
    for (const dst of [...publics, ...privates]) {
      const ip = { ...link, src: outside === 'Internet' ? INTERNET : mustParseIpv4('192.168.100.10'), dst };
      out.push(
        {
          outside,
          frame: tcpFrame({ ...ip, srcPort: 443, dstPort: 80, seq: 1, ack: 0, flags: tcp.Flags.SYN }),
        },
        {
          outside,
          frame: tcpFrame({
            ...ip,
            srcPort: 80,
            dstPort: 1024,
            seq: 5,
            ack: 2,
            flags: tcp.Flags.SYN | tcp.Flags.ACK,
          }),
        },
        { outside, frame: udpFrame({ ...ip, srcPort: 53, dstPort: 1024, payload: new Uint8Array(12) }) },
        { outside, frame: icmpEchoFrame({ ...ip, type: 0, ident: 1024, seq: 1 }) },
        { outside, frame: icmpEchoFrame({ ...ip, type: 8, ident: 9, seq: 1 }) },
      );
    }
  return out;
}

function seedsOf(world: World): Seed[] {
  const fabric = fabricOf(world);
  const owned = [...fabric.owners.values()].flatMap((m) => [...m.keys()]);
  const publics = [...fabric.publicOwners.keys()];
  const seeds: Seed[] = [];
  for (const port of fabric.ports) {
    const destinations = [
      ...new Set([...owned.filter((a) => !port.addresses.includes(a)), ...publics, INTERNET]),
    ];
    seeds.push(...seedsOfPort(port, destinations));
  }
  return [...seeds, ...seedsFromOutside(world)];
}

// ---- Mutations ------------------------------------------------------------------------------------------------

const BOUNDARY = [0, 1, 0x7f, 0x80, 0xff] as const;

/** One to three edits of a copy of `frame`; `donor` gives field splices their bytes. */
export function mutate(r: Random, frame: Uint8Array, donor: Uint8Array): Uint8Array {
  let out = frame.slice();
  const edits = 1 + below(r, 3);
  for (let e = 0; e < edits; e++) {
    const n = out.length;
    switch (below(r, 7)) {
      case 0: // bit flips
        for (let i = 1 + below(r, 8); i > 0 && n > 0; i--) out[below(r, n)]! ^= 1 << below(r, 8);
        break;
      case 1: // random bytes
        for (let i = 1 + below(r, 4); i > 0 && n > 0; i--) out[below(r, n)] = below(r, 256);
        break;
      case 2: // boundary values in a header byte or a 16-bit field (lengths, ports, offsets)
        if (n > 0) {
          const at = below(r, Math.min(n, 64));
          out[at] = pick(r, BOUNDARY);
          if (at + 1 < n && below(r, 2) === 0) out[at + 1] = pick(r, BOUNDARY);
        }
        break;
      case 3: // truncation
        out = out.subarray(0, below(r, n + 1));
        break;
      case 4: {
        // extension: trailing bytes (padding, a longer payload than the headers say)
        const more = new Uint8Array(n + 1 + below(r, 64));
        more.set(out);
        for (let i = n; i < more.length; i++) more[i] = below(r, 256);
        out = more;
        break;
      }
      case 5: {
        // field splice: the same byte range of another frame (its addresses, ports, lengths, flags)
        const from = below(r, Math.max(1, Math.min(n, donor.length)));
        const len = 1 + below(r, 8);
        for (let i = from; i < from + len && i < n && i < donor.length; i++) out[i] = donor[i]!;
        break;
      }
      case 6: {
        // a header length or protocol field set to a random value
        const fields = [14, 16, 17, 20, 23, 46, 38, 39];
        const at = pick(r, fields);
        if (at < n) out[at] = below(r, 256);
        break;
      }
    }
  }
  // Half the time the IPv4 header checksum is made right again, so the mutation reaches past parseHeaders.
  if (below(r, 2) === 0) fixIpv4Checksum(out);
  return out;
}

// ---- Checks ---------------------------------------------------------------------------------------------------

const DISPOSITIONS: Readonly<Record<Disposition, true>> = {
  Delivered: true,
  DeliveredToInternet: true,
  DeliveredToOnPremises: true,
  AnsweredByPlatform: true,
  DeniedOut: true,
  DeniedIn: true,
  NoRoute: true,
  NullRouted: true,
  NoEgress: true,
  SnatExhausted: true,
  SourceCheckFailed: true,
  DestinationCheckFailed: true,
  ProtocolNotSupported: true,
  BroadcastDropped: true,
  ReservedPort: true,
  NoListener: true,
  GuestDropped: true,
  LoopDetected: true,
  Malformed: true,
};

const isResult = (r: Result<unknown>): boolean =>
  r.ok === true || (r.ok === false && typeof r.reason === 'string');

export interface Crash {
  readonly index: number;
  readonly where: string;
  /** The frame as hex, to replay it. */
  readonly frame: string;
  readonly error: string;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly frames: number;
  /** A fresh lab every this many frames: bounds the connections, flows and captures a long run piles up. */
  readonly labEvery?: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly frames: number;
  readonly random: number;
  readonly mutated: number;
  readonly valid: number;
  readonly codecCalls: number;
  readonly injections: number;
  /** Traces checked: the injected frames' and those of everything they caused (replies, mirrors). */
  readonly traces: number;
  readonly crashes: number;
  readonly firstCrashes: readonly Crash[];
  readonly dispositions: Readonly<Record<string, number>>;
  readonly labs: readonly string[];
  readonly ms: number;
}

interface Example {
  readonly file: string;
  readonly world: World;
  readonly guests: Readonly<Record<string, GuestSpec>>;
  readonly seeds: readonly Seed[];
}

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

/** Every examples/<name>/topology.yaml that loads without problems, in name order. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const dir of readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const loaded = loadWorld(`${EXAMPLES}${dir}/topology.yaml`);
    if (!loaded.ok || loaded.value.problems.length > 0) continue;
    const world = loaded.value.world;
    if (fabricOf(world).ports.length === 0) continue;
    out.push({
      file: `${dir}/topology.yaml`,
      world,
      guests: loaded.value.topology.guests,
      seeds: seedsOf(world),
    });
  }
  return out;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function runFuzz(options: FuzzOptions): FuzzReport {
  const r = randomOf(options.seed);
  const labEvery = options.labEvery ?? 10_000;
  const all = examples();
  if (all.length === 0) throw new Error('fuzz: no example topology loads');
  const dispositions: Record<string, number> = {};
  const firstCrashes: Crash[] = [];
  let crashes = 0;
  let codecCalls = 0;
  let injections = 0;
  let traces = 0;
  const counts = { random: 0, mutated: 0, valid: 0 };
  let index = 0;
  let frame: Uint8Array = new Uint8Array(0);

  const crash = (where: string, e: unknown): void => {
    crashes++;
    if (firstCrashes.length < 10)
      firstCrashes.push({
        index,
        where,
        frame: hex(frame),
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
  };
  // The fuzzer is an edge in DESIGN.md §4's sense: it catches, records and goes on.
  const guard = (where: string, fn: () => boolean): void => {
    codecCalls++;
    try {
      if (!fn()) crash(where, new Error(`${where} returned something that is not a result`));
    } catch (e) {
      crash(where, e);
    }
  };
  const checkTrace = (trace: Trace, where: string): void => {
    traces++;
    if (
      typeof trace?.disposition !== 'string' ||
      !(trace.disposition in DISPOSITIONS) ||
      !Array.isArray(trace.hops)
    ) {
      crash(where, new Error(`trace without a known disposition: ${JSON.stringify(trace)?.slice(0, 300)}`));
      return;
    }
    dispositions[trace.disposition] = (dispositions[trace.disposition] ?? 0) + 1;
  };

  const labs = new Map<Example, Lab>();
  const labOf = (x: Example): Lab => {
    let lab = labs.get(x);
    if (!lab) {
      lab = new Lab(x.world, { guests: x.guests, onTrace: (t) => checkTrace(t, `${x.file} queued trace`) });
      labs.set(x, lab);
    }
    return lab;
  };

  const t0 = performance.now();
  for (index = 0; index < options.frames; index++) {
    if (index % labEvery === 0) labs.clear();
    const example = pick(r, all);
    const seed = pick(r, example.seeds);
    const kind = below(r, 10);
    // 1 in 10 random bytes, 1 in 10 valid, the rest mutated.
    if (kind === 0) {
      counts.random++;
      frame = new Uint8Array(below(r, 2) === 0 ? below(r, 80) : below(r, 600));
      for (let i = 0; i < frame.length; i++) frame[i] = below(r, 256);
      // Half of them look like IPv4 up to the Ethernet type and version, to get past the first checks.
      if (below(r, 2) === 0 && frame.length >= 15) {
        frame[12] = 0x08;
        frame[13] = 0x00;
        frame[14] = 0x45;
        fixIpv4Checksum(frame);
      }
    } else if (kind === 1) {
      counts.valid++;
      frame = seed.frame.slice();
    } else {
      counts.mutated++;
      frame = mutate(r, seed.frame, pick(r, example.seeds).frame);
    }
    codecs(frame, guard);

    const lab = labOf(example);
    const fromPort = 'port' in seed && (kind !== 0 || below(r, 2) === 0);
    const copy = frame.slice();
    try {
      injections++;
      const port = fromPort ? (below(r, 8) === 0 ? pick(r, lab.engine.fabric.ports) : seed.port) : undefined;
      const trace = port
        ? lab.engine.inject(port, copy)
        : lab.engine.injectFromOutside(
            'outside' in seed ? seed.outside : pick(r, ['Internet', 'OnPremises'] as const),
            copy,
          );
      checkTrace(
        trace,
        port ? `${example.file} inject from ${port.name}` : `${example.file} injectFromOutside`,
      );
      if (typeof renderTrace(trace) !== 'string') crash('renderTrace', new Error('no text'));
    } catch (e) {
      crash(`${example.file} engine`, e);
    }
    // Time passes, so idle connections, NAT mappings and flow entries expire and are swept now and then.
    lab.clock.advance(below(r, 2000));
    if (index % 5000 === 4999) {
      lab.clock.advance(10 * 60_000);
      try {
        lab.engine.sweep();
      } catch (e) {
        crash(`${example.file} sweep`, e);
      }
    }
  }
  return {
    seed: options.seed,
    frames: options.frames,
    ...counts,
    codecCalls,
    injections,
    traces,
    crashes,
    firstCrashes,
    dispositions,
    labs: all.map((x) => x.file),
    ms: performance.now() - t0,
  };
}

/** Every codec on the frame, at every offset a layer could start (and where parseHeaders says they start). */
function codecs(frame: Uint8Array, guard: (where: string, fn: () => boolean) => void): void {
  guard('parseHeaders', () => isResult(parseHeaders(frame)));
  guard('describeFrame', () => typeof describeFrame(frame) === 'string');
  guard('ethernet.parse', () => isResult(ethernet.parse(frame)));
  const l3 = frame.subarray(Math.min(14, frame.length));
  guard('arp.parse', () => isResult(arp.parse(l3)));
  guard('ipv4.parse', () => isResult(ipv4.parse(l3)));
  guard('ipv4.parse (no checksum)', () => isResult(ipv4.parse(l3, { verifyChecksum: false })));
  guard('ipv6.parse', () => isResult(ipv6.parse(l3)));
  const bodies: [number, IpPair | undefined][] = [
    [0, undefined],
    [34, undefined],
    [42, undefined],
    [54, undefined],
  ];
  const h = parseHeaders(frame);
  if (h.ok) {
    const v = h.value;
    const ip: IpPair | undefined =
      v.ipVersion === 4
        ? { version: 4, src: v.src, dst: v.dst }
        : v.ipVersion === 6 && v.src6 !== undefined && v.dst6 !== undefined
          ? { version: 6, src: v.src6, dst: v.dst6 }
          : undefined;
    bodies.push([v.l4Offset, ip], [v.payloadOffset, undefined]);
  }
  for (const [offset, ip] of bodies) {
    const b = frame.subarray(Math.min(offset, frame.length));
    guard('icmpv4.parse', () => isResult(icmpv4.parse(b)));
    guard('icmpv6.parse', () =>
      isResult(icmpv6.parse(b, ip?.version === 6 ? { src: ip.src, dst: ip.dst } : undefined)),
    );
    guard('udp.parse', () => isResult(udp.parse(b, ip)));
    guard('tcp.parse', () => isResult(tcp.parse(b, ip)));
    guard('vxlan.parse', () => isResult(vxlan.parse(b)));
    guard('vxlan.sourcePortFor', () => Number.isInteger(vxlan.sourcePortFor(b)));
    guard('dhcp.parse', () => isResult(dhcp.parse(b)));
    guard('dns.parse', () => isResult(dns.parse(b)));
  }
}

// ---- Command line ---------------------------------------------------------------------------------------------

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const argv = process.argv.slice(2);
  const arg = (name: string, fallback: number): number => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const report = runFuzz({ seed: arg('--seed', 20260101), frames: arg('--frames', 1_000_000) });
  const perSecond = (report.frames / report.ms) * 1000;
  console.log(
    `seed ${report.seed}, ${report.frames} frames over ${report.labs.length} labs (${report.labs.join(', ')})`,
  );
  console.log(`  random ${report.random}, valid ${report.valid}, mutated ${report.mutated}`);
  console.log(
    `  codec calls ${report.codecCalls}, injections ${report.injections}, traces checked ${report.traces}`,
  );
  console.log(`  ${(report.ms / 1000).toFixed(1)} s, ${Math.round(perSecond)} frames/s`);
  console.log(`  crashes ${report.crashes}`);
  console.log(`  dispositions ${JSON.stringify(report.dispositions)}`);
  for (const c of report.firstCrashes)
    console.log(`\n#${c.index} ${c.where}\n  frame ${c.frame}\n  ${c.error}`);
  process.exitCode = report.crashes === 0 ? 0 : 1;
}
