// Microsoft.Network resources as ARM spells them, api-version 2025-07-01
// (azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2025-07-01).
// Read ../../../shared/azure-semantics.md §11 before changing a property name: names here are ARM's, exactly.
// Only what vnetlab reads is typed; other properties are kept as given (Resource.properties is open).

export interface SubResource {
  id: string;
}

/** Any ARM resource or inline child. `properties` holds what ARM returns; unknown keys are preserved. */
export interface Resource<P = Record<string, unknown>> {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  sku?: { name?: string; tier?: string };
  zones?: string[];
  etag?: string;
  kind?: string;
  properties: P;
}

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

// ---- Virtual networks -------------------------------------------------------------------------------

export interface VirtualNetworkProperties {
  addressSpace?: { addressPrefixes?: string[] };
  dhcpOptions?: { dnsServers?: string[] };
  subnets?: Subnet[];
  virtualNetworkPeerings?: VirtualNetworkPeering[];
  privateEndpointVNetPolicies?: 'Disabled' | 'Basic';
  summarizedGatewayPrefixes?: { addressPrefixes?: string[] } | null;
  flowTimeoutInMinutes?: number;
  enableDdosProtection?: boolean;
  encryption?: { enabled?: boolean; enforcement?: 'DropUnencrypted' | 'AllowUnencrypted' };
  resourceGuid?: string;
  provisioningState?: ProvisioningState;
}
export type VirtualNetwork = Resource<VirtualNetworkProperties>;

export interface SubnetProperties {
  addressPrefix?: string;
  addressPrefixes?: string[];
  networkSecurityGroup?: SubResource | null;
  routeTable?: SubResource | null;
  natGateway?: SubResource | null;
  serviceEndpoints?: { service: string; locations?: string[]; provisioningState?: ProvisioningState }[];
  serviceEndpointPolicies?: SubResource[];
  delegations?: { name: string; id?: string; properties: { serviceName: string; actions?: string[] } }[];
  privateEndpointNetworkPolicies?:
    'Enabled' | 'Disabled' | 'NetworkSecurityGroupEnabled' | 'RouteTableEnabled';
  privateLinkServiceNetworkPolicies?: 'Enabled' | 'Disabled';
  defaultOutboundAccess?: boolean;
  // Read-only, filled by apply():
  ipConfigurations?: SubResource[];
  privateEndpoints?: SubResource[];
  purpose?: string;
  provisioningState?: ProvisioningState;
}
export type Subnet = Resource<SubnetProperties>;

export interface VirtualNetworkPeeringProperties {
  remoteVirtualNetwork?: SubResource;
  allowVirtualNetworkAccess?: boolean;
  allowForwardedTraffic?: boolean;
  allowGatewayTransit?: boolean;
  useRemoteGateways?: boolean;
  doNotVerifyRemoteGateways?: boolean;
  peerCompleteVnets?: boolean;
  localSubnetNames?: string[];
  remoteSubnetNames?: string[];
  // Read-only:
  peeringState?: 'Initiated' | 'Connected' | 'Disconnected';
  peeringSyncLevel?: 'FullyInSync' | 'RemoteNotInSync' | 'LocalNotInSync' | 'LocalAndRemoteNotInSync';
  remoteAddressSpace?: { addressPrefixes?: string[] };
  provisioningState?: ProvisioningState;
}
export type VirtualNetworkPeering = Resource<VirtualNetworkPeeringProperties>;

// ---- NICs and VMs -----------------------------------------------------------------------------------

export interface IpConfigurationProperties {
  subnet?: SubResource;
  privateIPAddress?: string;
  privateIPAllocationMethod?: 'Static' | 'Dynamic';
  privateIPAddressVersion?: 'IPv4' | 'IPv6';
  primary?: boolean;
  publicIPAddress?: SubResource | null;
  applicationSecurityGroups?: SubResource[];
  loadBalancerBackendAddressPools?: SubResource[];
  provisioningState?: ProvisioningState;
}
export type IpConfiguration = Resource<IpConfigurationProperties>;

export interface NetworkInterfaceTapConfigurationProperties {
  virtualNetworkTap?: SubResource;
  provisioningState?: ProvisioningState;
}
export type NetworkInterfaceTapConfiguration = Resource<NetworkInterfaceTapConfigurationProperties>;

