import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, EMPTY_WORLD, type Change } from '../model/index.ts';
import { adviceOf } from './advice.ts';

// Source: azure-semantics.md §4.2 (the outbound decision) and the "private subnets by default" blog (seed 000).
const NET =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network';
const SUBNET = `${NET}/virtualNetworks/v/subnets/app`;
const put = (resource: unknown, apiVersion?: string): Change => ({
  op: 'put',
  resource,
  ...(apiVersion ? { apiVersion } : {}),
});

function world(opts: { apiVersion?: string; subnet?: object; ipConfig?: object; extra?: Change[] }) {
  const r = apply(EMPTY_WORLD, [
    ...(opts.extra ?? []),
    put(
      {
        id: `${NET}/virtualNetworks/v`,
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'app', properties: { addressPrefix: '10.0.1.0/24', ...opts.subnet } }],
        },
      },
      opts.apiVersion,
    ),
    put({
      id: `${NET}/networkInterfaces/vm1-nic`,
      location: 'eastus',
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              subnet: { id: SUBNET },
              privateIPAddress: '10.0.1.4',
              privateIPAllocationMethod: 'Static',
              ...opts.ipConfig,
            },
          },
        ],
      },
    }),
  ]);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.world;
}

const codes = (w: ReturnType<typeof world>) => adviceOf(w).map((a) => [a.code, a.target]);

test('a private subnet whose NICs have no outbound method gets NoOutboundConnectivity, naming the NICs', () => {
  const advice = adviceOf(world({}));
  assert.deepEqual(
    advice.map((a) => [a.kind, a.code, a.target]),
    [['advice', 'NoOutboundConnectivity', SUBNET]],
  );
  assert.match(advice[0]!.message, /vm1-nic has no outbound access/);
});

test('any explicit outbound method, or default outbound access, silences it', () => {
  const rows: [string, ReturnType<typeof world>][] = [
    ['api-version before 2025-07-01 keeps default outbound access', world({ apiVersion: '2024-05-01' })],
    [
      'NAT gateway on the subnet',
      world({
        subnet: { natGateway: { id: `${NET}/natGateways/nat` } },
        extra: [
          put({
            id: `${NET}/natGateways/nat`,
            location: 'eastus',
            sku: { name: 'StandardV2' },
            properties: {},
          }),
        ],
      }),
    ],
    [
      'instance public IP',
      world({
        ipConfig: { publicIPAddress: { id: `${NET}/publicIPAddresses/pip` } },
        extra: [
          put({
            id: `${NET}/publicIPAddresses/pip`,
            location: 'eastus',
            sku: { name: 'Standard' },
            properties: { publicIPAllocationMethod: 'Static' },
          }),
        ],
      }),
    ],
    [
      'UDR 0.0.0.0/0 to an NVA',
      world({
        subnet: { routeTable: { id: `${NET}/routeTables/rt` } },
        extra: [
          put({
            id: `${NET}/routeTables/rt`,
            location: 'eastus',
            properties: {
              routes: [
                {
                  name: 'default',
                  properties: {
                    addressPrefix: '0.0.0.0/0',
                    nextHopType: 'VirtualAppliance',
                    nextHopIpAddress: '10.0.9.4',
                  },
                },
              ],
            },
          }),
        ],
      }),
    ],
  ];
  for (const [why, w] of rows) assert.deepEqual(codes(w), [], why);
});

test('a load balancer outbound rule on the NIC backend pool counts; a pool without one does not', () => {
  const lb = (outbound: boolean): Change =>
    put({
      id: `${NET}/loadBalancers/lb`,
      location: 'eastus',
      sku: { name: 'Standard' },
      properties: {
        frontendIPConfigurations: [
          { name: 'fe', properties: { publicIPAddress: { id: `${NET}/publicIPAddresses/lbpip` } } },
        ],
        backendAddressPools: [{ name: 'pool', properties: {} }],
        outboundRules: outbound
          ? [
              {
                name: 'out',
                properties: {
                  frontendIPConfigurations: [{ id: `${NET}/loadBalancers/lb/frontendIPConfigurations/fe` }],
                  backendAddressPool: { id: `${NET}/loadBalancers/lb/backendAddressPools/pool` },
                  protocol: 'All',
                },
              },
            ]
          : [],
      },
    });
  const pip = put({
    id: `${NET}/publicIPAddresses/lbpip`,
    location: 'eastus',
    sku: { name: 'Standard' },
    properties: { publicIPAllocationMethod: 'Static' },
  });
  const inPool = {
    loadBalancerBackendAddressPools: [{ id: `${NET}/loadBalancers/lb/backendAddressPools/pool` }],
  };
  assert.deepEqual(codes(world({ ipConfig: inPool, extra: [pip, lb(true)] })), []);
  assert.deepEqual(codes(world({ ipConfig: inPool, extra: [pip, lb(false)] })), [
    ['NoOutboundConnectivity', SUBNET],
  ]);
});
