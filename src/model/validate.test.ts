// Validation rules, one row each: the changes, then the exact codes and targets Azure would answer with
// (azure-semantics §2.1, §3.1, §5.3, §6, §9.1, §11.5). Worlds are built with the real apply().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_WORLD } from './world.ts';
import {
  applyOk,
  baseWorld,
  del,
  gateway,
  id,
  NET,
  nic,
  nsg,
  peering,
  privateEndpoint,
  problemsOf,
  put,
  routeTable,
  rule,
  vnet,
} from './fixtures.ts';
import type { Change } from './apply.ts';
import type { World } from './world.ts';

interface Row {
  readonly name: string;
  readonly world?: () => World;
  readonly changes: Change[];
  /** [code, target] of every problem, in any order. */
  readonly expect: [string, string][];
}

const v1Subnets = { a: '10.0.1.0/24', b: '10.0.2.0/24', GatewaySubnet: '10.0.255.0/27' };
const withNic = () => applyOk(baseWorld(), [nic('n1', id.subnet('v1', 'a'), '10.0.1.10')]).world;
const hubSpoke =
  (hubExtra = {}, spokeExtra = {}, withGateway = true) =>
  () =>
    applyOk(EMPTY_WORLD, [
      vnet(
        'hub',
        ['10.1.0.0/16'],
        { GatewaySubnet: '10.1.255.0/27' },
        { virtualNetworkPeerings: [peering('hub', 'spoke', { allowGatewayTransit: true, ...hubExtra })] },
      ),
      vnet('spoke', ['10.2.0.0/16'], {}, spokeExtra),
      ...(withGateway ? [gateway('gw', 'hub')] : []),
    ]).world;

function check(rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const problems = problemsOf(row.world ? row.world() : baseWorld(), row.changes);
      const got = problems.map((p) => [p.code, p.target ?? '']).sort();
      assert.deepEqual(got, [...row.expect].sort(), JSON.stringify(problems, null, 2));
    });
  }
}

describe('address space and subnets', () => {
  const s = (name: string) => id.subnet('v2', name);
  check([
    {
      name: 'malformed subnet prefix',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: '10.2.1/24' })],
      expect: [['NetcfgInvalidIPAddressPrefix', `${s('a')}:properties.addressPrefix`]],
    },
    {
      name: 'an address without a length is not a prefix (subnet, address space)',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16', '10.3.0.0'], { a: '10.2.1.0' })],
      expect: [
        ['InvalidAddressPrefixFormat', `${s('a')}:properties.addressPrefix`],
        ['InvalidAddressPrefixFormat', `${id.vnet('v2')}:properties.addressSpace.addressPrefixes[1]`],
      ],
    },
    {
      name: 'malformed address space',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.0.0.0/160'])],
      expect: [['InvalidAddressPrefixFormat', `${id.vnet('v2')}:properties.addressSpace.addressPrefixes[0]`]],
    },
    {
      name: 'host bits set',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: '10.2.1.5/24' })],
      expect: [['InvalidCIDRNotation', `${s('a')}:properties.addressPrefix`]],
    },
    {
      name: 'subnet outside the VNet',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: '10.3.1.0/24' })],
      expect: [['NetcfgSubnetRangeOutsideVnet', s('a')]],
    },
    {
      name: 'overlapping subnets',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: '10.2.0.0/23', b: '10.2.1.0/24' })],
      expect: [['NetcfgSubnetRangesOverlap', s('b')]],
    },
    {
      name: 'a new subnet overlapping an existing one is the one reported',
      changes: [put({ id: id.subnet('v1', 'c'), properties: { addressPrefix: '10.0.1.128/25' } })],
      expect: [['NetcfgSubnetRangesOverlap', id.subnet('v1', 'c')]],
    },
    {
      name: 'IPv4 subnet smaller than /29',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: '10.2.0.0/30' })],
      expect: [['NetcfgInvalidSubnet', s('a')]],
    },
    {
      name: 'IPv6 subnet that is not a /64',
      world: () => EMPTY_WORLD,
      changes: [
        vnet('v2', ['10.2.0.0/16', 'fd00::/48'], { a: { addressPrefixes: ['10.2.0.0/24', 'fd00::/56'] } }),
      ],
      expect: [['NetcfgInvalidSubnet', s('a')]],
    },
    {
      name: 'subnet without a prefix',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16'], { a: {} })],
      expect: [['NetcfgInvalidSubnet', s('a')]],
    },
    {
      name: 'reserved range 169.254.0.0/16 in the address space',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['169.254.0.0/16'])],
      expect: [['VnetAddressSpaceContainsReservedRange', id.vnet('v2')]],
    },
    {
      name: '168.63.129.16 inside the address space',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['168.63.0.0/16'])],
      expect: [['VnetAddressSpaceContainsReservedRange', id.vnet('v2')]],
    },
    {
      name: 'overlapping ranges in one address space',
      world: () => EMPTY_WORLD,
      changes: [vnet('v2', ['10.2.0.0/16', '10.2.5.0/24'])],
      expect: [['VnetAddressSpacePrefixesOverlap', id.vnet('v2')]],
    },
    {
      name: 'resizing a subnet in use',
      world: withNic,
      changes: [vnet('v1', ['10.0.0.0/16'], { ...v1Subnets, a: '10.0.0.0/23' })],
      expect: [['InUseSubnetCannotBeUpdated', id.subnet('v1', 'a')]],
    },
  ]);
  it('resizing an empty subnet is allowed', () => {
    applyOk(baseWorld(), [vnet('v1', ['10.0.0.0/16'], { ...v1Subnets, b: '10.0.2.0/23' })]);
  });
});

