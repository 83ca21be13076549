// What a handler sees of an HTTP request and gives back; server.ts translates to and from fastify, so handlers
// are plain functions of the state and the request.
import type { ArmState } from './state.ts';
import type { ArmError } from './errors.ts';

export interface ArmRequest {
  readonly method: string;
  /** The path as sent, without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

export interface ArmReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ArmContext {
  readonly state: ArmState;
  /** Scheme, host and port clients reach the server at, e.g. https://127.0.0.1:8443 */
  readonly baseUrl: string;
  /** Seconds written in Retry-After on long-running operations. */
  readonly retryAfter: number;
  /** Items per page of a list before a nextLink. */
  readonly pageSize: number;
  readonly now: () => string;
  readonly newId: () => string;
}

export const replyError = (e: ArmError): ArmReply => ({ status: e.status, body: { error: e.error } });

export const ok = (body: unknown, status = 200): ArmReply => ({ status, body });