export interface NetworkInterfaceProperties {
  ipConfigurations?: IpConfiguration[];
  networkSecurityGroup?: SubResource | null;
  enableIPForwarding?: boolean;
  enableAcceleratedNetworking?: boolean;
  dnsSettings?: { dnsServers?: string[]; appliedDnsServers?: string[]; internalDnsNameLabel?: string };
  tapConfigurations?: NetworkInterfaceTapConfiguration[];
  disableTcpStateTracking?: boolean;
  nicType?: 'Standard' | 'Elastic';
  // Read-only:
  virtualMachine?: SubResource | null;
  privateEndpoint?: SubResource | null;
  privateLinkService?: SubResource | null;
  macAddress?: string;
  primary?: boolean;
  provisioningState?: ProvisioningState;
}
export type NetworkInterface = Resource<NetworkInterfaceProperties>;

export interface VirtualMachineProperties {
  networkProfile?: { networkInterfaces?: { id: string; properties?: { primary?: boolean } }[] };
  hardwareProfile?: { vmSize?: string };
  osProfile?: { computerName?: string };
  provisioningState?: ProvisioningState;
}
export type VirtualMachine = Resource<VirtualMachineProperties>;

// ---- Security -----------------------------------------------------------------------------------------

export type SecurityRuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';

export interface SecurityRuleProperties {
  description?: string;
  protocol: SecurityRuleProtocol;
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  sourceApplicationSecurityGroups?: SubResource[];
  destinationApplicationSecurityGroups?: SubResource[];
  access: 'Allow' | 'Deny';
  priority: number;
  direction: 'Inbound' | 'Outbound';
  provisioningState?: ProvisioningState;
}
export type SecurityRule = Resource<SecurityRuleProperties>;

export interface NetworkSecurityGroupProperties {
  securityRules?: SecurityRule[];
  flushConnection?: boolean;
  // Read-only:
  defaultSecurityRules?: SecurityRule[];
  subnets?: SubResource[];
  networkInterfaces?: SubResource[];
  resourceGuid?: string;
  provisioningState?: ProvisioningState;
}
export type NetworkSecurityGroup = Resource<NetworkSecurityGroupProperties>;

export type ApplicationSecurityGroup = Resource<{
  resourceGuid?: string;
  provisioningState?: ProvisioningState;
}>;

// ---- Routing ------------------------------------------------------------------------------------------

export type RouteNextHopType =
  'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';

export interface RouteProperties {
  addressPrefix: string;
  nextHopType: RouteNextHopType;
  nextHopIpAddress?: string;
  hasBgpOverride?: boolean;
  provisioningState?: ProvisioningState;
}
export type Route = Resource<RouteProperties>;

export interface RouteTableProperties {
  routes?: Route[];
  disableBgpRoutePropagation?: boolean;
  subnets?: SubResource[];
  resourceGuid?: string;
  provisioningState?: ProvisioningState;
}
export type RouteTable = Resource<RouteTableProperties>;

// ---- Public IPs, NAT, load balancers, Private Link --------------------------------------------------

export interface PublicIPAddressProperties {
  publicIPAllocationMethod?: 'Static' | 'Dynamic';
  publicIPAddressVersion?: 'IPv4' | 'IPv6';
  ipAddress?: string;
  idleTimeoutInMinutes?: number;
  ipConfiguration?: SubResource | null;
  natGateway?: SubResource | null;
  dnsSettings?: { domainNameLabel?: string; domainNameLabelScope?: string; fqdn?: string; reverseFqdn?: string };
  provisioningState?: ProvisioningState;
}
export type PublicIPAddress = Resource<PublicIPAddressProperties>;

export interface NatGatewayProperties {
  idleTimeoutInMinutes?: number;
  publicIpAddresses?: SubResource[];
  publicIpAddressesV6?: SubResource[];
  publicIpPrefixes?: SubResource[];
  publicIpPrefixesV6?: SubResource[];
  subnets?: SubResource[];
  sourceVirtualNetwork?: SubResource | null;
  provisioningState?: ProvisioningState;
}
export type NatGateway = Resource<NatGatewayProperties>;

