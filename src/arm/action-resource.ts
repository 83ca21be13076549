// The resource a POST action is on (networkInterfaces/{nic}/effectiveRouteTable, virtualNetworkGateways/{gw}/...).
import { findResource, parseResourceId } from '../model/index.ts';
import type { Resource } from '../model/index.ts';
import type { ActionTarget } from './actions.ts';
import type { ArmContext } from './context.ts';
import { A } from './errors.ts';
import type { ArmError } from './errors.ts';

/** The resource an action is on, when it exists with that type; otherwise ARM's ResourceNotFound for it. */
export function actionResource(
  ctx: ArmContext,
  target: ActionTarget,
  type: string,
): { ok: true; resource: Resource } | { ok: false; error: ArmError } {
  const found = findResource(ctx.state.world, target.parentId);
  if (found?.type === type) return { ok: true, resource: found };
  const parsed = parseResourceId(target.parentId);
  const group = parsed.ok ? parsed.value.resourceGroup : '';
  return { ok: false, error: A.resourceNotFound(type, target.parentId.split('/').at(-1)!, group) };
}
