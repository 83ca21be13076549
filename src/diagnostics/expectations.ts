// Expected flows of a topology file (`expect:`), checked statically against a world with the same questions
// Network Watcher answers: IP flow verify at the source (outbound) and at the destination NIC (inbound), and
// next hop at the source. Read docs/topology-format.md before changing what an expectation means.
import { linksOf } from '../model/index.ts';
import type { IpConfiguration, NetworkInterface, World } from '../model/index.ts';
import { formatAddress, parseAddress } from '../net/index.ts';
import type { Address, Result } from '../net/index.ts';
import { ipFlowVerify } from './ip-flow-verify.ts';
import { nextHop } from './next-hop.ts';
import { resolveNic } from './resolve.ts';

export interface Expectation {
  readonly name?: string;
  /** Source NIC or VM, by name or resource ID; its primary private IP is the source address. */
  readonly from: string;
  /** Destination IP address, or a NIC or VM (name or resource ID) whose primary private IP is the destination. */
  readonly to: string;
  readonly protocol: 'TCP' | 'UDP' | 'ICMP';
  /** Destination port; undefined for ICMP. */
  readonly port?: number;
  readonly access: 'Allow' | 'Deny';
  readonly nextHopType?: string;
  readonly nextHopIpAddress?: string;
  /** The deciding rule as IP flow verify names it (securityRules/x, defaultSecurityRules/y), or its bare name. */
  readonly rule?: string;
}

export interface ActualOutcome {
  readonly access: 'Allow' | 'Deny';
  readonly rule?: string;
  readonly nextHopType: string;
  readonly nextHopIpAddress?: string;
  /** Why: 'NullRouted', the stage and rule that denied, or what was allowed and what was not followed. */
  readonly reason: string;
}

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  readonly actual: ActualOutcome;
  readonly failures: string[];
}

// Fidelity: the source port of an expected flow is fixed at 50000 (an ephemeral port); rules that match on
// source ports other than '*' may decide differently for other source ports.
export const EXPECTATION_SOURCE_PORT = '50000';

export function checkExpectations(world: World, expectations: readonly Expectation[]): ExpectationResult[] {
  return expectations.map((e) => {
    const evaluated = evaluate(world, e);
    if (!evaluated.ok) {
      const actual: ActualOutcome = {
        access: 'Deny',
        nextHopType: 'None',
        reason: `NotEvaluated: ${evaluated.reason}`,
      };
      return { expectation: e, passed: false, actual, failures: [evaluated.reason] };
    }
    const failures = compare(e, evaluated.value);
    return { expectation: e, passed: failures.length === 0, actual: evaluated.value, failures };
  });
}

function evaluate(world: World, e: Expectation): Result<ActualOutcome> {
  const source = resolveNic(world, e.from);
  if (!source.ok) return source;
  const sourceIp = primaryAddress(source.value);
  if (!sourceIp)
    return { ok: false, reason: `network interface '${source.value.name}' has no private IP address` };
  const destination = destinationAddress(world, e.to);
  if (!destination.ok) return destination;
  const destinationIp = formatAddress(destination.value);
  const ports = e.protocol !== 'ICMP';
  const destinationPort = String(e.port ?? 80);

  const outbound = ipFlowVerify(world, {
    targetResourceId: source.value.id,
    direction: 'Outbound',
    protocol: e.protocol,
    localIPAddress: sourceIp,
    remoteIPAddress: destinationIp,
    ...(ports ? { localPort: EXPECTATION_SOURCE_PORT, remotePort: destinationPort } : {}),
  });
  if (!outbound.ok) return outbound;
  const hop = nextHop(world, {
    targetResourceId: source.value.id,
    sourceIPAddress: sourceIp,
    destinationIPAddress: destinationIp,
  });
  if (!hop.ok) return hop;
  const route = {
    nextHopType: hop.value.nextHopType,
    ...(hop.value.nextHopIpAddress ? { nextHopIpAddress: hop.value.nextHopIpAddress } : {}),
  };
  const at = (nic: NetworkInterface, direction: string): string => `${direction} at ${nic.name}`;

  // Azure applies the outbound security rules before routing (azure-semantics.md, Appendix A).
  if (outbound.value.access === 'Deny') {
    return ok('Deny', outbound.value.ruleName, route, `denied ${at(source.value, 'outbound')}`);
  }
  if (hop.value.nextHopType === 'None') return ok('Deny', undefined, route, 'NullRouted');

  // Fidelity: the static check does not follow a VirtualAppliance hop (the NVA's own NICs, its forwarding and
  // the routes after it); it evaluates the destination NIC's inbound rules as if the packet arrived unchanged.
  const unfollowed =
    hop.value.nextHopType === 'VirtualAppliance'
      ? `; the VirtualAppliance hop to ${hop.value.nextHopIpAddress ?? '?'} is not followed by this static check`
      : '';
  const target = nicOwning(world, destination.value);
  if (!target) {
    const why = `allowed ${at(source.value, 'outbound')}; ${destinationIp} is not a NIC of the topology, so no inbound rules were evaluated`;
    return ok('Allow', outbound.value.ruleName, route, why + unfollowed);
  }
  const inbound = ipFlowVerify(world, {
    targetResourceId: target.id,
    direction: 'Inbound',
    protocol: e.protocol,
    localIPAddress: destinationIp,
    remoteIPAddress: sourceIp,
    ...(ports ? { localPort: destinationPort, remotePort: EXPECTATION_SOURCE_PORT } : {}),
  });
  if (!inbound.ok) return inbound;
  if (inbound.value.access === 'Deny') {
    return ok('Deny', inbound.value.ruleName, route, `denied ${at(target, 'inbound')}${unfollowed}`);
  }
  const why = `allowed ${at(source.value, 'outbound')} and ${at(target, 'inbound')}`;
  // With no NSG at the destination nothing decides there; the outbound rule that allowed is the answer.
  return ok('Allow', inbound.value.ruleName ?? outbound.value.ruleName, route, why + unfollowed);
}

