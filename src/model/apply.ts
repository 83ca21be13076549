// The one front door: apply(world, changes) returns a new world, or every problem found and no world.
// Nothing is half-applied: changes are folded into a draft, completed (defaults, allocations), validated as
// a whole, and only then frozen into the next world.
import { keyOf, parentIdOf } from './ids.ts';
import { normalizeResource } from './normalize.ts';
import { inlineCollectionOf, T } from './resource-types.ts';
import { E } from './errors.ts';
import { copyObject } from './copy.ts';
import { apiVersionAtLeast } from './defaults.ts';
import { unknownMemberWarning, unknownMembers } from './members.ts';
import { completeResources } from './complete.ts';
import { validateWorld } from './validate.ts';
import { indexSubnets, updateSubnetIndex } from './allocate.ts';
import type { SubnetEntry } from './allocate.ts';
import { buildLinks, linksCache } from './links-build.ts';
import { applyCommit } from './commit.ts';
import type { Problem, Warning } from './problems.ts';
import type { Resource } from './types.ts';
import type { CommitRecord, World } from './world.ts';

export type Change =
  | { op: 'put'; resource: unknown; apiVersion?: string }
  | { op: 'delete'; id: string }
  /** POST networkManagers/{nm}/commit with a NetworkManagerCommit body. */
  | { op: 'commit'; networkManagerId: string; commit: unknown };

export interface ApplyOptions {
  /** api-version of the request when a change gives none; decides API-version-aware defaults. */
  apiVersion?: string;
  /** ISO time stamped on commits; fixed by callers that need determinism. */
  now?: string;
  /**
   * Accept a PUT that changes an existing subnet's defaultOutboundAccess. Off by default: the 2025-07-01 REST
   * spec says the property "can only be set at the time of subnet creation"; Azure has since let existing
   * subnets be made private (default-outbound-access.md), which this flag follows.
   */
  allowDefaultOutboundAccessChange?: boolean;
  /**
   * A member of `properties` that Azure's network provider does not know: 'refuse' as NRP does (the ARM API),
   * or 'warn' and keep it (files and exports, the default: an export from a newer Azure may hold newer members).
   */
  unknownMembers?: 'refuse' | 'warn';
  /**
   * A created resource keeps the etag its body carries, so that a `vnetlab export` read back (-t, import) is the
   * lab it was. Off for the ARM API, where etag is read-only and ARM gives its own.
   */
  keepGivenEtags?: boolean;
}

export const LATEST_API_VERSION = '2025-07-01';

export type ApplyResult =
  | {
      ok: true;
      world: World;
      warnings: Warning[];
      /** Keys of the resources this apply put, replaced or deleted (the rest are the world before's objects). */
      changed: ReadonlySet<string>;
    }
  | { ok: false; problems: Problem[]; warnings: Warning[] };

/** What changed, for the completion and validation steps. All keys are keyOf(id). */
export interface Transition {
  readonly before: World;
  /** Top-level and inline resources created by this apply, with the api-version of their request. */
  readonly created: Map<string, string>;
  /** Resources (top-level or inline) that were PUT again, with the api-version of their request. */
  readonly updated: Map<string, string>;
  /** Resources (top-level or inline children) removed, as they were before. */
  readonly deleted: Map<string, Resource>;
  /** ApplyOptions.keepGivenEtags. */
  readonly keepGivenEtags: boolean;
}

