// A schema-checked YAML topology document → Change[], expectations, guests and traffic (read
// docs/topology-format.md before changing this file): short IDs completed, type + name turned into IDs, file
// defaults applied.
import { formatResourceId, isTracked, parseResourceId } from '../model/index.ts';
import type { Change } from '../model/index.ts';
import type { Expectation } from '../diagnostics/index.ts';
import { completeId, completeIds } from './short-ids.ts';
import { orderChanges } from './order.ts';
import { guestsOf, trafficOf } from './scenario.ts';
import type { TrafficStepEntry } from './scenario.ts';
import { DEFAULT_RESOURCE_GROUP, DEFAULT_SUBSCRIPTION } from './types.ts';
import type { Defaults, Topology } from './types.ts';

/** The document as the schema guarantees it. */
export interface TopologyDocument {
  name?: string;
  subscription?: string;
  resourceGroup?: string;
  location?: string;
  apiVersion?: string;
  resources: ResourceEntry[];
  commits?: CommitEntry[];
  expect?: ExpectationEntry[];
  guests?: Record<string, unknown>;
  traffic?: Record<string, TrafficStepEntry[]>;
}

interface ResourceEntry {
  id?: string;
  type?: string;
  name?: string;
  apiVersion?: string;
  location?: string;
  [key: string]: unknown;
}

interface CommitEntry {
  networkManager: string;
  commitType: 'Connectivity' | 'SecurityAdmin';
  targetLocations: string[];
  configurationIds: string[];
}

interface ExpectationEntry {
  name?: string;
  from: string;
  to: string;
  protocol?: 'TCP' | 'UDP' | 'ICMP';
  port?: number;
  access: 'Allow' | 'Deny';
  nextHopType?: string;
  nextHopIpAddress?: string;
  rule?: string;
}

/** A failure located by the JSON pointer of the value at fault. */
export type Built = { ok: true; value: Topology } | { ok: false; pointer: string; message: string };

export function topologyFromDocument(doc: TopologyDocument): Built {
  const d: Defaults = {
    subscription: doc.subscription ?? DEFAULT_SUBSCRIPTION,
    resourceGroup: doc.resourceGroup ?? DEFAULT_RESOURCE_GROUP,
    ...(doc.location !== undefined ? { location: doc.location } : {}),
    ...(doc.apiVersion !== undefined ? { apiVersion: doc.apiVersion } : {}),
  };
  const changes: Change[] = [];
  for (const [i, entry] of doc.resources.entries()) {
    const put = resourceChange(entry, d);
    if (!put.ok) return { ok: false, pointer: `/resources/${i}/${put.field}`, message: put.message };
    changes.push(put.change);
  }
  for (const c of doc.commits ?? []) {
    const nm = c.networkManager.includes('/') ? c.networkManager : `networkManagers/${c.networkManager}`;
    changes.push({
      op: 'commit',
      networkManagerId: completeId(nm, d),
      commit: {
        commitType: c.commitType,
        targetLocations: c.targetLocations,
        configurationIds: c.configurationIds.map((id) => completeId(id, d)),
      },
    });
  }
  const expectations: Expectation[] = [];
  for (const [i, e] of (doc.expect ?? []).entries()) {
    const protocol = e.protocol ?? 'TCP';
    if (protocol === 'ICMP' && e.port !== undefined) {
      return { ok: false, pointer: `/expect/${i}/port`, message: 'ICMP has no ports; remove port' };
    }
    // A NIC or VM given by short ID ('networkInterfaces/nic1') is completed; names and IPs have no '/'.
    const endpoint = (v: string): string => (v.includes('/') ? completeId(v, d) : v);
    expectations.push({
      ...(e.name !== undefined ? { name: e.name } : {}),
      from: endpoint(e.from),
      to: endpoint(e.to),
      protocol,
      ...(protocol !== 'ICMP' ? { port: e.port ?? 80 } : {}),
      access: e.access,
      ...(e.nextHopType !== undefined ? { nextHopType: e.nextHopType } : {}),
      ...(e.nextHopIpAddress !== undefined ? { nextHopIpAddress: e.nextHopIpAddress } : {}),
      ...(e.rule !== undefined ? { rule: e.rule } : {}),
    });
  }
  const guests = guestsOf(doc.guests ?? {});
  if (!guests.ok) return guests;
  const traffic = trafficOf(doc.traffic ?? {}, d);
  if (!traffic.ok) return traffic;
  return {
    ok: true,
    value: {
      ...(doc.name !== undefined ? { name: doc.name } : {}),
      changes: orderChanges(changes),
      expectations,
      guests: guests.value,
      traffic: traffic.value,
      warnings: [],
    },
  };
}

type ResourcePut = { ok: true; change: Change } | { ok: false; field: string; message: string };

function resourceChange(entry: ResourceEntry, d: Defaults): ResourcePut {
  const { apiVersion, id: givenId, type, name, ...rest } = entry;
  const body = completeIds(rest, d) as Record<string, unknown>;
  let id: string;
  if (givenId !== undefined) {
    id = completeId(givenId, d);
    if (type !== undefined) body.type = type;
    if (name !== undefined) body.name = name.split('/').at(-1);
  } else {
    // The schema guarantees type and name when there is no id.
    const [provider, ...types] = type!.split('/');
    const names = name!.split('/');
    if (names.length !== types.length) {
      const example = types.map((t) => `<${t}>`).join('/');
      return {
        ok: false,
        field: 'name',
        message: `type ${type} takes a name of ${types.length} segment(s) (${example}), got '${name}'`,
      };
    }
    id = formatResourceId({
      subscriptionId: d.subscription,
      resourceGroup: d.resourceGroup,
      provider: provider!,
      types,
      names,
    });
    body.type = type;
    body.name = names.at(-1);
  }
  body.id = id;
  const parsed = parseResourceId(id);
  const tracked = parsed.ok && isTracked([parsed.value.provider, ...parsed.value.types].join('/'));
  if (tracked && body.location === undefined && d.location !== undefined) body.location = d.location;
  const version = apiVersion ?? d.apiVersion;
  return {
    ok: true,
    change: { op: 'put', resource: body, ...(version !== undefined ? { apiVersion: version } : {}) },
  };
}
