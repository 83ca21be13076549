// AVNM facts security needs: which configurations are in force in a region, which network groups hold a VNet,
// the VNets an AVNM connectivity configuration connects to it (for the VirtualNetwork tag), and the security
// admin rules that apply to it. Read ../../../shared/azure-semantics.md §2.6 and §3.4 before changing this file.
import { getResource, keyOf, parentIdOf, T } from '../model/index.ts';
import { avnmRouting } from './routes-avnm.ts';
import type { AdminRule, AdminRuleCollection, StaticMember, VirtualNetwork, World } from '../model/index.ts';

interface AvnmIndex {
  /** Member VNet IDs by network group key (static members only). */
  readonly membersOfGroup: ReadonlyMap<string, readonly string[]>;
  /** Network group keys by member VNet key. */
  readonly groupsOfVnet: ReadonlyMap<string, readonly string[]>;
  /** Rule collections by security admin configuration key. */
  readonly collectionsOfConfiguration: ReadonlyMap<string, readonly AdminRuleCollection[]>;
  /** Admin rules by rule collection key. */
  readonly rulesOfCollection: ReadonlyMap<string, readonly AdminRule[]>;
}

const indexCache = new WeakMap<World, AvnmIndex>();

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function avnmIndex(world: World): AvnmIndex {
  let index = indexCache.get(world);
  if (index) return index;
  const membersOfGroup = new Map<string, string[]>();
  const groupsOfVnet = new Map<string, string[]>();
  const collectionsOfConfiguration = new Map<string, AdminRuleCollection[]>();
  const rulesOfCollection = new Map<string, AdminRule[]>();
  for (const r of world.resources.values()) {
    const parent = parentIdOf(r.id);
    if (!parent) continue;
    if (r.type === T.staticMember) {
      const vnetId = (r as StaticMember).properties.resourceId;
      if (typeof vnetId !== 'string') continue;
      push(membersOfGroup, keyOf(parent), vnetId);
      push(groupsOfVnet, keyOf(vnetId), keyOf(parent));
    } else if (r.type === T.adminRuleCollection) {
      push(collectionsOfConfiguration, keyOf(parent), r as AdminRuleCollection);
    } else if (r.type === T.adminRule) {
      push(rulesOfCollection, keyOf(parent), r as AdminRule);
    }
  }
  index = { membersOfGroup, groupsOfVnet, collectionsOfConfiguration, rulesOfCollection };
  indexCache.set(world, index);
  return index;
}

/**
 * The configuration IDs in force in a region for a commit type: per network manager, the latest commit of that
 * type naming the region replaces earlier ones there (NetworkManagerCommit semantics, see model/types.ts).
 */
export function configurationsInForce(
  world: World,
  commitType: 'Connectivity' | 'SecurityAdmin',
  location: string,
): string[] {
  const region = location.replace(/\s+/g, '').toLowerCase();
  const latest = new Map<string, readonly string[]>();
  for (const c of world.commits) {
    if (c.commitType === commitType && c.targetLocations.includes(region))
      latest.set(keyOf(c.networkManagerId), c.configurationIds);
  }
  return [...latest.values()].flat();
}

const isMember = (index: AvnmIndex, groupId: string, vnetId: string): boolean =>
  (index.membersOfGroup.get(keyOf(groupId)) ?? []).some((m) => keyOf(m) === keyOf(vnetId));

/** One security admin configuration's rules that apply to a VNet, with their collection. */
export interface AppliedAdminRule {
  readonly rule: AdminRule;
  readonly collection: AdminRuleCollection;
  readonly configurationId: string;
}

/**
 * Admin rules in force for a VNet: from SecurityAdmin commits in force in its region, the rule collections of
 * those configurations that apply to a network group holding the VNet as a static member (§2.6).
 */
export function adminRulesOfVnet(world: World, vnet: VirtualNetwork): AppliedAdminRule[] {
  const index = avnmIndex(world);
  if (!index.groupsOfVnet.has(keyOf(vnet.id))) return [];
  const out: AppliedAdminRule[] = [];
  for (const configurationId of configurationsInForce(world, 'SecurityAdmin', vnet.location ?? '')) {
    const configuration = getResource(world, configurationId);
    if (configuration?.type !== T.securityAdminConfiguration) continue;
    for (const collection of index.collectionsOfConfiguration.get(keyOf(configurationId)) ?? []) {
      const applies = (collection.properties.appliesToGroups ?? []).some((g) =>
        isMember(index, g.networkGroupId, vnet.id),
      );
      if (!applies) continue;
      for (const rule of index.rulesOfCollection.get(keyOf(collection.id)) ?? [])
        out.push({ rule, collection, configurationId: configuration.id });
    }
  }
  return out;
}

/**
 * VNets joined to this one by AVNM connectivity configurations in force in its region: mesh connected groups,
 * hub-and-spoke hub <-> spoke peerings, and DirectlyConnected spoke groups. Their spaces join the VirtualNetwork
 * tag (§2.4, §3.4). Taken from the routing view, so the tag and the routes always agree on who is connected.
 * Fidelity: AVNM-created hub <-> spoke peerings count as peerings with allowVirtualNetworkAccess=true (AVNM does
 * not expose the setting).
 */
export function avnmConnectedVnets(world: World, vnet: VirtualNetwork): VirtualNetwork[] {
  const routing = avnmRouting(world);
  const self = keyOf(vnet.id);
  const out = new Map<string, VirtualNetwork>();
  for (const group of routing.groupsOfVnet.get(self) ?? []) {
    group.members.forEach((member, i) => {
      if (group.memberKeys[i] !== self) out.set(group.memberKeys[i]!, member);
    });
  }
  for (const peer of routing.peersOfVnet.get(self) ?? []) out.set(keyOf(peer.remote.id), peer.remote);
  return [...out.values()];
}

/** Admin rule IDs are .../securityAdminConfigurations/{cfg}/ruleCollections/{rc}/rules/{rule}. */
export const adminRulePath = (ruleId: string): string => {
  const m = /\/(securityAdminConfigurations\/[^/]+\/ruleCollections\/[^/]+\/rules\/[^/]+)$/i.exec(ruleId);
  return m ? m[1]! : ruleId;
};
