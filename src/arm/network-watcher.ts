// Network Watcher at the ARM API: the POST questions (effective routes and security rules of a NIC, next hop,
// IP flow verify, connectivity check) answered as long-running operations by runAction (actions.ts), and the
// networkWatchers resource itself, kept as a plain document (the world does not model it).
// Request and response shapes: networkWatcher.json and networkInterface.json in Azure/azure-rest-api-specs
// (NextHopParameters, VerificationIPFlowParameters, ConnectivityParameters); azure-semantics §10 and §11.
// Fidelity: a network watcher does not have to exist for its actions to answer. Azure needs the region's watcher
// (it auto-creates NetworkWatcher_<region> in NetworkWatcherRG when a VNet is created); vnetlab answers for any
// watcher name in an existing resource group, and any target in the subscription.
import { getResource, keyOf, parseResourceId, T } from '../model/index.ts';
import type { Resource, World } from '../model/index.ts';
import { normalizeLocation } from '../model/normalize.ts';
import {
  connectivityCheck,
  effectiveNetworkSecurityGroups,
  effectiveRouteTable,
  ipFlowVerify,
  nextHop,
  resolveNic,
} from '../diagnostics/index.ts';
import { describeAddress, Lab } from '../dataplane/lab.ts';
import type { ProbeProtocol } from '../dataplane/lab.ts';
import type { ArmContext, ArmReply, ArmRequest } from './context.ts';
import { ok, replyError } from './context.ts';
import { A } from './errors.ts';
import type { ArmError, ArmErrorBody } from './errors.ts';
import type { ActionHandler, ActionTarget } from './actions.ts';
import { actionResource } from './action-resource.ts';
import { finishedOperation, pollingHeaders } from './operations.ts';
import { page } from './paging.ts';
import { isObject } from '../net/index.ts';

export const NETWORK_WATCHER_TYPE = 'Microsoft.Network/networkWatchers';
/** The store kind of network watcher documents (keyed by lowercased resource ID). */
export const NETWORK_WATCHER = 'networkWatcher';

const fail = (error: ArmError): { ok: false; error: ArmError } => ({ ok: false, error });

// ---------------------------------------------------------------------------------------------------------------
// Request bodies. NRP deserialises them strictly (Json.NET): a member the model lacks, a required member missing or
// a value of the wrong JSON type is 400 InvalidRequestFormat "Cannot parse the request." with the cause in details
// (code InvalidJson, e.g. "Could not find member 'x' on object of type 'NextHopParameters'. Path 'x'."; seen in
// Azure/azure-powershell#13544 and Azure/azure-resource-manager-schemas#590).

type Kind = 'string' | 'object' | 'integer';
interface Field {
  readonly kind: Kind;
  readonly required?: boolean;
}
type Shape = Readonly<Record<string, Field>>;

const NEXT_HOP: Shape = {
  targetResourceId: { kind: 'string', required: true },
  sourceIPAddress: { kind: 'string', required: true },
  destinationIPAddress: { kind: 'string', required: true },
  targetNicResourceId: { kind: 'string' },
};

const IP_FLOW_VERIFY: Shape = {
  targetResourceId: { kind: 'string', required: true },
  direction: { kind: 'string', required: true },
  protocol: { kind: 'string', required: true },
  localPort: { kind: 'string', required: true },
  remotePort: { kind: 'string', required: true },
  localIPAddress: { kind: 'string', required: true },
  remoteIPAddress: { kind: 'string', required: true },
  targetNicResourceId: { kind: 'string' },
};

const CONNECTIVITY: Shape = {
  source: { kind: 'object', required: true },
  destination: { kind: 'object', required: true },
  protocol: { kind: 'string' },
  protocolConfiguration: { kind: 'object' },
  preferredIPVersion: { kind: 'string' },
};
const CONNECTIVITY_SOURCE: Shape = {
  resourceId: { kind: 'string', required: true },
  port: { kind: 'integer' },
};
const CONNECTIVITY_DESTINATION: Shape = {
  resourceId: { kind: 'string' },
  address: { kind: 'string' },
  port: { kind: 'integer' },
};

const parseError = (details: readonly ArmErrorBody[]): ArmError => ({
  status: 400,
  error: { code: 'InvalidRequestFormat', message: 'Cannot parse the request.', details },
});

const invalidJson = (message: string): ArmErrorBody => ({ code: 'InvalidJson', message });

