// POST actions on a resource: {parentId}/{action}. Each is answered as Azure answers it; the long-running ones
// (Network Watcher questions, effective routes and rules, AVNM commit) answer 202 with Location and
// Azure-AsyncOperation, and the result is read at the Location (final-state-via: location in network.json).
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { replyError } from './context.ts';
import { A } from './errors.ts';
import type { ArmError } from './errors.ts';
import { finishedOperation, pollingHeaders } from './operations.ts';
import { networkActions } from './network-actions.ts';

export interface ActionTarget {
  readonly subscriptionId: string;
  readonly namespace: string;
  /** Canonical type of the resource the action is on, e.g. Microsoft.Network/networkWatchers. */
  readonly parentType: string;
  readonly parentId: string;
  /** The action segment as sent, e.g. 'ipFlowVerify'. */
  readonly action: string;
  /** The resource group's location (for operation URLs). */
  readonly location: string;
}

/** An action's answer: a result to serve at the operation's Location, or an error. */
export type ActionOutcome = { ok: true; result: unknown } | { ok: false; error: ArmError };

/** An action computes its answer from the state (a change goes through ctx.state.change). */
export type ActionHandler = (ctx: ArmContext, req: ArmRequest, target: ActionTarget) => ActionOutcome;

const handlers = new Map<string, ActionHandler>();
for (const [parentType, actions] of Object.entries(networkActions))
  for (const [action, handler] of Object.entries(actions))
    handlers.set(`${parentType}/${action}`.toLowerCase(), handler);

export function runAction(ctx: ArmContext, req: ArmRequest, target: ActionTarget): ArmReply {
  const handler = handlers.get(`${target.parentType}/${target.action}`.toLowerCase());
  if (!handler) return replyError(A.notFound(req.path));
  const apiVersion = req.query['api-version']!;
  const outcome = handler(ctx, req, target);
  if (!outcome.ok) return replyError(outcome.error);
  const answered = finishedOperation(
    ctx,
    target.subscriptionId,
    target.namespace,
    target.location,
    apiVersion,
    outcome.result,
  );
  ctx.state.store.write(answered.batch);
  return { status: 202, headers: pollingHeaders(ctx, answered, true) };
}
