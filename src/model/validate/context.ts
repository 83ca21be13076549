// Shared, once-per-apply indexes for the validators, so that each check is a map look-up instead of a scan
// (a world of 50,000 NICs must validate in well under a second).
import { keyOf } from '../ids.ts';
import { parentKeyOf } from '../complete.ts';
import { INLINE_CHILDREN, T } from '../resource-types.ts';
import { fastKey, indexSubnets } from '../allocate.ts';
import type { SubnetEntry } from '../allocate.ts';
import type { Transition } from '../apply.ts';
import type { Problem, Warning } from '../problems.ts';
import type { Resource, VirtualNetwork } from '../types.ts';
import type { World } from '../world.ts';

export interface Context {
  readonly world: World;
  readonly t: Transition;
  readonly options: ValidateOptions;
  readonly problems: Problem[];
  readonly warnings: Warning[];
  /** Keys of top-level resources created or updated (directly or through an inline child). */
  readonly touched: ReadonlySet<string>;
  /**
   * IP configurations whose dynamic address completion chose: inside their subnet, not reserved, and unique
   * (every address held in the draft was taken into account), so the address checks skip them.
   */
  readonly allocated: ReadonlySet<object>;
  /** Subnets of the resulting world by key, with their VNet and parsed prefixes. */
  readonly subnets: ReadonlyMap<string, SubnetEntry>;
  /** True when the resource (top-level or inline child) exists in the resulting world. */
  exists(id: string): boolean;
  /** True when this apply created or updated the resource or its top-level parent. */
  isTouched(id: string): boolean;
  /** VNet keys peered with a VNet (either direction, remote present). */
  peersOf(vnetKey: string): ReadonlySet<string>;
}

/** The request's options that change what validation accepts (ApplyOptions passes them through). */
export interface ValidateOptions {
  /** Accept a change of an existing subnet's defaultOutboundAccess (Azure's newer behaviour). */
  readonly allowDefaultOutboundAccessChange?: boolean;
}

export function createContext(
  world: World,
  t: Transition,
  input: {
    touched?: ReadonlySet<string>;
    subnets?: ReadonlyMap<string, SubnetEntry>;
    allocated?: ReadonlySet<object>;
    options?: ValidateOptions;
  } = {},
): Context {
  const known = input.touched;
  const subnetIndex = input.subnets;
  const touched = known ? existing(world, known) : touchedOf(world, t);
  let peers: Map<string, Set<string>> | undefined;
  const subnets = subnetIndex ?? indexSubnets(world.resources.values());
  return {
    world,
    t,
    options: input.options ?? {},
    allocated: input.allocated ?? EMPTY_OBJECTS,
    problems: [],
    warnings: [],
    touched,
    subnets,
    exists(id) {
      const key = fastKey(id);
      // Top-level resources and subnets (most references) are map look-ups; other inline children are found
      // among their parent's children.
      return world.resources.has(key) || subnets.has(key) || isInlineChild(world, key);
    },
    isTouched(id) {
      const key = keyOf(id);
      if (t.created.has(key) || t.updated.has(key)) return true;
      const top = topKeyOf(world, key);
      return top !== undefined && touched.has(top);
    },
    peersOf(vnetKey) {
      peers ??= buildPeers(world);
      return peers.get(vnetKey) ?? EMPTY;
    },
  };
}

const EMPTY: ReadonlySet<string> = new Set();
const EMPTY_OBJECTS: ReadonlySet<object> = new Set();

/** `keys` when all of them are stored in the world (the usual case: no copy), else those that are. */
function existing(world: World, keys: ReadonlySet<string>): ReadonlySet<string> {
  for (const key of keys) {
    if (!world.resources.has(key)) return new Set([...keys].filter((k) => world.resources.has(k)));
  }
  return keys;
}

/** Stored resources holding what the transition created or updated. */
function touchedOf(world: World, t: Transition): Set<string> {
  const touched = new Set<string>();
  const add = (key: string): void => {
    const top = topKeyOf(world, key);
    if (top) touched.add(top);
  };
  for (const key of t.created.keys()) add(key);
  for (const key of t.updated.keys()) add(key);
  return touched;
}

/** The key of the stored (top-level or AVNM) resource that holds `key`. */
export function topKeyOf(world: World, key: string): string | undefined {
  let k: string | undefined = key;
  while (k !== undefined) {
    if (world.resources.has(k)) return k;
    k = parentKeyOf(k);
  }
  return undefined;
}

/** True when `key` names an inline child (IP configuration, rule, route...) of a stored resource. */
function isInlineChild(world: World, key: string): boolean {
  const parentKey = parentKeyOf(key);
  const parent = parentKey === undefined ? undefined : world.resources.get(parentKey);
  if (!parent) return false;
  const collections = INLINE_CHILDREN[parent.type];
  if (!collections) return false;
  for (const property in collections) {
    const list = parent.properties[collections[property]!];
    if (!Array.isArray(list)) continue;
    for (const c of list as Resource[]) if (typeof c?.id === 'string' && fastKey(c.id) === key) return true;
  }
  return false;
}

function buildPeers(world: World): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    let s = out.get(a);
    if (!s) out.set(a, (s = new Set()));
    s.add(b);
  };
  for (const r of world.resources.values()) {
    if (r.type !== T.virtualNetwork) continue;
    for (const p of (r as VirtualNetwork).properties.virtualNetworkPeerings ?? []) {
      const remote = p.properties.remoteVirtualNetwork?.id;
      if (typeof remote !== 'string' || !world.resources.has(keyOf(remote))) continue;
      add(keyOf(r.id), keyOf(remote));
      add(keyOf(remote), keyOf(r.id));
    }
  }
  return out;
}

/** `{ id }` references as plain strings; anything else is undefined. */
export const refId = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string'
    ? (v as { id: string }).id
    : undefined;

export const refIds = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(refId).filter((x): x is string => x !== undefined) : [];

export const childrenOf = (r: Resource, property: string): Resource[] => {
  const list = r.properties[property];
  return Array.isArray(list)
    ? (list as Resource[]).filter((c) => typeof c === 'object' && c !== null && typeof c.id === 'string')
    : [];
};
