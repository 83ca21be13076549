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

/** A verdict without the stages evaluated: what the packet data plane needs, and what verdicts share. */
export type Verdict = Omit<SecurityVerdict, 'evaluated'>;

// Verdicts are functions of (rule, stage, why): built once per rule and shared, so that evaluating allocates
// nothing on the packet path (rule sets are memoised per World, so a rule's verdicts live as long as its world).
const BYPASSED: Verdict = {
  access: 'Allow',
  rule: undefined,
  stage: 'platform',
  reason:
    "private endpoint subnet has privateEndpointNetworkPolicies 'Disabled' or 'RouteTableEnabled': NSGs do not apply to the endpoint",
};
const PLATFORM: Verdict = {
  access: 'Allow',
  rule: undefined,
  stage: 'platform',
  reason: 'platform traffic (168.63.129.16 / 169.254.169.254) is not subject to NSGs',
};
const NO_NSG: Verdict = {
  access: 'Allow',
  rule: undefined,
  stage: 'no-nsg',
  reason: 'no NSG on the subnet or the NIC and no security admin rule applies',
};

// Why a rule decided; with the stage (admin 0, subnet NSG 1, NIC NSG 2) it picks the rule's verdict.
const DENIED = 0;
const ALLOWED = 1;
const ADMIN_DENIED = 2;
const ADMIN_ALWAYS_ALLOWED = 3;

type RuleStage = 'admin' | 'subnet-nsg' | 'nic-nsg';

const verdicts = new WeakMap<CompiledRule, (Verdict | undefined)[]>();

function verdictOf(rule: CompiledRule, stage: RuleStage, why: number): Verdict {
  let slots = verdicts.get(rule);
  if (!slots) verdicts.set(rule, (slots = []));
  const slot = (stage === 'admin' ? 0 : stage === 'subnet-nsg' ? 4 : 8) + why;
  let v = slots[slot];
  if (!v) {
    const what = describe(rule);
    const reason =
      why === DENIED
        ? `denied by ${what}`
        : why === ALLOWED
          ? `allowed by ${what}`
          : why === ADMIN_DENIED
            ? `denied by ${what}; NSGs not evaluated`
            : `always allowed by ${what}; NSGs not evaluated`;
    const access = why === DENIED || why === ADMIN_DENIED ? 'Deny' : 'Allow';
    slots[slot] = v = { access, rule, stage, reason };
  }
  return v;
}

/** How one evaluation finds a set's first matching rule for its kind of flow (Flow with bigints, or FlowV4). */
type FirstMatch<F> = (set: RuleSet, flow: F, platformOnly: boolean) => CompiledRule | undefined;

const firstOfFlow: FirstMatch<Flow> = (set, flow, platformOnly) =>
  firstMatch(set, flow, platformOnly ? (r) => r.platformTag !== undefined : undefined);

/**
 * Azure's order of evaluation (§2.3), once for both kinds of flow: the admin rules, then the NSG levels (inbound
 * subnet then NIC, outbound NIC then subnet); platform traffic only by AzurePlatform* rules. `evaluated`, when
 * given, receives every stage looked at.
 */
