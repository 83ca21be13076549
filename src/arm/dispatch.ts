// One request in, one reply out: reads the path, checks the api-version against the provider it addresses, and
// hands the request to the handler of what it addresses. No networking logic here.
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { replyError } from './context.ts';
import { A } from './errors.ts';
import { apiVersionsOf, isServedApiVersion } from './api-versions.ts';
import { segmentsOf, targetOf } from './paths.ts';
import type { Target } from './paths.ts';
import {
  getProvider,
  getSubscription,
  groupRequest,
  listGenericResources,
  listGroups,
  listProviders,
  listSubscriptions,
  listTenants,
} from './subscriptions.ts';
import { readOperation } from './operations.ts';
import { resourceRequest } from './resources.ts';
import { deploymentRequest } from './deployments.ts';

export function dispatch(ctx: ArmContext, req: ArmRequest): ArmReply {
  const segments = segmentsOf(req.path);
  const target = segments ? targetOf(segments) : ({ kind: 'unknown' } as const);
  if (target.kind === 'unknown') return replyError(A.notFound(req.path));
  const namespace =
    target.kind === 'provided' || target.kind === 'operation' ? target.namespace : 'Microsoft.Resources';
  if (!apiVersionsOf(namespace)) return replyError(A.invalidNamespace(namespace));
  const version = req.query['api-version'];
  if (version === undefined || version === '') return replyError(A.missingApiVersion());
  if (!isServedApiVersion(namespace, version)) {
    const supported = [...apiVersionsOf(namespace)!].reverse().slice(0, 8);
    return replyError(
      namespace.toLowerCase() === 'microsoft.resources'
        ? A.invalidApiVersion(version, supported)
        : A.unsupportedApiVersion(
            version,
            target.kind === 'provided' ? target.types.join('/') : namespace,
            supported,
          ),
    );
  }
  return route(ctx, req, target);
}

function route(ctx: ArmContext, req: ArmRequest, t: Target): ArmReply {
  const read = req.method === 'GET' || req.method === 'HEAD';
  switch (t.kind) {
    case 'subscriptions':
      return read ? listSubscriptions(ctx, req) : methodNotAllowed(req);
    case 'tenants':
      return read ? listTenants() : methodNotAllowed(req);
    case 'subscription':
      return read ? getSubscription(t.subscriptionId) : methodNotAllowed(req);
    case 'resourceGroups':
      return read ? listGroups(ctx, req, t.subscriptionId) : methodNotAllowed(req);
    case 'resourceGroup':
      return groupRequest(ctx, req, t.subscriptionId, t.resourceGroup);
    case 'genericList':
      return read ? listGenericResources(ctx, req, t.subscriptionId, t.resourceGroup) : methodNotAllowed(req);
    case 'providers':
      return read ? listProviders(ctx, req, t.subscriptionId) : methodNotAllowed(req);
    case 'provider':
      return read ? getProvider(t.subscriptionId, t.namespace) : methodNotAllowed(req);
    case 'operation':
      return read ? readOperation(ctx, t.operationId, t.result) : methodNotAllowed(req);
    case 'provided':
      if (t.types.length === 1 && t.names.length === 0 && t.types[0]!.toLowerCase() === 'register')
        return req.method === 'POST' ? getProvider(t.subscriptionId, t.namespace) : methodNotAllowed(req);
      if (t.namespace.toLowerCase() === 'microsoft.resources') return deploymentRequest(ctx, req, t);
      return resourceRequest(ctx, req, t);
    default:
      return replyError(A.notFound(req.path));
  }
}

const methodNotAllowed = (req: ArmRequest): ArmReply => replyError(A.methodNotAllowed(req.method, req.path));
