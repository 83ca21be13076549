// The one catalogue of ARM error constructors. Each code is Azure's; the source of the code and, where known,
// of the verbatim message is in the comment (see ../../../shared/azure-semantics.md §11.5).
// "Fidelity:" marks a code or message vnetlab had to write itself because no source shows Azure's.
import { lastName } from './ids.ts';
import { couldNotFind } from './members.ts';
import type { UnknownMember } from './members.ts';
import type { Problem } from './problems.ts';

const p = (code: string, message: string, target?: string): Problem =>
  target === undefined ? { code, message } : { code, message, target };

/** At most a few IDs in a message, as ARM lists them. */
const list = (ids: readonly string[]): string => ids.slice(0, 10).join(', ');

export const E = {
  // ARM RPC common codes.
  invalidRequestFormat: (message: string, target?: string) => p('InvalidRequestFormat', message, target),
  // NRP's Json.NET deserialiser (Azure/azure-powershell#13700): one InvalidJson detail per member it does not know.
  // Fidelity: NRP stops at the first; vnetlab names each, and adds the nearest known name to the message.
  unknownMembers: (id: string, members: readonly UnknownMember[]): Problem => ({
    code: 'InvalidRequestFormat',
    message: 'Cannot parse the request.',
    target: id,
    details: members.map((u) => ({
      code: 'InvalidJson',
      message: `${couldNotFind(u)}${u.closest ? ` Did you mean '${u.closest}'?` : ''}`,
      target: u.target,
    })),
  }),
  // Limits. SecurityRuleCountLimitReached and its words: Azure/azure-rest-api-specs#3003. Fidelity: the other
  // limits' codes are written in the same pattern; no public answer shows Azure's.
  securityRuleCountLimitReached: (id: string, _count: number, limit: number) =>
    p('SecurityRuleCountLimitReached', `A security group cannot have more than ${limit} security rules.`, id),
  routeCountLimitReached: (id: string, count: number, limit: number) =>
    p(
      'RouteCountLimitReached',
      `A route table cannot have more than ${limit} routes; ${lastName(id)} has ${count}.`,
      id,
    ),
  subnetCountLimitReached: (id: string, count: number, limit: number) =>
    p(
      'SubnetCountLimitReached',
      `A virtual network cannot have more than ${limit} subnets; ${lastName(id)} has ${count}.`,
      id,
    ),
  invalidResourceId: (id: string) =>
    p(
      'LinkedInvalidPropertyId',
      `Property id '${id}' at path 'id' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
      id,
    ),
  // Same ARM code for a reference (not the resource's own ID) that does not parse.
  invalidPropertyId: (id: string, ref: string, path: string) =>
    p(
      'LinkedInvalidPropertyId',
      `Property id '${ref}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
      `${id}:${path}`,
    ),
  unsupportedResourceType: (type: string, id: string) =>
    p('NoRegisteredProviderFound', `vnetlab does not model resource type '${type}'.`, id),
  // SDK constants (azure-sdk-for-go armnetwork): "Resource name is invalid..."
  invalidResourceName: (name: string, id: string) =>
    p(
      'InvalidResourceName',
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
      id,
    ),
  parentResourceNotFound: (id: string, parentId: string) =>
    p(
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${lastName(parentId)}' not found.`,
      id,
    ),
  resourceNotFound: (id: string) => p('ResourceNotFound', `The Resource '${id}' was not found.`, id),
  // armerror list: InvalidResourceReference (referenced ID does not exist). Verbatim message: private endpoint
  // troubleshooting in MicrosoftDocs/azure-databases-docs (postgresql how-to-networking...private-endpoint).
  invalidResourceReference: (id: string, ref: string, path: string) =>
    p(
      'InvalidResourceReference',
      `Resource ${ref} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      `${id}:${path}`,
    ),

  // ---- Address space and subnets (§9.1, §11.5) ----------------------------------------------------------
  // Azure/azure-cli#28097: "Subnet 'testing' is not valid in virtual network 'app-network'."
  netcfgInvalidSubnet: (subnetId: string, subnet: string, vnet: string, why?: string) =>
    p(
      'NetcfgInvalidSubnet',
      `Subnet '${subnet}' is not valid in virtual network '${vnet}'.${why ? ` ${why}` : ''}`,
      subnetId,
    ),
  // MicrosoftDocs/azure-docs PR #123869 (verbatim).
  subnetRangeOutsideVnet: (subnetId: string, subnet: string, vnet: string) =>
    p(
      'NetcfgSubnetRangeOutsideVnet',
      `Subnet '${subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet}'.`,
      subnetId,
    ),
  // MicrosoftDocs/azure-docs PR #123869 (verbatim).
  subnetRangesOverlap: (subnetId: string, subnet: string, vnet: string) =>
    p(
      'NetcfgSubnetRangesOverlap',
      `Subnet '${subnet}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnet}'.`,
      subnetId,
    ),
  // Code from SDK error lists (Azure/azure-service-operator errhelp); Fidelity: message written by vnetlab.
  invalidIPAddressPrefix: (id: string, prefix: string, path: string) =>
    p(
      'NetcfgInvalidIPAddressPrefix',
      `Value '${prefix}' at '${path}' of resource ${id} is not a valid CIDR IP address prefix.`,
      `${id}:${path}`,
    ),
  // Verbatim from ARM's output for a VNet's address space (hashicorp/terraform-provider-azurerm issue threads,
  // "Address prefix 10.0.0.0/160 of resource ... is not formatted correctly"); ARM gives it for an address
  // without a length too.
  invalidAddressPrefixFormat: (id: string, prefix: string, path: string) =>
    p(
      'InvalidAddressPrefixFormat',
      `Address prefix ${prefix} of resource ${id} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
      `${id}:${path}`,
    ),
  // Host bits set. Verbatim (hashicorp/terraform-provider-azurerm issue, subnet PUT): "The address prefix
  // 10.216.52.0/21 in resource ... has an invalid CIDR notation. For the given prefix length, the address prefix
  // should be 10.216.48.0/21."
  invalidCidrNotation: (id: string, prefix: string, should: string, path: string) =>
    p(
      'InvalidCIDRNotation',
      `The address prefix ${prefix} in resource ${id} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${should}.`,
      `${id}:${path}`,
    ),
  // Fidelity: the VNet FAQ lists the ranges a VNet can't use but no error code was found; code and message are
  // vnetlab's.
  addressSpaceReserved: (vnetId: string, prefix: string, reserved: string) =>
    p(
      'VnetAddressSpaceContainsReservedRange',
      `Address space ${prefix} of virtual network ${vnetId} overlaps with ${reserved}, which Azure reserves. Virtual networks can't use 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32.`,
      vnetId,
    ),
  // Fidelity: code and message are vnetlab's (no source shows Azure's for overlapping ranges of one VNet).
  addressSpacesOverlapInVnet: (vnetId: string, a: string, b: string) =>
    p(
      'VnetAddressSpacePrefixesOverlap',
      `Address prefixes ${a} and ${b} of virtual network ${vnetId} overlap.`,
      vnetId,
    ),
  // Code seen in Azure deployments (InUseSubnetCannotBeUpdated, e.g. Azure/azure-powershell scripts catching it).
  // Fidelity: message written by vnetlab.
  inUseSubnetCannotBeUpdated: (subnetId: string, subnet: string, user: string) =>
    p(
      'InUseSubnetCannotBeUpdated',
      `Subnet ${subnet} is in use by ${user} and its address prefix cannot be updated. In order to resize the subnet, delete all the resources within the subnet.`,
      subnetId,
    ),

  // ---- In use (deletes) ----------------------------------------------------------------------------------
  // Verbatim: microsoft/nav-arm-templates#161 ("... In order to delete the subnet, delete all the resources
  // within the subnet. See aka.ms/deletesubnet.").
  inUseSubnetCannotBeDeleted: (subnetId: string, user: string) =>
    p(
      'InUseSubnetCannotBeDeleted',
      `Subnet ${lastName(subnetId)} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
      subnetId,
    ),
  // Code and opening of the message: pulumi/pulumi-azure-native#3051. Fidelity: the tail after the list of
  // resources is vnetlab's.
  inUseNsgCannotBeDeleted: (nsgId: string, users: readonly string[]) =>
    p(
      'InUseNetworkSecurityGroupCannotBeDeleted',
      `Network security group ${nsgId} cannot be deleted because it is in use by the following resources: ${list(users)}. In order to delete the Network security group, remove the association with the resource(s).`,
      nsgId,
    ),
  // Code: Microsoft armerror list. Fidelity: message patterned on the NSG one.
  inUseRouteTableCannotBeDeleted: (rtId: string, users: readonly string[]) =>
    p(
      'InUseRouteTableCannotBeDeleted',
      `Route table ${rtId} cannot be deleted because it is in use by the following resources: ${list(users)}. In order to delete the route table, remove the association with the resource(s).`,
      rtId,
    ),
  // Code: stackshy/cloudemu PR #967 and other ARM clients that retry on it. Fidelity: message patterned on the NSG one.
  inUseNatGatewayCannotBeDeleted: (natId: string, users: readonly string[]) =>
    p(
      'InUseNatGatewayCannotBeDeleted',
      `Nat gateway ${natId} cannot be deleted because it is in use by the following resources: ${list(users)}. In order to delete the Nat gateway, remove the association with the resource(s).`,
      natId,
    ),
  // Verbatim: hashicorp/terraform-provider-azurerm#2566, #6052.
  publicIPAddressCannotBeDeleted: (pipId: string, user: string) =>
    p(
      'PublicIPAddressCannotBeDeleted',
      `Public IP address ${pipId} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`,
      pipId,
    ),
  // Code: NicInUse (ARM clients' error lists). Fidelity: message from memory of ARM's, unverified.
  nicInUse: (nicId: string, user: string) =>
    p(
      'NicInUse',
      `Network Interface ${nicId} is used by existing resource ${user}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
      nicId,
    ),
  // Fidelity: no Azure code found for deleting other referenced resources (ASG, TAP, LB parts, gateways,
  // AVNM groups); code and message are vnetlab's.
  inUseResourceCannotBeDeleted: (id: string, users: readonly string[]) =>
    p(
      'InUseResourceCannotBeDeleted',
      `Resource ${id} cannot be deleted because it is referenced by the following resources: ${list(users)}.`,
      id,
    ),

  // ---- Private IP addresses (common-deployment-errors.md in MicrosoftDocs/azure-docs lists all four) ---------
  // Verbatim (azure-databases-docs, private endpoint troubleshooting).
  privateIPAddressIsAllocated: (ipConfigId: string, address: string, ownerId: string) =>
    p(
      'PrivateIPAddressIsAllocated',
      `IP configuration ${ipConfigId} is using the private IP address ${address} which is already allocated to resource ${ownerId}.`,
      ipConfigId,
    ),
  // Opening verbatim from hashicorp/terraform-provider-azurerm#4225 ("Private static IP address 10.10.100.31 falls
  // within rese..."); Fidelity: the rest is vnetlab's.
  privateIPAddressInReservedRange: (ipConfigId: string, address: string, prefix: string) =>
    p(
      'PrivateIPAddressInReservedRange',
      `Private static IP address ${address} falls within reserved IP range of subnet prefix ${prefix}.`,
      ipConfigId,
    ),
  // Fidelity: message written by vnetlab.
  privateIPAddressNotInSubnet: (ipConfigId: string, address: string, subnetId: string) =>
    p(
      'PrivateIPAddressNotInSubnet',
      `Private static IP address ${address} does not belong to the range of subnet ${subnetId}.`,
      ipConfigId,
    ),
  // Fidelity: code from the armerror list; message written by vnetlab ("Subnet X with address prefix Y does not
  // have enough capacity for N IP addresses." is how ARM is remembered to phrase it, unverified).
  subnetIsFull: (subnetId: string, prefixes: string, count: number) =>
    p(
      'SubnetIsFull',
      `Subnet ${lastName(subnetId)} with address prefix ${prefixes} does not have enough capacity for ${count} IP addresses.`,
      subnetId,
    ),
  // Fidelity: code and message are vnetlab's (an address that does not parse).
  privateIPAddressInvalid: (ipConfigId: string, address: string) =>
    p('PrivateIPAddressInvalid', `'${address}' is not a valid private IP address.`, ipConfigId),
  // Code 'GatewaySubnet' is in the armerror list (NICs in special subnets). Fidelity: message is vnetlab's.
  // Verbatim from ARM's output quoted in public issue threads (MicrosoftDocs/azure-docs#48607 and #71802,
  // Azure-Terraform/terraform-azurerm-virtual-network#18).
  nsgOnGatewaySubnet: (subnetId: string, nsgName: string) =>
    p(
      'NetworkSecurityGroupCannotBeAttachedToGatewaySubnet',
      `The operation failed because the network security group ${nsgName} can not be associated to the GatewaySubnet. Please remove the network security group associated to the GatewaySubnet. No changes have occurred on the gateway at this time. See here for additional details: https://aka.ms/GatewaySubnet.`,
      subnetId,
    ),
  // Common deployment errors page (Azure Resource Manager troubleshooting), its words.
  subnetsNotInSameVnet: (vmId: string) =>
    p(
      'SubnetsNotInSameVnet',
      `Virtual machine ${vmId}: a virtual machine can only have one virtual network. When deploying several NICs, make sure they belong to the same virtual network.`,
      vmId,
    ),
  gatewaySubnet: (ipConfigId: string, subnetId: string) =>
    p(
      'GatewaySubnet',
      `IP configuration ${ipConfigId} cannot use subnet ${subnetId}: the GatewaySubnet is reserved for virtual network gateways.`,
      ipConfigId,
    ),

  // ---- Peering (§3.1, §11.5) ---------------------------------------------------------------------------
  // armerror list + lab transcripts (verbatim).
  vnetAddressSpacesOverlap: (peeringId: string, a: string, b: string, overlapping: readonly string[]) =>
    p(
      'VnetAddressSpacesOverlap',
      `Cannot create or update peering ${peeringId}. Virtual networks ${a} and ${b} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlapping.join(', ')}`,
      peeringId,
    ),
  // Azure/ResourceModules#731, microsoft/AzureTRE#4641 (verbatim).
  vnetAddressSpaceOverlapsWithAlreadyPeeredVnet: (
    peeringId: string,
    a: string,
    b: string,
    c: string,
    overlapping: readonly string[],
  ) =>
    p(
      'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
      `Cannot create or update peering ${peeringId}. Virtual networks ${a} and ${b} cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${c} already peered with the second virtual network. Overlapping address prefixes: ${overlapping.join(', ')}. For more information please refer to https://aka.ms/VnetPeeringInfo`,
      peeringId,
    ),
  // Verbatim: hashicorp/terraform#30569, Azure/bicep#12191.
  remoteVnetHasNoGateways: (peeringId: string, remoteVnetId: string) =>
    p(
      'RemoteVnetHasNoGateways',
      `Peering ${peeringId} cannot have UseRemoteGateway flag set to true because remote virtual network ${remoteVnetId} referenced by the peering does not have any gateways.`,
      peeringId,
    ),
  // Message verbatim from a lab write-up quoting the portal ("Peering vdi-vnet/vdi-vnet-to-proxy-vnet cannot have
  // UseRemoteGateways flag set to true, because another peering ... already has UseRemoteGateways flag set to
  // true."). Fidelity: the code is unverified.
  useRemoteGatewaysAlreadySet: (peeringId: string, otherId: string) =>
    p(
      'PeeringWithUseRemoteGatewaysFlagSetAlreadyExists',
      `Peering ${peeringId} cannot have UseRemoteGateways flag set to true, because another peering ${otherId} already has UseRemoteGateways flag set to true.`,
      peeringId,
    ),
  // Rule: virtual-network-manage-peering.md ("can't use remote gateways if you already have a gateway").
  // Fidelity: code and message unverified.
  useRemoteGatewaysWithLocalGateway: (peeringId: string, vnetId: string) =>
    p(
      'VirtualNetworkPeeringCannotUseRemoteGatewaysWhenLocalVirtualNetworkHasGateway',
      `Peering ${peeringId} cannot have UseRemoteGateways flag set to true because virtual network ${vnetId} already has a gateway.`,
      peeringId,
    ),
  // Rule: the remote side must allow gateway transit (§3.1). Fidelity: code and message unverified.
  remotePeeringDoesNotAllowGatewayTransit: (peeringId: string, remotePeeringId: string) =>
    p(
      'RemotePeeringDoesNotAllowGatewayTransit',
      `Peering ${peeringId} cannot have UseRemoteGateways flag set to true because the remote peering ${remotePeeringId} does not have AllowGatewayTransit set to true.`,
      peeringId,
    ),
  // Code seen in ARM clients (ChangingRemoteVirtualNetworkNotAllowed). Fidelity: message is vnetlab's.
  changingRemoteVirtualNetworkNotAllowed: (peeringId: string) =>
    p(
      'ChangingRemoteVirtualNetworkNotAllowed',
      `Changing the remote virtual network of peering ${peeringId} is not allowed. Delete the peering and create it again.`,
      peeringId,
    ),

  // ---- NSG rules (§2.1) ------------------------------------------------------------------------------------
  // Verbatim: hashicorp/terraform-provider-azurerm#11137.
  securityRuleConflict: (ruleId: string, rule: string, other: string) =>
    p(
      'SecurityRuleConflict',
      `Security rule ${other} conflicts with rule ${rule}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      ruleId,
    ),
  // Fidelity: message as ARM is remembered to phrase it ("Security rule has invalid Priority. Value provided: 50
  // Allowed range 100-4096."), unverified.
  securityRuleInvalidPriority: (ruleId: string, value: unknown) =>
    p(
      'SecurityRuleInvalidPriority',
      `Security rule has invalid Priority. Value provided: ${String(value)} Allowed range 100-4096.`,
      ruleId,
    ),
  // Verbatim: hashicorp/terraform-provider-azurerm PR #1530, Azure/azure-cli#23499.
  securityRuleInvalidPortRange: (ruleId: string, value: string) =>
    p(
      'SecurityRuleInvalidPortRange',
      `Security rule has invalid Port range. Value provided: ${value}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
      ruleId,
    ),
  // Verbatim: Azure/sap-hana#135 ("Security rule must specify SourceAddressPrefixes, SourceAddressPrefix, or
  // SourceApplicationSecurityGroups.").
  securityRuleParametersMissing: (ruleId: string, side: 'Source' | 'Destination') =>
    p(
      'SecurityRuleParametersMissing',
      `Required security rule parameters are missing for security rule with Id: ${ruleId}. Security rule must specify ${side}AddressPrefixes, ${side}AddressPrefix, or ${side}ApplicationSecurityGroups.`,
      ruleId,
    ),
  // Message verbatim from kubernetes-sigs/cloud-provider-azure#9355 (ports); the same shape for prefixes.
  // Fidelity: the code is unverified.
  securityRuleParameterConflict: (ruleId: string, single: string, plural: string) =>
    p(
      'SecurityRuleParametersInvalid',
      `Security rule with Id ${ruleId} must specify a non-empty value for either ${single} or ${plural}, but not both.`,
      ruleId,
    ),
  // Rule from §2.1 ("you can't put several service tags or ASGs in one rule"). Fidelity: code and message are
  // vnetlab's.
  securityRuleInvalidAddressPrefix: (ruleId: string, value: string, why: string) =>
    p(
      'SecurityRuleInvalidAddressPrefix',
      `Security rule ${ruleId} has invalid address prefix. Value provided: ${value}. ${why}`,
      ruleId,
    ),

  // ---- Routes (§1.3) -------------------------------------------------------------------------------------
  // Verbatim: hashicorp/terraform-provider-azurerm PR #20365.
  missingNextHopIpAddress: (routeId: string, route: string) =>
    p(
      'MissingNextHopIpAddress',
      `NextHopIpAddress cannot be Null or Empty in route ${route} when NextHopType is VirtualAppliance.`,
      routeId,
    ),
  // Fidelity: code and message are vnetlab's (a next-hop IP on a route whose type takes none).
  nextHopIpAddressNotAllowed: (routeId: string, route: string, type: string) =>
    p(
      'NextHopIpAddressNotAllowed',
      `NextHopIpAddress is allowed in route ${route} only when NextHopType is VirtualAppliance, not ${type}.`,
      routeId,
    ),

  // ---- Subnets (§4.2) ------------------------------------------------------------------------------------
  // Rule from the 2025-07-01 REST spec (SubnetPropertiesFormat.defaultOutboundAccess: "can only be set at the
  // time of subnet creation and cannot be updated for an existing subnet"). Fidelity: code and message are
  // vnetlab's; Azure's were not found.
  defaultOutboundAccessCannotBeUpdated: (subnetId: string, was: boolean, requested: boolean) =>
    p(
      'DefaultOutboundAccessCannotBeUpdated',
      `defaultOutboundAccess of subnet ${subnetId} can only be set when the subnet is created. Current value: ${was}. Requested value: ${requested}.`,
      subnetId,
    ),

  // ---- Private endpoints (§5.3; verbatim messages from azure-databases-docs where given) ----------------------
  // Fidelity: with `property`, the sentence naming what ARM never puts on a private endpoint's NIC is vnetlab's.
  cannotModifyNicAttachedToPrivateEndpoint: (nicId: string, peId: string, property?: string) =>
    p(
      'CannotModifyNicAttachedToPrivateEndpoint',
      `Network interface ${nicId} is attached to private endpoint ${peId} and cannot be modified. Use PATCH to update its tags.${property ? ` It carries ${property}, which a private endpoint's network interface can't have.` : ''}`,
      nicId,
    ),
  // Message as observed (Azure/bicep-types-az#2649: "PRIVATE_ENDPOINT contains custom NIC name NIC_NAME which
  // already exists"). Fidelity: the code is vnetlab's; Azure's was not found.
  privateEndpointCustomNicNameAlreadyExists: (peId: string, name: string, nicId: string) =>
    p(
      'PrivateEndpointCustomNicNameAlreadyExists',
      `Private endpoint ${peId} contains custom NIC name ${name} which already exists (${nicId}).`,
      peId,
    ),
  cannotChangeSubnetOnExistingPrivateEndpoint: (peId: string, current: string, requested: string) =>
    p(
      'CannotChangeSubnetOnExistingPrivateEndpoint',
      `Cannot change the subnet in which the network interface for private endpoint ${peId} is created. Current subnet: '${current}.' Requested subnet: '${requested}.'`,
      peId,
    ),
  // Fidelity: message written by vnetlab.
  nameOfExistingPrivateEndpointNicCannotBeChanged: (peId: string, current: string, requested: string) =>
    p(
      'NameOfExistingPrivateEndpointNicCannotBeChanged',
      `Name of the existing network interface of private endpoint ${peId} cannot be changed. Current name: '${current}'. Requested name: '${requested}'.`,
      peId,
    ),

  // ---- NAT gateway (§4.1) --------------------------------------------------------------------------------
  // Fidelity: code and message are vnetlab's (rule from nat-gateway-resource.md: subnets of one VNet only).
  natGatewaySubnetsInDifferentVnets: (natId: string, a: string, b: string) =>
    p(
      'NatGatewayCannotBeAttachedToSubnetsOfDifferentVirtualNetworks',
      `NAT gateway ${natId} is attached to subnets of virtual networks ${a} and ${b}; all its subnets must be in one virtual network.`,
      natId,
    ),

  // ---- Virtual network TAP (§6) ----------------------------------------------------------------------------
  // Code: seed 003 (adstuart/vtap-pls-test, "blocked by ARM"). Fidelity: message is vnetlab's, faithful to the
  // code's wording.
  tapDestinationIsPrivateLinkNic: (tapId: string, nicId: string) =>
    p(
      'CannotSetPrivateLinkServiceOrPrivateEndpointNetworkInterfaceAsDestinationOfVirtualNetworkTap',
      `Network interface ${nicId} belongs to a private link service or a private endpoint and cannot be set as destination of virtual network tap ${tapId}.`,
      tapId,
    ),
  // Fidelity: code and message are vnetlab's (rule: one TAP configuration per NIC, §6.2).
  tooManyTapConfigurations: (nicId: string) =>
    p(
      'NetworkInterfaceCanHaveOnlyOneTapConfiguration',
      `Network interface ${nicId} can have only one tap configuration.`,
      nicId,
    ),
  // Fidelity: code and message are vnetlab's (rule: destination in the same or a peered VNet, §6.2).
  tapDestinationNotReachable: (
    tapConfigId: string,
    tapId: string,
    sourceVnet: string,
    destinationVnet: string,
  ) =>
    p(
      'VirtualNetworkTapDestinationNotInSameOrPeeredVirtualNetwork',
      `The destination of virtual network tap ${tapId} is in virtual network ${destinationVnet}, which is neither the virtual network ${sourceVnet} of the monitored network interface nor peered with it.`,
      tapConfigId,
    ),
  // Fidelity: code and message are vnetlab's.
  invalidTapDestination: (tapId: string, why: string) =>
    p('InvalidVirtualNetworkTapDestination', `Virtual network tap ${tapId}: ${why}`, tapId),

  // ---- AVNM (§2.6, §3.4) ---------------------------------------------------------------------------------
  // Fidelity: AVNM validation codes are vnetlab's; no source shows Azure's.
  avnmInvalid: (id: string, message: string) => p('InvalidNetworkManagerResource', message, id),
  // Fidelity: code and message are vnetlab's (rule: ConnectedGroupAddressOverlap Disallowed, §3.4).
  connectedGroupAddressOverlap: (configId: string, a: string, b: string, prefixes: string) =>
    p(
      'ConnectedGroupAddressOverlapDisallowed',
      `Connectivity configuration ${configId} does not allow overlapping address spaces in a connected group, but virtual networks ${a} and ${b} overlap (${prefixes}).`,
      configId,
    ),
  // Fidelity: commit body codes are vnetlab's.
  invalidCommit: (networkManagerId: string, message: string) =>
    p('InvalidCommitRequest', message, networkManagerId),
};