export interface FrontendIPConfigurationProperties {
  subnet?: SubResource;
  privateIPAddress?: string;
  privateIPAllocationMethod?: 'Static' | 'Dynamic';
  publicIPAddress?: SubResource;
  provisioningState?: ProvisioningState;
}
export interface LoadBalancingRuleProperties {
  frontendIPConfiguration?: SubResource;
  backendAddressPool?: SubResource;
  backendAddressPools?: SubResource[];
  protocol: 'Tcp' | 'Udp' | 'All';
  frontendPort: number;
  backendPort?: number;
  enableFloatingIP?: boolean;
  disableOutboundSnat?: boolean;
  probe?: SubResource;
}
export interface LoadBalancerProperties {
  frontendIPConfigurations?: Resource<FrontendIPConfigurationProperties>[];
  backendAddressPools?: Resource<{
    backendIPConfigurations?: SubResource[];
    provisioningState?: ProvisioningState;
  }>[];
  loadBalancingRules?: Resource<LoadBalancingRuleProperties>[];
  probes?: Resource<{ protocol: string; port: number; provisioningState?: ProvisioningState }>[];
  outboundRules?: Resource<{
    frontendIPConfigurations?: SubResource[];
    backendAddressPool?: SubResource;
    protocol?: string;
  }>[];
  inboundNatRules?: Resource[];
  provisioningState?: ProvisioningState;
}
export type LoadBalancer = Resource<LoadBalancerProperties>;

export interface PrivateLinkServiceConnection {
  name: string;
  id?: string;
  properties: {
    privateLinkServiceId: string;
    groupIds?: string[];
    requestMessage?: string;
    privateLinkServiceConnectionState?: {
      status?: 'Approved' | 'Pending' | 'Rejected' | 'Disconnected';
      description?: string;
      actionsRequired?: string;
    };
  };
}

export interface PrivateEndpointProperties {
  subnet?: SubResource;
  privateLinkServiceConnections?: PrivateLinkServiceConnection[];
  manualPrivateLinkServiceConnections?: PrivateLinkServiceConnection[];
  customNetworkInterfaceName?: string;
  ipConfigurations?: {
    name: string;
    properties: { privateIPAddress: string; groupId?: string; memberName?: string };
  }[];
  applicationSecurityGroups?: SubResource[];
  // Read-only:
  networkInterfaces?: SubResource[];
  provisioningState?: ProvisioningState;
}
export type PrivateEndpoint = Resource<PrivateEndpointProperties>;

export interface PrivateLinkServiceProperties {
  loadBalancerFrontendIpConfigurations?: SubResource[];
  ipConfigurations?: Resource<{
    privateIPAddress?: string;
    privateIPAllocationMethod?: 'Static' | 'Dynamic';
    subnet?: SubResource;
    primary?: boolean;
    privateIPAddressVersion?: 'IPv4' | 'IPv6';
  }>[];
  enableProxyProtocol?: boolean;
  visibility?: { subscriptions?: string[] };
  autoApproval?: { subscriptions?: string[] };
  // Read-only:
  networkInterfaces?: SubResource[];
  alias?: string;
  privateEndpointConnections?: SubResource[];
  provisioningState?: ProvisioningState;
}
export type PrivateLinkService = Resource<PrivateLinkServiceProperties>;

export interface VirtualNetworkTapProperties {
  destinationNetworkInterfaceIPConfiguration?: SubResource | null;
  destinationLoadBalancerFrontEndIPConfiguration?: SubResource | null;
  destinationPort?: number;
  // Read-only:
  networkInterfaceTapConfigurations?: SubResource[];
  resourceGuid?: string;
  provisioningState?: ProvisioningState;
}
export type VirtualNetworkTap = Resource<VirtualNetworkTapProperties>;

// ---- Gateways -----------------------------------------------------------------------------------------

export interface VirtualNetworkGatewayProperties {
  gatewayType?: 'Vpn' | 'ExpressRoute' | 'LocalGateway';
  vpnType?: 'PolicyBased' | 'RouteBased';
  sku?: { name?: string; tier?: string };
  activeActive?: boolean;
  enableBgp?: boolean;
  bgpSettings?: { asn?: number; bgpPeeringAddress?: string };
  ipConfigurations?: Resource<{
    subnet?: SubResource;
    publicIPAddress?: SubResource;
    privateIPAllocationMethod?: string;
    privateIPAddress?: string;
  }>[];
  provisioningState?: ProvisioningState;
}
export type VirtualNetworkGateway = Resource<VirtualNetworkGatewayProperties>;

export interface LocalNetworkGatewayProperties {
  localNetworkAddressSpace?: { addressPrefixes?: string[] };
  gatewayIpAddress?: string;
  fqdn?: string;
  bgpSettings?: { asn?: number; bgpPeeringAddress?: string };
  provisioningState?: ProvisioningState;
}
export type LocalNetworkGateway = Resource<LocalNetworkGatewayProperties>;