describe('deleting what is in use', () => {
  const attached = () =>
    applyOk(EMPTY_WORLD, [
      nsg('n'),
      routeTable('rt', []),
      put({
        id: id.pip('p'),
        location: 'eastus',
        sku: { name: 'Standard' },
        properties: { publicIPAllocationMethod: 'Static' },
      }),
      put({
        id: id.nat('nat'),
        location: 'eastus',
        sku: { name: 'Standard' },
        properties: { publicIpAddresses: [{ id: id.pip('p') }] },
      }),
      vnet('v1', ['10.0.0.0/16'], {
        ...v1Subnets,
        a: {
          addressPrefix: '10.0.1.0/24',
          networkSecurityGroup: { id: id.nsg('n') },
          routeTable: { id: id.rt('rt') },
          natGateway: { id: id.nat('nat') },
        },
      }),
      nic('n1', id.subnet('v1', 'a'), '10.0.1.10'),
      put({
        id: `${RG_COMPUTE}/virtualMachines/vm1`,
        location: 'eastus',
        properties: { networkProfile: { networkInterfaces: [{ id: id.nic('n1') }] } },
      }),
    ]).world;
  check([
    {
      name: 'subnet with a NIC',
      world: withNic,
      changes: [del(id.subnet('v1', 'a'))],
      expect: [['InUseSubnetCannotBeDeleted', id.subnet('v1', 'a')]],
    },
    {
      name: 'subnet dropped by a VNet PUT that omits it',
      world: withNic,
      changes: [vnet('v1', ['10.0.0.0/16'], { b: '10.0.2.0/24', GatewaySubnet: '10.0.255.0/27' })],
      expect: [['InUseSubnetCannotBeDeleted', id.subnet('v1', 'a')]],
    },
    {
      name: 'VNet whose subnet holds a NIC',
      world: withNic,
      changes: [del(id.vnet('v1'))],
      expect: [['InUseSubnetCannotBeDeleted', id.subnet('v1', 'a')]],
    },
    {
      name: 'subnet holding a private endpoint',
      world: () => applyOk(baseWorld(), [privateEndpoint('pe', id.subnet('v1', 'b'))]).world,
      changes: [del(id.subnet('v1', 'b'))],
      expect: [['InUseSubnetCannotBeDeleted', id.subnet('v1', 'b')]],
    },
    {
      name: 'NSG on a subnet',
      world: attached,
      changes: [del(id.nsg('n'))],
      expect: [['InUseNetworkSecurityGroupCannotBeDeleted', id.nsg('n')]],
    },
    {
      name: 'route table on a subnet',
      world: attached,
      changes: [del(id.rt('rt'))],
      expect: [['InUseRouteTableCannotBeDeleted', id.rt('rt')]],
    },
    {
      name: 'NAT gateway on a subnet',
      world: attached,
      changes: [del(id.nat('nat'))],
      expect: [['InUseNatGatewayCannotBeDeleted', id.nat('nat')]],
    },
    {
      name: 'public IP on a NAT gateway',
      world: attached,
      changes: [del(id.pip('p'))],
      expect: [['PublicIPAddressCannotBeDeleted', id.pip('p')]],
    },
    {
      name: 'NIC of a VM',
      world: attached,
      changes: [del(id.nic('n1'))],
      expect: [['NicInUse', id.nic('n1')]],
    },
  ]);
  it('deleting a NIC and then its subnet in one batch succeeds', () => {
    applyOk(withNic(), [del(id.nic('n1')), del(id.subnet('v1', 'a'))]);
  });
});
const RG_COMPUTE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute';

