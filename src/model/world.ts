// The world: every resource vnetlab knows, immutable, keyed by the case-insensitive resource ID.
// Top-level resources hold their inline children (subnets, rules, IP configurations...) as ARM returns them;
// AVNM sub-resources, which ARM serves on their own, are entries of their own. Only apply() makes worlds.
import { keyOf, parentIdOf } from './ids.ts';
import { INLINE_CHILDREN } from './resource-types.ts';
import type { AvnmCommit, Resource } from './types.ts';

export interface CommitRecord extends AvnmCommit {
  /** ISO time of the commit (from apply's clock). */
  readonly commitTime: string;
}

export interface World {
  readonly resources: ReadonlyMap<string, Resource>;
  /** AVNM commits in force, oldest first. */
  readonly commits: readonly CommitRecord[];
}

export const EMPTY_WORLD: World = { resources: new Map(), commits: [] };

/** A top-level or AVNM resource by ID (any casing). */
export const getResource = <R extends Resource<object> = Resource>(world: World, id: string): R | undefined =>
  world.resources.get(keyOf(id)) as R | undefined;

/** Any resource by ID, including inline children such as subnets, IP configurations and security rules. */
export function findResource<R extends Resource<object> = Resource>(world: World, id: string): R | undefined {
  const direct = world.resources.get(keyOf(id));
  if (direct) return direct as R;
  const parentId = parentIdOf(id);
  if (!parentId) return undefined;
  const parent = findResource(world, parentId);
  if (!parent) return undefined;
  const children = INLINE_CHILDREN[parent.type];
  if (!children) return undefined;
  const key = keyOf(id);
  for (const property of Object.values(children)) {
    const list = parent.properties[property];
    if (!Array.isArray(list)) continue;
    const hit = (list as Resource[]).find((c) => typeof c?.id === 'string' && keyOf(c.id) === key);
    if (hit) return hit as R;
  }
  return undefined;
}

/** Every top-level resource of a type (canonical type name). */
export function resourcesOfType<R extends Resource<object> = Resource>(world: World, type: string): R[] {
  const out: R[] = [];
  for (const r of world.resources.values()) if (r.type === type) out.push(r as R);
  return out;
}

/**
 * A world made again from what an earlier apply() returned (resources and commits read back from durable
 * storage): they were validated and completed when that world was made, so nothing is checked again.
 */
export function restoredWorld(resources: Iterable<Resource>, commits: readonly CommitRecord[]): World {
  const map = new Map<string, Resource>();
  for (const r of resources) map.set(keyOf(r.id), r);
  return { resources: map, commits };
}
