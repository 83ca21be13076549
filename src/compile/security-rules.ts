// Compiles NSG security rules, the six default rules and AVNM security admin rules into CompiledRule values with
// service tags and ASGs expanded. Read ../../../shared/azure-semantics.md §2.1, §2.2, §2.5 and §2.6 before
// changing this file.
import { ANY_PORT, parsePortRange, parsePrefix } from '../net/index.ts';
import type { PortRange, Prefix } from '../net/index.ts';
import { keyOf, linksOf } from '../model/index.ts';
import type {
  NetworkSecurityGroup,
  SecurityRule,
  SecurityRuleProperties,
  SubResource,
  Warning,
  World,
} from '../model/index.ts';
import type { AppliedAdminRule } from './security-avnm.ts';
import { looksLikeServiceTag, PLATFORM_TAGS, resolveTag } from './security-tags.ts';
import type { CompiledRule, PlatformTag, RuleSet, TagPrefixes } from './security-types.ts';

export interface RuleContext {
  readonly world: World;
  readonly tags: TagPrefixes;
  /** Private endpoint NICs ignore source-port filters (§5.1). */
  readonly privateEndpoint: boolean;
  readonly warnings: Warning[];
}

interface Addresses {
  readonly prefixes: readonly Prefix[] | 'any';
  readonly text: readonly string[];
  readonly platformTag?: PlatformTag;
}

/** One address item as written: '*', a tag, an IP or CIDR. Unknown tags match nothing and warn. */
function expandItem(
  ctx: RuleContext,
  item: string,
  ruleId: string,
  allowPlatformTags: boolean,
): { prefixes: Prefix[] | 'any'; platformTag?: PlatformTag } {
  const tag = resolveTag(item);
  if (tag?.kind === 'any') return { prefixes: 'any' };
  if (tag?.kind === 'tag') return { prefixes: [...ctx.tags[tag.name]] };
  if (tag?.kind === 'platform') {
    if (allowPlatformTags) return { prefixes: [PLATFORM_TAGS[tag.name].prefix], platformTag: tag.name };
    ctx.warnings.push({
      kind: 'unsupported',
      code: 'PlatformTagNotSupportedInAdminRule',
      message: `'${item}' is not supported in security admin rules (concept-security-admins); the item matches nothing.`,
      target: ruleId,
    });
    return { prefixes: [] };
  }
  const p = parsePrefix(item, true);
  if (p.ok) return { prefixes: [p.value] };
  if (looksLikeServiceTag(item)) {
    // Fidelity: vnetlab holds no IP data for service tags other than VirtualNetwork, AzureLoadBalancer,
    // Internet and AzurePlatform*; a rule naming one matches no address.
    ctx.warnings.push({
      kind: 'approximated',
      code: 'ServiceTagNotExpanded',
      message: `Service tag '${item}' has no IP data in vnetlab; the rule matches no address through it.`,
      target: ruleId,
    });
  } else {
    ctx.warnings.push({
      kind: 'unsupported',
      code: 'InvalidAddressPrefix',
      message: `'${item}' is neither an IP address, a CIDR prefix nor a service tag; the item matches nothing.`,
      target: ruleId,
    });
  }
  return { prefixes: [] };
}

function expandAddresses(
  ctx: RuleContext,
  items: readonly string[],
  asgs: readonly SubResource[] | undefined,
  ruleId: string,
  allowPlatformTags: boolean,
): Addresses {
  if (asgs && asgs.length > 0) {
    // An ASG stands for the private IPs of the IP configurations that are its members (§2.5).
    const prefixes: Prefix[] = [];
    for (const asg of asgs) {
      for (const member of linksOf(ctx.world).asgMembers.get(keyOf(asg.id)) ?? []) {
        const p = member.address ? parsePrefix(member.address) : undefined;
        if (p?.ok) prefixes.push(p.value);
      }
    }
    return { prefixes, text: asgs.map((a) => a.id) };
  }
  const text = items.length > 0 ? items : ['*'];
  const prefixes: Prefix[] = [];
  let platformTag: PlatformTag | undefined;
  for (const item of text) {
    const e = expandItem(ctx, item, ruleId, allowPlatformTags);
    if (e.prefixes === 'any') return { prefixes: 'any', text };
    prefixes.push(...e.prefixes);
    platformTag ??= e.platformTag;
  }
  return platformTag ? { prefixes, text, platformTag } : { prefixes, text };
}

function expandPorts(ctx: RuleContext, items: readonly string[], ruleId: string): PortRange[] {
  if (items.length === 0) return [ANY_PORT];
  const out: PortRange[] = [];
  for (const item of items) {
    const r = parsePortRange(item);
    if (r.ok) out.push(r.value);
    else
      ctx.warnings.push({
        kind: 'unsupported',
        code: 'InvalidPortRange',
        message: `${r.reason}; the range matches nothing.`,
        target: ruleId,
      });
  }
  return out;
}

const listOf = (single: string | undefined, many: readonly string[] | undefined): string[] =>
  many && many.length > 0 ? [...many] : single !== undefined && single !== '' ? [single] : [];

const PROTOCOLS: Readonly<Record<string, CompiledRule['protocol']>> = {
  tcp: 'Tcp',
  udp: 'Udp',
  icmp: 'Icmp',
  esp: 'Esp',
  ah: 'Ah',
  '*': 'All',
  any: 'All',
  all: 'All',
};