describe('references', () => {
  const ipc = `${id.nic('n1')}/ipConfigurations/ipconfig1`;
  check([
    {
      name: 'NIC in a subnet that does not exist',
      changes: [nic('n1', id.subnet('v1', 'zz'))],
      expect: [['InvalidResourceReference', `${ipc}:properties.subnet`]],
    },
    {
      name: 'subnet with an NSG that does not exist',
      changes: [
        put({
          id: id.subnet('v1', 'c'),
          properties: { addressPrefix: '10.0.3.0/24', networkSecurityGroup: { id: id.nsg('none') } },
        }),
      ],
      expect: [['InvalidResourceReference', `${id.subnet('v1', 'c')}:properties.networkSecurityGroup`]],
    },
    {
      name: 'NIC with an ASG that does not exist',
      changes: [
        nic('n1', id.subnet('v1', 'a'), undefined, {
          ip: {
            applicationSecurityGroups: [{ id: `${NET}/applicationSecurityGroups/x` }],
          },
        }),
      ],
      expect: [['InvalidResourceReference', `${ipc}:properties.applicationSecurityGroups[0]`]],
    },
    {
      name: 'private endpoint in a missing subnet',
      changes: [privateEndpoint('pe', id.subnet('v1', 'zz'))],
      expect: [['InvalidResourceReference', `${id.pe('pe')}:properties.subnet`]],
    },
    {
      name: 'peering to a VNet that does not exist',
      changes: [
        put({
          id: `${id.vnet('v1')}/virtualNetworkPeerings/p`,
          properties: { remoteVirtualNetwork: { id: id.vnet('ghost') } },
        }),
      ],
      expect: [
        [
          'InvalidResourceReference',
          `${id.vnet('v1')}/virtualNetworkPeerings/p:properties.remoteVirtualNetwork`,
        ],
      ],
    },
    {
      name: 'VM with a NIC that does not exist',
      changes: [
        put({
          id: `${RG_COMPUTE}/virtualMachines/vm`,
          location: 'eastus',
          properties: { networkProfile: { networkInterfaces: [{ id: id.nic('nope') }] } },
        }),
      ],
      expect: [
        [
          'InvalidResourceReference',
          `${RG_COMPUTE}/virtualMachines/vm:properties.networkProfile.networkInterfaces[0]`,
        ],
      ],
    },
  ]);
});

describe('private IP addresses', () => {
  const ipc = `${id.nic('n2')}/ipConfigurations/ipconfig1`;
  check([
    {
      name: 'static IP outside its subnet',
      changes: [nic('n2', id.subnet('v1', 'a'), '10.0.2.10')],
      expect: [['PrivateIPAddressNotInSubnet', ipc]],
    },
    {
      name: 'static IP .1 is reserved',
      changes: [nic('n2', id.subnet('v1', 'a'), '10.0.1.1')],
      expect: [['PrivateIPAddressInReservedRange', ipc]],
    },
    {
      name: 'static IP .255 (last address) is reserved',
      changes: [nic('n2', id.subnet('v1', 'a'), '10.0.1.255')],
      expect: [['PrivateIPAddressInReservedRange', ipc]],
    },
    {
      name: 'static IP already allocated',
      world: withNic,
      changes: [nic('n2', id.subnet('v1', 'a'), '10.0.1.10')],
      expect: [['PrivateIPAddressIsAllocated', ipc]],
    },
    {
      name: 'NIC in the GatewaySubnet',
      changes: [nic('n2', id.subnet('v1', 'GatewaySubnet'))],
      expect: [['GatewaySubnet', ipc]],
    },
  ]);
});