function decide<F>(
  sec: NicSecurity,
  flow: F,
  direction: Flow['direction'],
  platformTraffic: boolean,
  first: FirstMatch<F>,
  evaluated: EvaluatedStage[] | undefined,
): Verdict {
  // Fidelity: with NSG policies off, both directions at a PE NIC are allowed without evaluation (a PE only
  // answers; §5.1 says outbound rules at a PE are not meaningful).
  if (sec.privateEndpointNsg === 'bypassed') return BYPASSED;

  // The NSG levels in Azure's order: inbound subnet then NIC, outbound NIC then subnet (§2.3).
  const inbound = direction === 'Inbound';
  const level1 = inbound ? sec.subnetNsg : sec.nicNsg;
  const level2 = inbound ? sec.nicNsg : sec.subnetNsg;
  const stage1: RuleStage = inbound ? 'subnet-nsg' : 'nic-nsg';
  const stage2: RuleStage = inbound ? 'nic-nsg' : 'subnet-nsg';
  let allowed: CompiledRule | undefined;
  let allowedStage: RuleStage = 'admin';

  // Platform traffic (§2.3): outbound to the wire server or IMDS is not filtered, except by rules that name an
  // AzurePlatform* tag. Fidelity: inbound from the wire server (load balancer health probes) is evaluated by the
  // NSGs by default, because the load balancer docs say NSGs must not block 168.63.129.16 and the default rule
  // AllowAzureLoadBalancerInBound exists for it; options.platformInbound 'bypass' follows §2.3's literal reading.
  // Fidelity: an AzurePlatform* rule acts only on platform traffic (DNS = 168.63.129.16:53, LKM = :1688).
  if (platformTraffic) {
    for (let i = 0; i < 2; i++) {
      const set = i === 0 ? level1 : level2;
      if (!set) continue;
      const stage = i === 0 ? stage1 : stage2;
      const rule = first(set, flow, true);
      if (!rule) continue;
      evaluated?.push({ stage, ownerId: set.ownerId, access: rule.access, rule });
      if (rule.access === 'Deny') return verdictOf(rule, stage, DENIED);
      allowed = rule;
      allowedStage = stage;
    }
    return allowed ? verdictOf(allowed, allowedStage, ALLOWED) : PLATFORM;
  }

  if (sec.admin) {
    const rule = first(sec.admin, flow, false);
    evaluated?.push({
      stage: 'admin',
      ownerId: sec.admin.ownerId,
      access: rule?.access ?? 'NoMatch',
      ...(rule ? { rule } : {}),
    });
    if (rule?.access === 'Deny') return verdictOf(rule, 'admin', ADMIN_DENIED);
    if (rule?.access === 'AlwaysAllow') return verdictOf(rule, 'admin', ADMIN_ALWAYS_ALLOWED);
    if (rule) allowed = rule;
  }
  for (let i = 0; i < 2; i++) {
    const set = i === 0 ? level1 : level2;
    if (!set) continue;
    const stage = i === 0 ? stage1 : stage2;
    const rule = first(set, flow, false);
    evaluated?.push({
      stage,
      ownerId: set.ownerId,
      access: rule?.access ?? 'NoMatch',
      ...(rule ? { rule } : {}),
    });
    if (rule?.access === 'Deny') return verdictOf(rule, stage, DENIED);
    if (rule) {
      allowed = rule;
      allowedStage = stage;
    }
  }
  // Fidelity: when several levels allow, the innermost allowing rule is reported (the NIC NSG's inbound, the
  // subnet NSG's outbound); which one Network Watcher names is undocumented.
  return allowed ? verdictOf(allowed, allowedStage, ALLOWED) : NO_NSG;
}

export function evaluate(sec: NicSecurity, flow: Flow, options: Required<SecurityOptions>): SecurityVerdict {
  const evaluated: EvaluatedStage[] = [];
  const platformTraffic =
    (flow.direction === 'Outbound' && isPlatformAddress(flow.remote)) ||
    (flow.direction === 'Inbound' &&
      options.platformInbound === 'bypass' &&
      containsAddress(WIRE_SERVER, flow.remote));
  const v = decide(sec, flow, flow.direction, platformTraffic, firstOfFlow, evaluated);
  return { access: v.access, rule: v.rule, stage: v.stage, evaluated, reason: v.reason };
}

// ---- IPv4 as numbers: the packet data plane's path ---------------------------------------------------------

/** A flow at a NIC with IPv4 addresses as uint32 numbers and both ports given (the packet data plane's view). */
export interface FlowV4 {
  readonly direction: Flow['direction'];
  readonly protocol: FlowProtocol;
  readonly local: number;
  readonly localPort: number;
  readonly remote: number;
  readonly remotePort: number;
}

/** A rule's IPv4 side as (network, mask) pairs; null means any address. IPv6 prefixes never match IPv4. */
type Side4 = Uint32Array | null;