function compileNsgRule(
  ctx: RuleContext,
  nsgId: string,
  id: string,
  name: string,
  kind: 'user' | 'default',
  p: SecurityRuleProperties,
): CompiledRule {
  const source = expandAddresses(
    ctx,
    listOf(p.sourceAddressPrefix, p.sourceAddressPrefixes),
    p.sourceApplicationSecurityGroups,
    id,
    true,
  );
  const destination = expandAddresses(
    ctx,
    listOf(p.destinationAddressPrefix, p.destinationAddressPrefixes),
    p.destinationApplicationSecurityGroups,
    id,
    true,
  );
  const platformTag = destination.platformTag ?? source.platformTag;
  return {
    id,
    name,
    kind,
    ownerId: nsgId,
    priority: p.priority,
    direction: p.direction,
    access: p.access,
    protocol: PROTOCOLS[String(p.protocol).toLowerCase()] ?? 'All',
    source: source.prefixes,
    destination: destination.prefixes,
    // §5.1: for private endpoints, source-port filters are treated as '*'.
    sourcePorts: ctx.privateEndpoint
      ? [ANY_PORT]
      : expandPorts(ctx, listOf(p.sourcePortRange, p.sourcePortRanges), id),
    destinationPorts: expandPorts(ctx, listOf(p.destinationPortRange, p.destinationPortRanges), id),
    sourceText: source.text,
    destinationText: destination.text,
    ...(platformTag ? { platformTag } : {}),
  };
}

type DefaultRule = Omit<SecurityRuleProperties, 'provisioningState'> & { name: string; description: string };

/** The six default rules every NSG carries (§2.2; names and descriptions from the REST examples). */
export const DEFAULT_SECURITY_RULES: readonly DefaultRule[] = [
  {
    name: 'AllowVnetInBound',
    description: 'Allow inbound traffic from all VMs in VNET',
    priority: 65000,
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    sourcePortRange: '*',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRange: '*',
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    description: 'Allow inbound traffic from azure load balancer',
    priority: 65001,
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefix: 'AzureLoadBalancer',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '*',
  },
  {
    name: 'DenyAllInBound',
    description: 'Deny all inbound traffic',
    priority: 65500,
    direction: 'Inbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '*',
  },
  {
    name: 'AllowVnetOutBound',
    description: 'Allow outbound traffic from all VMs to all VMs in VNET',
    priority: 65000,
    direction: 'Outbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    sourcePortRange: '*',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRange: '*',
  },
  {
    name: 'AllowInternetOutBound',
    description: 'Allow outbound traffic from all VMs to Internet',
    priority: 65001,
    direction: 'Outbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: 'Internet',
    destinationPortRange: '*',
  },
  {
    name: 'DenyAllOutBound',
    description: 'Deny all outbound traffic',
    priority: 65500,
    direction: 'Outbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '*',
  },
];

const byPriority = (a: CompiledRule, b: CompiledRule): number =>
  a.priority - b.priority || a.direction.localeCompare(b.direction);

/** An NSG's user rules and default rules, compiled for one subnet's view of the tags, sorted by priority. */
export function compileNsg(ctx: RuleContext, nsg: NetworkSecurityGroup): RuleSet {
  const rules: CompiledRule[] = [];
  for (const r of nsg.properties.securityRules ?? [])
    rules.push(compileNsgRule(ctx, nsg.id, r.id, r.name, 'user', (r as SecurityRule).properties));
  // Synthesised here rather than read from properties.defaultSecurityRules, so that a world whose NSGs were
  // given without them (ARM fills them in) still has them.
  for (const d of DEFAULT_SECURITY_RULES)
    rules.push(compileNsgRule(ctx, nsg.id, `${nsg.id}/defaultSecurityRules/${d.name}`, d.name, 'default', d));
  rules.sort(byPriority);
  return { ownerId: nsg.id, rules };
}

const addressTexts = (items: readonly { addressPrefix: string }[] | undefined): string[] =>
  (items ?? []).map((i) => i.addressPrefix);

/** AVNM security admin rules in force for a VNet, as one rule set sorted by priority (§2.6). */
export function compileAdminRules(
  ctx: RuleContext,
  applied: readonly AppliedAdminRule[],
): RuleSet | undefined {
  if (applied.length === 0) return undefined;
  const configurations = [...new Set(applied.map((a) => a.configurationId))].sort();
  // Fidelity: several configurations (network manager levels) are merged into one list by priority.
  if (configurations.length > 1) {
    ctx.warnings.push({
      kind: 'approximated',
      code: 'SeveralSecurityAdminConfigurations',
      message: `${configurations.length} security admin configurations apply; vnetlab merges their rules by priority (Azure evaluates them per network manager level).`,
      target: configurations.join(', '),
    });
  }
  const rules: CompiledRule[] = [];
  for (const { rule, configurationId } of applied) {
    const p = rule.properties;
    if (rule.kind === 'Default') {
      ctx.warnings.push({
        kind: 'unsupported',
        code: 'DefaultAdminRuleNotSupported',
        message: `Default admin rule '${rule.name}' is not modelled; it is ignored.`,
        target: rule.id,
      });
      continue;
    }
    const source = expandAddresses(ctx, addressTexts(p.sources), undefined, rule.id, false);
    const destination = expandAddresses(ctx, addressTexts(p.destinations), undefined, rule.id, false);
    rules.push({
      id: rule.id,
      name: rule.name,
      kind: 'admin',
      ownerId: configurationId,
      priority: p.priority,
      direction: p.direction,
      access: p.access,
      protocol: PROTOCOLS[String(p.protocol).toLowerCase()] ?? 'All',
      source: source.prefixes,
      destination: destination.prefixes,
      sourcePorts: ctx.privateEndpoint ? [ANY_PORT] : expandPorts(ctx, p.sourcePortRanges ?? [], rule.id),
      destinationPorts: expandPorts(ctx, p.destinationPortRanges ?? [], rule.id),
      sourceText: source.text,
      destinationText: destination.text,
    });
  }
  if (rules.length === 0) return undefined;
  rules.sort(byPriority);
  return { ownerId: configurations[0]!, rules };
}