describe('peerings', () => {
  const pid = (v: string, to: string) => `${id.vnet(v)}/virtualNetworkPeerings/to-${to}`;
  check([
    {
      name: 'overlapping address spaces',
      world: () => EMPTY_WORLD,
      changes: [
        vnet('a', ['10.1.0.0/16'], {}, { virtualNetworkPeerings: [peering('a', 'b')] }),
        vnet('b', ['10.1.128.0/17']),
      ],
      expect: [['VnetAddressSpacesOverlap', pid('a', 'b')]],
    },
    {
      name: 'overlap with a VNet already peered with the remote',
      world: () =>
        applyOk(EMPTY_WORLD, [
          vnet('hub', ['10.1.0.0/16'], {}, { virtualNetworkPeerings: [peering('hub', 'c')] }),
          vnet('c', ['10.3.0.0/16'], {}, { virtualNetworkPeerings: [peering('c', 'hub')] }),
        ]).world,
      changes: [vnet('d', ['10.3.0.0/24'], {}, { virtualNetworkPeerings: [peering('d', 'hub')] })],
      expect: [['VnetAddressSpaceOverlapsWithAlreadyPeeredVnet', pid('d', 'hub')]],
    },
    {
      name: 'changing the remote VNet',
      world: hubSpoke(),
      changes: [
        put({ id: pid('hub', 'spoke'), properties: { remoteVirtualNetwork: { id: id.vnet('other') } } }),
      ],
      expect: [['ChangingRemoteVirtualNetworkNotAllowed', pid('hub', 'spoke')]],
    },
    {
      name: 'useRemoteGateways to a VNet without gateway',
      world: hubSpoke({}, {}, false),
      changes: [
        vnet(
          'spoke',
          ['10.2.0.0/16'],
          {},
          { virtualNetworkPeerings: [peering('spoke', 'hub', { useRemoteGateways: true })] },
        ),
      ],
      expect: [['RemoteVnetHasNoGateways', pid('spoke', 'hub')]],
    },
    {
      name: 'useRemoteGateways when the remote peering does not allow gateway transit',
      world: hubSpoke({ allowGatewayTransit: false }),
      changes: [
        vnet(
          'spoke',
          ['10.2.0.0/16'],
          {},
          { virtualNetworkPeerings: [peering('spoke', 'hub', { useRemoteGateways: true })] },
        ),
      ],
      expect: [['RemotePeeringDoesNotAllowGatewayTransit', pid('spoke', 'hub')]],
    },
    {
      name: 'useRemoteGateways when the local VNet has its own gateway',
      world: () =>
        applyOk(hubSpoke()(), [
          vnet('spoke', ['10.2.0.0/16'], { GatewaySubnet: '10.2.255.0/27' }),
          gateway('gw2', 'spoke'),
        ]).world,
      changes: [
        put({
          id: pid('spoke', 'hub'),
          properties: { remoteVirtualNetwork: { id: id.vnet('hub') }, useRemoteGateways: true },
        }),
      ],
      expect: [
        [
          'VirtualNetworkPeeringCannotUseRemoteGatewaysWhenLocalVirtualNetworkHasGateway',
          pid('spoke', 'hub'),
        ],
      ],
    },
    {
      name: 'a second peering with useRemoteGateways in one VNet',
      world: () =>
        applyOk(hubSpoke()(), [
          vnet(
            'spoke',
            ['10.2.0.0/16'],
            {},
            { virtualNetworkPeerings: [peering('spoke', 'hub', { useRemoteGateways: true })] },
          ),
          vnet('hub2', ['10.4.0.0/16'], { GatewaySubnet: '10.4.255.0/27' }),
          gateway('gw4', 'hub2'),
        ]).world,
      changes: [
        put({
          id: pid('spoke', 'hub2'),
          properties: { remoteVirtualNetwork: { id: id.vnet('hub2') }, useRemoteGateways: true },
        }),
      ],
      expect: [['PeeringWithUseRemoteGatewaysFlagSetAlreadyExists', pid('spoke', 'hub2')]],
    },
  ]);
  it('useRemoteGateways succeeds with a gateway and allowGatewayTransit, or with doNotVerifyRemoteGateways', () => {
    applyOk(hubSpoke()(), [
      vnet(
        'spoke',
        ['10.2.0.0/16'],
        {},
        { virtualNetworkPeerings: [peering('spoke', 'hub', { useRemoteGateways: true })] },
      ),
    ]);
    applyOk(hubSpoke({}, {}, false)(), [
      vnet(
        'spoke',
        ['10.2.0.0/16'],
        {},
        {
          virtualNetworkPeerings: [
            peering('spoke', 'hub', { useRemoteGateways: true, doNotVerifyRemoteGateways: true }),
          ],
        },
      ),
    ]);
  });
  it('subnet peering (peerCompleteVnets=false) is accepted with an unsupported warning', () => {
    const { warnings } = applyOk(hubSpoke()(), [
      vnet(
        'spoke',
        ['10.2.0.0/16'],
        {},
        {
          virtualNetworkPeerings: [
            peering('spoke', 'hub', { peerCompleteVnets: false, localSubnetNames: ['x'] }),
          ],
        },
      ),
    ]);
    assert.deepEqual(
      warnings.map((w) => [w.kind, w.code, w.target]),
      [['unsupported', 'SubnetPeeringNotModelled', pid('spoke', 'hub')]],
    );
  });
});

