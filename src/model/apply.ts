// The one front door: apply(world, changes) returns a new world, or every problem found and no world.
// Nothing is half-applied: changes are folded into a draft, completed (defaults, allocations), validated as
// a whole, and only then frozen into the next world.
import { keyOf, parentIdOf } from './ids.ts';
import { normalizeResource } from './normalize.ts';
import { inlineCollectionOf } from './resource-types.ts';
import { E } from './errors.ts';
import { completeResources } from './complete.ts';
import { validateWorld } from './validate.ts';
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
}

export const LATEST_API_VERSION = '2025-07-01';

export type ApplyResult =
  { ok: true; world: World; warnings: Warning[] } | { ok: false; problems: Problem[]; warnings: Warning[] };

/** What changed, for the completion and validation steps. All keys are keyOf(id). */
export interface Transition {
  readonly before: World;
  /** Top-level and inline resources created by this apply, with the api-version of their request. */
  readonly created: Map<string, string>;
  /** Resources (top-level or inline) that were PUT again, with the api-version of their request. */
  readonly updated: Map<string, string>;
  /** Resources (top-level or inline children) removed, as they were before. */
  readonly deleted: Map<string, Resource>;
}

export function apply(world: World, changes: readonly Change[], options: ApplyOptions = {}): ApplyResult {
  const draft = new Map(world.resources);
  const problems: Problem[] = [];
  const transition: Transition = {
    before: world,
    created: new Map(),
    updated: new Map(),
    deleted: new Map(),
  };
  let commits: CommitRecord[] = [...world.commits];
  const now = options.now ?? new Date().toISOString();

  for (const change of changes) {
    if (change.op === 'put') {
      const n = normalizeResource(change.resource);
      if (!n.ok) {
        problems.push(...n.problems);
        continue;
      }
      const apiVersion = change.apiVersion ?? options.apiVersion ?? LATEST_API_VERSION;
      problems.push(...putResource(draft, n.resource, apiVersion, transition));
    } else if (change.op === 'delete') {
      problems.push(...deleteResource(draft, change.id, transition));
    } else {
      const r = applyCommit(draft, commits, change.networkManagerId, change.commit, now);
      if (r.ok) commits = r.commits;
      else problems.push(...r.problems);
    }
  }
  if (problems.length) return { ok: false, problems, warnings: [] };

  const completed = completeResources(draft, transition);
  problems.push(...completed.problems);
  const after: World = {
    resources: draft,
    commits: commits.filter((c) => draft.has(keyOf(c.networkManagerId))),
  };
  const validated = validateWorld(after, transition);
  problems.push(...validated.problems);
  const warnings = [...completed.warnings, ...validated.warnings];
  if (problems.length) return { ok: false, problems, warnings };
  return { ok: true, world: after, warnings };
}

function putResource(
  draft: Map<string, Resource>,
  resource: Resource,
  apiVersion: string,
  t: Transition,
): Problem[] {
  const key = keyOf(resource.id);
  const inline = inlineCollectionOf(resource.type);
  if (!inline) {
    const parentId = parentIdOf(resource.id);
    if (parentId && !draft.has(keyOf(parentId))) return [E.parentResourceNotFound(resource.id, parentId)];
    const old = draft.get(key);
    if (old)
      for (const child of inlineChildren(old))
        if (!hasChild(resource, child.id)) t.deleted.set(keyOf(child.id), child);
    markPut(t, key, old !== undefined, apiVersion);
    for (const child of inlineChildren(resource)) {
      const existed = old !== undefined && hasChild(old, child.id);
      markPut(t, keyOf(child.id), existed, apiVersion);
    }
    draft.set(key, resource);
    return [];
  }
  const parentId = parentIdOf(resource.id)!;
  const parent = draft.get(keyOf(parentId));
  if (!parent) return [E.parentResourceNotFound(resource.id, parentId)];
  const list = (parent.properties[inline.property] as Resource[] | undefined) ?? [];
  const at = list.findIndex((c) => keyOf(c.id) === key);
  const next = at >= 0 ? list.map((c, i) => (i === at ? resource : c)) : [...list, resource];
  draft.set(keyOf(parentId), { ...parent, properties: { ...parent.properties, [inline.property]: next } });
  markPut(t, key, at >= 0, apiVersion);
  return [];
}

function deleteResource(draft: Map<string, Resource>, id: string, t: Transition): Problem[] {
  const key = keyOf(id);
  const top = draft.get(key);
  if (top) {
    draft.delete(key);
    t.deleted.set(key, top);
    for (const child of inlineChildren(top)) t.deleted.set(keyOf(child.id), child);
    // Sub-resources served on their own (AVNM network groups, configurations, rules) go with their parent.
    for (const [k, r] of draft) {
      if (k.startsWith(`${key}/`)) {
        draft.delete(k);
        t.deleted.set(k, r);
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
  draft.set(keyOf(parentId!), {
    ...parent,
    properties: { ...parent.properties, [inline.property]: list.filter((c) => c !== gone) },
  });
  return [];
}

function markPut(t: Transition, key: string, existed: boolean, apiVersion: string): void {
  t.deleted.delete(key);
  if (existed || t.created.has(key)) {
    if (!t.created.has(key)) t.updated.set(key, apiVersion);
  } else t.created.set(key, apiVersion);
}

/** The inline children of a resource (subnets of a VNet, rules of an NSG...). */
export function inlineChildren(resource: Resource): Resource[] {
  const out: Resource[] = [];
  for (const value of Object.values(resource.properties)) {
    if (!Array.isArray(value)) continue;
    for (const c of value) {
      if (
        typeof c === 'object' &&
        c &&
        typeof (c as Resource).id === 'string' &&
        typeof (c as Resource).type === 'string' &&
        (c as Resource).type.startsWith(`${resource.type}/`)
      ) {
        out.push(c as Resource);
      }
    }
  }
  return out;
}

const hasChild = (resource: Resource, id: string): boolean =>
  inlineChildren(resource).some((c) => keyOf(c.id) === keyOf(id));
