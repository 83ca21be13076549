// What the deployment engine sends the resource provider for one planned template resource: the evaluated body as
// a PUT at the planned ID and api-version, judged as NRP judges a request (unknown members refused). Shared by
// deployments, whatIf and templates read as -t files.
import { findResource } from '../model/index.ts';
import type { ApplyOptions, Change, World } from '../model/index.ts';
import { renderResource } from './render.ts';
import type { PlannedResource, ReferenceFn, TemplateResult } from './template/index.ts';

/** reference(): the resource as GET returns it in the world `current()` gives at the time of the call. */
export const referenceIn =
  (current: () => World): ReferenceFn =>
  (resourceId) => {
    const world = current();
    const r = findResource(world, resourceId);
    return r ? renderResource(world, r) : undefined;
  };

/** The planned resource's PUT, with the apply() options of its request; or the template's evaluation error. */
export function plannedPut(
  planned: PlannedResource,
  reference: ReferenceFn,
): TemplateResult<{ change: Change; options: ApplyOptions }> {
  const body = planned.evaluate(reference);
  if (!body.ok) return body;
  return {
    ok: true,
    value: {
      change: {
        op: 'put',
        resource: { ...body.value, id: planned.id, name: planned.id.split('/').at(-1)! },
        apiVersion: planned.apiVersion,
      },
      options: { apiVersion: planned.apiVersion, unknownMembers: 'refuse' },
    },
  };
}
