// Debian's Azure CLI (package `azure-cli`, 2.45) as a client of a running vnetlab, for tests. Each session has
// its own AZURE_CONFIG_DIR, registers vnetlab as a custom cloud and signs in with a service principal against
// vnetlab's AD FS endpoints (src/arm/identity.ts explains why AD FS), so nothing leaves the machine and the
// home directory's ~/.azure is never touched. az takes a second or two per command: keep calls few.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { TENANT_ID } from '../../src/arm/identity.ts';

export interface AzResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AzSession {
  /** The session's AZURE_CONFIG_DIR. */
  readonly configDir: string;
  /** The subscription the session signed in to (az's default subscription). */
  readonly subscriptionId: string;
  run(args: readonly string[]): Promise<AzResult>;
  /** Runs with `-o json` and parses stdout; rejects, with az's stderr, when az fails. */
  json(args: readonly string[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface AzSessionOptions {
  /** The client secret to sign in with: the server's --auth-token when it has one. */
  readonly secret?: string;
  readonly cloudName?: string;
  /**
   * The API profile to register the cloud with (`az cloud register --profile`). Debian's azure-cli runs its
   * `az network ... create` commands only under `2020-09-01-hybrid` (docs/az-cli.md says why).
   */
  readonly profile?: string;
}

/** Whether an `az` executable is on PATH (checked without running it: az takes a second to start). */
export const hasAz: boolean = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  try {
    accessSync(join(dir, 'az'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** The reason to give `skip` when az is absent. */
export const NO_AZ =
  'the Azure CLI (Debian package azure-cli, installed by scripts/setup.sh) is not installed';

// Settings (AZURE_{SECTION}_{OPTION} overrides az's config file) so that az never calls out: no telemetry
// upload, no survey prompt, no error recommendations from the Aladdin service, no extension index lookups
// on aka.ms for unknown commands, and warnings kept out of stderr.
function azEnvironment(configDir: string, caCertPath: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AZURE_CONFIG_DIR: configDir,
    // requests (used by az and by MSAL) trusts this bundle instead of the system's.
    REQUESTS_CA_BUNDLE: caCertPath,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
    AZURE_CORE_ERROR_RECOMMENDATION: 'off',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_DISABLE_PROGRESS_BAR: 'true',
    AZURE_EXTENSION_USE_DYNAMIC_INSTALL: 'no',
    // Only loopback: nothing else is reachable, and a proxy setting must not swallow 127.0.0.1.
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}

function runAz(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AzResult> {
  return new Promise((resolve) => {
    execFile(
      'az',
      [...args],
      { env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A signed-in az for the vnetlab at `baseUrl` (https://127.0.0.1:PORT) whose TLS certificate is in
 * `caCertPath`. Two az runs: cloud register (reads GET /metadata/endpoints), login (AD FS discovery, token,
 * GET /subscriptions), which also makes the listed subscription the default.
 */
export async function azSession(
  baseUrl: string,
  caCertPath: string,
  options: AzSessionOptions = {},
): Promise<AzSession> {
  const configDir = mkdtempSync(join(tmpdir(), 'vnetlab-az-'));
  const cloud = options.cloudName ?? 'vnetlab';
  const registerEnv = azEnvironment(configDir, caCertPath);
  // The active cloud as an environment setting (overriding [cloud] name of the config file), which saves an
  // `az cloud set`; not while registering, when az would complain that the cloud does not exist yet.
  const env = { ...registerEnv, AZURE_CLOUD_NAME: cloud };
  const dispose = async () => rmSync(configDir, { recursive: true, force: true });
  const must = async (args: readonly string[], environment: NodeJS.ProcessEnv = env): Promise<AzResult> => {
    const result = await runAz(args, environment);
    if (result.code !== 0) {
      await dispose();
      throw new Error(`az ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
    }
    return result;
  };
  // No trailing slash: msrestazure appends '/metadata/endpoints?api-version=2015-01-01' to it verbatim.
  await must(
    [
      'cloud',
      'register',
      '--name',
      cloud,
      '--endpoint-resource-manager',
      baseUrl.replace(/\/+$/, ''),
      ...(options.profile === undefined ? [] : ['--profile', options.profile]),
    ],
    registerEnv,
  );
  const login = await must([
    'login',
    '--service-principal',
    '--username',
    'vnetlab-test',
    '--password',
    options.secret ?? 'vnetlab-test-secret',
    '--tenant',
    TENANT_ID,
    '--output',
    'json',
  ]);
  const accounts: unknown = JSON.parse(login.stdout);
  const subscriptionId = Array.isArray(accounts)
    ? accounts
        .map((a: unknown) => (typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : {}))
        .find((a) => a.isDefault === true)?.id
    : undefined;
  if (typeof subscriptionId !== 'string') {
    await dispose();
    throw new Error(`az login listed no default subscription: ${login.stdout}`);
  }
  return {
    configDir,
    subscriptionId,
    run: (args) => runAz(args, env),
    json: async (args) => {
      const result = await runAz([...args, '--output', 'json'], env);
      if (result.code !== 0)
        throw new Error(`az ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
      return result.stdout.trim() === '' ? undefined : (JSON.parse(result.stdout) as unknown);
    },
    dispose,
  };
}