export function apply(world: World, changes: readonly Change[], options: ApplyOptions = {}): ApplyResult {
  const draft = new TrackedMap(world.resources);
  const changed = new Set<string>();
  draft.changed = changed;
  const problems: Problem[] = [];
  const transition: Transition = {
    before: world,
    created: new Map(),
    updated: new Map(),
    deleted: new Map(),
    keepGivenEtags: options.keepGivenEtags === true,
  };
  // Keys whose draft object this apply built (normalize copies every body once): completion may mutate them
  // without another copy. Everything else may still be shared with `world`.
  const fresh = new Set<string>();
  // Keys of the stored resources this apply put, directly or through an inline child: completion's touched set.
  const puts = new Set<string>();
  let commits: CommitRecord[] = [...world.commits];
  const now = options.now ?? new Date().toISOString();
  const memberWarnings: Warning[] = [];

  for (const change of changes) {
    if (change.op === 'put') {
      const n = normalizeResource(change.resource);
      if (!n.ok) {
        problems.push(...n.problems);
        continue;
      }
      const unknown = unknownMembers(n.resource);
      if (unknown.length && options.unknownMembers === 'refuse') {
        problems.push(E.unknownMembers(n.resource.id, unknown));
        continue;
      }
      for (const u of unknown) memberWarnings.push(unknownMemberWarning(u));
      const apiVersion = change.apiVersion ?? options.apiVersion ?? LATEST_API_VERSION;
      problems.push(...putResource(draft, n.resource, apiVersion, transition, fresh, puts));
    } else if (change.op === 'delete') {
      problems.push(...deleteResource(draft, change.id, transition, fresh));
    } else {
      const r = applyCommit(draft, commits, change.networkManagerId, change.commit, now);
      if (r.ok) commits = r.commits;
      else problems.push(...r.problems);
    }
  }
  // A batch refused before completion still reports the warnings of what it would have done; the problems of
  // the rest are not judged on a draft that lacks the refused changes (they would be consequences, not causes).
  const early = problems.length > 0;

  // The subnet index of the draft, from the world before's when it has one and few resources changed.
  const previous = linksCache.get(world)?.subnets as ReadonlyMap<string, SubnetEntry> | undefined;
  const indexOf = (): Map<string, SubnetEntry> =>
    previous && changed.size <= 64
      ? updateSubnetIndex(previous, world.resources, draft, changed)
      : indexSubnets(draft.values());
  const completed = completeResources(draft, transition, fresh, puts, indexOf);
  const after: World = {
    resources: draft,
    commits: commits.filter((c) => draft.has(keyOf(c.networkManagerId))),
  };
  const subnets = completed.subnets ?? indexOf();
  draft.changed = undefined; // the draft becomes the new world's map: nothing changes it from here on
  const validated = validateWorld(after, transition, {
    touched: completed.touched,
    subnets,
    ...(completed.allocated ? { allocated: completed.allocated } : {}),
    options: { allowDefaultOutboundAccessChange: options.allowDefaultOutboundAccessChange === true },
  });
  const warnings = [...memberWarnings, ...completed.warnings, ...validated.warnings];
  if (early) return { ok: false, problems, warnings };
  problems.push(...completed.problems, ...validated.problems);
  if (problems.length) return { ok: false, problems, warnings };
  // The links of the new world, from the subnet index already built (validation may have built them too).
  if (!linksCache.has(after)) linksCache.set(after, buildLinks(after, subnets));
  return { ok: true, world: after, warnings, changed };
}

/** A Map that records the keys set or deleted once `changed` is given (not those its constructor copies). */
class TrackedMap<K, V> extends Map<K, V> {
  changed: Set<K> | undefined;
  override set(key: K, value: V): this {
    this.changed?.add(key);
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.changed?.add(key);
    return super.delete(key);
  }
}

function putResource(
  draft: Map<string, Resource>,
  resource: Resource,
  apiVersion: string,
  t: Transition,
  fresh: Set<string>,
  puts: Set<string>,
): Problem[] {
  const key = keyOf(resource.id);
  const { inline, nested } = shapeOf(resource.type);
  if (!inline) {
    const parentId = nested ? parentIdOf(resource.id) : undefined;
    if (parentId && !draft.has(keyOf(parentId))) return [E.parentResourceNotFound(resource.id, parentId)];
    const old = draft.get(key);
    if (old) keepOmittedSubnets(resource, old, apiVersion);
    const children = inlineChildren(resource);
    const childKeys = children.map((c) => keyOf(c.id));
    // Children of the earlier version by key: sets, not pairwise comparisons (an NSG may hold 1,000 rules).
    let oldChildren: Map<string, Resource> | undefined;
    if (old) {
      oldChildren = new Map();
      for (const c of inlineChildren(old)) oldChildren.set(keyOf(c.id), c);
      const kept = new Set(childKeys);
      for (const [k, c] of oldChildren) if (!kept.has(k)) t.deleted.set(k, c);
    }
    markPut(t, key, old !== undefined, apiVersion);
    for (const k of childKeys) markPut(t, k, oldChildren?.has(k) === true, apiVersion);
    draft.set(key, resource);
    fresh.add(key);
    puts.add(key);
    return [];
  }
  const parentId = parentIdOf(resource.id)!;
  const parentKey = keyOf(parentId);
  const parent = draft.get(parentKey);
  if (!parent) return [E.parentResourceNotFound(resource.id, parentId)];
  const list = (parent.properties[inline.property] as Resource[] | undefined) ?? [];
  const at = list.findIndex((c) => keyOf(c.id) === key);
  if (fresh.has(parentKey) && Array.isArray(parent.properties[inline.property])) {
    // The parent was built by this apply: fold the child in place.
    if (at >= 0) list[at] = resource;
    else list.push(resource);
  } else {
    const next = at >= 0 ? list.map((c, i) => (i === at ? resource : c)) : [...list, resource];
    draft.set(parentKey, withCollection(parent, inline.property, next));
  }
  markPut(t, key, at >= 0, apiVersion);
  puts.add(parentKey);
  return [];
}

