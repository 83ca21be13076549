// Evaluates a flow against a NIC's compiled security: AVNM admin rules, then the NSGs in Azure's order, first
// match by priority in each. Read ../../../shared/azure-semantics.md §2.3, §2.6, §5.1 and Appendix A (steps 2
// and 5) before changing this file.
import { containsAddress, inPortRange } from '../net/index.ts';
import type { Address, PortRange, Prefix } from '../net/index.ts';
import { IMDS, PLATFORM_TAGS, WIRE_SERVER } from './security-tags.ts';
import type {
  CompiledRule,
  EvaluatedStage,
  Flow,
  FlowProtocol,
  NicSecurity,
  RuleSet,
  SecurityOptions,
  SecurityVerdict,
} from './security-types.ts';

/** '*' covers TCP, UDP and ICMP; ESP and AH rules never match those flows (§2.1). */
export function protocolMatches(rule: CompiledRule['protocol'], flow: FlowProtocol): boolean {
  if (rule === 'All') return true;
  return rule.toUpperCase() === flow;
}

export const addressMatches = (set: readonly Prefix[] | 'any', a: Address): boolean =>
  set === 'any' || set.some((p) => containsAddress(p, a));

/**
 * Fidelity: a flow port given as '*' (undefined) matches only rules whose ranges include a whole 0-65535 range;
 * how Network Watcher treats a wildcard port against a port-specific rule is undocumented.
 */
export const portMatches = (ranges: readonly PortRange[], port: number | undefined): boolean =>
  port === undefined
    ? ranges.some((r) => r.from === 0 && r.to === 65535)
    : ranges.some((r) => inPortRange(r, port));

/** Whether one rule matches the flow (direction, protocol, addresses, ports; ports ignored for ICMP). */
export function ruleMatches(rule: CompiledRule, flow: Flow): boolean {
  if (rule.direction !== flow.direction || !protocolMatches(rule.protocol, flow.protocol)) return false;
  const inbound = flow.direction === 'Inbound';
  if (!addressMatches(rule.source, inbound ? flow.remote : flow.local)) return false;
  if (!addressMatches(rule.destination, inbound ? flow.local : flow.remote)) return false;
  const dstPort = inbound ? flow.localPort : flow.remotePort;
  if (rule.platformTag) {
    // AzurePlatformDNS / AzurePlatformLKM stand for one service port of the wire server (§2.3).
    const port = PLATFORM_TAGS[rule.platformTag].port;
    if (port !== undefined && dstPort !== port) return false;
  }
  if (flow.protocol === 'ICMP') return true;
  return (
    portMatches(rule.sourcePorts, inbound ? flow.remotePort : flow.localPort) &&
    portMatches(rule.destinationPorts, dstPort)
  );
}

/** First matching rule by priority (the set is sorted). */
export function firstMatch(
  set: RuleSet,
  flow: Flow,
  only?: (r: CompiledRule) => boolean,
): CompiledRule | undefined {
  for (const rule of set.rules) if ((!only || only(rule)) && ruleMatches(rule, flow)) return rule;
  return undefined;
}

const isPlatformAddress = (a: Address): boolean =>
  containsAddress(WIRE_SERVER, a) || containsAddress(IMDS, a);

const describe = (rule: CompiledRule): string =>
  rule.kind === 'admin'
    ? `security admin rule '${rule.name}'`
    : `${rule.kind === 'default' ? 'default rule' : 'rule'} '${rule.name}' of NSG '${rule.ownerId.split('/').at(-1)}'`;

const allow = (
  stage: SecurityVerdict['stage'],
  rule: CompiledRule | undefined,
  evaluated: EvaluatedStage[],
  reason: string,
): SecurityVerdict => ({ access: 'Allow', rule, stage, evaluated, reason });

/** The NSG levels in Azure's order: inbound subnet then NIC, outbound NIC then subnet (§2.3). */
function nsgLevels(sec: NicSecurity, flow: Flow): { stage: 'subnet-nsg' | 'nic-nsg'; set: RuleSet }[] {
  const subnet = sec.subnetNsg ? [{ stage: 'subnet-nsg' as const, set: sec.subnetNsg }] : [];
  const nic = sec.nicNsg ? [{ stage: 'nic-nsg' as const, set: sec.nicNsg }] : [];
  return flow.direction === 'Inbound' ? [...subnet, ...nic] : [...nic, ...subnet];
}

