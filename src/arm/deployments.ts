// Microsoft.Resources/deployments at resource-group scope: PUT a deployment (template + parameters), validate
// it, read it, its operations and its status. The template engine (template/) plans; this file runs the plan:
// resources are applied one by one in the plan's order, each with its own apply(), so a reference() sees what
// was deployed before it. As in Azure, a deployment is not a transaction: resources deployed before a failure
// stay, the deployment is Failed and names the resource that failed. A template that does not validate is
// refused at once (400 InvalidTemplate) and deploys nothing.
// Sources: ARM REST Deployments (resources.json), "Deployment modes" and "Template deployment operations" docs.
import { canonicalType, findResource, keyOf, parseResourceId } from '../model/index.ts';
import type { Change } from '../model/index.ts';
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { ok, replyError } from './context.ts';
import { A, errorOfProblems } from './errors.ts';
import type { ArmErrorBody } from './errors.ts';
import { page } from './paging.ts';
import { finishedOperation, pollingHeaders } from './operations.ts';
import { whatIf } from './what-if.ts';
import { plannedPut, referenceIn } from './planned.ts';
import type { ProvidedTarget } from './resources.ts';
import type { ResourceGroup } from './state.ts';
import { TENANT_ID } from './identity.ts';
import { planDeployment } from './template/index.ts';
import type { DeploymentPlan, ReferenceFn } from './template/index.ts';
import { isObject } from '../net/index.ts';

const DEPLOYMENT = 'deployment';
const TYPE = 'Microsoft.Resources/deployments';

interface DeploymentOperation {
  readonly id: string;
  readonly operationId: string;
  readonly properties: {
    readonly provisioningOperation: 'Create';
    readonly provisioningState: 'Succeeded' | 'Failed';
    readonly timestamp: string;
    readonly duration: string;
    readonly statusCode: 'OK' | 'Created' | 'BadRequest' | 'NotFound';
    readonly statusMessage?: { error: ArmErrorBody };
    readonly targetResource: { id: string; resourceType: string; resourceName: string };
  };
}

interface DeploymentDocument {
  readonly id: string;
  readonly name: string;
  readonly type: typeof TYPE;
  readonly tags?: Record<string, string>;
  readonly properties: Record<string, unknown> & { provisioningState: 'Succeeded' | 'Failed' };
  readonly operations: DeploymentOperation[];
  readonly statusId: string;
}

export function deploymentRequest(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget): ArmReply {
  const types = t.types.map((s) => s.toLowerCase());
  if (types[0] !== 'deployments' || t.resourceGroup === undefined) return replyError(A.notFound(req.path));
  const group = ctx.state.group(t.subscriptionId, t.resourceGroup);
  if (!group) return replyError(A.resourceGroupNotFound(t.resourceGroup));
  const name = t.names[0];
  if (name === undefined)
    return req.method === 'GET' ? listDeployments(ctx, req, group) : methodNotAllowed(req);
  const id = `${group.id}/providers/${TYPE}/${name}`;
  const doc = ctx.state.document(DEPLOYMENT, id) as DeploymentDocument | undefined;
  if (types.length === 1) {
    if (req.method === 'GET')
      return doc ? ok(bodyOf(doc)) : replyError(A.resourceNotFound(TYPE, name, group.name));
    if (req.method === 'HEAD') return { status: doc ? 204 : 404 };
    if (req.method === 'PUT') return createDeployment(ctx, req, group, id, name, doc);
    if (req.method === 'DELETE') {
      if (!doc) return { status: 204 };
      ctx.state.store.write({ deletes: [[DEPLOYMENT, id.toLowerCase()]] });
      return {
        status: 202,
        headers: {
          Location: `${ctx.baseUrl}${id}/operationStatuses/${doc.statusId}?api-version=${req.query['api-version']!}`,
          'Retry-After': String(ctx.retryAfter),
        },
      };
    }
    return methodNotAllowed(req);
  }
  const sub = types[1];
  if (sub === 'validate' && req.method === 'POST') return validateDeployment(ctx, req, group, id, name);
  if (sub === 'whatif' && req.method === 'POST') return whatIfRequest(ctx, req, group, name);
  if (sub === 'operations' && req.method === 'GET') {
    if (!doc) return replyError(A.resourceNotFound(TYPE, name, group.name));
    const operationId = t.names[1];
    if (operationId === undefined) return ok(page(ctx, req, doc.operations));
    const one = doc.operations.find((o) => o.operationId.toLowerCase() === operationId.toLowerCase());
    return one ? ok(one) : replyError(A.resourceNotFound(`${TYPE}/operations`, operationId, group.name));
  }
  if (sub === 'operationstatuses' && req.method === 'GET') {
    if (!doc) return replyError(A.resourceNotFound(TYPE, name, group.name));
    if (t.names[1] === undefined) return replyError(A.notFound(req.path));
    const error = doc.properties.error as ArmErrorBody | undefined;
    return ok({ status: doc.properties.provisioningState, ...(error ? { error } : {}) });
  }
  return replyError(A.notFound(req.path));
}