describe('NSG rules', () => {
  const r = (name: string) => `${id.nsg('n')}/securityRules/${name}`;
  const one = (extra: Record<string, unknown>) => [nsg('n', [rule('r1', extra)])];
  check([
    {
      name: 'priority 99',
      changes: one({ priority: 99 }),
      expect: [['SecurityRuleInvalidPriority', r('r1')]],
    },
    {
      name: 'priority 4097',
      changes: one({ priority: 4097 }),
      expect: [['SecurityRuleInvalidPriority', r('r1')]],
    },
    {
      name: 'same priority and direction',
      changes: [nsg('n', [rule('r1'), rule('r2', { destinationPortRange: '80' })])],
      expect: [['SecurityRuleConflict', r('r2')]],
    },
    {
      name: 'protocol outside the enum',
      changes: one({ protocol: 'Gre' }),
      expect: [['InvalidRequestFormat', r('r1')]],
    },
    {
      name: 'access outside the enum',
      changes: one({ access: 'Permit' }),
      expect: [['InvalidRequestFormat', r('r1')]],
    },
    {
      name: 'direction outside the enum',
      changes: one({ direction: 'Both' }),
      expect: [['InvalidRequestFormat', r('r1')]],
    },
    {
      name: 'both sourceAddressPrefix and sourceAddressPrefixes',
      changes: one({ sourceAddressPrefixes: ['10.0.0.0/8'] }),
      expect: [['SecurityRuleParametersInvalid', r('r1')]],
    },
    {
      name: 'no destination address at all',
      changes: one({ destinationAddressPrefix: undefined }),
      expect: [['SecurityRuleParametersMissing', r('r1')]],
    },
    {
      name: 'several service tags in one rule',
      changes: one({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ['Internet', 'AzureCloud'] }),
      expect: [['SecurityRuleInvalidAddressPrefix', r('r1')]],
    },
    {
      name: 'invalid address prefix',
      changes: one({ sourceAddressPrefix: '192.168.0.0/34' }),
      expect: [['SecurityRuleInvalidAddressPrefix', r('r1')]],
    },
    {
      name: 'invalid port range',
      changes: one({ destinationPortRange: '636, 389' }),
      expect: [['SecurityRuleInvalidPortRange', r('r1')]],
    },
    {
      name: 'port range upside down',
      changes: one({ destinationPortRange: '2000-1000' }),
      expect: [['SecurityRuleInvalidPortRange', r('r1')]],
    },
    {
      name: 'both destinationPortRange and destinationPortRanges',
      changes: one({ destinationPortRanges: ['80'] }),
      expect: [['SecurityRuleParametersInvalid', r('r1')]],
    },
  ]);
  it('accepts GET-shaped rules (empty lists beside the single values), tags, ASGs and augmented lists', () => {
    applyOk(baseWorld(), [
      put({ id: `${NET}/applicationSecurityGroups/web`, location: 'eastus', properties: {} }),
      nsg('n', [
        rule('r1', {
          sourcePortRanges: [],
          destinationPortRanges: [],
          sourceAddressPrefixes: [],
          destinationAddressPrefixes: [],
          sourceAddressPrefix: 'VirtualNetwork',
        }),
        rule('r2', {
          priority: 101,
          sourceAddressPrefix: undefined,
          sourceAddressPrefixes: ['10.0.0.0/8', '192.168.1.1'],
          destinationPortRange: undefined,
          destinationPortRanges: ['80', '8000-8080'],
        }),
        rule('r3', {
          priority: 100,
          direction: 'Outbound',
          destinationAddressPrefix: undefined,
          destinationApplicationSecurityGroups: [{ id: `${NET}/applicationSecurityGroups/web` }],
        }),
      ]),
    ]);
  });
});

