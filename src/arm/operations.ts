// Long-running operations (ARM RPC async-api-reference.md; azure-semantics §11.3). vnetlab applies a change
// before it answers, so an operation is already finished when a client first polls it: the PUT answers
// provisioningState 'Updating' with an Azure-AsyncOperation header, and the status read says 'Succeeded'.
// Actions whose answer comes at the end (effective routes, IP flow verify...) keep that answer in the operation,
// served at its Location (operationResults), as Network Watcher does.
import type { StoreBatch } from '../store/index.ts';
import type { ArmContext, ArmReply } from './context.ts';
import { A } from './errors.ts';
import type { ArmErrorBody } from './errors.ts';
import { replyError } from './context.ts';

export const OPERATION = 'operation';

export interface OperationDocument {
  readonly id: string;
  readonly name: string;
  readonly status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  readonly startTime: string;
  readonly endTime?: string;
  readonly error?: ArmErrorBody;
  /** The answer of an action, served at operationResults. */
  readonly result?: unknown;
}

export interface StartedOperation {
  readonly document: OperationDocument;
  /** Write it with the change it belongs to. */
  readonly batch: StoreBatch;
  readonly asyncOperationUrl: string;
  readonly locationUrl: string;
}

/** A finished operation of a change, with the URLs clients poll. */
export function finishedOperation(
  ctx: ArmContext,
  subscriptionId: string,
  namespace: string,
  location: string,
  apiVersion: string,
  result?: unknown,
): StartedOperation {
  const name = ctx.newId();
  const now = ctx.now();
  const base = `/subscriptions/${subscriptionId}/providers/${namespace}/locations/${location}`;
  const document: OperationDocument = {
    id: `${base}/operations/${name}`,
    name,
    status: 'Succeeded',
    startTime: now,
    endTime: now,
    ...(result !== undefined ? { result } : {}),
  };
  return {
    document,
    batch: { puts: [[OPERATION, name.toLowerCase(), document]] },
    asyncOperationUrl: `${ctx.baseUrl}${base}/operations/${name}?api-version=${apiVersion}`,
    locationUrl: `${ctx.baseUrl}${base}/operationResults/${name}?api-version=${apiVersion}`,
  };
}

export const pollingHeaders = (
  ctx: ArmContext,
  op: StartedOperation,
  withLocation: boolean,
): Record<string, string> => ({
  'Azure-AsyncOperation': op.asyncOperationUrl,
  ...(withLocation ? { Location: op.locationUrl } : {}),
  'Retry-After': String(ctx.retryAfter),
});

/** GET .../operations/{id} (status) or .../operationResults/{id} (the answer). */
export function readOperation(ctx: ArmContext, operationId: string, result: boolean): ArmReply {
  const doc = ctx.state.document(OPERATION, operationId) as OperationDocument | undefined;
  if (!doc) return replyError(A.operationNotFound(operationId));
  if (!result) {
    const { result: _answer, ...status } = doc;
    return { status: 200, body: status };
  }
  if (doc.status === 'Failed' && doc.error) return { status: 400, body: { error: doc.error } };
  return doc.result === undefined ? { status: 204 } : { status: 200, body: doc.result };
}
