// Microsoft.Network and Microsoft.Compute resources at their ARM paths: PUT (long-running: 201/200 with
// Azure-AsyncOperation, provisioningState 'Updating'), GET, PATCH (tags), DELETE (202 with Location, 204 when
// already gone), lists with nextLink, and child resources at their own paths. Every change goes through
// apply(); a refused one changes nothing and answers ARM's error. azure-semantics §11.1-11.4.
import {
  canonicalType,
  findResource,
  INLINE_CHILDREN,
  isTracked,
  keyOf,
  parentIdOf,
  T,
} from '../model/index.ts';
import { normalizeLocation } from '../model/normalize.ts';
import type { Resource } from '../model/index.ts';
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { ok, replyError } from './context.ts';
import { A, errorOfProblems } from './errors.ts';
import { finishedOperation, pollingHeaders } from './operations.ts';
import { page } from './paging.ts';
import { renderResource } from './render.ts';
import { runAction } from './actions.ts';
import { readFunction } from './read-functions.ts';
import { NETWORK_WATCHER_TYPE, networkWatcherRequest } from './network-watcher.ts';
import { isObject } from '../net/index.ts';

export interface ProvidedTarget {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  readonly namespace: string;
  readonly types: readonly string[];
  readonly names: readonly string[];
}

/** Read-only collections served at their own paths but never PUT (ARM computes them). */
const READ_ONLY_CHILDREN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [T.networkSecurityGroup]: { defaultSecurityRules: 'defaultSecurityRules' },
};

export function resourceRequest(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget): ArmReply {
  const namespace = t.namespace;
  const rawType = `${namespace}/${t.types.join('/')}`;
  const collection = t.names.length === t.types.length - 1;
  if (collection && req.method === 'POST' && t.types.length >= 2) return actionRequest(ctx, req, t);
  if (rawType.toLowerCase() === NETWORK_WATCHER_TYPE.toLowerCase())
    return networkWatcherRequest(ctx, req, {
      subscriptionId: t.subscriptionId,
      ...(t.resourceGroup !== undefined ? { resourceGroup: t.resourceGroup } : {}),
      ...(t.names[0] !== undefined ? { name: t.names[0] } : {}),
    });
  const computed = readFunction(ctx, req, t);
  if (computed) return computed;
  const type = canonicalType(rawType) ?? readOnlyChildType(rawType);
  if (!type)
    return replyError(A.invalidResourceType(t.types.join('/'), namespace, req.query['api-version'] ?? ''));
  if (collection)
    return req.method === 'GET'
      ? listRequest(ctx, req, t, type)
      : replyError(A.methodNotAllowed(req.method, req.path));
  if (t.resourceGroup === undefined) return replyError(A.notFound(req.path));
  const group = ctx.state.group(t.subscriptionId, t.resourceGroup);
  if (!group) return replyError(A.resourceGroupNotFound(t.resourceGroup));
  const id = idOf(t, type, group.id);
  const existing = findResource(ctx.state.world, id) ?? readOnlyChild(ctx, id, type);
  switch (req.method) {
    case 'GET':
      return existing ? ok(renderResource(ctx.state.world, existing)) : replyError(notFoundOf(t, type));
    case 'HEAD':
      return { status: existing ? 204 : 404 };
    case 'PUT':
      if (readOnlyChildType(rawType)) return replyError(A.methodNotAllowed(req.method, req.path));
      return putRequest(ctx, req, t, type, existing?.id ?? id, existing);
    case 'PATCH':
      return patchRequest(ctx, req, t, type, existing);
    case 'DELETE':
      if (readOnlyChildType(rawType)) return replyError(A.methodNotAllowed(req.method, req.path));
      return deleteRequest(ctx, req, t, existing, group.location);
    default:
      return replyError(A.methodNotAllowed(req.method, req.path));
  }
}

/** The resource ID with ARM's casing for the literal segments and types, and the names as the client sent. */
function idOf(t: ProvidedTarget, type: string, groupId: string): string {
  const types = type.split('/').slice(1);
  const tail = types.map((segment, i) => `${segment}/${t.names[i]}`).join('/');
  return `${groupId}/providers/${type.split('/')[0]}/${tail}`;
}

function notFoundOf(t: ProvidedTarget, type: string) {
  return A.resourceNotFound(type, t.names.join('/'), t.resourceGroup ?? '');
}

function readOnlyChildType(rawType: string): string | undefined {
  const cut = rawType.lastIndexOf('/');
  const parent = canonicalType(rawType.slice(0, cut));
  const segment = rawType.slice(cut + 1).toLowerCase();
  const children = parent ? READ_ONLY_CHILDREN[parent] : undefined;
  const match = children && Object.keys(children).find((k) => k.toLowerCase() === segment);
  return match ? `${parent}/${match}` : undefined;
}

function readOnlyChild(ctx: ArmContext, id: string, type: string): Resource | undefined {
  const parentId = parentIdOf(id);
  const parent = parentId ? findResource(ctx.state.world, parentId) : undefined;
  const property = parent ? READ_ONLY_CHILDREN[parent.type]?.[type.split('/').at(-1)!] : undefined;
  const list = property ? parent!.properties[property] : undefined;
  return Array.isArray(list) ? (list as Resource[]).find((c) => keyOf(c.id) === keyOf(id)) : undefined;
}

