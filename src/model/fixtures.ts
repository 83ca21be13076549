// Test builders shared by every test that builds a world: resource IDs, ARM bodies as PUT changes, and the real
// apply() that turns them into a World. Used only by *.test.ts files, never by production code.
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import { EMPTY_WORLD } from './world.ts';
import type { ApplyOptions, Change } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type { World } from './world.ts';

type Props = Record<string, unknown>;
/** A PUT change; every builder returns one, so `{ ...vnet(...), apiVersion }` still type-checks as a Change. */
export type Put = Extract<Change, { op: 'put' }>;

export const SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const RG = `${SUBSCRIPTION}/resourceGroups/rg`;
export const NET = `${RG}/providers/Microsoft.Network`;
const NM = `${NET}/networkManagers/nm1`;

export const id = {
  vnet: (v: string) => `${NET}/virtualNetworks/${v}`,
  subnet: (v: string, s: string) => `${NET}/virtualNetworks/${v}/subnets/${s}`,
  peering: (v: string, name: string) => `${NET}/virtualNetworks/${v}/virtualNetworkPeerings/${name}`,
  nic: (n: string) => `${NET}/networkInterfaces/${n}`,
  nsg: (n: string) => `${NET}/networkSecurityGroups/${n}`,
  asg: (n: string) => `${NET}/applicationSecurityGroups/${n}`,
  rt: (n: string) => `${NET}/routeTables/${n}`,
  route: (t: string, r: string) => `${NET}/routeTables/${t}/routes/${r}`,
  nat: (n: string) => `${NET}/natGateways/${n}`,
  pip: (n: string) => `${NET}/publicIPAddresses/${n}`,
  pe: (n: string) => `${NET}/privateEndpoints/${n}`,
  gw: (n: string) => `${NET}/virtualNetworkGateways/${n}`,
  lng: (n: string) => `${NET}/localNetworkGateways/${n}`,
  conn: (n: string) => `${NET}/connections/${n}`,
  /** The one network manager the AVNM builders make. */
  nm: NM,
  group: (g: string) => `${NM}/networkGroups/${g}`,
  cc: (c: string) => `${NM}/connectivityConfigurations/${c}`,
  adminConfig: (c: string) => `${NM}/securityAdminConfigurations/${c}`,
  vm: (n: string) => `${RG}/providers/Microsoft.Compute/virtualMachines/${n}`,
};

/** A PUT of `resource`; the change keeps the body's type, so a test can read `vnet(...).resource`. */
export const put = <R>(resource: R, apiVersion?: string): Put & { resource: R } =>
  apiVersion ? { op: 'put', resource, apiVersion } : { op: 'put', resource };
export const del = (resourceId: string): Change => ({ op: 'delete', id: resourceId });

export function applyOk(
  world: World,
  changes: readonly Change[],
  options?: ApplyOptions,
): { world: World; warnings: Warning[] } {
  const r = apply(world, [...changes], options);
  if (!r.ok) assert.fail(`expected success, got ${JSON.stringify(r.problems, null, 2)}`);
  return { world: r.world, warnings: r.warnings };
}

export function problemsOf(world: World, changes: readonly Change[], options?: ApplyOptions): Problem[] {
  const r = apply(world, [...changes], options);
  if (r.ok) assert.fail('expected problems, the apply succeeded');
  return r.problems;
}

/** The world `changes` make on top of `base`, at a fixed clock so commit times are stable. */
export const build = (changes: readonly Change[], base: World = EMPTY_WORLD): World =>
  applyOk(base, changes, { now: '2026-01-01T00:00:00Z' }).world;

/** A VNet; subnets as name -> prefix or subnet properties (see `subnet`). */
export function vnet(
  name: string,
  space: string[],
  subnets: Record<string, string | Props> = {},
  extra: Props = {},
  location = 'eastus',
) {
  return put({
    id: id.vnet(name),
    location,
    properties: {
      addressSpace: { addressPrefixes: space },
      subnets: Object.entries(subnets).map(([n, s]) => ({
        name: n,
        properties: typeof s === 'string' ? { addressPrefix: s } : s,
      })),
      ...extra,
    },
  });
}

/** Subnet properties: a prefix, its NSG and route table by name, and any other properties. */
export function subnet(prefix: string, opts: { nsg?: string; routeTable?: string } & Props = {}): Props {
  const { nsg: nsgName, routeTable: rtName, ...rest } = opts;
  return {
    addressPrefix: prefix,
    ...(typeof nsgName === 'string' ? { networkSecurityGroup: { id: id.nsg(nsgName) } } : {}),
    ...(typeof rtName === 'string' ? { routeTable: { id: id.rt(rtName) } } : {}),
    ...rest,
  };
}

/** An inline peering of a VNet body (in `virtualNetworkPeerings`), named to-<to>. */
export function peering(_from: string, to: string, extra: Props = {}) {
  return { name: `to-${to}`, properties: { remoteVirtualNetwork: { id: id.vnet(to) }, ...extra } };
}

