// Where an analysis verb reads the lab from: a file (-t: YAML topology, ARM JSON, or an ARM template with its
// --parameters), the state a server keeps (--data DIR, as `vnetlab serve` and `vnetlab import` write it) or a
// running server (--endpoint URL). One lab, whichever door it was deployed through.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Command } from 'commander';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { EXPORT_PATH, isDeploymentTemplate, worldInDataDir, worldOfTemplate } from '../arm/index.ts';
import {
  DEFAULT_RESOURCE_GROUP,
  DEFAULT_SUBSCRIPTION,
  LOAD_TIME,
  loadWorld,
  parseTopology,
  worldOfTopology,
} from '../topology/index.ts';
import type { LoadedWorld, Topology } from '../topology/index.ts';
import { isObject } from '../net/index.ts';
import type { Result } from '../net/index.ts';

export interface SourceFlags {
  topology?: string;
  data?: string;
  endpoint?: string;
  authToken?: string;
  /** ARM template parameters: files (deploymentParameters.json) and key=value, in order. */
  parameters?: string[];
}

/** What the source is called in messages: the file, the directory or the URL. */
export const sourceName = (flags: SourceFlags): string =>
  flags.topology ?? flags.data ?? flags.endpoint ?? '';

/** The lab of the one source given. */
export async function loadSource(flags: SourceFlags): Promise<Result<LoadedWorld>> {
  const given = [flags.topology, flags.data, flags.endpoint].filter((f) => f !== undefined).length;
  if (given === 0)
    return {
      ok: false,
      reason: "required option '-t, --topology <file>' not specified (or --data DIR, or --endpoint URL)",
    };
  if (given > 1) return { ok: false, reason: 'give only one of -t FILE, --data DIR and --endpoint URL' };
  if (flags.topology !== undefined) {
    const template = readTemplate(flags.topology);
    if (template !== undefined) return templateLab(template, flags.parameters ?? []);
    if (flags.parameters?.length)
      return { ok: false, reason: `--parameters is for ARM templates; ${flags.topology} is not one` };
    return loadWorld(flags.topology);
  }
  if (flags.data !== undefined) {
    const world = worldInDataDir(flags.data);
    if (!world.ok) return world;
    return { ok: true, value: { world: world.value, topology: SERVED, warnings: [], problems: [] } };
  }
  const answer = await fetchExport(flags.endpoint!, flags.authToken ?? process.env.VNETLAB_AUTH_TOKEN);
  if (!answer.ok) return answer;
  const topology = parseTopology(answer.value, 'json', flags.endpoint!);
  return topology.ok ? { ok: true, value: worldOfTopology(topology.value) } : topology;
}

/** A served state has no expectations, guests or traffic of its own. */
const SERVED: Topology = { changes: [], expectations: [], guests: {}, traffic: {}, warnings: [] };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** GET /vnetlab/export of a running server; its self-signed certificate is trusted on loopback only. */
function fetchExport(endpoint: string, token: string | undefined): Promise<Result<string>> {
  let url: URL;
  try {
    url = new URL(EXPORT_PATH, endpoint);
  } catch {
    return Promise.resolve({ ok: false, reason: `--endpoint '${endpoint}' is not a URL` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.resolve({ ok: false, reason: `--endpoint '${endpoint}' is not an http(s) URL` });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !LOOPBACK.has(url.hostname) } : {}),
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) return resolve({ ok: true, value: text });
          resolve({ ok: false, reason: `${endpoint}: ${res.statusCode} ${errorMessage(text)}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', (e) =>
      resolve({ ok: false, reason: `${endpoint}: ${e.message}; is 'vnetlab serve' running there?` }),
    );
    req.end();
  });
}

/** ARM's error envelope's message, or the start of whatever else came back. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return `${body.error.code ?? ''}: ${body.error.message}`;
  } catch {
    // not JSON: shown as it is
  }
  return text.slice(0, 200);
}

/** -t, --data, --endpoint and --auth-token on an analysis verb; exactly one of the first three is given. */
export const withSource = (command: Command): Command =>
  command
    .option('-t, --topology <file>', 'YAML topology or ARM JSON file')
    .option('--data <dir>', "the state 'vnetlab serve --data DIR' serves and 'vnetlab import' writes")
    .option('--endpoint <url>', "a running 'vnetlab serve', e.g. https://127.0.0.1:8443")
    .option('--auth-token <token>', "--endpoint's bearer token (default $VNETLAB_AUTH_TOKEN)")
    .option(
      '-p, --parameters <file|key=value>',
      "an ARM template's parameters: a parameters file or key=value (JSON or text); repeat for more",
      (value: string, before: string[] = []) => [...before, value],
    );

/**
 * The parsed JSON of a file when it is an ARM deployment template, else undefined. A template names its schema
 * first ($schema: .../deploymentTemplate.json#, as Bicep writes it), so the file's opening is read to tell; an
 * export or topology is then read once, by the loader.
 */
function readTemplate(path: string): unknown {
  let text: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4096);
      text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
    if (!/"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json/i.test(text)) return undefined;
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isDeploymentTemplate(data) ? data : undefined;
  } catch {
    return undefined; // loadWorld reports why
  }
}

/** A template planned with its parameters and deployed into an empty world (arm/template-world.ts). */
function templateLab(template: unknown, given: readonly string[]): Result<LoadedWorld> {
  const parameters = templateParameters(given);
  if (!parameters.ok) return parameters;
  const deployed = worldOfTemplate(template, parameters.value, {
    subscriptionId: DEFAULT_SUBSCRIPTION,
    resourceGroup: DEFAULT_RESOURCE_GROUP,
    location: TEMPLATE_LOCATION,
    now: LOAD_TIME,
  });
  if (!deployed.ok) return deployed;
  return { ok: true, value: { ...deployed.value, topology: SERVED } };
}

// Fidelity: resourceGroup().location of a template analysed from a file; az takes it from the group deployed to.
const TEMPLATE_LOCATION = 'eastus';

/** Parameters as ARM takes them ({ name: { value } }), from parameters files and key=value pairs, later wins. */
function templateParameters(given: readonly string[]): Result<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const item of given) {
    const eq = item.indexOf('=');
    if (eq > 0 && !existsSync(item)) {
      const text = item.slice(eq + 1);
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // a plain string, as az reads key=value
      }
      out[item.slice(0, eq)] = { value };
      continue;
    }
    const path = item.startsWith('@') ? item.slice(1) : item;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return {
        ok: false,
        reason: `--parameters ${item}: not key=value, nor a readable JSON parameters file (${(e as Error).message})`,
      };
    }
    const parameters = isObject(data) && isObject(data.parameters) ? data.parameters : data;
    if (!isObject(parameters))
      return { ok: false, reason: `--parameters ${item}: expected { "parameters": { ... } }` };
    Object.assign(out, parameters);
  }
  return { ok: true, value: out };
}
