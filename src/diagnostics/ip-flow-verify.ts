// POST networkWatchers/{nw}/ipFlowVerify: would the NSGs and AVNM admin rules allow this flow at this NIC, and
// which rule decides. Read ../../../shared/azure-semantics.md §10.1 before changing this file.
import { adminRulePath, evaluateFlow } from '../compile/security.ts';
import type {
  CompiledRule,
  Direction,
  FlowProtocol,
  SecurityOptions,
  SecurityVerdict,
} from '../compile/security.ts';
import { getResource, keyOf, linksOf, T } from '../model/index.ts';
import type { NetworkInterface, VirtualMachine, World } from '../model/index.ts';
import { parseAddress } from '../net/index.ts';
import type { Address, Result } from '../net/index.ts';
import { resolveNic } from './resolve.ts';

/** VerificationIPFlowParameters (networkWatcher.json). */
export interface IpFlowVerifyParameters {
  targetResourceId: string;
  direction: Direction;
  /** The REST API takes TCP | UDP; ICMP is a vnetlab extension (Network Watcher sends ICMP questions to NSG diagnostics). */
  protocol: FlowProtocol;
  localIPAddress: string;
  localPort?: string;
  remoteIPAddress: string;
  remotePort?: string;
  targetNicResourceId?: string;
}

export interface IpFlowVerifyResult {
  readonly access: 'Allow' | 'Deny';
  /** 'securityRules/<name>', 'defaultSecurityRules/<name>' or the admin rule path; omitted when nothing matched. */
  readonly ruleName?: string;
  readonly verdict: SecurityVerdict;
}

/** The rule name as Network Watcher writes it (§10.1). */
export function ruleNameOf(rule: CompiledRule): string {
  if (rule.kind === 'user') return `securityRules/${rule.name}`;
  if (rule.kind === 'default') return `defaultSecurityRules/${rule.name}`;
  // Fidelity: UNVERIFIED form for AVNM admin rules; vnetlab uses the rule's path under the network manager.
  return adminRulePath(rule.id);
}

function parsePort(text: string | undefined, field: string): Result<number | undefined> {
  if (text === undefined || text.trim() === '*' || text.trim() === '') return { ok: true, value: undefined };
  const t = text.trim();
  if (/^\d{1,5}$/.test(t) && Number(t) <= 65535) return { ok: true, value: Number(t) };
  return { ok: false, reason: `${field} '${text}' is not valid: give a single port 0-65535 or '*'` };
}

const sameAddress = (text: string | undefined, a: Address): boolean => {
  if (text === undefined) return false;
  const p = parseAddress(text);
  return p.ok && p.value.version === a.version && p.value.value === a.value;
};

const nicHolds = (world: World, nic: NetworkInterface, a: Address): boolean =>
  (linksOf(world).addressesOfNic.get(keyOf(nic.id)) ?? []).some((x) => sameAddress(x.address, a));

/** The NIC the question is about: targetNicResourceId, else the VM's NIC that holds the local IP, else the NIC. */
function targetNic(world: World, p: IpFlowVerifyParameters, local: Address): Result<NetworkInterface> {
  if (p.targetNicResourceId) return resolveNic(world, p.targetNicResourceId);
  const target = getResource(world, p.targetResourceId);
  if (target?.type === T.virtualMachine) {
    for (const ref of (target as VirtualMachine).properties.networkProfile?.networkInterfaces ?? []) {
      const nic = getResource(world, ref.id) as NetworkInterface | undefined;
      if (nic && nicHolds(world, nic, local)) return { ok: true, value: nic };
    }
  }
  return resolveNic(world, p.targetResourceId);
}

export function ipFlowVerify(
  world: World,
  p: IpFlowVerifyParameters,
  options?: SecurityOptions,
): Result<IpFlowVerifyResult> {
  const direction = (['Inbound', 'Outbound'] as const).find(
    (d) => d.toLowerCase() === String(p.direction).toLowerCase(),
  );
  if (!direction)
    return { ok: false, reason: `direction '${p.direction}' is not valid: use Inbound or Outbound` };
  const protocol = (['TCP', 'UDP', 'ICMP'] as const).find((x) => x === String(p.protocol).toUpperCase());
  if (!protocol)
    return { ok: false, reason: `protocol '${p.protocol}' is not valid: use TCP or UDP (or ICMP)` };
  const local = parseAddress(p.localIPAddress);
  if (!local.ok) return { ok: false, reason: `localIPAddress: ${local.reason}` };
  const remote = parseAddress(p.remoteIPAddress);
  if (!remote.ok) return { ok: false, reason: `remoteIPAddress: ${remote.reason}` };
  const localPort = parsePort(p.localPort, 'localPort');
  if (!localPort.ok) return localPort;
  const remotePort = parsePort(p.remotePort, 'remotePort');
  if (!remotePort.ok) return remotePort;

  const nic = targetNic(world, p, local.value);
  if (!nic.ok) return nic;
  if (!nicHolds(world, nic.value, local.value)) {
    return {
      ok: false,
      reason: `localIPAddress ${p.localIPAddress} is not an IP address of network interface '${nic.value.name}'`,
    };
  }
  const ports =
    protocol === 'ICMP'
      ? {}
      : {
          ...(localPort.value !== undefined ? { localPort: localPort.value } : {}),
          ...(remotePort.value !== undefined ? { remotePort: remotePort.value } : {}),
        };
  const verdict = evaluateFlow(
    world,
    nic.value.id,
    { direction, protocol, local: local.value, remote: remote.value, ...ports },
    options,
  );
  return {
    ok: true,
    value: {
      access: verdict.access,
      ...(verdict.rule ? { ruleName: ruleNameOf(verdict.rule) } : {}),
      verdict,
    },
  };
}
