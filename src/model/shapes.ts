// JSON types of the properties vnetlab reads, per resource type: a PUT whose property has the wrong JSON type
// (a string where ARM expects an array of prefixes, a string where it expects a { id } reference) is refused as
// Azure's network provider refuses it, with InvalidRequestFormat "Cannot parse the request." and one detail per
// property (NRP's deserializer errors, e.g. Azure/azure-cli#19513). Properties not listed are kept as given.
import { T } from './resource-types.ts';
import type { Problem } from './problems.ts';
import type { Resource } from './types.ts';
import { isObject } from '../net/index.ts';

type Shape = 'string' | 'boolean' | 'integer' | 'object' | 'strings' | 'ref' | 'refs' | 'array';

const SHAPES: Readonly<Record<string, Readonly<Record<string, Shape>>>> = {
  [T.virtualNetwork]: {
    addressSpace: 'object',
    'addressSpace.addressPrefixes': 'strings',
    dhcpOptions: 'object',
    'dhcpOptions.dnsServers': 'strings',
    flowTimeoutInMinutes: 'integer',
    enableDdosProtection: 'boolean',
  },
  [T.subnet]: {
    addressPrefix: 'string',
    addressPrefixes: 'strings',
    networkSecurityGroup: 'ref',
    routeTable: 'ref',
    natGateway: 'ref',
    serviceEndpoints: 'array',
    delegations: 'array',
    defaultOutboundAccess: 'boolean',
    privateEndpointNetworkPolicies: 'string',
    privateLinkServiceNetworkPolicies: 'string',
  },
  [T.peering]: {
    remoteVirtualNetwork: 'ref',
    allowVirtualNetworkAccess: 'boolean',
    allowForwardedTraffic: 'boolean',
    allowGatewayTransit: 'boolean',
    useRemoteGateways: 'boolean',
  },
  [T.networkInterface]: {
    networkSecurityGroup: 'ref',
    enableIPForwarding: 'boolean',
    enableAcceleratedNetworking: 'boolean',
    dnsSettings: 'object',
    'dnsSettings.dnsServers': 'strings',
  },
  [T.ipConfiguration]: {
    subnet: 'ref',
    privateIPAddress: 'string',
    privateIPAllocationMethod: 'string',
    privateIPAddressVersion: 'string',
    publicIPAddress: 'ref',
    primary: 'boolean',
    applicationSecurityGroups: 'refs',
    loadBalancerBackendAddressPools: 'refs',
  },
  [T.securityRule]: {
    priority: 'integer',
    direction: 'string',
    access: 'string',
    protocol: 'string',
    sourceAddressPrefix: 'string',
    sourceAddressPrefixes: 'strings',
    destinationAddressPrefix: 'string',
    destinationAddressPrefixes: 'strings',
    sourcePortRange: 'string',
    sourcePortRanges: 'strings',
    destinationPortRange: 'string',
    destinationPortRanges: 'strings',
    sourceApplicationSecurityGroups: 'refs',
    destinationApplicationSecurityGroups: 'refs',
  },
  [T.route]: { addressPrefix: 'string', nextHopType: 'string', nextHopIpAddress: 'string' },
  [T.routeTable]: { disableBgpRoutePropagation: 'boolean' },
  [T.publicIPAddress]: {
    dnsSettings: 'object',
    'dnsSettings.domainNameLabel': 'string',
    publicIPAllocationMethod: 'string',
    publicIPAddressVersion: 'string',
    ipAddress: 'string',
    idleTimeoutInMinutes: 'integer',
  },
  [T.natGateway]: { publicIpAddresses: 'refs', publicIpPrefixes: 'refs', idleTimeoutInMinutes: 'integer' },
  [T.privateEndpoint]: { subnet: 'ref', customNetworkInterfaceName: 'string' },
  [T.virtualNetworkTap]: {
    destinationNetworkInterfaceIPConfiguration: 'ref',
    destinationLoadBalancerFrontEndIPConfiguration: 'ref',
    destinationPort: 'integer',
  },
  [T.tapConfiguration]: { virtualNetworkTap: 'ref' },
};

const isRef = (v: unknown): boolean => isObject(v) && (v.id === undefined || typeof v.id === 'string');

const fits: Record<Shape, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => Number.isInteger(v),
  object: isObject,
  strings: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  // ARM accepts null to remove a reference (subnet.networkSecurityGroup: null).
  ref: (v) => v === null || isRef(v),
  refs: (v) => Array.isArray(v) && v.every(isRef),
  array: Array.isArray,
};

const expected: Record<Shape, string> = {
  string: 'a string',
  boolean: 'a boolean',
  integer: 'an integer',
  object: 'an object',
  strings: 'an array of strings',
  ref: "an object with an 'id'",
  refs: "an array of objects with an 'id'",
  array: 'an array',
};

/** Problems with the JSON types of a resource's properties (not of its inline children: check those too). */
export function shapeProblems(resource: Resource): Problem[] {
  const shapes = SHAPES[resource.type];
  if (!shapes) return [];
  const details: Problem[] = [];
  for (const [path, shape] of Object.entries(shapes)) {
    const value = valueAt(resource.properties, path);
    if (value === undefined) continue;
    if (!fits[shape](value))
      details.push({
        code: 'InvalidRequestFormat',
        message: `Error converting value ${JSON.stringify(value)?.slice(0, 80)} at path 'properties.${path}': expected ${expected[shape]}.`,
        target: `${resource.id}:properties.${path}`,
      });
  }
  if (!details.length) return [];
  return [
    { code: 'InvalidRequestFormat', message: 'Cannot parse the request.', target: resource.id, details },
  ];
}

function valueAt(properties: Record<string, unknown>, path: string): unknown {
  let at: unknown = properties;
  for (const key of path.split('.')) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}
