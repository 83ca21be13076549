import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, EMPTY_WORLD } from '../model/index.ts';
import type { Change, World } from '../model/index.ts';
import { checkExpectations } from './expectations.ts';
import type { Expectation, ExpectationResult } from './expectations.ts';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers';
const NET = `${RG}/Microsoft.Network`;

const rule = (
  name: string,
  priority: number,
  direction: string,
  access: string,
  more: Record<string, unknown>,
) => ({
  name,
  properties: {
    priority,
    direction,
    access,
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    ...more,
  },
});

const nic = (name: string, subnet: string, ip: string) => ({
  id: `${NET}/networkInterfaces/${name}`,
  location: 'eastus',
  properties: {
    ipConfigurations: [
      {
        name: 'ipconfig1',
        properties: {
          primary: true,
          privateIPAllocationMethod: 'Static',
          privateIPAddress: ip,
          subnet: { id: `${NET}/virtualNetworks/vnet1/subnets/${subnet}` },
        },
      },
    ],
  },
});

// vnet1 10.0.0.0/16: subnet app (10.0.2.0/24, NSG nsg-app, route table rt-app) holds nic-a of vm-a; subnet web
// (10.0.1.0/24, NSG nsg-web) holds nic-web.
const changes: Change[] = [
  {
    op: 'put',
    resource: {
      id: `${NET}/networkSecurityGroups/nsg-web`,
      location: 'eastus',
      properties: {
        securityRules: [
          rule('allow-https', 100, 'Inbound', 'Allow', {
            sourceAddressPrefix: 'VirtualNetwork',
            destinationPortRange: '443',
          }),
          rule('deny-ssh', 200, 'Inbound', 'Deny', { destinationPortRange: '22' }),
        ],
      },
    },
  },
  {
    op: 'put',
    resource: {
      id: `${NET}/networkSecurityGroups/nsg-app`,
      location: 'eastus',
      properties: {
        securityRules: [
          rule('allow-to-nva-range', 100, 'Outbound', 'Allow', { destinationAddressPrefix: '10.50.0.0/16' }),
          rule('deny-web-5', 110, 'Outbound', 'Deny', {
            destinationAddressPrefix: '10.0.1.5',
            destinationPortRange: '80',
          }),
        ],
      },
    },
  },
  {
    op: 'put',
    resource: {
      id: `${NET}/routeTables/rt-app`,
      location: 'eastus',
      properties: {
        routes: [
          { name: 'blackhole', properties: { addressPrefix: '10.9.0.0/16', nextHopType: 'None' } },
          {
            name: 'to-nva',
            properties: {
              addressPrefix: '10.50.0.0/16',
              nextHopType: 'VirtualAppliance',
              nextHopIpAddress: '10.0.1.10',
            },
          },
        ],
      },
    },
  },
  {
    op: 'put',
    resource: {
      id: `${NET}/virtualNetworks/vnet1`,
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: 'web',
            properties: {
              addressPrefix: '10.0.1.0/24',
              networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg-web` },
            },
          },
          {
            name: 'app',
            properties: {
              addressPrefix: '10.0.2.0/24',
              networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg-app` },
              routeTable: { id: `${NET}/routeTables/rt-app` },
            },
          },
        ],
      },
    },
  },
  { op: 'put', resource: nic('nic-a', 'app', '10.0.2.4') },
  { op: 'put', resource: nic('nic-web', 'web', '10.0.1.4') },
  {
    op: 'put',
    resource: {
      id: `${RG}/Microsoft.Compute/virtualMachines/vm-a`,
      location: 'eastus',
      properties: {
        networkProfile: {
          networkInterfaces: [{ id: `${NET}/networkInterfaces/nic-a`, properties: { primary: true } }],
        },
      },
    },
  },
];

function world(): World {
  const r = apply(EMPTY_WORLD, changes, { now: '2026-01-01T00:00:00Z' });
  if (!r.ok) assert.fail(JSON.stringify(r.problems, null, 2));
  return r.world;
}

const w = world();
const check1 = (e: Partial<Expectation> & Pick<Expectation, 'from' | 'to' | 'access'>): ExpectationResult =>
  checkExpectations(w, [{ protocol: 'TCP', port: 443, ...e }])[0]!;

