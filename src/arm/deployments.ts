// Microsoft.Resources/deployments at resource-group scope (filled in with the template engine).
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { replyError } from './context.ts';
import { A } from './errors.ts';
import type { ProvidedTarget } from './resources.ts';

export function deploymentRequest(_ctx: ArmContext, req: ArmRequest, _t: ProvidedTarget): ArmReply {
  return replyError(A.notFound(req.path));
}