describe('routes', () => {
  const route = `${id.rt('rt')}/routes/r0`;
  check([
    {
      name: 'VNetPeering is not a UDR next hop type',
      changes: [routeTable('rt', [{ addressPrefix: '10.9.0.0/16', nextHopType: 'VNetPeering' }])],
      expect: [['InvalidRequestFormat', route]],
    },
    {
      name: 'VirtualNetworkServiceEndpoint is not a UDR next hop type',
      changes: [
        routeTable('rt', [{ addressPrefix: '10.9.0.0/16', nextHopType: 'VirtualNetworkServiceEndpoint' }]),
      ],
      expect: [['InvalidRequestFormat', route]],
    },
    {
      name: 'VirtualAppliance without nextHopIpAddress',
      changes: [routeTable('rt', [{ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' }])],
      expect: [['MissingNextHopIpAddress', route]],
    },
    {
      name: 'nextHopIpAddress with Internet',
      changes: [
        routeTable('rt', [
          { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet', nextHopIpAddress: '10.0.1.4' },
        ]),
      ],
      expect: [['NextHopIpAddressNotAllowed', route]],
    },
    {
      name: 'malformed address prefix',
      changes: [routeTable('rt', [{ addressPrefix: '10.0.0.0/33', nextHopType: 'None' }])],
      expect: [['NetcfgInvalidIPAddressPrefix', `${route}:properties.addressPrefix`]],
    },
    {
      name: 'an address without a length',
      changes: [routeTable('rt', [{ addressPrefix: '10.1.0.0', nextHopType: 'None' }])],
      expect: [['InvalidAddressPrefixFormat', `${route}:properties.addressPrefix`]],
    },
  ]);
  it('a service tag as prefix is accepted with an approximated warning', () => {
    const { warnings } = applyOk(baseWorld(), [
      routeTable('rt', [{ addressPrefix: 'AzureCloud.eastus', nextHopType: 'Internet' }]),
    ]);
    assert.deepEqual(
      warnings.map((w) => [w.kind, w.code, w.target]),
      [['approximated', 'ServiceTagRouteNotResolved', route]],
    );
  });
});

describe('private endpoints', () => {
  const withPe = () =>
    applyOk(baseWorld(), [
      privateEndpoint('pe', id.subnet('v1', 'b'), { properties: { customNetworkInterfaceName: 'pe-nic' } }),
    ]).world;
  check([
    {
      name: 'PUT on the PE NIC (even to join an LB pool)',
      world: withPe,
      changes: [
        nic('pe-nic', id.subnet('v1', 'b'), '10.0.2.4', { ip: { loadBalancerBackendAddressPools: [] } }),
      ],
      expect: [['CannotModifyNicAttachedToPrivateEndpoint', id.nic('pe-nic')]],
    },
    {
      name: 'changing the subnet of an existing PE',
      world: withPe,
      changes: [
        privateEndpoint('pe', id.subnet('v1', 'a'), { properties: { customNetworkInterfaceName: 'pe-nic' } }),
      ],
      expect: [['CannotChangeSubnetOnExistingPrivateEndpoint', id.pe('pe')]],
    },
    {
      name: 'changing the NIC name of an existing PE',
      world: withPe,
      changes: [
        privateEndpoint('pe', id.subnet('v1', 'b'), { properties: { customNetworkInterfaceName: 'other' } }),
      ],
      expect: [['NameOfExistingPrivateEndpointNicCannotBeChanged', id.pe('pe')]],
    },
    {
      name: 'deleting the PE NIC',
      world: withPe,
      changes: [del(id.nic('pe-nic'))],
      expect: [['NicInUse', id.nic('pe-nic')]],
    },
  ]);
});

describe('NAT gateways', () => {
  const nat = (sku: string, pipSku: string) => [
    put({ id: id.pip('p'), location: 'eastus', sku: { name: pipSku }, properties: {} }),
    put({
      id: id.nat('nat'),
      location: 'eastus',
      sku: { name: sku },
      properties: { publicIpAddresses: [{ id: id.pip('p') }] },
    }),
  ];
  check([
    {
      name: 'subnets of two VNets on one NAT gateway',
      world: () => applyOk(baseWorld(), nat('Standard', 'Standard')).world,
      changes: [
        put({
          id: id.subnet('v1', 'a'),
          properties: { addressPrefix: '10.0.1.0/24', natGateway: { id: id.nat('nat') } },
        }),
        vnet('v2', ['10.2.0.0/16'], {
          s: { addressPrefix: '10.2.1.0/24', natGateway: { id: id.nat('nat') } },
        }),
      ],
      expect: [['NatGatewayCannotBeAttachedToSubnetsOfDifferentVirtualNetworks', id.nat('nat')]],
    },
  ]);
  it('StandardV2 NAT with a Standard public IP is accepted with a warning', () => {
    const { warnings } = applyOk(baseWorld(), nat('StandardV2', 'Standard'));
    assert.deepEqual(
      warnings.map((w) => [w.code, w.target]),
      [['NatGatewayPublicIpSkuMismatch', id.nat('nat')]],
    );
  });
  it('a NAT gateway on the GatewaySubnet is accepted with an unsupported warning', () => {
    const { warnings } = applyOk(applyOk(baseWorld(), nat('Standard', 'Standard')).world, [
      put({
        id: id.subnet('v1', 'GatewaySubnet'),
        properties: { addressPrefix: '10.0.255.0/27', natGateway: { id: id.nat('nat') } },
      }),
    ]);
    assert.deepEqual(
      warnings.map((w) => [w.kind, w.code]),
      [['unsupported', 'NatGatewayOnGatewaySubnet']],
    );
  });
});

describe('virtual network TAP', () => {
  const tapId = `${NET}/virtualNetworkTaps/tap`;
  const tap = (dest: Record<string, unknown>) => ({ id: tapId, location: 'eastus', properties: dest });
  const toNic = (name: string) => ({
    destinationNetworkInterfaceIPConfiguration: { id: `${id.nic(name)}/ipConfigurations/ipconfig1` },
  });
  const source = (name: string, subnet: string, taps = 1) =>
    nic(name, subnet, undefined, {
      properties: {
        tapConfigurations: Array.from({ length: taps }, (_, i) => ({
          name: `t${i}`,
          properties: { virtualNetworkTap: { id: tapId } },
        })),
      },
    });
  const collector = () => applyOk(baseWorld(), [nic('col', id.subnet('v1', 'b'))]).world;
  check([
    {
      name: 'two TAP configurations on one NIC',
      world: collector,
      changes: [put(tap(toNic('col'))), source('src', id.subnet('v1', 'a'), 2)],
      expect: [['NetworkInterfaceCanHaveOnlyOneTapConfiguration', id.nic('src')]],
    },
    {
      name: 'a destination IP configuration that does not exist',
      world: collector,
      changes: [
        put(
          tap({
            destinationNetworkInterfaceIPConfiguration: { id: `${id.nic('col')}/ipConfigurations/nope` },
          }),
        ),
      ],
      expect: [
        ['InvalidResourceReference', `${tapId}:properties.destinationNetworkInterfaceIPConfiguration`],
      ],
    },
    {
      name: 'destination in a VNet that is not peered',
      world: () =>
        applyOk(baseWorld(), [
          vnet('far', ['10.9.0.0/16'], { s: '10.9.1.0/24' }),
          nic('col', id.subnet('far', 's')),
        ]).world,
      changes: [put(tap(toNic('col'))), source('src', id.subnet('v1', 'a'))],
      expect: [
        [
          'VirtualNetworkTapDestinationNotInSameOrPeeredVirtualNetwork',
          `${id.nic('src')}/tapConfigurations/t0`,
        ],
      ],
    },
    {
      name: 'destination port 0',
      world: collector,
      changes: [put(tap({ ...toNic('col'), destinationPort: 0 }))],
      expect: [['InvalidVirtualNetworkTapDestination', tapId]],
    },
    {
      name: 'no destination',
      world: collector,
      changes: [put(tap({}))],
      expect: [['InvalidVirtualNetworkTapDestination', tapId]],
    },
  ]);
  it('a PE NIC (by its real IP configuration) as destination is CannotSetPrivateLinkService...', () => {
    const w = applyOk(baseWorld(), [
      privateEndpoint('pe', id.subnet('v1', 'b'), { properties: { customNetworkInterfaceName: 'pe-nic' } }),
    ]).world;
    const peNic = w.resources.get(id.nic('pe-nic').toLowerCase())!;
    const ipc = (peNic.properties.ipConfigurations as { id: string }[])[0]!.id;
    const problems = problemsOf(w, [put(tap({ destinationNetworkInterfaceIPConfiguration: { id: ipc } }))]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.target]),
      [
        [
          'CannotSetPrivateLinkServiceOrPrivateEndpointNetworkInterfaceAsDestinationOfVirtualNetworkTap',
          tapId,
        ],
      ],
    );
    assert.match(problems[0]!.message, /cannot be set as destination of virtual network tap/);
  });
  it('a collector in a peered VNet is accepted; the TAP port defaults to 4789', () => {
    const w0 = applyOk(EMPTY_WORLD, [
      vnet('a', ['10.1.0.0/16'], { s: '10.1.1.0/24' }, { virtualNetworkPeerings: [peering('a', 'b')] }),
      vnet('b', ['10.2.0.0/16'], { s: '10.2.1.0/24' }, { virtualNetworkPeerings: [peering('b', 'a')] }),
      nic('col', id.subnet('b', 's')),
    ]).world;
    const w = applyOk(w0, [put(tap(toNic('col'))), source('src', id.subnet('a', 's'))]).world;
    assert.equal(w.resources.get(tapId.toLowerCase())!.properties.destinationPort, 4789);
  });
});

describe('virtual machines and gateway subnets', () => {
  const vm = (nics: string[]) =>
    put({
      id: `${RG_COMPUTE}/virtualMachines/vm`,
      location: 'eastus',
      properties: { networkProfile: { networkInterfaces: nics.map((n) => ({ id: id.nic(n) })) } },
    });
  const twoVnets = () =>
    applyOk(baseWorld(), [
      vnet('v2', ['10.2.0.0/16'], { a: '10.2.1.0/24' }),
      nic('n1', id.subnet('v1', 'a')),
      nic('n2', id.subnet('v1', 'b')),
      nic('n3', id.subnet('v2', 'a')),
    ]).world;
  const gatewaySubnetWithNsg = {
    GatewaySubnet: { addressPrefix: '10.0.255.0/27', networkSecurityGroup: { id: id.nsg('g') } },
  };
  check([
    {
      name: 'a VM with NICs in two VNets',
      world: twoVnets,
      changes: [vm(['n1', 'n3'])],
      expect: [['SubnetsNotInSameVnet', `${RG_COMPUTE}/virtualMachines/vm`]],
    },
    {
      name: "a VM's second NIC moved to another VNet",
      world: () => applyOk(twoVnets(), [vm(['n1', 'n2'])]).world,
      changes: [nic('n2', id.subnet('v2', 'a'))],
      expect: [['SubnetsNotInSameVnet', `${RG_COMPUTE}/virtualMachines/vm`]],
    },
    {
      name: 'an NSG associated to a GatewaySubnet that holds a gateway',
      world: () => applyOk(baseWorld(), [nsg('g'), gateway('gw', 'v1')]).world,
      changes: [vnet('v1', ['10.0.0.0/16'], { a: '10.0.1.0/24', b: '10.0.2.0/24', ...gatewaySubnetWithNsg })],
      expect: [['NetworkSecurityGroupCannotBeAttachedToGatewaySubnet', id.subnet('v1', 'GatewaySubnet')]],
    },
    {
      name: 'a gateway created in a GatewaySubnet with an NSG',
      world: () => applyOk(EMPTY_WORLD, [nsg('g'), vnet('v1', ['10.0.0.0/16'], gatewaySubnetWithNsg)]).world,
      changes: [gateway('gw', 'v1')],
      expect: [['NetworkSecurityGroupCannotBeAttachedToGatewaySubnet', id.subnet('v1', 'GatewaySubnet')]],
    },
  ]);
  it('a VM with NICs in two subnets of one VNet is accepted', () => {
    applyOk(twoVnets(), [vm(['n1', 'n2'])]);
  });
});

describe("Azure's limits", () => {
  const rules = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      rule(`r${i}`, {
        priority: 100 + (i % 4000),
        direction: i < 2000 ? 'Inbound' : 'Outbound',
        destinationPortRange: String(1 + i),
      }),
    );
  it('an NSG of 1,000 rules is accepted; 1,001 is SecurityRuleCountLimitReached, in ARM words', () => {
    applyOk(EMPTY_WORLD, [nsg('big', rules(1000))]);
    const problems = problemsOf(EMPTY_WORLD, [nsg('big', rules(1001))]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.message]),
      [['SecurityRuleCountLimitReached', 'A security group cannot have more than 1000 security rules.']],
    );
  });
  it('a route table of 1,000 routes is accepted; 1,001 is RouteCountLimitReached', () => {
    const routes = Array.from({ length: 1001 }, (_, i): [string, string, string] => [
      `r${i}`,
      `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
      'None',
    ]);
    assert.deepEqual(
      problemsOf(EMPTY_WORLD, [routeTable('rt', routes)]).map((p) => p.code),
      ['RouteCountLimitReached'],
    );
    applyOk(EMPTY_WORLD, [routeTable('rt', routes.slice(0, 1000))]);
  });
});