/** Checks a body against a shape: every problem, as NRP's details list them. */
function checkShape(body: unknown, shape: Shape, model: string, path = ''): ArmErrorBody[] {
  if (!isObject(body))
    return [invalidJson(`Expected an object of type '${model}'${path ? ` at path '${path}'` : ''}.`)];
  const problems: ArmErrorBody[] = [];
  const at = (k: string) => (path ? `${path}.${k}` : k);
  const known = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  for (const [k, value] of Object.entries(body)) {
    const name = known.get(k.toLowerCase());
    if (!name) {
      problems.push(
        invalidJson(`Could not find member '${k}' on object of type '${model}'. Path '${at(k)}'.`),
      );
      continue;
    }
    const field = shape[name]!;
    if (value === null) continue;
    const good =
      field.kind === 'string'
        ? typeof value === 'string'
        : field.kind === 'integer'
          ? Number.isInteger(value)
          : isObject(value);
    if (!good)
      problems.push(
        invalidJson(
          `Error converting value ${JSON.stringify(value)} to type '${field.kind}'. Path '${at(k)}'.`,
        ),
      );
  }
  for (const [name, field] of Object.entries(shape)) {
    if (!field.required) continue;
    const present = Object.entries(body).some(
      ([k, v]) => k.toLowerCase() === name.toLowerCase() && v !== null && v !== '',
    );
    if (!present)
      problems.push(invalidJson(`Required property '${name}' not found in JSON. Path '${path}'.`));
  }
  return problems;
}