function ok(
  access: 'Allow' | 'Deny',
  rule: string | undefined,
  route: { nextHopType: string; nextHopIpAddress?: string },
  reason: string,
): Result<ActualOutcome> {
  return { ok: true, value: { access, ...(rule ? { rule } : {}), ...route, reason } };
}

function compare(e: Expectation, actual: ActualOutcome): string[] {
  const failures: string[] = [];
  if (e.access !== actual.access) {
    failures.push(`access: expected ${e.access}, got ${actual.access} (${actual.reason})`);
  }
  if (e.nextHopType !== undefined && e.nextHopType.toLowerCase() !== actual.nextHopType.toLowerCase()) {
    failures.push(`nextHopType: expected ${e.nextHopType}, got ${actual.nextHopType}`);
  }
  if (e.nextHopIpAddress !== undefined && !sameAddress(e.nextHopIpAddress, actual.nextHopIpAddress)) {
    failures.push(
      `nextHopIpAddress: expected ${e.nextHopIpAddress}, got ${actual.nextHopIpAddress ?? 'none'}`,
    );
  }
  if (e.rule !== undefined && !sameRule(e.rule, actual.rule)) {
    failures.push(`rule: expected ${e.rule}, got ${actual.rule ?? 'none'}`);
  }
  return failures;
}

function sameAddress(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const a = parseAddress(expected);
  const b = parseAddress(actual);
  if (!a.ok || !b.ok) return expected.toLowerCase() === actual.toLowerCase();
  return a.value.version === b.value.version && a.value.value === b.value.value;
}

/** 'securityRules/allow-web' matches itself (any casing); a bare 'allow-web' matches the rule's last segment. */
function sameRule(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const x = expected.toLowerCase();
  const y = actual.toLowerCase();
  return x === y || (!x.includes('/') && y.split('/').at(-1) === x);
}

/** The primary IP configuration's private IP (ARM: the configuration with primary: true, else the first). */
export function primaryAddress(nic: NetworkInterface): string | undefined {
  const configs: IpConfiguration[] = nic.properties.ipConfigurations ?? [];
  const primary = configs.find((c) => c.properties.primary) ?? configs[0];
  return primary?.properties.privateIPAddress;
}

function destinationAddress(world: World, to: string): Result<Address> {
  const literal = parseAddress(to);
  if (literal.ok) return literal;
  const nic = resolveNic(world, to);
  if (!nic.ok)
    return {
      ok: false,
      reason: `destination '${to}' is neither an IP address nor a NIC or VM of the topology`,
    };
  const ip = primaryAddress(nic.value);
  if (!ip) return { ok: false, reason: `network interface '${nic.value.name}' has no private IP address` };
  return parseAddress(ip);
}

/** The NIC holding this private IP, if any. */
function nicOwning(world: World, address: Address): NetworkInterface | undefined {
  for (const list of linksOf(world).addressesOfNic.values()) {
    for (const a of list) {
      if (a.address === undefined) continue;
      const p = parseAddress(a.address);
      if (p.ok && p.value.version === address.version && p.value.value === address.value) {
        return a.nic;
      }
    }
  }
  return undefined;
}
