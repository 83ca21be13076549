// Azure enables Network Watcher when the first virtual network of a region is created in a subscription: it
// creates `NetworkWatcher_<region>` in the resource group `NetworkWatcherRG` (made if missing, in that region),
// which is where `az network watcher ...` commands look ("Enable or disable Azure Network Watcher").
import { randomUUID } from 'node:crypto';
import { T } from '../model/index.ts';
import type { World } from '../model/index.ts';
import { NETWORK_WATCHER_TYPE } from './network-watcher.ts';
import type { NetworkWatcherDocument } from './network-watcher.ts';
import type { ResourceGroup } from './state.ts';

export const WATCHER_GROUP = 'NetworkWatcherRG';

/** What to write so that every region with a VNet new in `after` has its watcher. */
export function autoWatchers(
  before: World,
  after: World,
  changed: Iterable<string>,
  watchers: () => readonly NetworkWatcherDocument[],
  hasGroup: (subscriptionId: string, name: string) => boolean,
): { watchers: NetworkWatcherDocument[]; groups: ResourceGroup[] } {
  let have: Set<string> | undefined;
  const made: NetworkWatcherDocument[] = [];
  const groups: ResourceGroup[] = [];
  for (const key of changed) {
    const r = after.resources.get(key);
    if (r?.type !== T.virtualNetwork || before.resources.has(key) || typeof r.location !== 'string') continue;
    const subscriptionId = r.id.split('/')[2]!;
    const region = r.location;
    const k = `${subscriptionId.toLowerCase()}|${region}`;
    have ??= new Set(watchers().map((w) => `${subscriptionOf(w.id)}|${w.location}`));
    if (have.has(k)) continue;
    have.add(k);
    const groupId = `/subscriptions/${subscriptionId}/resourceGroups/${WATCHER_GROUP}`;
    if (!hasGroup(subscriptionId, WATCHER_GROUP) && !groups.some((g) => g.id === groupId))
      groups.push({
        id: groupId,
        name: WATCHER_GROUP,
        type: 'Microsoft.Resources/resourceGroups',
        location: region,
        properties: { provisioningState: 'Succeeded' },
      });
    const doc: NetworkWatcherDocument = {
      name: `NetworkWatcher_${region}`,
      id: `${groupId}/providers/${NETWORK_WATCHER_TYPE}/NetworkWatcher_${region}`,
      etag: `W/"${randomUUID()}"`,
      type: NETWORK_WATCHER_TYPE,
      location: region,
      properties: { provisioningState: 'Succeeded' },
    };
    made.push(doc);
  }
  return { watchers: made, groups };
}

const subscriptionOf = (id: string): string => id.split('/')[2]!.toLowerCase();