export interface VirtualNetworkGatewayConnectionProperties {
  connectionType?: 'IPsec' | 'Vnet2Vnet' | 'ExpressRoute' | 'VPNClient';
  virtualNetworkGateway1?: SubResource;
  virtualNetworkGateway2?: SubResource;
  localNetworkGateway2?: SubResource;
  enableBgp?: boolean;
  connectionStatus?: 'Unknown' | 'Connecting' | 'Connected' | 'NotConnected';
  /**
   * Fidelity: Azure learns these over BGP from the on-premises peer; vnetlab has no BGP speaker, so the
   * topology states them (a vnetlab extension, flagged by a warning when used).
   */
  learnedPrefixes?: string[];
  provisioningState?: ProvisioningState;
}
export type VirtualNetworkGatewayConnection = Resource<VirtualNetworkGatewayConnectionProperties>;

// ---- Azure Virtual Network Manager --------------------------------------------------------------------

export type NetworkManager = Resource<{
  networkManagerScopes?: { subscriptions?: string[]; managementGroups?: string[] };
  networkManagerScopeAccesses?: ('Connectivity' | 'SecurityAdmin' | 'Routing')[];
  provisioningState?: ProvisioningState;
}>;

export type NetworkGroup = Resource<{
  description?: string;
  memberType?: 'VirtualNetwork' | 'Subnet';
  provisioningState?: ProvisioningState;
}>;

export type StaticMember = Resource<{
  resourceId: string;
  region?: string;
  provisioningState?: ProvisioningState;
}>;

export interface ConnectivityGroupItem {
  networkGroupId: string;
  useHubGateway?: 'True' | 'False';
  isGlobal?: 'True' | 'False';
  groupConnectivity?: 'None' | 'DirectlyConnected';
}

export type ConnectivityConfiguration = Resource<{
  connectivityTopology: 'HubAndSpoke' | 'Mesh';
  hubs?: { resourceId: string; resourceType?: string }[];
  isGlobal?: 'True' | 'False';
  appliesToGroups?: ConnectivityGroupItem[];
  deleteExistingPeering?: 'True' | 'False';
  connectivityCapabilities?: {
    connectedGroupPrivateEndpointsScale?: 'Standard' | 'HighScale';
    connectedGroupAddressOverlap?: 'Allowed' | 'Disallowed';
    peeringEnforcement?: 'Unenforced' | 'Enforced';
  };
  provisioningState?: ProvisioningState;
}>;

export type SecurityAdminConfiguration = Resource<{
  description?: string;
  applyOnNetworkIntentPolicyBasedServices?: ('None' | 'All' | 'AllowRulesOnly')[];
  provisioningState?: ProvisioningState;
}>;

export type AdminRuleCollection = Resource<{
  description?: string;
  appliesToGroups?: { networkGroupId: string }[];
  provisioningState?: ProvisioningState;
}>;

export interface AddressPrefixItem {
  addressPrefix: string;
  addressPrefixType: 'IPPrefix' | 'ServiceTag';
}

export type AdminRule = Resource<{
  description?: string;
  protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | 'Any';
  sources?: AddressPrefixItem[];
  destinations?: AddressPrefixItem[];
  sourcePortRanges?: string[];
  destinationPortRanges?: string[];
  access: 'Allow' | 'Deny' | 'AlwaysAllow';
  priority: number;
  direction: 'Inbound' | 'Outbound';
  provisioningState?: ProvisioningState;
}>;

/**
 * One committed AVNM deployment: POST networkManagers/{nm}/commit puts these configurations into force in
 * these regions (NetworkManagerCommit: targetLocations, configurationIds, commitType). A later commit of the
 * same type to a region replaces the earlier one there; an empty configurationIds list removes it.
 */
export interface AvnmCommit {
  networkManagerId: string;
  commitType: 'Connectivity' | 'SecurityAdmin';
  targetLocations: string[];
  configurationIds: string[];
}

/** One row of networkManagers/listDeploymentStatus. */
export interface AvnmDeploymentStatus {
  commitTime: string;
  region: string;
  deploymentStatus: 'NotStarted' | 'Deploying' | 'Deployed' | 'Failed';
  configurationIds: string[];
  deploymentType: 'Connectivity' | 'SecurityAdmin';
  errorMessage: string;
}