test('rows: verdict, deciding rule, next hop and reason', async (t) => {
  const rows: {
    name: string;
    e: Partial<Expectation> & Pick<Expectation, 'from' | 'to' | 'access'>;
    access: 'Allow' | 'Deny';
    rule: string | undefined;
    nextHopType: string;
    nextHopIpAddress?: string;
    reason: RegExp;
  }[] = [
    {
      name: 'VM to NIC by name: allowed at both ends, the inbound allow decides',
      e: {
        from: 'vm-a',
        to: 'nic-web',
        access: 'Allow',
        rule: 'securityRules/allow-https',
        nextHopType: 'VnetLocal',
      },
      access: 'Allow',
      rule: 'securityRules/allow-https',
      nextHopType: 'VnetLocal',
      reason: /^allowed outbound at nic-a and inbound at nic-web$/,
    },
    {
      name: 'denied inbound at the destination NIC',
      e: { from: 'nic-a', to: '10.0.1.4', port: 22, access: 'Deny', rule: 'deny-ssh' },
      access: 'Deny',
      rule: 'securityRules/deny-ssh',
      nextHopType: 'VnetLocal',
      reason: /^denied inbound at nic-web$/,
    },
    {
      name: 'denied outbound at the source before routing',
      e: { from: 'nic-a', to: '10.0.1.5', port: 80, access: 'Deny', rule: 'securityRules/deny-web-5' },
      access: 'Deny',
      rule: 'securityRules/deny-web-5',
      nextHopType: 'VnetLocal',
      reason: /^denied outbound at nic-a$/,
    },
    {
      name: 'a None route null-routes the flow',
      e: { from: 'nic-a', to: '10.9.1.1', access: 'Deny', nextHopType: 'None' },
      access: 'Deny',
      rule: undefined,
      nextHopType: 'None',
      reason: /^NullRouted$/,
    },
    {
      name: 'a VirtualAppliance hop is reported, not followed',
      e: {
        from: 'nic-a',
        to: '10.50.0.1',
        access: 'Allow',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.1.10',
      },
      access: 'Allow',
      rule: 'securityRules/allow-to-nva-range',
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: '10.0.1.10',
      reason: /not a NIC of the topology.*VirtualAppliance hop to 10\.0\.1\.10 is not followed/,
    },
    {
      name: 'a destination outside the topology: only the source outbound rules',
      e: {
        from: 'nic-a',
        to: '8.8.8.8',
        access: 'Allow',
        nextHopType: 'Internet',
        rule: 'AllowInternetOutBound',
      },
      access: 'Allow',
      rule: 'defaultSecurityRules/AllowInternetOutBound',
      nextHopType: 'Internet',
      reason: /^allowed outbound at nic-a; 8\.8\.8\.8 is not a NIC of the topology/,
    },
  ];
  for (const row of rows) {
    await t.test(row.name, () => {
      const r = check1(row.e);
      assert.deepEqual(r.failures, []);
      assert.equal(r.passed, true);
      assert.equal(r.actual.access, row.access);
      assert.equal(r.actual.rule, row.rule);
      assert.equal(r.actual.nextHopType, row.nextHopType);
      assert.equal(r.actual.nextHopIpAddress, row.nextHopIpAddress);
      assert.match(r.actual.reason, row.reason);
    });
  }
});

test('every mismatch is listed as a failure', () => {
  const r = check1({
    from: 'nic-a',
    to: 'nic-web',
    access: 'Deny',
    nextHopType: 'Internet',
    nextHopIpAddress: '10.0.0.1',
    rule: 'securityRules/deny-ssh',
  });
  assert.equal(r.passed, false);
  assert.deepEqual(r.failures, [
    'access: expected Deny, got Allow (allowed outbound at nic-a and inbound at nic-web)',
    'nextHopType: expected Internet, got VnetLocal',
    'nextHopIpAddress: expected 10.0.0.1, got none',
    'rule: expected securityRules/deny-ssh, got securityRules/allow-https',
  ]);
});

test('an unknown source or destination fails without a verdict', () => {
  const unknown = check1({ from: 'nic-zz', to: '10.0.1.4', access: 'Allow' });
  assert.equal(unknown.passed, false);
  assert.match(unknown.actual.reason, /^NotEvaluated: /);
  assert.match(unknown.failures[0]!, /nic-zz/);
  const bad = check1({ from: 'nic-a', to: 'not-a-host', access: 'Allow' });
  assert.equal(bad.passed, false);
  assert.deepEqual(bad.failures, [
    "destination 'not-a-host' is neither an IP address nor a NIC or VM of the topology",
  ]);
});

test('results come back in the order of the expectations', () => {
  const results = checkExpectations(w, [
    { from: 'nic-a', to: '10.9.0.1', protocol: 'UDP', port: 53, access: 'Deny' },
    { from: 'nic-a', to: 'nic-web', protocol: 'ICMP', access: 'Allow' },
  ]);
  assert.deepEqual(
    results.map((r) => [r.expectation.protocol, r.actual.reason === 'NullRouted']),
    [
      ['UDP', true],
      ['ICMP', false],
    ],
  );
});