function preconditionError(req: ArmRequest, existing: Resource | undefined) {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch !== undefined) {
    if (!existing) return A.preconditionFailed('The resource does not exist; If-Match cannot be satisfied.');
    if (ifMatch !== '*' && !etagsOf(ifMatch).includes(bareEtag(existing.etag)))
      return A.preconditionFailed(
        `The etag '${ifMatch}' does not match the resource's etag '${existing.etag ?? ''}'.`,
      );
  }
  if (ifNoneMatch !== undefined && existing) {
    if (ifNoneMatch === '*' || etagsOf(ifNoneMatch).includes(bareEtag(existing.etag)))
      return A.preconditionFailed('The resource already exists and If-None-Match forbids replacing it.');
  }
  return undefined;
}

// RFC 9110 §8.8.3: weak and strong forms of one etag name the same version for these comparisons.
const bareEtag = (etag: string | undefined): string => (etag ?? '').replace(/^W\//, '');
const etagsOf = (header: string): string[] => header.split(',').map((e) => bareEtag(e.trim()));

function putRequest(
  ctx: ArmContext,
  req: ArmRequest,
  t: ProvidedTarget,
  type: string,
  id: string,
  existing: Resource | undefined,
): ArmReply {
  const pre = preconditionError(req, existing);
  if (pre) return replyError(pre);
  if (!isObject(req.body)) return replyError(A.invalidBody('The request content must be a JSON object.'));
  const envelope = envelopeError(req.body, id);
  if (envelope) return replyError(envelope);
  const body: Record<string, unknown> = { ...req.body, id, name: id.split('/').at(-1)!, type };
  const top = parentIdOf(id) === undefined;
  if (top && isTracked(type)) {
    if (typeof body.location !== 'string' || body.location.trim() === '')
      return replyError(A.locationRequired(id));
    if (existing?.location && normalizeLocation(body.location) !== existing.location)
      return replyError(
        A.invalidParameter(
          `The resource '${id}' already exists in location '${existing.location}'. A resource with the same name cannot be created in location '${normalizeLocation(body.location)}'.`,
          id,
        ),
      );
  }
  const apiVersion = req.query['api-version']!;
  const location = typeof body.location === 'string' ? normalizeLocation(body.location) : locationOf(ctx, id);
  const op = finishedOperation(ctx, t.subscriptionId, t.namespace, location, apiVersion);
  const result = ctx.state.change(
    [{ op: 'put', resource: body, apiVersion }],
    { apiVersion, unknownMembers: 'refuse' },
    op.batch,
  );
  if (!result.ok) return replyError(errorOfProblems(result.problems));
  const stored = findResource(result.world, id)!;
  const rendered = renderResource(result.world, stored);
  (rendered.properties as Record<string, unknown>).provisioningState = 'Updating';
  return { status: existing ? 200 : 201, body: rendered, headers: pollingHeaders(ctx, op, false) };
}

/**
 * The envelope ARM reads before the resource provider does (tags, location, properties, sku, zones): a value of
 * the wrong JSON type is 400 InvalidRequestContent, as ARM answers a body it cannot deserialise.
 */
function envelopeError(body: Record<string, unknown>, id: string) {
  const wrong = (what: string, path: string) =>
    A.invalidBody(
      `The request content was invalid and could not be deserialized: '${what}' at path '${path}'.`,
      id,
    );
  if (
    body.tags !== undefined &&
    (!isObject(body.tags) || Object.values(body.tags).some((x) => typeof x !== 'string'))
  )
    return wrong("'tags' must be an object of strings", 'tags');
  if (body.location !== undefined && typeof body.location !== 'string')
    return wrong("'location' must be a string", 'location');
  if (body.properties !== undefined && !isObject(body.properties))
    return wrong("'properties' must be an object", 'properties');
  if (body.sku !== undefined && !isObject(body.sku)) return wrong("'sku' must be an object", 'sku');
  if (
    body.zones !== undefined &&
    (!Array.isArray(body.zones) || body.zones.some((z) => typeof z !== 'string'))
  )
    return wrong("'zones' must be an array of strings", 'zones');
  return undefined;
}

function patchRequest(
  ctx: ArmContext,
  req: ArmRequest,
  t: ProvidedTarget,
  type: string,
  existing: Resource | undefined,
): ArmReply {
  if (!existing) return replyError(notFoundOf(t, type));
  const pre = preconditionError(req, existing);
  if (pre) return replyError(pre);
  if (!isObject(req.body)) return replyError(A.invalidBody('The request content must be a JSON object.'));
  const tags = req.body.tags;
  if (tags !== undefined && (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string')))
    return replyError(A.invalidBody("'tags' must be an object of strings", existing.id));
  // UpdateTags (TagsObject) replaces the tags; nothing else is patchable this way.
  const body = { ...existing, ...(tags !== undefined ? { tags } : {}) };
  const apiVersion = req.query['api-version']!;
  const result = ctx.state.change([{ op: 'put', resource: body, apiVersion }], { apiVersion });
  if (!result.ok) return replyError(errorOfProblems(result.problems));
  return ok(renderResource(result.world, findResource(result.world, existing.id)!));
}

function deleteRequest(
  ctx: ArmContext,
  req: ArmRequest,
  t: ProvidedTarget,
  existing: Resource | undefined,
  groupLocation: string,
): ArmReply {
  if (!existing) return { status: 204 };
  const pre = preconditionError(req, existing);
  if (pre) return replyError(pre);
  const apiVersion = req.query['api-version']!;
  const op = finishedOperation(
    ctx,
    t.subscriptionId,
    t.namespace,
    existing.location ?? locationOf(ctx, existing.id) ?? groupLocation,
    apiVersion,
  );
  const result = ctx.state.change([{ op: 'delete', id: existing.id }], { apiVersion }, op.batch);
  if (!result.ok) return replyError(errorOfProblems(result.problems));
  return { status: 202, headers: pollingHeaders(ctx, op, true) };
}

/** A child's location is its top-level ancestor's. */
function locationOf(ctx: ArmContext, id: string): string {
  let at: string | undefined = id;
  while (at) {
    const r = ctx.state.world.resources.get(keyOf(at));
    if (r?.location) return r.location;
    at = parentIdOf(at);
  }
  return 'global';
}

function listRequest(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget, type: string): ArmReply {
  const world = ctx.state.world;
  if (t.resourceGroup !== undefined && !ctx.state.group(t.subscriptionId, t.resourceGroup))
    return replyError(A.resourceGroupNotFound(t.resourceGroup));
  if (t.types.length === 1) {
    const scope = (
      t.resourceGroup === undefined
        ? `/subscriptions/${t.subscriptionId}/`
        : `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/`
    ).toLowerCase();
    const items: unknown[] = [];
    for (const [key, r] of world.resources)
      if (r.type === type && key.startsWith(scope)) items.push(renderResource(world, r));
    return ok(page(ctx, req, items));
  }
  if (t.resourceGroup === undefined) return replyError(A.notFound(req.path));
  const group = ctx.state.group(t.subscriptionId, t.resourceGroup)!;
  const parentType = type.slice(0, type.lastIndexOf('/'));
  const parentId = idOf({ ...t, types: t.types.slice(0, -1) }, parentType, group.id);
  const parent = findResource(world, parentId);
  if (!parent) return replyError(A.resourceNotFound(parentType, t.names.join('/'), t.resourceGroup));
  const segment = type.slice(type.lastIndexOf('/') + 1);
  const property = INLINE_CHILDREN[parent.type]?.[segment] ?? READ_ONLY_CHILDREN[parent.type]?.[segment];
  let children: Resource[];
  if (property) {
    const list = parent.properties[property];
    children = Array.isArray(list) ? (list as Resource[]) : [];
  } else {
    const parentKey = keyOf(parent.id);
    children = [...world.resources.values()].filter(
      (r) => r.type === type && keyOf(parentIdOf(r.id) ?? '') === parentKey,
    );
  }
  return ok(
    page(
      ctx,
      req,
      children.map((c) => renderResource(world, c)),
    ),
  );
}

/** POST {parent}/{action}: Network Watcher questions, effective routes and rules, AVNM commit. */
function actionRequest(ctx: ArmContext, req: ArmRequest, t: ProvidedTarget): ArmReply {
  if (t.resourceGroup === undefined) return replyError(A.notFound(req.path));
  const parentTypes = t.types.slice(0, -1);
  const parentRaw = `${t.namespace}/${parentTypes.join('/')}`;
  const watcher = parentRaw.toLowerCase() === NETWORK_WATCHER_TYPE.toLowerCase();
  const parentType = canonicalType(parentRaw) ?? (watcher ? NETWORK_WATCHER_TYPE : undefined);
  if (!parentType)
    return replyError(
      A.invalidResourceType(parentTypes.join('/'), t.namespace, req.query['api-version'] ?? ''),
    );
  // Fidelity: Azure creates NetworkWatcherRG and NetworkWatcher_<region> with the first VNet of a region, and
  // clients (az network watcher, the portal) address them there; vnetlab answers a watcher's questions in any
  // resource group, also one that does not exist.
  const group = ctx.state.group(t.subscriptionId, t.resourceGroup);
  if (!group && !watcher) return replyError(A.resourceGroupNotFound(t.resourceGroup));
  const groupId = group?.id ?? `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}`;
  const parentId = idOf({ ...t, types: parentTypes }, parentType, groupId);
  return runAction(ctx, req, {
    subscriptionId: t.subscriptionId,
    namespace: t.namespace,
    parentType,
    parentId,
    action: t.types.at(-1)!,
    location: group?.location ?? watcherRegion(t.names.at(-1)!),
  });
}

/** The region a watcher's operations live in: NetworkWatcher_<region> names it; else 'global'. */
const watcherRegion = (name: string): string =>
  /^networkwatcher_([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? 'global';
