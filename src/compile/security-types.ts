// The compiled security state of a NIC and the verdict on a flow. Read ../../../shared/azure-semantics.md §2 and
// Appendix A before changing this file: field meanings follow Azure's NSG and AVNM security admin rule model.
import type { Address, PortRange, Prefix } from '../net/index.ts';
import type { Warning } from '../model/index.ts';

export type Direction = 'Inbound' | 'Outbound';
export type FlowProtocol = 'TCP' | 'UDP' | 'ICMP';

/** A flow seen from the NIC: `local` is one of its addresses, `remote` the other end. Ports are ignored for ICMP. */
export interface Flow {
  direction: Direction;
  protocol: FlowProtocol;
  local: Address;
  /** Undefined means "any port" ('*'): only rules covering every port match it. */
  localPort?: number;
  remote: Address;
  remotePort?: number;
}

/** The AzurePlatform* tags, which alone let NSG rules act on platform traffic (§2.3). */
export type PlatformTag = 'AzurePlatformDNS' | 'AzurePlatformIMDS' | 'AzurePlatformLKM';

export interface CompiledRule {
  /** The rule's resource ID (security rule, default rule, or AVNM admin rule). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'user' | 'default' | 'admin';
  /** NSG ID, or the AVNM security admin configuration ID. */
  readonly ownerId: string;
  readonly priority: number;
  readonly direction: Direction;
  readonly access: 'Allow' | 'Deny' | 'AlwaysAllow';
  readonly protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | 'All';
  /** Tags and ASGs expanded. */
  readonly source: readonly Prefix[] | 'any';
  readonly destination: readonly Prefix[] | 'any';
  readonly sourcePorts: readonly PortRange[];
  readonly destinationPorts: readonly PortRange[];
  /** As written (tag names, ASG IDs, prefixes), for rendering. */
  readonly sourceText: readonly string[];
  readonly destinationText: readonly string[];
  /** Set when the destination names an AzurePlatform* tag: the rule then also acts on platform traffic. */
  readonly platformTag?: PlatformTag;
}

/** Rules of one NSG (or of the AVNM admin configurations in force), sorted by priority. */
export interface RuleSet {
  readonly ownerId: string;
  readonly rules: readonly CompiledRule[];
}

/** Prefixes of the service tags as resolved for one NIC (its subnet and VNet decide them). */
export interface TagPrefixes {
  readonly VirtualNetwork: readonly Prefix[];
  readonly AzureLoadBalancer: readonly Prefix[];
  readonly Internet: readonly Prefix[];
}

export interface NicSecurity {
  readonly nicId: string;
  /** The subnet of the NIC's primary IP configuration, whose NSG applies. */
  readonly subnetId: string;
  readonly vnetId: string;
  readonly admin: RuleSet | undefined;
  readonly subnetNsg: RuleSet | undefined;
  readonly nicNsg: RuleSet | undefined;
  readonly tags: TagPrefixes;
  /**
   * For a private endpoint's NIC: whether NSGs apply to traffic to it, from the subnet's
   * privateEndpointNetworkPolicies (§5.1). Undefined for other NICs.
   */
  readonly privateEndpointNsg: 'applies' | 'bypassed' | undefined;
  readonly warnings: readonly Warning[];
}

export interface EvaluatedStage {
  readonly stage: 'admin' | 'subnet-nsg' | 'nic-nsg';
  readonly ownerId: string;
  readonly access: 'Allow' | 'Deny' | 'AlwaysAllow' | 'NoMatch';
  readonly rule?: CompiledRule;
}

export interface SecurityVerdict {
  readonly access: 'Allow' | 'Deny';
  /** The deciding rule; undefined only when nothing applies (no NSG and no admin rule, or platform traffic). */
  readonly rule: CompiledRule | undefined;
  readonly stage: 'admin' | 'subnet-nsg' | 'nic-nsg' | 'platform' | 'no-nsg';
  readonly evaluated: readonly EvaluatedStage[];
  /** One sentence saying why, for tables and traces. */
  readonly reason: string;
}

export interface SecurityOptions {
  /**
   * Which UDR prefixes of the subnet's route table join the VirtualNetwork tag (§2.4 pitfall). The doc says
   * "address prefixes used on UDRs ... might also contain default routes"; taken literally a 0.0.0.0/0 UDR would
   * make AllowVnetInBound admit the internet, so the default leaves default routes out.
   */
  readonly udrPrefixesInVirtualNetworkTag?: 'exclude-default-route' | 'all' | 'none';
  /**
   * Inbound flows from 168.63.129.16 (load balancer health probes): evaluated by NSGs (the default, so that the
   * AzureLoadBalancer tag and AllowAzureLoadBalancerInBound decide, as the health-probe docs require) or
   * allowed as platform traffic without evaluation.
   */
  readonly platformInbound?: 'evaluate-nsg' | 'bypass';
}

export const DEFAULT_SECURITY_OPTIONS: Required<SecurityOptions> = {
  udrPrefixesInVirtualNetworkTag: 'exclude-default-route',
  platformInbound: 'evaluate-nsg',
};
