// vnetlab serve [--port N] [--data DIR | --in-memory] [--tls] [--auth-token T] [--load FILE] [--quiet]: the
// ARM-compatible emulator. Prints its endpoint once ready, a line per request, and runs until SIGINT or SIGTERM.
import type { Command } from 'commander';
import { importChanges, startServer } from '../arm/index.ts';
import type { RequestLogEntry, RunningServer, ServeOptions } from '../arm/index.ts';
import { DEFAULT_SUBSCRIPTION_ID, TENANT_ID } from '../arm/index.ts';
import { loadTopologyFile } from '../topology/index.ts';
import { resourcesOfType, T } from '../model/index.ts';
import { EXIT, processIo, usageError } from './io.ts';
import type { Io } from './io.ts';
import { printWarnings } from './render.ts';
import type { Verb } from './verb.ts';

export interface ServeFlags {
  port: string;
  host: string;
  data: string;
  inMemory?: boolean;
  tls?: boolean;
  fsync?: boolean;
  authToken?: string;
  load?: string;
  retryAfter: string;
  quiet?: boolean;
  /** commander's negation of --no-network-watcher: false when given. */
  networkWatcher?: boolean;
}

export const DEFAULT_DATA_DIR = '.vnetlab';

export const registerServe: Verb = (program: Command, run) => {
  program
    .command('serve')
    .description(
      "serve Azure Resource Manager's API for Microsoft.Network on 127.0.0.1 (for the Azure SDKs, az, ARM templates)",
    )
    .option('--port <n>', 'TCP port', '8443')
    .option('--host <address>', 'address to bind (other than loopback needs --auth-token)', '127.0.0.1')
    .option('--data <dir>', 'directory of the durable state (SQLite)', DEFAULT_DATA_DIR)
    .option('--in-memory', 'keep state in memory only')
    .option('--fsync', 'fsync every change (survives power loss, not only a crash; slower)')
    .option('--tls', 'serve HTTPS with a self-signed certificate (kept in the data directory)')
    .option('--auth-token <token>', 'require this bearer token on every request')
    .option('--load <file>', 'load a topology or ARM JSON export at start')
    .option('--retry-after <seconds>', 'Retry-After of long-running operations', '1')
    .option('-q, --quiet', 'no log line per request')
    .option(
      '--no-network-watcher',
      "don't create NetworkWatcher_<region> with a region's first VNet (Azure's DisableNetworkWatcherAutocreation)",
    )
    .action(async (flags: ServeFlags) => {
      // serve is the one verb that runs until stopped: it writes as it goes, so it takes the process Io.
      const code = await serve(processIo, flags, untilSignal);
      run(() => code);
    });
};

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Starts the server, prints where it is, waits for `stopped`, closes. Returns the exit code. */
export async function serve(
  io: Io,
  flags: ServeFlags,
  stopped: (server: RunningServer) => Promise<void>,
): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usageError(io, `--port: '${flags.port}' is not a TCP port`);
  const retryAfter = Number(flags.retryAfter);
  if (!Number.isInteger(retryAfter) || retryAfter < 0)
    return usageError(io, `--retry-after: '${flags.retryAfter}' is not a number of seconds`);
  const options: ServeOptions = {
    port,
    host: flags.host,
    // In memory, the certificate still lives in the data directory, reused from run to run.
    ...(flags.inMemory ? { certDir: flags.data } : { dataDir: flags.data }),
    ...(flags.tls ? { tls: true } : {}),
    ...(flags.fsync ? { synchronous: 'FULL' as const } : {}),
    ...(flags.authToken ? { authToken: flags.authToken } : {}),
    retryAfter,
    ...(flags.networkWatcher === false ? { networkWatcherAutocreate: false } : {}),
    // One line per request, as a web server logs it: method, path, status, milliseconds.
    ...(flags.quiet
      ? {}
      : {
          onRequest: (e: RequestLogEntry) =>
            io.out(`${e.method} ${e.path} ${e.status} ${e.ms.toFixed(1)} ms`),
        }),
  };
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e));
  }
  if (flags.load) {
    const loaded = loadTopologyFile(flags.load);
    if (!loaded.ok) {
      await server.close();
      return usageError(io, loaded.reason);
    }
    const imported = importChanges(server.state, loaded.value.changes, loaded.value.warnings);
    printWarnings(io, imported.warnings);
    if (!imported.ok) {
      await server.close();
      io.err(`vnetlab: ${flags.load}: Azure would refuse it:`);
      for (const p of imported.problems) io.err(`  ${p.code}: ${p.message}`);
      return EXIT.failed;
    }
    io.out(`loaded ${imported.resources} resources from ${flags.load}`);
  }
  io.out(`vnetlab serving Azure Resource Manager at ${server.url}`);
  io.out(`  state: ${flags.inMemory ? 'in memory' : `${flags.data}/vnetlab.db`}`);
  if (server.certFile) io.out(`  certificate: ${server.certFile}`);
  io.out(`  subscription: ${DEFAULT_SUBSCRIPTION_ID}`);
  // az login --tenant and the SDKs' credentials ask for it (docs/az-cli.md).
  io.out(`  tenant: ${TENANT_ID}`);
  io.out(tryNext(server, flags));
  await stopped(server);
  await server.close();
  return EXIT.ok;
}

/** What to try next: requests with curl (one on a NIC of the loaded lab), and where the SDK and az guides are. */
function tryNext(server: RunningServer, flags: ServeFlags): string {
  const curl = `curl -s${server.certFile ? ` --cacert ${server.certFile}` : ''}${flags.authToken ? ` -H "Authorization: Bearer $TOKEN"` : ''}`;
  const nic = resourcesOfType(server.state.world, T.networkInterface)[0];
  const lines = [
    '',
    'Try next:',
    // The secret stays off the screen (and out of terminal logs): the examples name it.
    ...(flags.authToken ? ['  TOKEN=<the value given to --auth-token>'] : []),
    `  ${curl} '${server.url}/subscriptions/${DEFAULT_SUBSCRIPTION_ID}/providers/Microsoft.Network/virtualNetworks?api-version=2025-07-01'`,
  ];
  if (nic) {
    // Effective routes are a long-running operation: the answer is at the Location the POST returns.
    lines.push(
      `  ${curl} -o /dev/null -D - -X POST '${server.url}${nic.id}/effectiveRouteTable?api-version=2025-07-01' | grep -i '^location'`,
      `  ${curl} '<that Location URL>'`,
    );
  }
  lines.push(
    '  The Azure SDK for JavaScript and the Azure CLI: README.md ("Use it from the Azure SDK and az"), docs/az-cli.md',
    'Stop with Ctrl+C.',
  );
  return lines.join('\n');
}
