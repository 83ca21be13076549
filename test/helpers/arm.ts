// Shared helpers for tests of the ARM API: an in-process vnetlab server on a free port (in-memory store) and
// the official Azure SDK clients pointed at it. The SDK sends bearer tokens only over TLS; on loopback vnetlab
// serves plain http, so the clients drop their bearer-token policy and allow an insecure connection (what
// DESIGN.md §7 suggests). Every test file starts its own server and closes it.
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { RestError } from '@azure/core-rest-pipeline';
import assert from 'node:assert/strict';
import { startServer } from '../../src/arm/index.ts';
import type { RunningServer, ServeOptions } from '../../src/arm/index.ts';
import { DEFAULT_SUBSCRIPTION_ID } from '../../src/arm/index.ts';

export const SUB = DEFAULT_SUBSCRIPTION_ID;
export const API = '2025-07-01';

/** A credential that hands out a fixed token: vnetlab accepts any on loopback. */
export const fakeCredential: TokenCredential = {
  getToken: async () => ({ token: 'vnetlab', expiresOnTimestamp: Date.now() + 3600e3 }),
};

export const startLab = (options: ServeOptions = {}): Promise<RunningServer> =>
  startServer({ retryAfter: 0, ...options });

interface WithPipeline {
  readonly pipeline: { removePolicy(options: { name: string }): unknown };
}

function insecure<C extends WithPipeline>(client: C): C {
  client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  return client;
}

export function networkClient(server: RunningServer, subscriptionId = SUB): NetworkManagementClient {
  return insecure(
    new NetworkManagementClient(fakeCredential, subscriptionId, {
      endpoint: server.url,
      $host: server.url,
      allowInsecureConnection: true,
    }),
  );
}

export function resourcesClient(server: RunningServer, subscriptionId = SUB): ResourceManagementClient {
  return insecure(
    new ResourceManagementClient(fakeCredential, subscriptionId, {
      endpoint: server.url,
      $host: server.url,
      allowInsecureConnection: true,
    }),
  );
}

/** Options for begin...AndWait calls: poll without waiting (vnetlab's operations are finished when answered). */
export const FAST = { updateIntervalInMs: 0 } as const;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when there is none. */
  readonly body: unknown;
  readonly text: string;
}

/** One raw HTTP request to the server: `path` may carry a query; `body` is sent as JSON unless it is a string. */
export async function http(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const url = path.startsWith('http') ? path : `${server.url}${path}`;
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown;
  if (text !== '') parsed = JSON.parse(text) as unknown;
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The ARM path of a resource group. */
export const groupPath = (rg: string, sub = SUB): string => `/subscriptions/${sub}/resourceGroups/${rg}`;

/** The ARM path of a Microsoft.Network resource, e.g. net('rg', 'virtualNetworks/v1/subnets/s1'). */
export const net = (rg: string, rest: string, sub = SUB): string =>
  `${groupPath(rg, sub)}/providers/Microsoft.Network/${rest}`;

/** Appends the api-version. */
export const v = (path: string, apiVersion = API): string =>
  `${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;

/** Reads a nested property of a JSON value: at(body, 'properties', 'subnets', 0, 'name'). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** Awaits an SDK call that must fail with ARM's `code` and HTTP `status`; returns the RestError. */
export async function rejectsWith(p: Promise<unknown>, status: number, code: string): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RestError, `a RestError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.statusCode, status);
    return e;
  }
  assert.fail(`expected ${status} ${code}`);
}