/** Both halves of a peering as child resources (a -> b named to-b, b -> a named to-a). */
export function peer(a: string, b: string, fromA: Props = {}, fromB: Props = {}): Change[] {
  const half = (x: string, y: string, extra: Props) =>
    put({ id: id.peering(x, `to-${y}`), properties: { remoteVirtualNetwork: { id: id.vnet(y) }, ...extra } });
  return [half(a, b, fromA), half(b, a, fromB)];
}

export interface NicOptions {
  /** NSG on the NIC, by name. */
  nsg?: string;
  /** ASGs of the IP configuration, by name. */
  asgs?: string[];
  /** More properties of the IP configuration. */
  ip?: Props;
  /** More properties of the NIC. */
  properties?: Props;
}

/** A NIC with one IP configuration in subnet `subnetId`; a given address is static. */
export function nic(name: string, subnetId: string, address?: string, opts: NicOptions = {}): Put {
  return put({
    id: id.nic(name),
    location: 'eastus',
    properties: {
      ...(opts.nsg ? { networkSecurityGroup: { id: id.nsg(opts.nsg) } } : {}),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            subnet: { id: subnetId },
            ...(address ? { privateIPAddress: address, privateIPAllocationMethod: 'Static' } : {}),
            ...(opts.asgs ? { applicationSecurityGroups: opts.asgs.map((a) => ({ id: id.asg(a) })) } : {}),
            ...opts.ip,
          },
        },
      ],
      ...opts.properties,
    },
  });
}

/** An NSG rule with the usual fields, as ARM takes it: `{ name, properties }`. */
export function rule(name: string, extra: Props = {}): { name: string; properties: Props } {
  return {
    name,
    properties: {
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationPortRange: '443',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: '*',
      access: 'Allow',
      priority: 100,
      direction: 'Inbound',
      ...extra,
    },
  };
}

/** An NSG rule in short form; single values become the singular ARM field, arrays the plural one. */
export interface RuleSpec {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';
  source?: string | string[];
  destination?: string | string[];
  sourcePorts?: string | string[];
  destinationPorts?: string | string[];
  sourceAsgs?: string[];
  destinationAsgs?: string[];
}

function ruleOf(r: RuleSpec): { name: string; properties: Props } {
  const one = (v: string | string[] | undefined, single: string, many: string): Props =>
    v === undefined ? {} : Array.isArray(v) ? { [many]: v } : { [single]: v };
  return {
    name: r.name,
    properties: {
      priority: r.priority,
      direction: r.direction,
      access: r.access,
      protocol: r.protocol,
      ...(r.sourceAsgs
        ? { sourceApplicationSecurityGroups: r.sourceAsgs.map((a) => ({ id: id.asg(a) })) }
        : one(r.source ?? '*', 'sourceAddressPrefix', 'sourceAddressPrefixes')),
      ...(r.destinationAsgs
        ? { destinationApplicationSecurityGroups: r.destinationAsgs.map((a) => ({ id: id.asg(a) })) }
        : one(r.destination ?? '*', 'destinationAddressPrefix', 'destinationAddressPrefixes')),
      ...one(r.sourcePorts ?? '*', 'sourcePortRange', 'sourcePortRanges'),
      ...one(r.destinationPorts ?? '*', 'destinationPortRange', 'destinationPortRanges'),
    },
  };
}

/** An NSG; rules in short form (RuleSpec) or as ARM takes them (`rule(...)`, `{ name, properties }`). */
export function nsg(
  name: string,
  rules: readonly (RuleSpec | { name: string; properties: Props })[] = [],
): Put {
  return put({
    id: id.nsg(name),
    location: 'eastus',
    properties: { securityRules: rules.map((r) => ('properties' in r ? r : ruleOf(r))) },
  });
}

export const asg = (name: string): Put => put({ id: id.asg(name), location: 'eastus', properties: {} });

/** A route as [name, addressPrefix, nextHopType, nextHopIpAddress?], or its properties (named r<index>). */
export type RouteSpec = [string, string, string, string?] | Props;

export function routeTable(name: string, routes: readonly RouteSpec[], extra: Props = {}): Put {
  return put({
    id: id.rt(name),
    location: 'eastus',
    properties: {
      routes: routes.map((r, i) => {
        if (!Array.isArray(r)) return { name: `r${i}`, properties: r };
        const [n, prefix, type, ip] = r;
        return {
          name: n,
          properties: { addressPrefix: prefix, nextHopType: type, ...(ip ? { nextHopIpAddress: ip } : {}) },
        };
      }),
      ...extra,
    },
  });
}

/** A route-based VPN gateway in the VNet's GatewaySubnet. */
export function gateway(name: string, vnetName: string, extra: Props = {}): Put {
  return put({
    id: id.gw(name),
    location: 'eastus',
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      ipConfigurations: [
        { name: 'default', properties: { subnet: { id: id.subnet(vnetName, 'GatewaySubnet') } } },
      ],
      ...extra,
    },
  });
}

