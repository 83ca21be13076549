// Test worlds for the route compiler and the diagnostics built on it, made with the real apply(). Used only by
// *.test.ts files.
import { apply, EMPTY_WORLD } from '../model/index.ts';
import type { Change, World } from '../model/index.ts';
import { formatPrefix, mustParseAddress } from '../net/index.ts';
import { routesOfSubnet } from './effective-routes.ts';
import type { EffectiveRoute } from './effective-routes.ts';

type Props = Record<string, unknown>;

export const NET =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';
export const id = {
  vnet: (v: string) => `${NET}/virtualNetworks/${v}`,
  subnet: (v: string, s: string) => `${NET}/virtualNetworks/${v}/subnets/${s}`,
  peering: (v: string, name: string) => `${NET}/virtualNetworks/${v}/virtualNetworkPeerings/${name}`,
  nic: (n: string) => `${NET}/networkInterfaces/${n}`,
  rt: (n: string) => `${NET}/routeTables/${n}`,
  route: (t: string, r: string) => `${NET}/routeTables/${t}/routes/${r}`,
  gw: (n: string) => `${NET}/virtualNetworkGateways/${n}`,
  lng: (n: string) => `${NET}/localNetworkGateways/${n}`,
  conn: (n: string) => `${NET}/connections/${n}`,
  pe: (n: string) => `${NET}/privateEndpoints/${n}`,
  nm: `${NET}/networkManagers/nm1`,
  group: (g: string) => `${NET}/networkManagers/nm1/networkGroups/${g}`,
  cc: (c: string) => `${NET}/networkManagers/nm1/connectivityConfigurations/${c}`,
};

export const put = (resource: unknown): Change => ({ op: 'put', resource });

export function build(changes: readonly Change[], base: World = EMPTY_WORLD): World {
  const r = apply(base, changes, { now: '2026-01-01T00:00:00Z' });
  if (!r.ok) throw new Error(`fixture did not apply: ${JSON.stringify(r.problems, null, 2)}`);
  return r.world;
}

/** A VNet; subnets as name -> prefix or subnet properties. */
export function vnet(
  name: string,
  space: string[],
  subnets: Record<string, string | Props> = {},
  extra: Props = {},
  location = 'eastus',
): Change {
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

/** Both halves of a peering (a -> b named to-b, b -> a named to-a). */
export function peer(a: string, b: string, fromA: Props = {}, fromB: Props = {}): Change[] {
  const half = (x: string, y: string, extra: Props) =>
    put({ id: id.peering(x, `to-${y}`), properties: { remoteVirtualNetwork: { id: id.vnet(y) }, ...extra } });
  return [half(a, b, fromA), half(b, a, fromB)];
}

export function nic(name: string, vnetName: string, subnet: string, address: string): Change {
  return put({
    id: id.nic(name),
    location: 'eastus',
    properties: {
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            subnet: { id: id.subnet(vnetName, subnet) },
            privateIPAddress: address,
            privateIPAllocationMethod: 'Static',
          },
        },
      ],
    },
  });
}

/** Routes as [name, addressPrefix, nextHopType, nextHopIpAddress?]. */
export function routeTable(
  name: string,
  routes: [string, string, string, string?][],
  extra: Props = {},
): Change {
  return put({
    id: id.rt(name),
    location: 'eastus',
    properties: {
      routes: routes.map(([n, prefix, type, ip]) => ({
        name: n,
        properties: { addressPrefix: prefix, nextHopType: type, ...(ip ? { nextHopIpAddress: ip } : {}) },
      })),
      ...extra,
    },
  });
}

export function gateway(name: string, vnetName: string, extra: Props = {}): Change {
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

export function localGateway(name: string, prefixes: string[]): Change {
  return put({
    id: id.lng(name),
    location: 'eastus',
    properties: { gatewayIpAddress: '203.0.113.10', localNetworkAddressSpace: { addressPrefixes: prefixes } },
  });
}

export function connection(name: string, gw: string, lng: string, extra: Props = {}): Change {
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

export function privateEndpoint(name: string, vnetName: string, subnet: string, address: string): Change {
  return put({
    id: id.pe(name),
    location: 'eastus',
    properties: {
      subnet: { id: id.subnet(vnetName, subnet) },
      privateLinkServiceConnections: [
        {
          name: 'c',
          properties: {
            privateLinkServiceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa',
            groupIds: ['blob'],
          },
        },
      ],
      ipConfigurations: [
        { name: 'ip', properties: { privateIPAddress: address, groupId: 'blob', memberName: 'blob' } },
      ],
    },
  });
}

/** A network manager, network groups with static members, and connectivity configurations. */
export function avnm(groups: Record<string, string[]>): Change[] {
  const out: Change[] = [
    put({
      id: id.nm,
      location: 'eastus',
      properties: {
        networkManagerScopes: { subscriptions: ['/subscriptions/00000000-0000-0000-0000-000000000001'] },
        networkManagerScopeAccesses: ['Connectivity'],
      },
    }),
  ];
  for (const [g, members] of Object.entries(groups)) {
    out.push(put({ id: id.group(g), properties: { memberType: 'VirtualNetwork' } }));
    for (const m of members)
      out.push(put({ id: `${id.group(g)}/staticMembers/${m}`, properties: { resourceId: id.vnet(m) } }));
  }
  return out;
}

export function connectivity(name: string, properties: Props): Change {
  return put({ id: id.cc(name), properties });
}

export function commit(configurations: string[], locations: string[] = ['eastus']): Change {
  return {
    op: 'commit',
    networkManagerId: id.nm,
    commit: {
      commitType: 'Connectivity',
      targetLocations: locations,
      configurationIds: configurations.map(id.cc),
    },
  };
}

/** The route deciding for a destination from a subnet. */
export const hop = (world: World, vnetName: string, subnet: string, ip: string): EffectiveRoute | undefined =>
  routesOfSubnet(world, id.subnet(vnetName, subnet)).lookup(mustParseAddress(ip));

/** The routes of a subnet whose first prefix is `prefix`. */
export const routesTo = (world: World, vnetName: string, subnet: string, prefix: string): EffectiveRoute[] =>
  routesOfSubnet(world, id.subnet(vnetName, subnet)).routes.filter(
    (r) => r.prefixes[0] !== undefined && formatPrefix(r.prefixes[0]) === prefix,
  );

/** Compact view of a route list: "prefix nextHopType state". */
export const summary = (routes: readonly EffectiveRoute[]): string[] =>
  routes.map(
    (r) =>
      `${r.prefixes.map(formatPrefix).join(',') || (r.destinationServiceTags ?? []).join(',')} ${r.nextHopType} ${r.state}`,
  );
