// `vnetlab serve`: an HTTP(S) server on 127.0.0.1 that speaks Azure Resource Manager's protocol. fastify carries
// the bytes; dispatch.ts decides. Bodies are read as text and parsed here, so malformed JSON gets ARM's error
// and never a framework one; anything thrown is a bug, answered 500 in ARM's envelope and logged.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openStore } from '../store/index.ts';
import type { StoreOptions } from '../store/index.ts';
import { ArmState } from './state.ts';
import { EXPORT_PATH, exportWorld } from './export.ts';
import { dispatch } from './dispatch.ts';
import type { ArmContext, ArmRequest } from './context.ts';
import { A } from './errors.ts';
import { certificateIn } from './tls.ts';
import { DEFAULT_SUBSCRIPTION_ID, identityRoutes, TENANT_ID } from './identity.ts';
import { parseJsonBody } from './json-body.ts';
import { bearerMatches, HEALTH_PATH, isOpenRequest } from './auth.ts';

export interface RequestLogEntry {
  readonly method: string;
  /** The path, without the query (api-version and paging tokens are noise in a log). */
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

export interface ServeOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1. Anything else needs authToken. */
  readonly host?: string;
  /** Directory of the SQLite database (and TLS certificate); undefined keeps state in memory. */
  readonly dataDir?: string;
  readonly tls?: boolean;
  /**
   * Where the TLS certificate is kept when there is no dataDir (`serve --in-memory --tls` keeps it in ./.vnetlab,
   * so clients that trust it keep trusting it). Default: a temporary directory, removed on close.
   */
  readonly certDir?: string;
  /** When set, every request must carry `Authorization: Bearer <authToken>`. */
  readonly authToken?: string;
  /** Seconds in Retry-After of long-running operations; default 1. */
  readonly retryAfter?: number;
  /**
   * Create `NetworkWatcher_<region>` in `NetworkWatcherRG` with a region's first VNet, as Azure does. Default true;
   * false is Azure's opt-out (the DisableNetworkWatcherAutocreation feature of Microsoft.Network).
   */
  readonly networkWatcherAutocreate?: boolean;
  /** Called once per answered request (the `serve` log line). */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  readonly pageSize?: number;
  readonly synchronous?: StoreOptions['synchronous'];
}

