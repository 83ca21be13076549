// POST networkInterfaces/{nic}/effectiveNetworkSecurityGroups: the NSGs that apply to a NIC, per association,
// with service tags expanded. Shape: EffectiveNetworkSecurityGroupListResult in networkInterface.json
// (azure-rest-api-specs) and the effective-rules sample in Microsoft's NSG troubleshooting article. Read
// ../../../shared/azure-semantics.md §10.3 before changing this file.
import { securityOfNic } from '../compile/security.ts';
import type { CompiledRule, NicSecurity, RuleSet, SecurityOptions } from '../compile/security.ts';
import { formatPrefix } from '../net/index.ts';
import type { PortRange, Prefix, Result } from '../net/index.ts';
import { keyOf, linksOf } from '../model/index.ts';
import type { World } from '../model/index.ts';
import { resolveNic } from './resolve.ts';
import { ruleNameOf } from './ip-flow-verify.ts';

export interface EffectiveNetworkSecurityRuleJson {
  name: string;
  protocol: CompiledRule['protocol'];
  sourcePortRange?: string;
  destinationPortRange?: string;
  sourcePortRanges: string[];
  destinationPortRanges: string[];
  sourceAddressPrefix?: string;
  destinationAddressPrefix?: string;
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  expandedSourceAddressPrefix: string[];
  expandedDestinationAddressPrefix: string[];
  access: 'Allow' | 'Deny';
  priority: number;
  direction: 'Inbound' | 'Outbound';
}

export interface EffectiveNetworkSecurityGroupJson {
  networkSecurityGroup: { id: string };
  association: { subnet: { id: string } } | { networkInterface: { id: string } };
  effectiveSecurityRules: EffectiveNetworkSecurityRuleJson[];
  /**
   * Fidelity: api-versions up to 2023 typed tagMap as a JSON string; newer SDKs read it as a map of tag to
   * prefixes, which vnetlab returns.
   */
  tagMap: Record<string, string[]>;
}

// Azure writes port ranges as "from-to", also for one port ("3389-3389") and for '*' ("0-65535").
const portText = (r: PortRange): string => `${r.from}-${r.to}`;

const TAG_NAMES: Readonly<Record<string, keyof NicSecurity['tags']>> = {
  virtualnetwork: 'VirtualNetwork',
  virtual_network: 'VirtualNetwork',
  azureloadbalancer: 'AzureLoadBalancer',
  azure_loadbalancer: 'AzureLoadBalancer',
  internet: 'Internet',
};

const isAny = (text: string): boolean => text === '*' || text.toLowerCase() === 'any';
const isAsg = (text: string): boolean => text.startsWith('/');
const isTag = (text: string): boolean => /^[A-Za-z]/.test(text) && !isAny(text);

function addressFields(
  texts: readonly string[],
  prefixes: readonly Prefix[] | 'any',
): { prefix?: string; prefixes: string[]; expanded: string[] } {
  // Fidelity: '*' is written "0.0.0.0/0" as in Microsoft's sample output; IPv6 ('::/0') is not shown.
  const shown = texts.map((t) => (isAny(t) ? '0.0.0.0/0' : t));
  const expandedList = prefixes === 'any' ? [] : prefixes.map(formatPrefix);
  if (texts.some(isAsg)) {
    // Fidelity: ASG rules show their members' IPs as the (expanded) prefixes; Azure's rendering is unverified.
    return { prefixes: expandedList, expanded: expandedList };
  }
  const expanded = texts.some(isTag) ? expandedList : [];
  return shown.length === 1 ? { prefix: shown[0]!, prefixes: [], expanded } : { prefixes: shown, expanded };
}

function ruleJson(rule: CompiledRule): EffectiveNetworkSecurityRuleJson {
  const src = addressFields(rule.sourceText, rule.source);
  const dst = addressFields(rule.destinationText, rule.destination);
  const srcPorts = rule.sourcePorts.map(portText);
  const dstPorts = rule.destinationPorts.map(portText);
  return {
    name: ruleNameOf(rule),
    protocol: rule.protocol,
    ...(srcPorts.length === 1 ? { sourcePortRange: srcPorts[0]! } : {}),
    ...(dstPorts.length === 1 ? { destinationPortRange: dstPorts[0]! } : {}),
    sourcePortRanges: srcPorts.length === 1 ? [] : srcPorts,
    destinationPortRanges: dstPorts.length === 1 ? [] : dstPorts,
    ...(src.prefix !== undefined ? { sourceAddressPrefix: src.prefix } : {}),
    ...(dst.prefix !== undefined ? { destinationAddressPrefix: dst.prefix } : {}),
    sourceAddressPrefixes: src.prefixes,
    destinationAddressPrefixes: dst.prefixes,
    expandedSourceAddressPrefix: src.expanded,
    expandedDestinationAddressPrefix: dst.expanded,
    access: rule.access === 'Deny' ? 'Deny' : 'Allow',
    priority: rule.priority,
    direction: rule.direction,
  };
}

function tagMapOf(sec: NicSecurity, set: RuleSet): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of set.rules) {
    for (const text of [...rule.sourceText, ...rule.destinationText]) {
      if (!isTag(text)) continue;
      const known = TAG_NAMES[text.toLowerCase()];
      if (known) out[known] = sec.tags[known].map(formatPrefix);
      else if (rule.platformTag && text.toLowerCase() === rule.platformTag.toLowerCase())
        out[rule.platformTag] = rule.destination === 'any' ? [] : rule.destination.map(formatPrefix);
      else out[text] = []; // Fidelity: service tags without IP data in vnetlab expand to nothing.
    }
  }
  return out;
}

function groupJson(
  sec: NicSecurity,
  set: RuleSet,
  association: EffectiveNetworkSecurityGroupJson['association'],
): EffectiveNetworkSecurityGroupJson {
  return {
    networkSecurityGroup: { id: set.ownerId },
    association,
    effectiveSecurityRules: set.rules.map(ruleJson),
    tagMap: tagMapOf(sec, set),
  };
}

/**
 * The effective NSGs of a NIC: its own NSG's association first, then its subnet's, as in Microsoft's sample.
 * AVNM security admin rules are not part of this answer: Azure lists them through another API
 * (virtualNetworks/{vnet}/listNetworkManagerEffectiveSecurityAdminRules).
 */
export function effectiveNetworkSecurityGroups(
  world: World,
  nic: string,
  options?: SecurityOptions,
): Result<{ value: EffectiveNetworkSecurityGroupJson[] }> {
  const resolved = resolveNic(world, nic);
  if (!resolved.ok) return resolved;
  if (!(linksOf(world).addressesOfNic.get(keyOf(resolved.value.id)) ?? []).length) {
    return {
      ok: false,
      reason: `network interface '${resolved.value.name}' has no IP configuration in a subnet`,
    };
  }
  const sec = securityOfNic(world, resolved.value.id, options);
  if (sec.privateEndpointNsg !== undefined) {
    // §5.1 / §10.3: effective rules are not shown for private endpoint NICs.
    return {
      ok: false,
      reason: `effective security rules are not available for network interface '${resolved.value.name}' of a private endpoint`,
    };
  }
  const value: EffectiveNetworkSecurityGroupJson[] = [];
  if (sec.nicNsg) value.push(groupJson(sec, sec.nicNsg, { networkInterface: { id: sec.nicId } }));
  if (sec.subnetNsg) value.push(groupJson(sec, sec.subnetNsg, { subnet: { id: sec.subnetId } }));
  return { ok: true, value: { value } };
}
