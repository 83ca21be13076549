// Benchmark: packets per second through the whole packet engine on one core. Two NICs in one subnet whose NSG has
// a few rules; a no-op guest on each NIC (attached with engine.attach, so no guest software is timed); frames
// built once and re-used (the engine rewrites their MACs in place on delivery, which changes nothing here).
//
//   (a) cached: N established UDP flows (both directions seen once), then packets injected round-robin over the
//       2N frames; every one takes the flow cache (Engine.cached(): parseHeaders, a Map look-up, the actions).
//   (b) new flows: distinct 5-tuples (source and destination ports), each the first packet of its flow, so each
//       takes the slow path (platform checks, NSGs out and in, route, connection table, trace, cache insert).
//       Traces are built as facts and rendered only when read; with --render every trace is rendered as text
//       (renderTrace), the cost when someone reads them all (vnetlab capture, a test harness).
//
// Not a test: numbers go to docs/benchmarks.md. Run with --expose-gc so each run starts from a collected heap:
//
//   node --import tsx --expose-gc bench/dataplane.bench.ts [--flows 1000] [--packets 1000000] [--new 100000] [--runs 5]
//        [--render]
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Engine } from '../src/dataplane/engine.ts';
import type { Port } from '../src/dataplane/fabric.ts';
import { renderTrace } from '../src/dataplane/trace.ts';
import { AZURE_GATEWAY_MAC, FakeClock } from '../src/dataplane/types.ts';
import type { Guest } from '../src/dataplane/types.ts';
import { apply, EMPTY_WORLD } from '../src/model/index.ts';
import type { Change, World } from '../src/model/index.ts';
import { udpFrame } from '../src/wire/index.ts';

const RG = '/subscriptions/00000000-0000-0000-0000-00000000beef/resourceGroups/rg-bench';
const NET = `${RG}/providers/Microsoft.Network`;
const SUBNET = `${NET}/virtualNetworks/vnet-bench/subnets/snet-app`;
const PAYLOAD = new Uint8Array(64);

