// The emulator's state: the world (every Microsoft.Network / Compute resource), resource groups, and the
// documents ARM keeps about requests (operations, deployments). Each change is applied in memory and written to
// the store in one transaction before it is acknowledged; a change apply() refuses touches neither.
import { apply, keyOf, restoredWorld, EMPTY_WORLD } from '../model/index.ts';
import type { ApplyOptions, ApplyResult, Change, CommitRecord, Resource, World } from '../model/index.ts';
import type { Store, StoreBatch } from '../store/index.ts';
import { autoWatchers } from './auto-watcher.ts';
import { NETWORK_WATCHER } from './network-watcher.ts';
import type { NetworkWatcherDocument } from './network-watcher.ts';

export interface ResourceGroup {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Resources/resourceGroups';
  readonly location: string;
  readonly tags?: Record<string, string>;
  readonly managedBy?: string;
  readonly properties: { readonly provisioningState: 'Succeeded' | 'Deleting' };
}

const RESOURCE = 'resource';
export const GROUP = 'group';
const COMMITS = 'commits';

export const groupKey = (subscriptionId: string, name: string): string =>
  `/subscriptions/${subscriptionId}/resourcegroups/${name}`.toLowerCase();

export class ArmState {
  #world: World;
  readonly #groups = new Map<string, ResourceGroup>();
  readonly store: Store;
  readonly #autoWatchers: boolean;

  /** `networkWatcherAutocreate`: see ServeOptions (default true). */
  constructor(store: Store, options: { networkWatcherAutocreate?: boolean } = {}) {
    this.store = store;
    this.#autoWatchers = options.networkWatcherAutocreate ?? true;
    this.#world = this.#storedWorld();
    this.reloadGroups();
  }

  #storedWorld(): World {
    const resources = this.store.all(RESOURCE).map((row) => row.value as Resource);
    const commits = (this.store.get(COMMITS, 'all') as CommitRecord[] | undefined) ?? [];
    return resources.length || commits.length ? restoredWorld(resources, commits) : EMPTY_WORLD;
  }

  /**
   * Reads the world and the groups again when another process wrote the store (`vnetlab import` into the data
   * directory of a running server), so that what it wrote is served without a restart. Returns whether it did.
   */
  refresh(): boolean {
    if (!this.store.changedElsewhere()) return false;
    this.#world = this.#storedWorld();
    this.reloadGroups();
    return true;
  }

  /** Reads the resource groups again from the store (after a change wrote some with `extra`). */
  reloadGroups(): void {
    this.#groups.clear();
    for (const { key, value } of this.store.all(GROUP)) this.#groups.set(key, value as ResourceGroup);
  }

  get world(): World {
    return this.#world;
  }

  /** Applies `changes`; on success writes the resources that changed, and `extra`, in one transaction. */
  change(changes: readonly Change[], options: ApplyOptions, extra: StoreBatch = {}): ApplyResult {
    const before = this.#world;
    const result = apply(before, changes, options);
    if (!result.ok) return result;
    const after = result.world;
    const puts: (readonly [string, string, unknown])[] = [...(extra.puts ?? [])];
    const deletes: (readonly [string, string])[] = [...(extra.deletes ?? [])];
    // Only what apply() changed is written: the keys it put, replaced or deleted.
    for (const key of result.changed) {
      const r = after.resources.get(key);
      if (r === undefined) {
        if (before.resources.has(key)) deletes.push([RESOURCE, key]);
      } else if (before.resources.get(key) !== r) puts.push([RESOURCE, key, r]);
    }
    if (after.commits !== before.commits) puts.push([COMMITS, 'all', after.commits]);
    const auto = this.#autoWatchers
      ? autoWatchers(
          before,
          after,
          result.changed,
          () => this.documents(NETWORK_WATCHER) as NetworkWatcherDocument[],
          (subscriptionId, name) => this.group(subscriptionId, name) !== undefined,
        )
      : { groups: [], watchers: [] };
    for (const g of auto.groups) puts.push([GROUP, keyOf(g.id), g]);
    for (const w of auto.watchers) puts.push([NETWORK_WATCHER, w.id.toLowerCase(), w]);
    this.store.write({ puts, deletes });
    for (const g of auto.groups) this.#groups.set(keyOf(g.id), g);
    this.#world = after;
    return result;
  }

  group(subscriptionId: string, name: string): ResourceGroup | undefined {
    return this.#groups.get(groupKey(subscriptionId, name));
  }

  groups(): ResourceGroup[] {
    return [...this.#groups.values()];
  }

  putGroup(group: ResourceGroup, extra: StoreBatch = {}): void {
    const key = keyOf(group.id);
    this.store.write({ puts: [[GROUP, key, group], ...(extra.puts ?? [])], deletes: extra.deletes ?? [] });
    this.#groups.set(key, group);
  }

  /** Deletes a group and every resource in it, or nothing when apply() refuses the deletes. */
  deleteGroup(
    subscriptionId: string,
    name: string,
    options: ApplyOptions,
    extra: StoreBatch = {},
  ): ApplyResult {
    const key = groupKey(subscriptionId, name);
    const prefix = `${key}/`;
    const changes: Change[] = [];
    for (const [k, r] of this.#world.resources)
      if (k.startsWith(prefix)) changes.push({ op: 'delete', id: r.id });
    const result = this.change(changes, options, {
      puts: extra.puts ?? [],
      deletes: [[GROUP, key], ...(extra.deletes ?? [])],
    });
    if (result.ok) this.#groups.delete(key);
    return result;
  }

  /** A document ARM keeps about requests (operation status, deployment). */
  document(kind: string, key: string): unknown {
    return this.store.get(kind, key.toLowerCase());
  }

  putDocument(kind: string, key: string, value: unknown): void {
    this.store.write({ puts: [[kind, key.toLowerCase(), value]] });
  }

  documents(kind: string): unknown[] {
    return this.store.all(kind).map((row) => row.value);
  }
}
