// The resource types vnetlab models, with ARM's canonical casing, and which child collections ARM returns
// inline in the parent's body (a VNet GET carries its subnets) versus as resources of their own (AVNM's
// network groups). Child resources given separately are folded into their parent when they are inline.

export const T = {
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  peering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  networkInterface: 'Microsoft.Network/networkInterfaces',
  ipConfiguration: 'Microsoft.Network/networkInterfaces/ipConfigurations',
  tapConfiguration: 'Microsoft.Network/networkInterfaces/tapConfigurations',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
  securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  defaultSecurityRule: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
  applicationSecurityGroup: 'Microsoft.Network/applicationSecurityGroups',
  routeTable: 'Microsoft.Network/routeTables',
  route: 'Microsoft.Network/routeTables/routes',
  publicIPAddress: 'Microsoft.Network/publicIPAddresses',
  natGateway: 'Microsoft.Network/natGateways',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  privateLinkService: 'Microsoft.Network/privateLinkServices',
  loadBalancer: 'Microsoft.Network/loadBalancers',
  virtualNetworkTap: 'Microsoft.Network/virtualNetworkTaps',
  virtualNetworkGateway: 'Microsoft.Network/virtualNetworkGateways',
  localNetworkGateway: 'Microsoft.Network/localNetworkGateways',
  connection: 'Microsoft.Network/connections',
  networkManager: 'Microsoft.Network/networkManagers',
  networkGroup: 'Microsoft.Network/networkManagers/networkGroups',
  staticMember: 'Microsoft.Network/networkManagers/networkGroups/staticMembers',
  connectivityConfiguration: 'Microsoft.Network/networkManagers/connectivityConfigurations',
  securityAdminConfiguration: 'Microsoft.Network/networkManagers/securityAdminConfigurations',
  adminRuleCollection: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
  adminRule: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
} as const;

export type ResourceType = (typeof T)[keyof typeof T];

/** Inline child collections: parent type -> (child type segment -> property name in the parent's properties). */
export const INLINE_CHILDREN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [T.virtualNetwork]: { subnets: 'subnets', virtualNetworkPeerings: 'virtualNetworkPeerings' },
  [T.networkInterface]: { ipConfigurations: 'ipConfigurations', tapConfigurations: 'tapConfigurations' },
  [T.networkSecurityGroup]: { securityRules: 'securityRules' },
  [T.routeTable]: { routes: 'routes' },
  [T.loadBalancer]: {
    frontendIPConfigurations: 'frontendIPConfigurations',
    backendAddressPools: 'backendAddressPools',
    loadBalancingRules: 'loadBalancingRules',
    probes: 'probes',
    outboundRules: 'outboundRules',
    inboundNatRules: 'inboundNatRules',
  },
  [T.privateLinkService]: { ipConfigurations: 'ipConfigurations' },
  [T.virtualNetworkGateway]: { ipConfigurations: 'ipConfigurations' },
};

const canonical = new Map<string, string>(Object.values(T).map((t) => [t.toLowerCase(), t]));
for (const [parent, children] of Object.entries(INLINE_CHILDREN)) {
  for (const segment of Object.keys(children))
    canonical.set(`${parent}/${segment}`.toLowerCase(), `${parent}/${segment}`);
}

// Types already in ARM's casing (the usual case) skip lowercasing; the look-up hands back the constant itself, so
// every stored resource shares the same type strings.
const spelledRight = new Map([...canonical.values()].map((t) => [t, t]));

/** ARM's spelling of a type name given in any casing, or undefined when vnetlab does not model it. */
export const canonicalType = (type: string): string | undefined =>
  spelledRight.get(type) ?? canonical.get(type.toLowerCase());

/** For an inline child type, the parent type and the property that holds the collection. */
export function inlineCollectionOf(type: string): { parentType: string; property: string } | undefined {
  const c = canonicalType(type);
  if (!c) return undefined;
  const cut = c.lastIndexOf('/');
  const parentType = c.slice(0, cut);
  const property = INLINE_CHILDREN[parentType]?.[c.slice(cut + 1)];
  return property ? { parentType, property } : undefined;
}

/** Types that carry a location (tracked resources); children and AVNM sub-resources do not. */
export const isTracked = (type: string): boolean => type.split('/').length === 2;
