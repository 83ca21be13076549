// What ARM fills in when a client leaves it out: the six default NSG rules, subnet policy defaults, the
// api-version-aware defaultOutboundAccess, and deterministic GUIDs and etags.
// Read ../../../shared/azure-semantics.md §2.2 and §4.2 before changing this file.
import { createHash, hash } from 'node:crypto';
import { T } from './resource-types.ts';
import type { SecurityRule, SecurityRuleProperties } from './types.ts';

/** A UUID-shaped string derived from `seed` (SHA-1, version nibble 5), so identities are stable across runs. */
export const deterministicGuid = (seed: string): string => guidOf(sha1Hex(seed), 0);

/**
 * Two independent UUID-shaped strings from one seed (the two halves of its SHA-256): a created resource's
 * etag and resourceGuid for the price of one hash.
 */
export function deterministicGuidPair(seed: string): [string, string] {
  const h = sha256Hex(seed);
  return [guidOf(h, 0), guidOf(h, 32)];
}

/** 32 hex digits from `at` shaped as a version-5 UUID (RFC 4122 §4.3 layout: version nibble, variant bits). */
function guidOf(h: string, at: number): string {
  const variant = ((parseInt(h[at + 16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(at, at + 8)}-${h.slice(at + 8, at + 12)}-5${h.slice(at + 13, at + 16)}-${variant}${h.slice(at + 17, at + 20)}-${h.slice(at + 20, at + 32)}`;
}

// One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash().update().digest(), and native
// SHA-1 measured faster than a JavaScript FNV-1a 128 here; a 5,000-VNet apply hashes ~150,000 seeds.
// crypto.hash is missing before Node 20.12 (package.json allows any Node 20).
const hexDigest = (algorithm: string): ((seed: string) => string) =>
  typeof hash === 'function'
    ? (seed) => hash(algorithm, seed, 'hex')
    : (seed) => createHash(algorithm).update(seed).digest('hex');
const sha1Hex = hexDigest('sha1');
const sha256Hex = hexDigest('sha256');

/** ARM's weak etag: W/"<uuid>". */
export const etagOf = (seed: string): string => `W/"${deterministicGuid(seed)}"`;

/** API versions are dates ('2025-07-01', '2024-05-01-preview'): compare the date part. */
export const apiVersionAtLeast = (version: string, floor: string): boolean =>
  version.slice(0, 10) >= floor.slice(0, 10);

/** From this api-version on, subnets of newly created VNets are private by default (§4.2). */
export const PRIVATE_SUBNETS_API_VERSION = '2025-07-01';

type DefaultRule = Pick<
  SecurityRuleProperties,
  'description' | 'sourceAddressPrefix' | 'destinationAddressPrefix' | 'access' | 'priority' | 'direction'
> & { name: string };

// §2.2: names, priorities, descriptions and prefixes as the REST examples return them.
const DEFAULT_RULES: readonly DefaultRule[] = [
  {
    name: 'AllowVnetInBound',
    description: 'Allow inbound traffic from all VMs in VNET',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Inbound',
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    description: 'Allow inbound traffic from azure load balancer',
    sourceAddressPrefix: 'AzureLoadBalancer',
    destinationAddressPrefix: '*',
    access: 'Allow',
    priority: 65001,
    direction: 'Inbound',
  },
  {
    name: 'DenyAllInBound',
    description: 'Deny all inbound traffic',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Inbound',
  },
  {
    name: 'AllowVnetOutBound',
    description: 'Allow outbound traffic from all VMs to all VMs in VNET',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Outbound',
  },
  {
    name: 'AllowInternetOutBound',
    description: 'Allow outbound traffic from all VMs to Internet',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: 'Internet',
    access: 'Allow',
    priority: 65001,
    direction: 'Outbound',
  },
  {
    name: 'DenyAllOutBound',
    description: 'Deny all outbound traffic',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Outbound',
  },
];

/** The read-only defaultSecurityRules of an NSG, as ARM returns them. */
export function defaultSecurityRules(nsgId: string, etag: string): SecurityRule[] {
  return DEFAULT_RULES.map(({ name, ...rule }) => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: T.defaultSecurityRule,
    etag,
    properties: {
      description: rule.description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: rule.sourceAddressPrefix,
      destinationAddressPrefix: rule.destinationAddressPrefix,
      access: rule.access,
      priority: rule.priority,
      direction: rule.direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
      provisioningState: 'Succeeded',
    },
  }));
}

/** Subnet property defaults (§5.1, §11.2): REST defaults of the two network-policy properties. */
export const SUBNET_DEFAULTS = {
  privateEndpointNetworkPolicies: 'Disabled',
  privateLinkServiceNetworkPolicies: 'Enabled',
} as const;

/** Peering defaults ARM returns when the body leaves them out (§3.1). */
export const PEERING_DEFAULTS = {
  allowVirtualNetworkAccess: true,
  allowForwardedTraffic: false,
  allowGatewayTransit: false,
  useRemoteGateways: false,
} as const;

/** VXLAN port a TAP sends to when destinationPort is absent (§6.1). */
export const TAP_DEFAULT_PORT = 4789;

/** Resource types whose ARM body carries a read-only resourceGuid. */
export const HAS_RESOURCE_GUID: ReadonlySet<string> = new Set([
  T.virtualNetwork,
  T.peering,
  T.networkSecurityGroup,
  T.routeTable,
  T.natGateway,
  T.publicIPAddress,
  T.networkInterface,
  T.applicationSecurityGroup,
  T.virtualNetworkTap,
  T.loadBalancer,
  T.virtualNetworkGateway,
  T.localNetworkGateway,
  T.connection,
  T.networkGroup,
  T.connectivityConfiguration,
  T.securityAdminConfiguration,
  T.adminRuleCollection,
  T.adminRule,
]);