export interface RunningServer {
  readonly url: string;
  readonly state: ArmState;
  /** PEM file of the certificate, with tls. */
  readonly certFile?: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

// ARM's limit on a request body (RequestContentTooLarge, "exceeds the maximum size of 4 MB"; the ARM RPC's common
// API details).
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'] as const;

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.authToken)
    throw new Error(
      `binding ${host} needs --auth-token: without it anyone who reaches the port can change the lab`,
    );
  const temporaryCertDir =
    options.tls && options.dataDir === undefined && options.certDir === undefined
      ? mkdtempSync(join(tmpdir(), 'vnetlab-tls-'))
      : undefined;
  const certDir = options.dataDir ?? options.certDir ?? temporaryCertDir;
  const certificate = options.tls && certDir !== undefined ? await certificateIn(certDir) : undefined;
  const store = openStore(options.dataDir, options.synchronous ? { synchronous: options.synchronous } : {});
  const state = new ArmState(store, { networkWatcherAutocreate: options.networkWatcherAutocreate ?? true });
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    exposeHeadRoutes: false,
    // Requests fastify refuses before routing (a URL that does not decode...) get ARM's envelope too.
    frameworkErrors: (error, _request, reply) =>
      void sendArm(reply, { status: 400, error: { code: 'InvalidRequestUri', message: error.message } }),
    ...(certificate ? { https: { key: certificate.key, cert: certificate.cert } } : {}),
  }) as unknown as FastifyInstance;

  let baseUrl = '';
  const ctx: ArmContext = {
    state,
    get baseUrl() {
      return baseUrl;
    },
    retryAfter: options.retryAfter ?? 1,
    pageSize: options.pageSize ?? 100,
    now: () => new Date().toISOString(),
    newId: () => randomUUID(),
  };

  app.setNotFoundHandler(
    (request, reply) => void sendArm(reply, A.methodNotAllowed(request.method, request.url)),
  );
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error, _req, reply) => {
    // Framework errors about the request (body too large, bad headers) are the client's; the rest are bugs.
    const status =
      typeof (error as { statusCode?: number }).statusCode === 'number'
        ? (error as { statusCode: number }).statusCode
        : 500;
    if (status >= 500)
      process.stderr.write(
        `vnetlab serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return void sendArm(reply, A.requestContentTooLarge());
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        error: {
          code: status >= 500 ? 'InternalServerError' : 'InvalidRequest',
          message: error instanceof Error ? error.message : String(error),
        },
      });
  });

  // What another process wrote into the data directory (vnetlab import) is read before the request is answered.
  app.addHook('onRequest', async () => void state.refresh());
  // A header given twice is refused before anything reads it (node would keep one or join them silently).
  app.addHook('onRequest', async (request, reply) => {
    const name = repeatedHeader(request.raw.rawHeaders);
    if (name !== undefined)
      return sendArm(reply, A.invalidParameter(`The header '${name}' is given more than once.`, name));
  });
  if (options.authToken) {
    const token = options.authToken;
    // Registered first, on the raw URL: nothing is routed or normalised before it runs.
    app.addHook('onRequest', async (request, reply) => {
      if (isOpenRequest(request.method, request.raw.url ?? '')) return;
      const header = request.headers.authorization;
      if (!header)
        return sendArm(
          reply,
          A.authenticationFailed("Authentication failed. The 'Authorization' header is missing."),
        );
      if (!bearerMatches(header, token)) return sendArm(reply, A.invalidAuthenticationToken());
    });
  }
  // Microsoft Entra and cloud-metadata endpoints, so that az can sign in offline (identity.ts).
  identityRoutes(app, {
    baseUrl: () => baseUrl,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });

  if (options.onRequest) {
    const log = options.onRequest;
    app.addHook('onResponse', async (request, reply) => {
      const url = request.raw.url ?? '';
      const q = url.indexOf('?');
      log({
        method: request.method,
        path: q < 0 ? url : url.slice(0, q),
        status: reply.statusCode,
        ms: reply.elapsedTime,
      });
    });
  }
  // What this is, and whether it is up: answered without a token (auth.ts).
  app.get('/', async (_request, reply) =>
    reply.header('content-type', 'application/json; charset=utf-8').send(
      JSON.stringify({
        name: 'vnetlab',
        description: 'Azure Resource Manager for Azure virtual networking, on one machine',
        subscriptionId: DEFAULT_SUBSCRIPTION_ID,
        tenantId: TENANT_ID,
        metadata: `${baseUrl}/metadata/endpoints?api-version=2022-09-01`,
      }),
    ),
  );
  app.get(HEALTH_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ status: 'Healthy' })),
  );
  // Everything deployed, for `vnetlab export --endpoint` and the analysis verbs' --endpoint (export.ts).
  app.get(EXPORT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(exportWorld(state.world))),
  );

  app.route({
    method: [...METHODS],
    url: '/*',
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const repeated = Object.entries(request.query as Record<string, unknown>).find(([, v]) =>
        Array.isArray(v),
      );
      if (repeated)
        return sendArm(
          reply,
          A.invalidParameter(`The query parameter '${repeated[0]}' is given more than once.`, repeated[0]),
        );
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) return sendArm(reply, A.invalidJson(parsed.reason));
      const url = request.url;
      const q = url.indexOf('?');
      const req: ArmRequest = {
        method: request.method,
        path: q < 0 ? url : url.slice(0, q),
        query: request.query as Record<string, string | undefined>,
        headers: request.headers as Record<string, string | undefined>,
        body: parsed.value,
      };
      const answer = dispatch(ctx, req);
      void reply.status(answer.status);
      void reply.header('x-ms-request-id', randomUUID());
      for (const [k, v] of Object.entries(answer.headers ?? {})) void reply.header(k, v);
      if (answer.body === undefined) return reply.send();
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(answer.body));
    },
  });

  const address = await app.listen({ port: options.port ?? 0, host });
  const port = new URL(address).port;
  baseUrl = `${certificate ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    state,
    ...(certificate ? { certFile: certificate.certFile } : {}),
    app,
    close: async () => {
      await app.close();
      store.close();
      if (temporaryCertDir !== undefined) rmSync(temporaryCertDir, { recursive: true, force: true });
    },
  };
}

function repeatedHeader(raw: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

function sendArm(reply: FastifyReply, e: { status: number; error: unknown }): FastifyReply {
  return reply
    .status(e.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: e.error }));
}