export function localGateway(name: string, prefixes: string[]): Put {
  return put({
    id: id.lng(name),
    location: 'eastus',
    properties: { gatewayIpAddress: '203.0.113.10', localNetworkAddressSpace: { addressPrefixes: prefixes } },
  });
}

/** A site-to-site connection from gateway `gw` to local network gateway `lng`. */
export function connection(name: string, gw: string, lng: string, extra: Props = {}): Put {
  return put({
    id: id.conn(name),
    location: 'eastus',
    properties: {
      connectionType: 'IPsec',
      virtualNetworkGateway1: { id: id.gw(gw) },
      localNetworkGateway2: { id: id.lng(lng) },
      ...extra,
    },
  });
}

/** A private endpoint to a storage account's blob; a given address is its static IP configuration. */
export function privateEndpoint(
  name: string,
  subnetId: string,
  opts: { address?: string; properties?: Props } = {},
): Put {
  return put({
    id: id.pe(name),
    location: 'eastus',
    properties: {
      subnet: { id: subnetId },
      privateLinkServiceConnections: [
        {
          name: 'c',
          properties: {
            privateLinkServiceId: `${RG}/providers/Microsoft.Storage/storageAccounts/sa`,
            groupIds: ['blob'],
          },
        },
      ],
      ...(opts.address
        ? {
            ipConfigurations: [
              {
                name: 'ip',
                properties: { privateIPAddress: opts.address, groupId: 'blob', memberName: 'blob' },
              },
            ],
          }
        : {}),
      ...opts.properties,
    },
  });
}

/** AVNM: the network manager nm1, scoped to the subscription. */
export const networkManager = (accesses: string[] = ['Connectivity', 'SecurityAdmin']): Put =>
  put({
    id: id.nm,
    location: 'eastus',
    properties: {
      networkManagerScopes: { subscriptions: [SUBSCRIPTION] },
      networkManagerScopeAccesses: accesses,
    },
  });

/** AVNM: a network group of static VNet members. */
export function networkGroup(group: string, members: readonly string[]): Change[] {
  return [
    put({ id: id.group(group), properties: { memberType: 'VirtualNetwork' } }),
    ...members.map((m) =>
      put({ id: `${id.group(group)}/staticMembers/${m}`, properties: { resourceId: id.vnet(m) } }),
    ),
  ];
}

/** AVNM for connectivity: the network manager and network groups (name -> member VNets). */
export const avnm = (groups: Record<string, string[]>): Change[] => [
  networkManager(['Connectivity']),
  ...Object.entries(groups).flatMap(([g, members]) => networkGroup(g, members)),
];

export const connectivity = (name: string, properties: Props): Put => put({ id: id.cc(name), properties });

export interface AdminRuleSpec {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny' | 'AlwaysAllow';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | 'Any';
  sources?: { addressPrefix: string; addressPrefixType: 'IPPrefix' | 'ServiceTag' }[];
  destinations?: { addressPrefix: string; addressPrefixType: 'IPPrefix' | 'ServiceTag' }[];
  destinationPortRanges?: string[];
}

/** AVNM: a security admin configuration with one rule collection applied to `group`. */
export function adminConfiguration(cfg: string, group: string, rules: readonly AdminRuleSpec[]): Change[] {
  const rc = `${id.adminConfig(cfg)}/ruleCollections/rc1`;
  return [
    put({ id: id.adminConfig(cfg), properties: {} }),
    put({ id: rc, properties: { appliesToGroups: [{ networkGroupId: id.group(group) }] } }),
    ...rules.map((r) =>
      put({
        id: `${rc}/rules/${r.name}`,
        kind: 'Custom',
        properties: {
          priority: r.priority,
          direction: r.direction,
          access: r.access,
          protocol: r.protocol,
          sources: r.sources ?? [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
          destinations: r.destinations ?? [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
          sourcePortRanges: ['0-65535'],
          destinationPortRanges: r.destinationPortRanges ?? ['0-65535'],
        },
      }),
    ),
  ];
}

/** AVNM: commit configurations (full IDs, e.g. id.cc('mesh')) of nm1 to regions. */
export const commit = (
  commitType: 'Connectivity' | 'SecurityAdmin',
  configurationIds: string[],
  targetLocations = ['eastus'],
): Change => ({
  op: 'commit',
  networkManagerId: id.nm,
  commit: { commitType, configurationIds, targetLocations },
});

/** A world with one VNet 10.0.0.0/16: subnets a 10.0.1.0/24, b 10.0.2.0/24, GatewaySubnet 10.0.255.0/27. */
export function baseWorld(): World {
  return applyOk(EMPTY_WORLD, [
    vnet('v1', ['10.0.0.0/16'], { a: '10.0.1.0/24', b: '10.0.2.0/24', GatewaySubnet: '10.0.255.0/27' }),
  ]).world;
}