const methodNotAllowed = (req: ArmRequest): ArmReply => replyError(A.methodNotAllowed(req.method, req.path));

const bodyOf = (doc: DeploymentDocument) => ({
  id: doc.id,
  name: doc.name,
  type: doc.type,
  ...(doc.tags ? { tags: doc.tags } : {}),
  properties: doc.properties,
});

function listDeployments(ctx: ArmContext, req: ArmRequest, group: ResourceGroup): ArmReply {
  const prefix = `${group.id}/providers/${TYPE}/`.toLowerCase();
  const docs = (ctx.state.documents(DEPLOYMENT) as DeploymentDocument[]).filter((d) =>
    d.id.toLowerCase().startsWith(prefix),
  );
  return ok(page(ctx, req, docs.map(bodyOf)));
}

/** The request body's template and parameters, planned; or the 400 ARM answers before deploying anything. */
const DEPLOYMENT_MODES = ['Incremental', 'Complete'] as const;

function planOf(ctx: ArmContext, req: ArmRequest, group: ResourceGroup, name: string) {
  if (!isObject(req.body) || !isObject(req.body.properties))
    return {
      ok: false as const,
      reply: replyError(A.invalidBody("The request content must have 'properties'.")),
    };
  const p = req.body.properties;
  if (p.templateLink !== undefined || p.parametersLink !== undefined)
    // Fidelity: linked templates would need a fetch from a URI; vnetlab runs offline.
    return {
      ok: false as const,
      reply: replyError(
        A.invalidParameter(
          'vnetlab does not fetch templateLink or parametersLink; send the template inline.',
          name,
        ),
      ),
    };
  // ARM reads enum values in any case (az sends 'incremental' for `az network lb create`) and answers its own.
  const given = typeof p.mode === 'string' ? p.mode : 'Incremental';
  const mode = DEPLOYMENT_MODES.find((m) => m.toLowerCase() === given.toLowerCase());
  if (!mode)
    return {
      ok: false as const,
      reply: replyError(
        A.invalidParameter(
          `The deployment mode '${given}' is not valid; it must be 'Incremental' or 'Complete'.`,
          name,
        ),
      ),
    };
  const subscriptionId = group.id.split('/')[2]!;
  const planned = planDeployment(p.template, p.parameters ?? {}, {
    subscriptionId,
    tenantId: TENANT_ID,
    resourceGroup: {
      id: group.id,
      name: group.name,
      location: group.location,
      ...(group.tags ? { tags: group.tags } : {}),
    },
    deploymentName: name,
  });
  if (!planned.ok) return { ok: false as const, reply: { status: 400, body: { error: planned.error } } };
  return { ok: true as const, plan: planned.value, mode, properties: p };
}

function validateDeployment(
  ctx: ArmContext,
  req: ArmRequest,
  group: ResourceGroup,
  id: string,
  name: string,
): ArmReply {
  const planned = planOf(ctx, req, group, name);
  if (!planned.ok) return planned.reply;
  return ok({
    id,
    name,
    type: TYPE,
    properties: {
      provisioningState: 'Succeeded',
      mode: planned.mode,
      timestamp: ctx.now(),
      validatedResources: planned.plan.resources.map((r) => ({ id: r.id })),
      ...(planned.plan.warnings.length ? { validationWarnings: planned.plan.warnings } : {}),
    },
  });
}

/** POST whatIf: 202 with Location, the WhatIfOperationResult there (final-state-via: location in resources.json). */
function whatIfRequest(ctx: ArmContext, req: ArmRequest, group: ResourceGroup, name: string): ArmReply {
  const planned = planOf(ctx, req, group, name);
  if (!planned.ok) return planned.reply;
  const result = whatIf(ctx.state.world, planned.plan, group, planned.mode);
  const answered = finishedOperation(
    ctx,
    group.id.split('/')[2]!,
    'Microsoft.Resources',
    group.location,
    req.query['api-version']!,
    result,
  );
  ctx.state.store.write(answered.batch);
  return { status: 202, headers: pollingHeaders(ctx, answered, true) };
}