interface Rule4 {
  readonly rule: CompiledRule;
  readonly inbound: boolean;
  /** 0: any of TCP, UDP, ICMP; else the protocol name it matches; '' never matches. */
  readonly protocol: FlowProtocol | 'All' | '';
  readonly source: Side4;
  readonly destination: Side4;
  /** The wire-server port an AzurePlatformDNS / LKM rule is limited to, else -1. */
  readonly platformPort: number;
  readonly platform: boolean;
}

const MASKS = Uint32Array.from({ length: 33 }, (_, n) => (n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0));

function side4(set: readonly Prefix[] | 'any'): Side4 {
  if (set === 'any') return null;
  const v4 = set.filter((p) => p.version === 4);
  const out = new Uint32Array(v4.length * 2);
  v4.forEach((p, i) => {
    out[2 * i] = Number(p.network);
    out[2 * i + 1] = MASKS[p.length]!;
  });
  return out;
}

function compile4(rule: CompiledRule): Rule4 {
  const proto = rule.protocol;
  return {
    rule,
    inbound: rule.direction === 'Inbound',
    protocol:
      proto === 'All'
        ? 'All'
        : proto === 'Tcp'
          ? 'TCP'
          : proto === 'Udp'
            ? 'UDP'
            : proto === 'Icmp'
              ? 'ICMP'
              : '',
    source: side4(rule.source),
    destination: side4(rule.destination),
    platformPort: rule.platformTag ? (PLATFORM_TAGS[rule.platformTag].port ?? -1) : -1,
    platform: rule.platformTag !== undefined,
  };
}

const compiledSets = new WeakMap<RuleSet, readonly Rule4[]>();

function rules4(set: RuleSet): readonly Rule4[] {
  let r = compiledSets.get(set);
  if (!r) compiledSets.set(set, (r = set.rules.map(compile4)));
  return r;
}

function inSide(side: Side4, address: number): boolean {
  if (side === null) return true;
  for (let i = 0; i < side.length; i += 2) if ((address & side[i + 1]!) >>> 0 === side[i]) return true;
  return false;
}

function inRanges(ranges: readonly PortRange[], port: number): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (port >= r.from && port <= r.to) return true;
  }
  return false;
}

/** ruleMatches for a FlowV4 (property-tested against it in security.property.test.ts). */
function ruleMatches4(r: Rule4, flow: FlowV4): boolean {
  const inbound = flow.direction === 'Inbound';
  if (r.inbound !== inbound) return false;
  if (r.protocol !== 'All' && r.protocol !== flow.protocol) return false;
  if (!inSide(r.source, inbound ? flow.remote : flow.local)) return false;
  if (!inSide(r.destination, inbound ? flow.local : flow.remote)) return false;
  const dstPort = inbound ? flow.localPort : flow.remotePort;
  if (r.platformPort !== -1 && dstPort !== r.platformPort) return false;
  if (flow.protocol === 'ICMP') return true;
  return (
    inRanges(r.rule.sourcePorts, inbound ? flow.remotePort : flow.localPort) &&
    inRanges(r.rule.destinationPorts, dstPort)
  );
}

const firstOfFlowV4: FirstMatch<FlowV4> = (set, flow, platformOnly) => {
  const rules = rules4(set);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if ((!platformOnly || r.platform) && ruleMatches4(r, flow)) return r.rule;
  }
  return undefined;
};

const WIRE_SERVER_V4 = Number(WIRE_SERVER.network);
const IMDS_V4 = Number(IMDS.network);

/**
 * evaluate() for an IPv4 flow given as numbers, without the stages evaluated: no bigint, and nothing allocated
 * (verdicts are shared per rule). Agrees with evaluate() on every flow (security.property.test.ts).
 */
export function evaluateV4(sec: NicSecurity, flow: FlowV4, options: Required<SecurityOptions>): Verdict {
  const platformTraffic =
    flow.direction === 'Outbound'
      ? flow.remote === WIRE_SERVER_V4 || flow.remote === IMDS_V4
      : options.platformInbound === 'bypass' && flow.remote === WIRE_SERVER_V4;
  return decide(sec, flow, flow.direction, platformTraffic, firstOfFlowV4, undefined);
}
