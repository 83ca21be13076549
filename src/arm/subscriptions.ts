// Microsoft.Resources as far as the Azure SDKs and the Azure CLI need it: subscriptions, tenants, resource
// groups, resource providers and the generic resource lists (REST: Subscriptions, Tenants, ResourceGroups,
// Providers, Resources operation groups of Microsoft.Resources).
import { parseResourceId, T } from '../model/index.ts';
import { normalizeLocation } from '../model/normalize.ts';
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { ok, replyError } from './context.ts';
import { A, errorOfProblems } from './errors.ts';
import { apiVersionsOf, NAMESPACES } from './api-versions.ts';
import { finishedOperation } from './operations.ts';
import { page } from './paging.ts';
import { NETWORK_WATCHER, watcherKeysInGroup } from './network-watcher.ts';
import type { NetworkWatcherDocument } from './network-watcher.ts';
import type { ResourceGroup } from './state.ts';

import { DEFAULT_SUBSCRIPTION_ID, TENANT_ID } from './identity.ts';
import { isObject } from '../net/index.ts';

const subscriptionBody = (id: string) => ({
  id: `/subscriptions/${id}`,
  subscriptionId: id,
  tenantId: TENANT_ID,
  displayName: id === DEFAULT_SUBSCRIPTION_ID ? 'vnetlab' : `vnetlab ${id}`,
  state: 'Enabled',
  subscriptionPolicies: {
    locationPlacementId: 'Public_2014-09-01',
    quotaId: 'PayAsYouGo_2014-09-01',
    spendingLimit: 'Off',
  },
  authorizationSource: 'RoleBased',
});

/** Subscriptions: the default one and every one that holds a resource group. Fidelity: any ID is accepted. */
function subscriptionIds(ctx: ArmContext): string[] {
  const seen = new Map<string, string>([[DEFAULT_SUBSCRIPTION_ID, DEFAULT_SUBSCRIPTION_ID]]);
  for (const g of ctx.state.groups()) {
    const sub = g.id.split('/')[2]!;
    if (!seen.has(sub.toLowerCase())) seen.set(sub.toLowerCase(), sub);
  }
  return [...seen.values()];
}

export const listSubscriptions = (ctx: ArmContext, req: ArmRequest): ArmReply =>
  ok(page(ctx, req, subscriptionIds(ctx).map(subscriptionBody)));

export const getSubscription = (subscriptionId: string): ArmReply => ok(subscriptionBody(subscriptionId));

export const listTenants = (): ArmReply =>
  ok({
    value: [
      { id: `/tenants/${TENANT_ID}`, tenantId: TENANT_ID, tenantCategory: 'Home', displayName: 'vnetlab' },
    ],
  });

const groupsOf = (ctx: ArmContext, subscriptionId: string): ResourceGroup[] =>
  ctx.state.groups().filter((g) => g.id.split('/')[2]!.toLowerCase() === subscriptionId.toLowerCase());

export const listGroups = (ctx: ArmContext, req: ArmRequest, subscriptionId: string): ArmReply =>
  ok(page(ctx, req, groupsOf(ctx, subscriptionId)));

export function groupRequest(
  ctx: ArmContext,
  req: ArmRequest,
  subscriptionId: string,
  name: string,
): ArmReply {
  const existing = ctx.state.group(subscriptionId, name);
  switch (req.method) {
    case 'GET':
      return existing ? ok(existing) : replyError(A.resourceGroupNotFound(name));
    case 'HEAD':
      return { status: existing ? 204 : 404 };
    case 'PUT':
      return putGroup(ctx, req, subscriptionId, name, existing);
    case 'PATCH': {
      if (!existing) return replyError(A.resourceGroupNotFound(name));
      const tags = isObject(req.body) && isObject(req.body.tags) ? stringTags(req.body.tags) : undefined;
      if (isObject(req.body) && req.body.tags !== undefined && !tags)
        return replyError(A.invalidBody("'tags' must be an object of strings"));
      const group: ResourceGroup = { ...existing, ...(tags ? { tags } : {}) };
      ctx.state.putGroup(group);
      return ok(group);
    }
    case 'DELETE': {
      if (!existing) return { status: 404, body: { error: A.resourceGroupNotFound(name).error } };
      const version = req.query['api-version']!;
      const op = finishedOperation(ctx, subscriptionId, 'Microsoft.Resources', existing.location, version);
      // The group's network watchers (documents, not in the world) go with it, in the same transaction.
      const watchers = watcherKeysInGroup(ctx, existing.id).map((k) => [NETWORK_WATCHER, k] as const);
      const result = ctx.state.deleteGroup(
        subscriptionId,
        name,
        { apiVersion: version },
        { ...op.batch, deletes: watchers },
      );
      if (!result.ok) return replyError(errorOfProblems(result.problems));
      return { status: 202, headers: { Location: op.locationUrl, 'Retry-After': String(ctx.retryAfter) } };
    }
    default:
      return replyError(A.methodNotAllowed(req.method, req.path));
  }
}