export function evaluate(sec: NicSecurity, flow: Flow, options: Required<SecurityOptions>): SecurityVerdict {
  const evaluated: EvaluatedStage[] = [];

  // Fidelity: with NSG policies off, both directions at a PE NIC are allowed without evaluation (a PE only
  // answers; §5.1 says outbound rules at a PE are not meaningful).
  if (sec.privateEndpointNsg === 'bypassed') {
    return allow(
      'platform',
      undefined,
      evaluated,
      "private endpoint subnet has privateEndpointNetworkPolicies 'Disabled' or 'RouteTableEnabled': NSGs do not apply to the endpoint",
    );
  }

  // Platform traffic (§2.3): outbound to the wire server or IMDS is not filtered, except by rules that name an
  // AzurePlatform* tag. Fidelity: inbound from the wire server (load balancer health probes) is evaluated by the
  // NSGs by default, because the load balancer docs say NSGs must not block 168.63.129.16 and the default rule
  // AllowAzureLoadBalancerInBound exists for it; options.platformInbound 'bypass' follows §2.3's literal reading.
  // Fidelity: an AzurePlatform* rule acts only on platform traffic (DNS = 168.63.129.16:53, LKM = :1688).
  const platformOutbound = flow.direction === 'Outbound' && isPlatformAddress(flow.remote);
  const platformInbound =
    flow.direction === 'Inbound' &&
    options.platformInbound === 'bypass' &&
    containsAddress(WIRE_SERVER, flow.remote);
  if (platformOutbound || platformInbound) {
    let last: { stage: 'subnet-nsg' | 'nic-nsg'; rule: CompiledRule } | undefined;
    for (const { stage, set } of nsgLevels(sec, flow)) {
      const rule = firstMatch(set, flow, (r) => r.platformTag !== undefined);
      if (!rule) continue;
      evaluated.push({ stage, ownerId: set.ownerId, access: rule.access, rule });
      if (rule.access === 'Deny')
        return { access: 'Deny', rule, stage, evaluated, reason: `denied by ${describe(rule)}` };
      last = { stage, rule };
    }
    if (last) return allow(last.stage, last.rule, evaluated, `allowed by ${describe(last.rule)}`);
    return allow(
      'platform',
      undefined,
      evaluated,
      'platform traffic (168.63.129.16 / 169.254.169.254) is not subject to NSGs',
    );
  }

  let lastAllow: { stage: 'admin' | 'subnet-nsg' | 'nic-nsg'; rule: CompiledRule } | undefined;
  if (sec.admin) {
    const rule = firstMatch(sec.admin, flow);
    evaluated.push({
      stage: 'admin',
      ownerId: sec.admin.ownerId,
      access: rule?.access ?? 'NoMatch',
      ...(rule ? { rule } : {}),
    });
    if (rule?.access === 'Deny')
      return {
        access: 'Deny',
        rule,
        stage: 'admin',
        evaluated,
        reason: `denied by ${describe(rule)}; NSGs not evaluated`,
      };
    if (rule?.access === 'AlwaysAllow')
      return allow('admin', rule, evaluated, `always allowed by ${describe(rule)}; NSGs not evaluated`);
    if (rule) lastAllow = { stage: 'admin', rule };
  }
  for (const { stage, set } of nsgLevels(sec, flow)) {
    const rule = firstMatch(set, flow);
    evaluated.push({
      stage,
      ownerId: set.ownerId,
      access: rule?.access ?? 'NoMatch',
      ...(rule ? { rule } : {}),
    });
    if (rule?.access === 'Deny')
      return { access: 'Deny', rule, stage, evaluated, reason: `denied by ${describe(rule)}` };
    if (rule) lastAllow = { stage, rule };
  }
  // Fidelity: when several levels allow, the innermost allowing rule is reported (the NIC NSG's inbound, the
  // subnet NSG's outbound); which one Network Watcher names is undocumented.
  if (lastAllow)
    return allow(lastAllow.stage, lastAllow.rule, evaluated, `allowed by ${describe(lastAllow.rule)}`);
  return allow(
    'no-nsg',
    undefined,
    evaluated,
    'no NSG on the subnet or the NIC and no security admin rule applies',
  );
}
