// Benchmark of the ARM API through the official Azure SDK for JavaScript, as a user's script would drive it:
//
//   (a) resources created per second: C concurrent loops, spread over T client threads, create resources with
//       beginCreateOrUpdateAndWait (PUT, then the SDK polls Azure-AsyncOperation, then GETs the resource),
//       against `vnetlab serve --data TMP` in its own process, as users run it (state in SQLite, WAL;
//       --fsync adds an fsync per change);
//   (b) start to ready: `vnetlab serve --in-memory --port 0` as a child process, from spawn to the first answered
//       request.
//
// Not a test: numbers go to docs/benchmarks.md.
//
//   node --import tsx bench/arm.bench.ts [--kind nsg|route-table|vnet] [--resources 2000] [--concurrency 32]
//        [--threads 1] [--warmup 300] [--starts 5] [--fsync] [--url URL]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const credential: TokenCredential = {
  getToken: async () => ({ token: 'vnetlab', expiresOnTimestamp: Date.now() + 3600e3 }),
};

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Plain http on loopback: the SDK sends bearer tokens only over TLS, so the token policy is taken out. */
function clients(url: string) {
  const options = { endpoint: url, allowInsecureConnection: true };
  const network = new NetworkManagementClient(credential, SUBSCRIPTION, options);
  const resources = new ResourceManagementClient(credential, SUBSCRIPTION, options);
  for (const c of [network, resources]) c.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  return { network, resources };
}

async function createRate(kind: Kind, total: number, concurrency: number, threads: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'vnetlab-bench-'));
  // --url: a server started by hand (to profile it: node --cpu-prof bin/vnetlab.mjs serve --port N --data DIR).
  const given = process.argv.indexOf('--url');
  const server =
    given > 0
      ? { url: process.argv[given + 1]!, stop: async () => undefined }
      : await serveProcess(['--data', dir, ...(process.argv.includes('--fsync') ? ['--fsync'] : [])]);
  try {
    await clients(server.url).resources.resourceGroups.createOrUpdate('bench', { location: 'eastus' });
    // The SDK's own work (serialisation, the poller) takes a core at these rates: `threads` worker threads
    // share the resources, as several scripts or pipelines deploying at once would. Each loads the SDK and warms
    // up (both sides' code compiled and optimised) before the clock starts.
    const workers = Array.from(
      { length: threads },
      (_, t) =>
        new Worker(WORKER_BOOT, {
          eval: true,
          workerData: {
            url: server.url,
            from: t,
            step: threads,
            total,
            concurrency: Math.ceil(concurrency / threads),
            kind,
            warmup: WARMUP,
          },
        }),
    );
    const message = (worker: Worker, expected: string) =>
      new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m) =>
          m === expected ? resolve() : reject(new Error(`worker said ${String(m)}`)),
        );
      });
    await Promise.all(workers.map((w) => message(w, 'ready')));
    const started = performance.now();
    const done = workers.map((w) => message(w, 'done'));
    for (const w of workers) w.postMessage('go');
    await Promise.all(done);
    await Promise.all(workers.map((w) => w.terminate()));
    return total / ((performance.now() - started) / 1000);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// A worker thread does not get the main thread's tsx loader: it registers tsx, then loads this file.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
  tsx.register();
  return import(${JSON.stringify(import.meta.url)});
});`;

interface Share {
  readonly url: string;
  /** This worker creates nsg-{from}, nsg-{from + step}, ... below total. */
  readonly from: number;
  readonly step: number;
  readonly total: number;
  readonly concurrency: number;
  readonly kind: Kind;
  /** Resources created (by all workers) before the clock starts. */
  readonly warmup: number;
}

/** What a worker creates, by --kind: one PUT body per resource type, through the SDK's operation group. */
const KINDS = {
  nsg: (network: NetworkManagementClient, i: number) =>
    network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      'bench',
      `nsg-${i}`,
      {
        location: 'eastus',
        securityRules: [
          {
            name: 'allow-https',
            priority: 100,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '443',
          },
        ],
      },
      FAST,
    ),
  'route-table': (network: NetworkManagementClient, i: number) =>
    network.routeTables.beginCreateOrUpdateAndWait(
      'bench',
      `rt-${i}`,
      {
        location: 'eastus',
        routes: [
          {
            name: 'to-nva',
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.0.0.4',
          },
        ],
      },
      FAST,
    ),
  vnet: (network: NetworkManagementClient, i: number) =>
    network.virtualNetworks.beginCreateOrUpdateAndWait(
      'bench',
      `vnet-${i}`,
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: [`10.${i >> 8}.${i & 255}.0/24`] },
        subnets: [{ name: 'default', addressPrefix: `10.${i >> 8}.${i & 255}.0/26` }],
      },
      FAST,
    ),
} as const;
type Kind = keyof typeof KINDS;
const FAST = { updateIntervalInMs: 0 };
const WARMUP = arg('warmup', 300);

/** One worker: warms up, says 'ready', and on 'go' runs `concurrency` loops each creating resources with
 * beginCreateOrUpdateAndWait (PUT, poll, GET); says 'done'. */
async function createShare({ url, from, step, total, concurrency, kind, warmup }: Share): Promise<void> {
  const { network } = clients(url);
  const create = KINDS[kind];
  const run = async (first: number, end: number, offset: number) => {
    let next = first;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next; i < end; i = next) {
          next += step;
          await create(network, offset + i);
        }
      }),
    );
  };
  // Warm-up resources are numbered after the measured ones, so names and VNet prefixes never collide.
  await run(from, warmup, total);
  parentPort!.postMessage('ready');
  await new Promise((resolve) => parentPort!.once('message', resolve));
  await run(from, total, 0);
  parentPort!.postMessage('done');
}

/** `vnetlab serve --port 0 ARGS` in a child process, once it has printed its endpoint. */
async function serveProcess(args: readonly string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = fileURLToPath(new URL('../bin/vnetlab.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/Resource Manager at (\S+)/);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${String(code)}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startToReady(): Promise<number> {
  const started = performance.now();
  const server = await serveProcess(['--in-memory']);
  const r = await fetch(`${server.url}/subscriptions?api-version=2022-12-01`);
  if (r.status !== 200) throw new Error(`first request answered ${r.status}`);
  const elapsed = performance.now() - started;
  await server.stop();
  return elapsed;
}

if (!isMainThread) {
  await createShare(workerData as Share);
} else {
  const total = arg('resources', 2000);
  const concurrency = arg('concurrency', 32);
  const threads = arg('threads', 1);
  const at = process.argv.indexOf('--kind');
  const kinds = (at > 0 ? [process.argv[at + 1]!] : Object.keys(KINDS)) as Kind[];
  for (const kind of kinds) {
    if (!(kind in KINDS)) throw new Error(`--kind: one of ${Object.keys(KINDS).join(', ')}`);
    const rate = await createRate(kind, total, concurrency, threads);
    console.log(
      `${kind}: created ${total} through the SDK (${threads} client thread(s), ${concurrency} in flight, LRO polling): ${rate.toFixed(0)} resources/s`,
    );
  }
  const starts: number[] = [];
  for (let i = 0; i < arg('starts', 5); i++) starts.push(await startToReady());
  starts.sort((a, b) => a - b);
  if (starts.length)
    console.log(
      `start to ready: median ${starts[Math.floor(starts.length / 2)]!.toFixed(0)} ms (runs: ${starts.map((s) => s.toFixed(0)).join(', ')} ms)`,
    );
}
