// Azure Virtual Network Manager resources (§2.6, §3.4): static members are VNets, connectivity configurations
// are well-formed and, with connectedGroupAddressOverlap Disallowed, join no overlapping VNets; security admin
// rules have a priority in 1-4096, valid enums and no AzurePlatform* tags.
import { keyOf, parentIdOf, parseResourceId, typeOf } from '../ids.ts';
import { canonicalType, T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { formatPrefix, parsePrefix } from '../../net/index.ts';
import { overlappingPairs } from './address-space.ts';
import { inEnum } from './security-rules.ts';
import { parentKeyOf } from '../complete.ts';
import type { Context } from './context.ts';
import type {
  AdminRule,
  ConnectivityConfiguration,
  NetworkGroup,
  StaticMember,
  VirtualNetwork,
} from '../types.ts';

const PLATFORM_TAGS = ['AzurePlatformDNS', 'AzurePlatformIMDS', 'AzurePlatformLKM'];

export function validateAvnm(ctx: Context): void {
  let avnmTouched = false;
  for (const key of ctx.touched) {
    const r = ctx.world.resources.get(key)!;
    if (r.type === T.staticMember) {
      avnmTouched = true;
      const id = (r as StaticMember).properties.resourceId;
      const parsed = typeof id === 'string' ? parseResourceId(id) : undefined;
      if (!parsed?.ok || canonicalType(typeOf(parsed.value)) !== T.virtualNetwork)
        ctx.problems.push(
          E.avnmInvalid(r.id, `Static member ${r.id}: resourceId '${String(id)}' must be a virtual network.`),
        );
    } else if (r.type === T.networkGroup) {
      if ((r as NetworkGroup).properties.memberType === 'Subnet')
        ctx.warnings.push({
          kind: 'unsupported',
          code: 'SubnetNetworkGroupNotModelled',
          message: `Network group ${r.id} has memberType Subnet; vnetlab models VNet members only.`,
          target: r.id,
        });
    } else if (r.type === T.connectivityConfiguration) {
      avnmTouched = true;
      validateConnectivity(ctx, r as ConnectivityConfiguration);
    } else if (r.type === T.adminRule) {
      validateAdminRule(ctx, r as AdminRule);
    } else if (r.type === T.virtualNetwork && ctx.t.updated.has(key)) avnmTouched = true;
  }
  if (avnmTouched) validateConnectedGroupOverlap(ctx);
}

function validateConnectivity(ctx: Context, c: ConnectivityConfiguration): void {
  const p = c.properties;
  const nm = parentIdOf(c.id)!;
  if (!inEnum(p.connectivityTopology, ['HubAndSpoke', 'Mesh']))
    ctx.problems.push(
      E.avnmInvalid(
        c.id,
        `Connectivity configuration ${c.id}: connectivityTopology must be HubAndSpoke or Mesh.`,
      ),
    );
  if (p.connectivityTopology === 'HubAndSpoke' && !(p.hubs ?? []).length)
    ctx.problems.push(
      E.avnmInvalid(c.id, `Connectivity configuration ${c.id}: a HubAndSpoke topology needs a hub.`),
    );
  if (!(p.appliesToGroups ?? []).length)
    ctx.problems.push(
      E.avnmInvalid(
        c.id,
        `Connectivity configuration ${c.id}: appliesToGroups must name at least one network group.`,
      ),
    );
  for (const g of p.appliesToGroups ?? []) {
    if (typeof g?.networkGroupId === 'string' && !keyOf(g.networkGroupId).startsWith(`${keyOf(nm)}/`))
      ctx.problems.push(
        E.avnmInvalid(c.id, `Network group ${g.networkGroupId} does not belong to network manager ${nm}.`),
      );
  }
}

function validateAdminRule(ctx: Context, rule: AdminRule): void {
  const p = rule.properties;
  const bad = (m: string) =>
    ctx.problems.push(E.avnmInvalid(rule.id, `Security admin rule ${rule.id}: ${m}`));
  if (!Number.isInteger(p.priority) || p.priority < 1 || p.priority > 4096)
    bad(`priority ${String(p.priority)} must be between 1 and 4096.`);
  if (!inEnum(p.access, ['Allow', 'Deny', 'AlwaysAllow']))
    bad(`access '${String(p.access)}' must be Allow, Deny or AlwaysAllow.`);
  if (!inEnum(p.protocol, ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', 'Any']))
    bad(`protocol '${String(p.protocol)}' is not valid.`);
  if (!inEnum(p.direction, ['Inbound', 'Outbound']))
    bad(`direction '${String(p.direction)}' must be Inbound or Outbound.`);
  for (const item of [...(p.sources ?? []), ...(p.destinations ?? [])]) {
    if (item?.addressPrefixType === 'ServiceTag' && inEnum(item.addressPrefix, PLATFORM_TAGS))
      bad(`service tag ${item.addressPrefix} is not supported in security admin rules.`);
  }
}

/** §3.4: with connectedGroupAddressOverlap Disallowed, the VNets of one connected group may not overlap. */
function validateConnectedGroupOverlap(ctx: Context): void {
  const strict: ConnectivityConfiguration[] = [];
  for (const r of ctx.world.resources.values()) {
    if (r.type !== T.connectivityConfiguration) continue;
    const c = r as ConnectivityConfiguration;
    if (c.properties.connectivityCapabilities?.connectedGroupAddressOverlap === 'Disallowed') strict.push(c);
  }
  if (strict.length === 0) return;
  const members = new Map<string, string[]>(); // network group key -> VNet IDs
  for (const [key, r] of ctx.world.resources) {
    if (r.type !== T.staticMember) continue;
    const id = (r as StaticMember).properties.resourceId;
    if (typeof id !== 'string') continue;
    const group = parentKeyOf(key)!;
    const list = members.get(group);
    if (list) list.push(id);
    else members.set(group, [id]);
  }
  for (const c of strict) {
    const groups = c.properties.appliesToGroups ?? [];
    // A mesh joins every group's VNets in one connected group; hub-and-spoke only DirectlyConnected groups.
    const sets =
      c.properties.connectivityTopology === 'Mesh'
        ? [groups.flatMap((g) => members.get(keyOf(g.networkGroupId)) ?? [])]
        : groups
            .filter((g) => g.groupConnectivity === 'DirectlyConnected')
            .map((g) => members.get(keyOf(g.networkGroupId)) ?? []);
    for (const vnetIds of sets) {
      const items = [...new Set(vnetIds.map(keyOf))].flatMap((k) => {
        const vnet = ctx.world.resources.get(k) as VirtualNetwork | undefined;
        return (vnet?.properties.addressSpace?.addressPrefixes ?? []).flatMap((t) => {
          const p = parsePrefix(t, true);
          return p.ok ? [{ prefix: p.value, owner: vnet!.id }] : [];
        });
      });
      const clash = overlappingPairs(items).find(([a, b]) => keyOf(a.owner) !== keyOf(b.owner));
      if (clash)
        ctx.problems.push(
          E.connectedGroupAddressOverlap(
            c.id,
            clash[0].owner,
            clash[1].owner,
            `${formatPrefix(clash[0].prefix)}, ${formatPrefix(clash[1].prefix)}`,
          ),
        );
    }
  }
}
