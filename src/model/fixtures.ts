// Test builders: small ARM bodies for model tests, applied through the real apply(). Not used by production code.
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import { EMPTY_WORLD } from './world.ts';
import type { ApplyOptions, Change } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type { World } from './world.ts';

export const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
export const NET = `${RG}/providers/Microsoft.Network`;

export const vnetId = (name: string) => `${NET}/virtualNetworks/${name}`;
export const subnetId = (vnet: string, subnet: string) => `${vnetId(vnet)}/subnets/${subnet}`;
export const nicId = (name: string) => `${NET}/networkInterfaces/${name}`;
export const nsgId = (name: string) => `${NET}/networkSecurityGroups/${name}`;
export const rtId = (name: string) => `${NET}/routeTables/${name}`;
export const natId = (name: string) => `${NET}/natGateways/${name}`;
export const pipId = (name: string) => `${NET}/publicIPAddresses/${name}`;
export const peId = (name: string) => `${NET}/privateEndpoints/${name}`;
export const gwId = (name: string) => `${NET}/virtualNetworkGateways/${name}`;
export const nmId = (name: string) => `${NET}/networkManagers/${name}`;

type Props = Record<string, unknown>;

export const put = (resource: unknown, apiVersion?: string): Change =>
  apiVersion ? { op: 'put', resource, apiVersion } : { op: 'put', resource };
export const del = (id: string): Change => ({ op: 'delete', id });

/** A VNet with subnets given as name -> prefix (or subnet properties). */
export function vnet(
  name: string,
  space: string[],
  subnets: Record<string, string | Props> = {},
  extra: Props = {},
) {
  return {
    id: vnetId(name),
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: space },
      subnets: Object.entries(subnets).map(([n, s]) => ({
        name: n,
        properties: typeof s === 'string' ? { addressPrefix: s } : s,
      })),
      ...extra,
    },
  };
}

export function peering(from: string, to: string, extra: Props = {}) {
  return { name: `to-${to}`, properties: { remoteVirtualNetwork: { id: vnetId(to) }, ...extra } };
}

/** A NIC with one IP configuration; a given address is static. */
export function nic(name: string, subnet: string, address?: string, ipExtra: Props = {}, extra: Props = {}) {
  return {
    id: nicId(name),
    location: 'eastus',
    properties: {
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            subnet: { id: subnet },
            ...(address ? { privateIPAddress: address, privateIPAllocationMethod: 'Static' } : {}),
            ...ipExtra,
          },
        },
      ],
      ...extra,
    },
  };
}

export function nsg(name: string, rules: Props[] = []) {
  return { id: nsgId(name), location: 'eastus', properties: { securityRules: rules } };
}

export function rule(name: string, extra: Props = {}): Props {
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

export function routeTable(name: string, routes: Props[]) {
  return {
    id: rtId(name),
    location: 'eastus',
    properties: { routes: routes.map((r, i) => ({ name: `r${i}`, properties: r })) },
  };
}

export function gateway(name: string, vnet: string) {
  return {
    id: gwId(name),
    location: 'eastus',
    properties: {
      gatewayType: 'Vpn',
      ipConfigurations: [
        { name: 'default', properties: { subnet: { id: subnetId(vnet, 'GatewaySubnet') } } },
      ],
    },
  };
}

export function privateEndpoint(name: string, subnet: string, extra: Props = {}) {
  return {
    id: peId(name),
    location: 'eastus',
    properties: {
      subnet: { id: subnet },
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
      ...extra,
    },
  };
}

export function applyOk(
  world: World,
  changes: Change[],
  options?: ApplyOptions,
): { world: World; warnings: Warning[] } {
  const r = apply(world, changes, options);
  if (!r.ok) assert.fail(`expected success, got ${JSON.stringify(r.problems, null, 2)}`);
  return { world: r.world, warnings: r.warnings };
}

export function problemsOf(world: World, changes: Change[], options?: ApplyOptions): Problem[] {
  const r = apply(world, changes, options);
  if (r.ok) assert.fail('expected problems, the apply succeeded');
  return r.problems;
}

/** A world with one VNet 10.0.0.0/16: subnets a 10.0.1.0/24, b 10.0.2.0/24, GatewaySubnet 10.0.255.0/27. */
export function baseWorld(): World {
  return applyOk(EMPTY_WORLD, [
    put(vnet('v1', ['10.0.0.0/16'], { a: '10.0.1.0/24', b: '10.0.2.0/24', GatewaySubnet: '10.0.255.0/27' })),
  ]).world;
}
