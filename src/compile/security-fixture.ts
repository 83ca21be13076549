// Test worlds for the security compiler and the diagnostics built on it, made with the real apply(). Used only
// by *.test.ts files.
import { apply, EMPTY_WORLD } from '../model/index.ts';
import type { Change, World } from '../model/index.ts';
import { mustParseAddress } from '../net/index.ts';
import type { Flow } from './security-types.ts';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
export const NET = `${SUB}/Microsoft.Network`;
export const id = {
  vnet: (n: string) => `${NET}/virtualNetworks/${n}`,
  subnet: (v: string, s: string) => `${NET}/virtualNetworks/${v}/subnets/${s}`,
  nic: (n: string) => `${NET}/networkInterfaces/${n}`,
  nsg: (n: string) => `${NET}/networkSecurityGroups/${n}`,
  asg: (n: string) => `${NET}/applicationSecurityGroups/${n}`,
  routeTable: (n: string) => `${NET}/routeTables/${n}`,
  nm: `${NET}/networkManagers/nm1`,
  group: (g: string) => `${NET}/networkManagers/nm1/networkGroups/${g}`,
  adminConfig: (c: string) => `${NET}/networkManagers/nm1/securityAdminConfigurations/${c}`,
  vm: (n: string) => `${SUB}/Microsoft.Compute/virtualMachines/${n}`,
};

export function put(resource: unknown): Change {
  return { op: 'put', resource };
}

export function build(changes: readonly Change[], base: World = EMPTY_WORLD): World {
  const r = apply(base, changes, { now: '2026-01-01T00:00:00Z' });
  if (!r.ok) throw new Error(`fixture did not apply: ${JSON.stringify(r.problems, null, 2)}`);
  return r.world;
}

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

/** An NSG with rules written the way ARM takes them (single or augmented fields). */
export function nsg(name: string, rules: readonly RuleSpec[]): Change {
  const one = (v: string | string[] | undefined, single: string, many: string): Record<string, unknown> =>
    v === undefined ? {} : Array.isArray(v) ? { [many]: v } : { [single]: v };
  return put({
    id: id.nsg(name),
    location: 'eastus',
    properties: {
      securityRules: rules.map((r) => ({
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
      })),
    },
  });
}

export interface SubnetSpec {
  name: string;
  prefix: string;
  nsg?: string;
  routeTable?: string;
  privateEndpointNetworkPolicies?: string;
}

export function vnet(
  name: string,
  space: string,
  subnets: readonly SubnetSpec[],
  peerings: readonly { name: string; remote: string; [k: string]: unknown }[] = [],
  location = 'eastus',
): Change {
  return put({
    id: id.vnet(name),
    location,
    properties: {
      addressSpace: { addressPrefixes: [space] },
      subnets: subnets.map((s) => ({
        name: s.name,
        properties: {
          addressPrefix: s.prefix,
          ...(s.nsg ? { networkSecurityGroup: { id: id.nsg(s.nsg) } } : {}),
          ...(s.routeTable ? { routeTable: { id: id.routeTable(s.routeTable) } } : {}),
          ...(s.privateEndpointNetworkPolicies
            ? { privateEndpointNetworkPolicies: s.privateEndpointNetworkPolicies }
            : {}),
        },
      })),
      virtualNetworkPeerings: peerings.map(({ name: pn, remote, ...rest }) => ({
        name: pn,
        properties: { remoteVirtualNetwork: { id: id.vnet(remote) }, ...rest },
      })),
    },
  });
}

export function nic(
  name: string,
  vnetName: string,
  subnet: string,
  ip: string,
  opts: { nsg?: string; asgs?: string[] } = {},
): Change {
  return put({
    id: id.nic(name),
    location: 'eastus',
    properties: {
      ...(opts.nsg ? { networkSecurityGroup: { id: id.nsg(opts.nsg) } } : {}),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            primary: true,
            subnet: { id: id.subnet(vnetName, subnet) },
            privateIPAllocationMethod: 'Static',
            privateIPAddress: ip,
            ...(opts.asgs ? { applicationSecurityGroups: opts.asgs.map((a) => ({ id: id.asg(a) })) } : {}),
          },
        },
      ],
    },
  });
}

export const asg = (name: string): Change => put({ id: id.asg(name), location: 'eastus', properties: {} });

/** AVNM: a network manager with one network group of static VNet members. */
export function networkGroup(group: string, members: readonly string[]): Change[] {
  return [
    put({ id: `${id.group(group)}`, properties: { memberType: 'VirtualNetwork' } }),
    ...members.map((m) =>
      put({ id: `${id.group(group)}/staticMembers/${m}`, properties: { resourceId: id.vnet(m) } }),
    ),
  ];
}

export const networkManager = (): Change =>
  put({
    id: id.nm,
    location: 'eastus',
    properties: {
      networkManagerScopes: { subscriptions: ['/subscriptions/00000000-0000-0000-0000-000000000001'] },
      networkManagerScopeAccesses: ['Connectivity', 'SecurityAdmin'],
    },
  });

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

export const commit = (
  commitType: 'Connectivity' | 'SecurityAdmin',
  configurationIds: string[],
  targetLocations = ['eastus'],
): Change => ({
  op: 'commit',
  networkManagerId: id.nm,
  commit: { commitType, configurationIds, targetLocations },
});

/** A flow at a NIC whose address is `local`, from a table row. */
export function flowOf(
  r: {
    dir: 'Inbound' | 'Outbound';
    proto: 'TCP' | 'UDP' | 'ICMP';
    remote: string;
    localPort?: number;
    remotePort?: number;
  },
  local: string,
): Flow {
  return {
    direction: r.dir,
    protocol: r.proto,
    local: mustParseAddress(local),
    remote: mustParseAddress(r.remote),
    ...(r.localPort !== undefined ? { localPort: r.localPort } : {}),
    ...(r.remotePort !== undefined ? { remotePort: r.remotePort } : {}),
  };
}