/** One VNet, one subnet with an NSG of a few rules, two NICs. */
export function benchWorld(): World {
  const rule = (name: string, priority: number, properties: Record<string, unknown>) => ({
    name,
    properties: {
      priority,
      sourcePortRange: '*',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: '*',
      ...properties,
    },
  });
  const nic = (name: string, address: string): Change => ({
    op: 'put',
    resource: {
      id: `${NET}/networkInterfaces/${name}`,
      location: 'eastus',
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              subnet: { id: SUBNET },
              privateIPAddress: address,
              privateIPAllocationMethod: 'Static',
            },
          },
        ],
      },
    },
  });
  const changes: Change[] = [
    {
      op: 'put',
      resource: {
        id: `${NET}/networkSecurityGroups/nsg-app`,
        location: 'eastus',
        properties: {
          securityRules: [
            rule('deny-ssh-internet', 100, {
              direction: 'Inbound',
              access: 'Deny',
              protocol: 'Tcp',
              sourceAddressPrefix: 'Internet',
              destinationPortRange: '22',
            }),
            rule('allow-https', 110, {
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              destinationPortRange: '443',
            }),
            rule('allow-app-udp', 120, {
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Udp',
              sourceAddressPrefix: 'VirtualNetwork',
              destinationPortRange: '1024-65535',
            }),
            rule('deny-smtp-out', 100, {
              direction: 'Outbound',
              access: 'Deny',
              protocol: 'Tcp',
              destinationPortRange: '25',
            }),
          ],
        },
      },
    },
    {
      op: 'put',
      resource: {
        id: `${NET}/virtualNetworks/vnet-bench`,
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [
            {
              name: 'snet-app',
              properties: {
                addressPrefix: '10.0.1.0/24',
                networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg-app` },
              },
            },
          ],
        },
      },
    },
    nic('nic-a', '10.0.1.4'),
    nic('nic-b', '10.0.1.5'),
  ];
  const r = apply(EMPTY_WORLD, changes, { now: '2026-01-01T00:00:00Z' });
  if (!r.ok) throw new Error(`apply failed: ${JSON.stringify(r.problems.slice(0, 3))}`);
  return r.world;
}

/** A guest that takes every frame and does nothing, so only the engine is timed. */
const NOOP: Guest = { kind: 'host', receive: () => undefined };

interface Lab {
  readonly engine: Engine;
  readonly a: Port;
  readonly b: Port;
}

function lab(world: World): Lab {
  const engine = new Engine(world, { clock: new FakeClock() });
  const a = engine.port('nic-a');
  const b = engine.port('nic-b');
  if (!a || !b) throw new Error('bench world has no nic-a / nic-b');
  engine.attach(a, NOOP);
  engine.attach(b, NOOP);
  return { engine, a, b };
}

const frame = (from: Port, to: Port, srcPort: number, dstPort: number): Uint8Array =>
  udpFrame({
    srcMac: from.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src: from.addresses[0]!,
    dst: to.addresses[0]!,
    srcPort,
    dstPort,
    payload: PAYLOAD,
  });

/**
 * Per second of wall-clock time, and per second of this process's CPU time (user + system): on a machine shared
 * with other work the second is the steadier measure of what one core does; on a quiet one they agree.
 */
export interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

const clock = (): { wall: number; cpu: NodeJS.CpuUsage } => ({
  wall: performance.now(),
  cpu: process.cpuUsage(),
});

function ratesSince(t0: ReturnType<typeof clock>, count: number): Rate {
  const wallMs = performance.now() - t0.wall;
  const cpu = process.cpuUsage(t0.cpu);
  return { wall: (count / wallMs) * 1000, cpu: (count / (cpu.user + cpu.system)) * 1e6 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1]!;
};

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** (a) Packets per second over `flows` established flows; one warm-up run, then `runs` timed ones. */
export function cachedFlows(world: World, flows: number, packets: number, runs: number): Rate[] {
  const { engine, a, b } = lab(world);
  const frames: { port: Port; frame: Uint8Array }[] = [];
  for (let i = 0; i < flows; i++) {
    const srcPort = 20000 + i;
    frames.push(
      { port: a, frame: frame(a, b, srcPort, 5000) },
      { port: b, frame: frame(b, a, 5000, srcPort) },
    );
  }
  // First packets (slow path) in both directions: each flow is now established and cached at both ends.
  for (const f of frames) {
    const t = engine.inject(f.port, f.frame);
    if (t.disposition !== 'Delivered') throw new Error(`setup: ${t.disposition} ${t.reason}`);
  }
  const n = frames.length;
  const ports = frames.map((f) => f.port);
  const bytes = frames.map((f) => f.frame);
  const pass = (count: number): Rate => {
    gc();
    const before = engine.stats.cached;
    const t0 = clock();
    for (let i = 0, k = 0; i < count; i++) {
      engine.inject(ports[k]!, bytes[k]!);
      if (++k === n) k = 0;
    }
    const rate = ratesSince(t0, count);
    if (engine.stats.cached - before !== count) throw new Error('a packet missed the flow cache');
    return rate;
  };
  pass(Math.min(packets, 500_000)); // warm-up: JIT, inline caches
  return Array.from({ length: runs }, () => pass(packets));
}

/**
 * (b) New flows per second: `count` first packets of distinct flows, each run on a fresh engine; with `render`,
 * each flow's trace is rendered as text too.
 */
export function newFlows(world: World, count: number, runs: number, render = false): Rate[] {
  const pass = (n: number): Rate => {
    const { engine, a, b } = lab(world);
    // 40,000 source ports x destination ports 5000..: every frame a 5-tuple the engine has not seen.
    const frames = Array.from({ length: n }, (_, i) =>
      frame(a, b, 20000 + (i % 40000), 5000 + Math.floor(i / 40000)),
    );
    gc();
    const t0 = clock();
    if (render) for (const f of frames) renderTrace(engine.inject(a, f));
    else for (const f of frames) engine.inject(a, f);
    const rate = ratesSince(t0, n);
    if (engine.stats.slow !== n) throw new Error(`expected ${n} slow-path packets, got ${engine.stats.slow}`);
    return rate;
  };
  pass(Math.min(count, 20_000)); // warm-up
  return Array.from({ length: runs }, () => pass(count));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const argv = process.argv.slice(2);
  const arg = (name: string, fallback: number): number => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const flows = arg('--flows', 1000);
  const packets = arg('--packets', 1_000_000);
  const fresh = arg('--new', 100_000);
  const runs = arg('--runs', 5);
  if ((globalThis as { gc?: unknown }).gc === undefined)
    console.log('(run with --expose-gc for a collected heap per run)');
  const world = benchWorld();
  const k = (x: number): string => `${(x / 1000).toFixed(0)}k`;
  const show = (xs: readonly Rate[], unit: string): string =>
    `median ${k(median(xs.map((x) => x.wall)))} ${unit}/s wall, ${k(median(xs.map((x) => x.cpu)))} ${unit}/s CPU` +
    ` (runs, wall: ${xs.map((x) => k(x.wall)).join(' ')}; CPU: ${xs.map((x) => k(x.cpu)).join(' ')})`;
  const cached = cachedFlows(world, flows, packets, runs);
  console.log(
    `cached: ${flows} flows x 2 directions, ${packets} packets per run, ${runs} runs: ${show(cached, 'packets')}`,
  );
  const render = argv.includes('--render');
  const slow = newFlows(world, fresh, runs, render);
  console.log(
    `new flows${render ? ' (traces rendered)' : ''}: ${fresh} per run, ${runs} runs: ${show(slow, 'flows')}`,
  );
  console.log(`node ${process.version}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