function putGroup(
  ctx: ArmContext,
  req: ArmRequest,
  subscriptionId: string,
  name: string,
  existing: ResourceGroup | undefined,
): ArmReply {
  if (!isObject(req.body)) return replyError(A.invalidBody('The request body must be a JSON object.'));
  if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith('.'))
    return replyError(A.invalidParameter(`Resource group name '${name}' is invalid.`, name));
  const location = req.body.location;
  if (typeof location !== 'string' || location.trim() === '') return replyError(A.locationRequired(name));
  let tags: Record<string, string> | undefined;
  if (req.body.tags !== undefined) {
    tags = isObject(req.body.tags) ? stringTags(req.body.tags) : undefined;
    if (!tags) return replyError(A.invalidBody("'tags' must be an object of strings", name));
  }
  const group: ResourceGroup = {
    // ARM keeps the casing a group was created with.
    id: existing?.id ?? `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
    name: existing?.name ?? name,
    type: 'Microsoft.Resources/resourceGroups',
    location: existing?.location ?? normalizeLocation(location),
    ...(tags ? { tags } : {}),
    ...(typeof req.body.managedBy === 'string' ? { managedBy: req.body.managedBy } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
  ctx.state.putGroup(group);
  return ok(group, existing ? 200 : 201);
}

function stringTags(tags: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** GET /subscriptions/{s}/resources and /resourceGroups/{rg}/resources: the resources in their envelope. */
export function listGenericResources(
  ctx: ArmContext,
  req: ArmRequest,
  subscriptionId: string,
  resourceGroup?: string,
): ArmReply {
  if (resourceGroup !== undefined && !ctx.state.group(subscriptionId, resourceGroup))
    return replyError(A.resourceGroupNotFound(resourceGroup));
  const prefix =
    resourceGroup === undefined
      ? `/subscriptions/${subscriptionId}/`.toLowerCase()
      : `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase();
  const filter = parseTypeFilter(req.query['$filter']);
  // `az resource list -g rg` asks at subscription scope with $filter=resourceGroup eq 'rg'.
  const inGroup = req.query['$filter']?.match(/resourceGroup\s+eq\s+'([^']+)'/i)?.[1];
  if (inGroup !== undefined && resourceGroup === undefined)
    return listGenericResources(
      ctx,
      {
        ...req,
        query: {
          ...req.query,
          $filter: req.query['$filter']!.replace(/resourceGroup\s+eq\s+'[^']+'(\s+and\s+)?/i, ''),
        },
      },
      subscriptionId,
      inGroup,
    );
  const items: unknown[] = [];
  for (const [key, r] of ctx.state.world.resources) {
    if (!key.startsWith(prefix)) continue;
    if (filter && r.type.toLowerCase() !== filter) continue;
    items.push({
      id: r.id,
      name: r.name,
      type: r.type,
      ...(r.location !== undefined ? { location: r.location } : {}),
      ...(r.tags !== undefined ? { tags: r.tags } : {}),
      ...(r.sku !== undefined ? { sku: r.sku } : {}),
      ...(r.kind !== undefined ? { kind: r.kind } : {}),
    });
  }
  for (const w of ctx.state.documents(NETWORK_WATCHER) as NetworkWatcherDocument[]) {
    if (!w.id.toLowerCase().startsWith(prefix)) continue;
    if (filter && w.type.toLowerCase() !== filter) continue;
    items.push({
      id: w.id,
      name: w.name,
      type: w.type,
      location: w.location,
      ...(w.tags !== undefined ? { tags: w.tags } : {}),
    });
  }
  return ok(page(ctx, req, items));
}

/** "resourceType eq 'Microsoft.Network/virtualNetworks'", the filter `az resource list --resource-type` sends. */
function parseTypeFilter(filter: string | undefined): string | undefined {
  const m = filter?.match(/resourceType\s+eq\s+'([^']+)'/i);
  return m?.[1]?.toLowerCase();
}

const RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.Network': [
    ...new Set(
      Object.values(T)
        .filter((t) => t.startsWith('Microsoft.Network/'))
        .map((t) => t.slice('Microsoft.Network/'.length)),
    ),
    'networkWatchers',
    'locations',
    'locations/operations',
    'locations/operationResults',
  ],
  'Microsoft.Compute': ['virtualMachines'],
  'Microsoft.Resources': ['resourceGroups', 'deployments', 'subscriptions', 'tenants'],
};

const providerBody = (subscriptionId: string, namespace: string) => ({
  id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
  namespace,
  registrationState: 'Registered',
  registrationPolicy: 'RegistrationRequired',
  resourceTypes: (RESOURCE_TYPES[namespace] ?? []).map((resourceType) => ({
    resourceType,
    locations: [],
    // Newest first, as ARM lists them; `az resource` picks the first non-preview one.
    apiVersions: [...(apiVersionsOf(namespace) ?? [])].reverse(),
  })),
});

export const listProviders = (ctx: ArmContext, req: ArmRequest, subscriptionId: string): ArmReply =>
  ok(
    page(
      ctx,
      req,
      NAMESPACES.map((ns) => providerBody(subscriptionId, ns)),
    ),
  );

/** GET .../providers/{ns}, and POST .../providers/{ns}/register (every provider is registered already). */
export function getProvider(subscriptionId: string, namespace: string): ArmReply {
  const known = NAMESPACES.find((ns) => ns.toLowerCase() === namespace.toLowerCase());
  return known ? ok(providerBody(subscriptionId, known)) : replyError(A.invalidNamespace(namespace));
}

/** Whether a resource ID lies in an existing resource group. */
export function groupOfId(ctx: ArmContext, id: string): ResourceGroup | undefined {
  const parsed = parseResourceId(id);
  return parsed.ok ? ctx.state.group(parsed.value.subscriptionId, parsed.value.resourceGroup) : undefined;
}