/** From this api-version on, a VNet PUT that omits `subnets` keeps the existing ones (before it, they go). */
export const KEEP_OMITTED_SUBNETS_FROM = '2023-09-01';

/**
 * "Azure Virtual Network now supports updates without subnet property" (Azure Networking Blog, 2024): with
 * api-version 2023-09-01 and later, a VNet PUT without `subnets` keeps the subnets it has, so a Bicep file
 * that declares its subnets as separate resources can be deployed again. An explicit `subnets: []` still
 * removes them all. The kept subnets are copies: completion may write into the draft's objects.
 */
function keepOmittedSubnets(resource: Resource, old: Resource, apiVersion: string): void {
  if (resource.type !== T.virtualNetwork || 'subnets' in resource.properties) return;
  if (!apiVersionAtLeast(apiVersion, KEEP_OMITTED_SUBNETS_FROM) || !Array.isArray(old.properties.subnets))
    return;
  resource.properties.subnets = structuredClone(old.properties.subnets);
}

function deleteResource(
  draft: Map<string, Resource>,
  id: string,
  t: Transition,
  fresh: Set<string>,
): Problem[] {
  const key = keyOf(id);
  const top = draft.get(key);
  if (top) {
    draft.delete(key);
    fresh.delete(key);
    t.deleted.set(key, top);
    for (const child of inlineChildren(top)) t.deleted.set(keyOf(child.id), child);
    // Sub-resources served on their own (AVNM network groups, configurations, rules) go with their parent.
    // Only network managers have such sub-resources, so only their deletes scan the world.
    if (top.type === T.networkManager || top.type.startsWith(`${T.networkManager}/`)) {
      const prefix = `${key}/`;
      for (const [k, r] of draft) {
        if (k.startsWith(prefix)) {
          draft.delete(k);
          t.deleted.set(k, r);
        }
      }
    }
    return [];
  }
  const parentId = parentIdOf(id);
  const parent = parentId ? draft.get(keyOf(parentId)) : undefined;
  const inline = parent ? inlineCollectionOf(`${parent.type}/${id.split('/').at(-2)}`) : undefined;
  if (!parent || !inline) return []; // ARM: deleting what does not exist succeeds (204).
  const list = (parent.properties[inline.property] as Resource[] | undefined) ?? [];
  const gone = list.find((c) => keyOf(c.id) === key);
  if (!gone) return [];
  t.deleted.set(key, gone);
  draft.set(
    keyOf(parentId!),
    withCollection(
      parent,
      inline.property,
      list.filter((c) => c !== gone),
    ),
  );
  return [];
}

function markPut(t: Transition, key: string, existed: boolean, apiVersion: string): void {
  if (t.deleted.size) t.deleted.delete(key);
  if (existed || t.created.has(key)) {
    if (!t.created.has(key)) t.updated.set(key, apiVersion);
  } else t.created.set(key, apiVersion);
}

/** A copy of `parent` with one inline collection replaced (the world before keeps the original). */
function withCollection(parent: Resource, property: string, list: Resource[]): Resource {
  const copy = copyObject(parent);
  copy.properties = copyObject(parent.properties);
  copy.properties[property] = list;
  return copy;
}

/** The inline children of a resource (subnets of a VNet, rules of an NSG...). */
export function inlineChildren(resource: Resource): Resource[] {
  const out: Resource[] = [];
  const prefix = `${resource.type}/`;
  for (const value of Object.values(resource.properties)) {
    if (!Array.isArray(value)) continue;
    for (const c of value) {
      if (
        typeof c === 'object' &&
        c &&
        typeof (c as Resource).id === 'string' &&
        typeof (c as Resource).type === 'string' &&
        (c as Resource).type.startsWith(prefix)
      ) {
        out.push(c as Resource);
      }
    }
  }
  return out;
}

/** Per resource type: its inline collection when it is an inline child, and whether it has a parent. */
function shapeOf(type: string): Shape {
  let shape = shapes.get(type);
  if (!shape) {
    shape = { inline: inlineCollectionOf(type), nested: type.indexOf('/') !== type.lastIndexOf('/') };
    shapes.set(type, shape);
  }
  return shape;
}

interface Shape {
  readonly inline: { parentType: string; property: string } | undefined;
  readonly nested: boolean;
}

const shapes = new Map<string, Shape>();