function createDeployment(
  ctx: ArmContext,
  req: ArmRequest,
  group: ResourceGroup,
  id: string,
  name: string,
  existing: DeploymentDocument | undefined,
): ArmReply {
  const planned = planOf(ctx, req, group, name);
  if (!planned.ok) return planned.reply;
  const started = Date.now();
  const run = runPlan(ctx, planned.plan, group, planned.mode);
  const outputs = run.error ? undefined : planned.plan.outputs(run.reference);
  const error: ArmErrorBody | undefined = run.error ?? (outputs && !outputs.ok ? outputs.error : undefined);
  const statusId = ctx.newId();
  const doc: DeploymentDocument = {
    id,
    name,
    type: TYPE,
    ...(isObject(req.body) && isObject(req.body.tags)
      ? { tags: req.body.tags as Record<string, string> }
      : {}),
    statusId,
    operations: run.operations,
    properties: {
      templateHash: String(hashOf(JSON.stringify(planned.properties.template ?? null))),
      parameters: planned.properties.parameters ?? {},
      mode: planned.mode,
      provisioningState: error ? 'Failed' : 'Succeeded',
      timestamp: ctx.now(),
      duration: isoDuration(Date.now() - started),
      correlationId: ctx.newId(),
      providers: [],
      dependencies: [],
      outputResources: run.deployed.map((r) => ({ id: r })),
      ...(outputs?.ok ? { outputs: outputs.value } : {}),
      ...(planned.plan.warnings.length ? { validationWarnings: planned.plan.warnings } : {}),
      ...(error ? { error } : {}),
    },
  };
  ctx.state.putDocument(DEPLOYMENT, id, doc);
  const body = bodyOf(doc);
  return {
    status: existing ? 200 : 201,
    body: { ...body, properties: { ...body.properties, provisioningState: 'Accepted' } },
    headers: {
      'Azure-AsyncOperation': `${ctx.baseUrl}${id}/operationStatuses/${statusId}?api-version=${req.query['api-version']!}`,
      'Retry-After': String(ctx.retryAfter),
    },
  };
}

interface Run {
  readonly deployed: string[];
  readonly operations: DeploymentOperation[];
  readonly error?: ArmErrorBody;
  readonly reference: ReferenceFn;
}

function runPlan(ctx: ArmContext, plan: DeploymentPlan, group: ResourceGroup, mode: string): Run {
  const reference = referenceIn(() => ctx.state.world);
  const deployed: string[] = [];
  const operations: DeploymentOperation[] = [];
  const operation = (
    id: string,
    type: string,
    name: string,
    statusCode: DeploymentOperation['properties']['statusCode'],
    error?: ArmErrorBody,
  ): DeploymentOperation => {
    const operationId = ctx.newId().replace(/-/g, '').slice(0, 16).toUpperCase();
    return {
      id: `${group.id}/providers/${TYPE}/operations/${operationId}`,
      operationId,
      properties: {
        provisioningOperation: 'Create',
        provisioningState: error ? 'Failed' : 'Succeeded',
        timestamp: ctx.now(),
        duration: 'PT0S',
        statusCode,
        ...(error ? { statusMessage: { error } } : {}),
        targetResource: { id, resourceType: type, resourceName: name },
      },
    };
  };
  for (const planned of plan.resources) {
    const failed = (error: ArmErrorBody, status: 'BadRequest' | 'NotFound' = 'BadRequest'): Run => {
      operations.push(operation(planned.id, planned.type, planned.name, status, error));
      return { deployed, operations, reference, error: deploymentFailed(error) };
    };
    if (!canonicalType(planned.type))
      // Fidelity: vnetlab models Microsoft.Network (and VMs); another provider's resource fails its deployment.
      return failed({
        code: 'NoRegisteredProviderFound',
        message: `vnetlab does not model resource type '${planned.type}'.`,
        target: planned.id,
      });
    const parsed = parseResourceId(planned.id);
    if (!parsed.ok) return failed({ code: 'InvalidTemplate', message: parsed.reason, target: planned.id });
    if (!ctx.state.group(parsed.value.subscriptionId, parsed.value.resourceGroup))
      return failed(A.resourceGroupNotFound(parsed.value.resourceGroup).error, 'NotFound');
    const put = plannedPut(planned, reference);
    if (!put.ok) return failed(put.error);
    const existed = findResource(ctx.state.world, planned.id) !== undefined;
    const result = ctx.state.change([put.value.change], put.value.options);
    if (!result.ok) return failed(errorOfProblems(result.problems).error);
    deployed.push(planned.id);
    operations.push(operation(planned.id, planned.type, planned.name, existed ? 'OK' : 'Created'));
  }
  if (mode === 'Complete') {
    // Complete mode: top-level resources of the group that the template does not declare are deleted.
    const declared = new Set(plan.resources.map((r) => keyOf(r.id)));
    const prefix = `${group.id}/`.toLowerCase();
    const changes: Change[] = [];
    for (const [key, r] of ctx.state.world.resources)
      if (key.startsWith(prefix) && !declared.has(key)) changes.push({ op: 'delete', id: r.id });
    const result = ctx.state.change(changes, {});
    if (!result.ok)
      return {
        deployed,
        operations,
        reference,
        error: deploymentFailed(errorOfProblems(result.problems).error),
      };
  }
  return { deployed, operations, reference };
}

// ARM: "At least one resource deployment operation failed. Please list deployment operations for details."
const deploymentFailed = (detail: ArmErrorBody): ArmErrorBody => ({
  code: 'DeploymentFailed',
  message:
    'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
  details: [detail],
});

const isoDuration = (ms: number): string => `PT${(ms / 1000).toFixed(3)}S`;

function hashOf(text: string): bigint {
  // FNV-1a 64: a stable template hash (ARM's own algorithm is not documented).
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    h = BigInt.asUintN(64, (h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return h;
}