/** The value of a member given in any casing (Json.NET matches members case-insensitively). */
function member(body: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const str = (body: Record<string, unknown>, name: string): string | undefined => {
  const v = member(body, name);
  return typeof v === 'string' ? v : undefined;
};

// ---------------------------------------------------------------------------------------------------------------
// Targets.

// Fidelity: NRP's code for a target that does not exist is UNVERIFIED; vnetlab answers ARM's 404 ResourceNotFound
// naming the target, as a GET of it would.
function missingTarget(id: string): ArmError {
  const parsed = parseResourceId(id);
  if (!parsed.ok)
    return A.invalidParameter(`The resource ID '${id}' is not a valid resource ID.`, 'targetResourceId');
  const { resourceGroup } = parsed.value;
  const segments = id.split('/');
  const providers = segments.findIndex((s) => s.toLowerCase() === 'providers');
  const typeAndName = segments.slice(providers + 1).join('/');
  const cut = typeAndName.lastIndexOf('/');
  return A.resourceNotFound(typeAndName.slice(0, cut), typeAndName.slice(cut + 1), resourceGroup);
}

/** A VM or NIC the question names, or the error ARM answers. */
function existingTarget(
  world: World,
  id: string,
  field: string,
): { ok: true; value: Resource } | { ok: false; error: ArmError } {
  if (!id.startsWith('/'))
    return {
      ok: false,
      error: A.invalidParameter(`'${field}' must be a resource ID; '${id}' is not.`, field),
    };
  const r = getResource(world, id);
  if (!r) return { ok: false, error: missingTarget(id) };
  if (r.type !== T.virtualMachine && r.type !== T.networkInterface)
    return {
      ok: false,
      error: A.invalidParameter(
        `'${field}' must name a virtual machine or a network interface; '${id}' is a ${r.type}.`,
        field,
      ),
    };
  return { ok: true, value: r };
}

/** The diagnostics' reason for a question they cannot answer (an address not on the NIC, a PE's NIC...). */
const invalidQuestion = (reason: string, target?: string): ArmError => A.invalidParameter(reason, target);

// ---------------------------------------------------------------------------------------------------------------
// networkInterfaces/{nic}/effectiveRouteTable and /effectiveNetworkSecurityGroups (networkInterface.json: POST,
// no body, x-ms-long-running-operation with final-state-via location).

function nicOf(
  ctx: ArmContext,
  target: ActionTarget,
): { ok: true; id: string } | { ok: false; error: ArmError } {
  const nic = actionResource(ctx, target, T.networkInterface);
  return nic.ok ? { ok: true, id: nic.resource.id } : nic;
}

// Fidelity: Azure answers these only for a NIC attached to a running VM; vnetlab answers for any NIC in a subnet.
const effectiveRoutes: ActionHandler = (ctx, _req, target) => {
  const nic = nicOf(ctx, target);
  if (!nic.ok) return fail(nic.error);
  const answer = effectiveRouteTable(ctx.state.world, nic.id);
  return answer.ok ? { ok: true, result: answer.value } : fail(invalidQuestion(answer.reason, nic.id));
};

const effectiveSecurityGroups: ActionHandler = (ctx, _req, target) => {
  const nic = nicOf(ctx, target);
  if (!nic.ok) return fail(nic.error);
  const answer = effectiveNetworkSecurityGroups(ctx.state.world, nic.id);
  return answer.ok ? { ok: true, result: answer.value } : fail(invalidQuestion(answer.reason, nic.id));
};

/** The checked body of a next hop or IP flow verify question, with its VM and NIC (when given) found. */
function targetOf(ctx: ArmContext, req: ArmRequest, shape: typeof NEXT_HOP, name: string) {
  const problems = checkShape(req.body, shape, name);
  if (problems.length) return fail(parseError(problems));
  const body = req.body as Record<string, unknown>;
  const world = ctx.state.world;
  const vm = existingTarget(world, str(body, 'targetResourceId')!, 'targetResourceId');
  if (!vm.ok) return fail(vm.error);
  const nicId = str(body, 'targetNicResourceId');
  if (nicId !== undefined) {
    const nic = existingTarget(world, nicId, 'targetNicResourceId');
    if (!nic.ok) return fail(nic.error);
  }
  return { ok: true as const, body, world, vm: vm.value, nicId };
}

// ---------------------------------------------------------------------------------------------------------------
// networkWatchers/{nw}/nextHop → NextHopResult { nextHopType, nextHopIpAddress, routeTableId }.

const nextHopAction: ActionHandler = (ctx, req) => {
  const target = targetOf(ctx, req, NEXT_HOP, 'NextHopParameters');
  if (!target.ok) return target;
  const { body, world, vm, nicId } = target;
  const answer = nextHop(world, {
    targetResourceId: vm.id,
    sourceIPAddress: str(body, 'sourceIPAddress')!,
    destinationIPAddress: str(body, 'destinationIPAddress')!,
    ...(nicId !== undefined ? { targetNicResourceId: nicId } : {}),
  });
  if (!answer.ok) return fail(invalidQuestion(answer.reason));
  const { nextHopType, nextHopIpAddress, routeTableId } = answer.value;
  return {
    ok: true,
    result: { nextHopType, ...(nextHopIpAddress !== undefined ? { nextHopIpAddress } : {}), routeTableId },
  };
};

// ---------------------------------------------------------------------------------------------------------------
// networkWatchers/{nw}/ipFlowVerify → VerificationIPFlowResult { access, ruleName }.

const ipFlowVerifyAction: ActionHandler = (ctx, req) => {
  const target = targetOf(ctx, req, IP_FLOW_VERIFY, 'VerificationIPFlowParameters');
  if (!target.ok) return target;
  const { body, world, vm, nicId } = target;
  const answer = ipFlowVerify(world, {
    targetResourceId: vm.id,
    direction: str(body, 'direction') as 'Inbound',
    protocol: str(body, 'protocol') as 'TCP',
    localIPAddress: str(body, 'localIPAddress')!,
    localPort: str(body, 'localPort')!,
    remoteIPAddress: str(body, 'remoteIPAddress')!,
    remotePort: str(body, 'remotePort')!,
    ...(nicId !== undefined ? { targetNicResourceId: nicId } : {}),
  });
  if (!answer.ok) return fail(invalidQuestion(answer.reason));
  const { access, ruleName } = answer.value;
  return { ok: true, result: { access, ...(ruleName !== undefined ? { ruleName } : {}) } };
};

// ---------------------------------------------------------------------------------------------------------------
// networkWatchers/{nw}/connectivityCheck → ConnectivityInformation, from one probe through the data plane (as
// `vnetlab trace --json` does). Protocols: Tcp, Http, Https (a TCP SYN to the port) and Icmp (an echo request).
// Fidelity: one probe in a fresh lab of the current world (VMs run vnetlab's default host, listening on TCP 80);
// Http / Https send no request; a destination address must be an IPv4 address (no DNS names).

const PROTOCOLS: Readonly<Record<string, { probe: ProbeProtocol; port?: number }>> = {
  tcp: { probe: 'TCP' },
  http: { probe: 'TCP', port: 80 },
  https: { probe: 'TCP', port: 443 },
  icmp: { probe: 'ICMP' },
};

const connectivityCheckAction: ActionHandler = (ctx, req) => {
  const problems = checkShape(req.body, CONNECTIVITY, 'ConnectivityParameters');
  const body = req.body;
  if (isObject(body)) {
    const source = member(body, 'source');
    const destination = member(body, 'destination');
    if (isObject(source))
      problems.push(...checkShape(source, CONNECTIVITY_SOURCE, 'ConnectivitySource', 'source'));
    if (isObject(destination))
      problems.push(
        ...checkShape(destination, CONNECTIVITY_DESTINATION, 'ConnectivityDestination', 'destination'),
      );
  }
  if (problems.length) return fail(parseError(problems));
  const b = body as Record<string, unknown>;
  const source = member(b, 'source') as Record<string, unknown>;
  const destination = member(b, 'destination') as Record<string, unknown>;
  const protocolText = str(b, 'protocol') ?? 'Tcp';
  const protocol = PROTOCOLS[protocolText.toLowerCase()];
  if (!protocol)
    return fail(
      A.invalidParameter(
        `protocol '${protocolText}' is not valid: use Tcp, Http, Https or Icmp.`,
        'protocol',
      ),
    );
  const world = ctx.state.world;
  const src = existingTarget(world, str(source, 'resourceId')!, 'source.resourceId');
  if (!src.ok) return fail(src.error);
  const nic = resolveNic(world, src.value.id);
  if (!nic.ok) return fail(invalidQuestion(nic.reason, 'source.resourceId'));

  const destinationId = str(destination, 'resourceId');
  const destinationAddress = str(destination, 'address');
  if (destinationId === undefined && destinationAddress === undefined)
    return fail(A.invalidParameter("The destination needs a 'resourceId' or an 'address'.", 'destination'));
  const portValue = member(destination, 'port');
  const port =
    protocol.probe === 'ICMP' ? undefined : typeof portValue === 'number' ? portValue : protocol.port;
  if (protocol.probe === 'TCP' && port === undefined)
    return fail(A.invalidParameter('A destination port is required for protocol Tcp.', 'destination.port'));
  if (port !== undefined && (port < 1 || port > 65535))
    return fail(
      A.invalidParameter(`Destination port ${port} is not valid: use 1-65535.`, 'destination.port'),
    );

  const lab = new Lab(world);
  const from = lab.port(nic.value.id);
  if (!from.ok)
    return fail(
      invalidQuestion(`${nic.value.name} is not attached to a subnet of the lab`, 'source.resourceId'),
    );
  let to: ReturnType<Lab['address']>;
  if (destinationId !== undefined) {
    const dst = existingTarget(world, destinationId, 'destination.resourceId');
    if (!dst.ok) return fail(dst.error);
    const dstNic = resolveNic(world, dst.value.id);
    if (!dstNic.ok) return fail(invalidQuestion(dstNic.reason, 'destination.resourceId'));
    to = lab.address(dstNic.value.id);
  } else {
    to = lab.address(destinationAddress!);
  }
  if (!to.ok) return fail(invalidQuestion(to.reason, 'destination'));
  const trace = lab.probe(from.value, to.value, protocol.probe, port);
  const answer = connectivityCheck(trace, {
    sourceId: src.value.id,
    destinationAddress: describeAddress(to.value),
    ...(port !== undefined ? { destinationPort: port } : {}),
    sourceAddress: describeAddress(from.value.addresses[0]!),
  });
  return { ok: true, result: answer };
};

/** The Network Watcher actions by the canonical type of the resource they are on (registered in network-actions.ts). */
export const networkWatcherActions: Readonly<Record<string, Readonly<Record<string, ActionHandler>>>> = {
  [T.networkInterface]: {
    effectiveRouteTable: effectiveRoutes,
    effectiveNetworkSecurityGroups: effectiveSecurityGroups,
  },
  [NETWORK_WATCHER_TYPE]: {
    nextHop: nextHopAction,
    ipFlowVerify: ipFlowVerifyAction,
    connectivityCheck: connectivityCheckAction,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The networkWatchers resource: PUT (synchronous 200/201 in networkWatcher.json), GET, PATCH tags, DELETE (202 +
// Location, 204 when gone), lists by resource group and subscription.

export interface NetworkWatcherDocument {
  readonly name: string;
  readonly id: string;
  readonly etag: string;
  readonly type: typeof NETWORK_WATCHER_TYPE;
  readonly location: string;
  readonly tags?: Record<string, string>;
  readonly properties: { readonly provisioningState: 'Succeeded' };
}

export interface WatcherTarget {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  /** The watcher's name; undefined for a list. */
  readonly name?: string;
}

const watchers = (ctx: ArmContext): NetworkWatcherDocument[] =>
  ctx.state.documents(NETWORK_WATCHER) as NetworkWatcherDocument[];

/** The watcher documents of a resource group (for deleting them with it). */
export function watcherKeysInGroup(ctx: ArmContext, groupId: string): string[] {
  const prefix = `${groupId.toLowerCase()}/`;
  return watchers(ctx)
    .map((w) => w.id.toLowerCase())
    .filter((k) => k.startsWith(prefix));
}

const stringTags = (v: unknown): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');

export function networkWatcherRequest(ctx: ArmContext, req: ArmRequest, t: WatcherTarget): ArmReply {
  if (t.name === undefined) {
    if (req.method !== 'GET') return replyError(A.methodNotAllowed(req.method, req.path));
    if (t.resourceGroup !== undefined && !ctx.state.group(t.subscriptionId, t.resourceGroup))
      return replyError(A.resourceGroupNotFound(t.resourceGroup));
    const scope = (
      t.resourceGroup === undefined
        ? `/subscriptions/${t.subscriptionId}/`
        : `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/`
    ).toLowerCase();
    return ok(
      page(
        ctx,
        req,
        watchers(ctx).filter((w) => w.id.toLowerCase().startsWith(scope)),
      ),
    );
  }
  if (t.resourceGroup === undefined) return replyError(A.notFound(req.path));
  const group = ctx.state.group(t.subscriptionId, t.resourceGroup);
  if (!group) return replyError(A.resourceGroupNotFound(t.resourceGroup));
  const id = `${group.id}/providers/${NETWORK_WATCHER_TYPE}/${t.name}`;
  const existing = ctx.state.document(NETWORK_WATCHER, id) as NetworkWatcherDocument | undefined;
  const notFound = () => A.resourceNotFound(NETWORK_WATCHER_TYPE, t.name!, t.resourceGroup!);
  switch (req.method) {
    case 'GET':
      return existing ? ok(existing) : replyError(notFound());
    case 'HEAD':
      return { status: existing ? 204 : 404 };
    case 'PUT': {
      if (!isObject(req.body)) return replyError(A.invalidBody('The request content must be a JSON object.'));
      const location = req.body.location;
      if (typeof location !== 'string' || location.trim() === '') return replyError(A.locationRequired(id));
      const region = normalizeLocation(location);
      if (existing && existing.location !== region)
        return replyError(
          A.invalidParameter(
            `The resource '${existing.id}' already exists in location '${existing.location}'. A resource with the same name cannot be created in location '${region}'.`,
            existing.id,
          ),
        );
      const tags = req.body.tags;
      if (tags !== undefined && !stringTags(tags))
        return replyError(A.invalidBody("'tags' must be an object of strings", id));
      // NRP allows one network watcher per subscription and region (NetworkWatcherCountLimitReached).
      const other = watchers(ctx).find(
        (w) =>
          w.location === region &&
          w.id.toLowerCase() !== id.toLowerCase() &&
          w.id.split('/')[2]!.toLowerCase() === t.subscriptionId.toLowerCase(),
      );
      if (other)
        return replyError({
          status: 400,
          error: {
            code: 'NetworkWatcherCountLimitReached',
            message: `Cannot create more than 1 network watchers for this subscription in this region. Network watcher '${other.id}' already exists in region '${region}'.`,
          },
        });
      const doc: NetworkWatcherDocument = {
        name: existing?.name ?? t.name,
        id: existing?.id ?? id,
        etag: `W/"${ctx.newId()}"`,
        type: NETWORK_WATCHER_TYPE,
        location: region,
        ...(tags !== undefined ? { tags } : {}),
        properties: { provisioningState: 'Succeeded' },
      };
      ctx.state.putDocument(NETWORK_WATCHER, doc.id, doc);
      return ok(doc, existing ? 200 : 201);
    }
    case 'PATCH': {
      if (!existing) return replyError(notFound());
      if (!isObject(req.body)) return replyError(A.invalidBody('The request content must be a JSON object.'));
      const tags = req.body.tags;
      if (tags !== undefined && !stringTags(tags))
        return replyError(A.invalidBody("'tags' must be an object of strings", id));
      const doc: NetworkWatcherDocument = {
        ...existing,
        etag: `W/"${ctx.newId()}"`,
        ...(tags !== undefined ? { tags } : {}),
      };
      ctx.state.putDocument(NETWORK_WATCHER, doc.id, doc);
      return ok(doc);
    }
    case 'DELETE': {
      if (!existing) return { status: 204 };
      const op = finishedOperation(
        ctx,
        t.subscriptionId,
        'Microsoft.Network',
        existing.location,
        req.query['api-version']!,
      );
      ctx.state.store.write({
        puts: op.batch.puts ?? [],
        deletes: [[NETWORK_WATCHER, keyOf(existing.id)]],
      });
      return { status: 202, headers: pollingHeaders(ctx, op, true) };
    }
    default:
      return replyError(A.methodNotAllowed(req.method, req.path));
  }
}
