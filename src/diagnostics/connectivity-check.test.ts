// Connection troubleshoot (azure-semantics.md §10.4; networkWatcher.json ConnectivityInformation and the docs'
// examples): hop types, addresses and chaining, issues naming the rule or route, status and probes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectivityCheck } from './connectivity-check.ts';
import type { ConnectivityInformation } from './connectivity-check.ts';
import type { Disposition, Hop, Step, Trace } from '../dataplane/types.ts';

const RG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';
const NIC1 = `${RG}/networkInterfaces/vm1-nic`;
const FW = `${RG}/networkInterfaces/fw-nic`;
const NIC2 = `${RG}/networkInterfaces/db-nic`;
const NSG = `${RG}/networkSecurityGroups/nsg-db`;
const RT = `${RG}/routeTables/rt-spoke`;
const VM1 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
const SYN = '10.1.1.4.49152 > 10.1.4.4.80: TCP [S] seq 1000 len 0';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const allowed = (rule: string, ruleKind = 'default'): Step => ({
  type: 'Security',
  action: 'Allowed',
  detail: `allowed by ${rule}`,
  data: { rule, ruleKind, nsg: NSG },
});
const route = (
  prefix: string,
  nextHopType: string,
  more: Record<string, string> = {},
  resource?: string,
): Step => ({
  type: 'Route',
  action: 'Matched',
  detail: `${prefix} → ${nextHopType}`,
  ...(resource ? { resource: { id: resource, name: resource.split('/').pop() ?? '' } } : {}),
  data: { prefix, nextHopType, ...more },
});
const hop = (
  node: string,
  nodeId: string,
  direction: Hop['direction'],
  steps: Step[],
  packet = SYN,
): Hop => ({ node, nodeId, direction, packet, steps });
const trace = (hops: Hop[], disposition: Disposition, reason: string = disposition): Trace => ({
  packet: SYN,
  hops,
  disposition,
  reason,
  cached: false,
});
const check = (t: Trace, destinationAddress = '10.1.4.4'): ConnectivityInformation =>
  connectivityCheck(t, { sourceId: VM1, destinationAddress, destinationPort: 80 });

/** The hops without their generated IDs, and whether the IDs chain. */
function shape(info: ConnectivityInformation) {
  info.hops.forEach((h, i) => {
    assert.match(h.id, GUID);
    assert.deepEqual(h.nextHopIds, i + 1 < info.hops.length ? [info.hops[i + 1]?.id] : []);
  });
  assert.equal(new Set(info.hops.map((h) => h.id)).size, info.hops.length);
  return info.hops.map(({ type, address, resourceId, issues }) => ({ type, address, resourceId, issues }));
}

test('Delivered through an NVA: Source, VirtualAppliance, VnetLocal; Reachable', () => {
  const info = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [
          allowed('AllowVnetOutBound'),
          route('10.1.4.0/24', 'VirtualAppliance', { nextHopIpAddress: '10.1.2.4', routeName: 'to-fw' }, RT),
        ]),
        hop('fw-nic', FW, 'Inbound', [
          allowed('AllowVnetInBound'),
          { type: 'Guest', action: 'Forwarded', detail: 'forwarded' },
        ]),
        hop('fw-nic', FW, 'Outbound', [allowed('AllowVnetOutBound'), route('10.1.0.0/16', 'VnetLocal')]),
        hop('db-nic', NIC2, 'Inbound', [
          allowed('AllowVnetInBound'),
          {
            type: 'Delivery',
            action: 'Delivered',
            detail: 'delivered',
            resource: { id: NIC2, name: 'db-nic' },
          },
        ]),
      ],
      'Delivered',
    ),
  );
  assert.deepEqual(shape(info), [
    { type: 'Source', address: '10.1.1.4', resourceId: NIC1, issues: [] },
    { type: 'VirtualAppliance', address: '10.1.2.4', resourceId: FW, issues: [] },
    { type: 'VnetLocal', address: '10.1.4.4', resourceId: NIC2, issues: [] },
  ]);
  assert.deepEqual(
    { ...info, hops: [] },
    {
      hops: [],
      connectionStatus: 'Reachable',
      avgLatencyInMs: 0,
      minLatencyInMs: 0,
      maxLatencyInMs: 0,
      probesSent: 1,
      probesFailed: 0,
    },
  );
  // Same trace, same question: same IDs.
  assert.deepEqual(
    check(trace([hop('vm1-nic', NIC1, 'Outbound', [])], 'Delivered')).hops[0]?.id,
    info.hops[0]?.id,
  );
});

test('DeniedIn by a user rule: the issue names UserRule_<name> on the hop that denied it', () => {
  const info = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [allowed('AllowVnetOutBound'), route('10.1.0.0/16', 'VnetLocal')]),
        hop('db-nic', NIC2, 'Inbound', [
          {
            type: 'Security',
            action: 'Denied',
            detail: 'denied by nsg-db/deny-http',
            resource: { id: `${NSG}/securityRules/deny-http`, name: 'deny-http' },
            data: { rule: 'deny-http', ruleKind: 'user', nsg: NSG },
          },
        ]),
      ],
      'DeniedIn',
      'DeniedIn by nsg-db/UserRule_deny-http',
    ),
  );
  assert.deepEqual(shape(info), [
    { type: 'Source', address: '10.1.1.4', resourceId: NIC1, issues: [] },
    {
      type: 'VnetLocal',
      address: '10.1.4.4',
      resourceId: NIC2,
      issues: [
        {
          origin: 'Inbound',
          severity: 'Error',
          type: 'NetworkSecurityRule',
          context: [{ key: 'RuleName', value: 'UserRule_deny-http' }],
        },
      ],
    },
  ]);
  assert.equal(info.connectionStatus, 'Unreachable');
  assert.equal(info.probesSent, 1);
  assert.equal(info.probesFailed, 1);
  assert.ok(!('avgLatencyInMs' in info), 'no latency when unreachable');
});

test("NullRouted by a UDR: a UserDefinedRoute issue on the source, then an Unknown destination (the docs' example)", () => {
  const info = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [
          allowed('AllowInternetOutBound'),
          route('0.0.0.0/0', 'None', { routeName: 'blackhole' }, RT),
        ]),
      ],
      'NullRouted',
    ),
    '13.107.21.200',
  );
  assert.deepEqual(shape(info), [
    {
      type: 'Source',
      address: '10.1.1.4',
      resourceId: NIC1,
      issues: [
        {
          origin: 'Outbound',
          severity: 'Error',
          type: 'UserDefinedRoute',
          context: [{ key: 'RouteType', value: 'User' }],
        },
      ],
    },
    { type: 'Destination', address: '13.107.21.200', resourceId: 'Unknown', issues: [] },
  ]);
  assert.equal(info.connectionStatus, 'Unreachable');
});

test('DeniedOut by a default rule, and the internet as an exit', () => {
  const denied = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [
          {
            type: 'Security',
            action: 'Denied',
            detail: 'd',
            data: { rule: 'DenyAllOutBound', ruleKind: 'default', nsg: NSG },
          },
        ]),
      ],
      'DeniedOut',
    ),
  );
  assert.deepEqual(
    shape(denied).map((h) => [h.type, h.issues.map((i) => [i.origin, i.type, i.context[0]?.['value']])]),
    [
      ['Source', [['Outbound', 'NetworkSecurityRule', 'DefaultRule_DenyAllOutBound']]],
      ['Destination', []],
    ],
  );

  const out = '20.1.1.1.1024 > 13.107.21.200.80: TCP [S] seq 1000 len 0';
  const internet = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [allowed('AllowInternetOutBound'), route('0.0.0.0/0', 'Internet')]),
        hop(
          'Internet',
          'Internet',
          'External',
          [{ type: 'Delivery', action: 'Delivered', detail: 'left Azure' }],
          out,
        ),
      ],
      'DeliveredToInternet',
    ),
    '13.107.21.200',
  );
  assert.deepEqual(shape(internet), [
    { type: 'Source', address: '10.1.1.4', resourceId: NIC1, issues: [] },
    { type: 'Internet', address: '13.107.21.200', resourceId: 'Internet', issues: [] },
  ]);
  assert.equal(internet.connectionStatus, 'Reachable');
});

test('drops inside an NVA are a guest issue; other drops are Platform issues naming the disposition', () => {
  const toFw = route(
    '10.1.4.0/24',
    'VirtualAppliance',
    { nextHopIpAddress: '10.1.2.4', routeName: 'to-fw' },
    RT,
  );
  const info = check(
    trace(
      [
        hop('vm1-nic', NIC1, 'Outbound', [toFw]),
        hop('fw-nic', FW, 'Inbound', [{ type: 'Guest', action: 'Dropped', detail: 'ip_forward is off' }]),
      ],
      'GuestDropped',
      'GuestDropped by fw: forwarding disabled',
    ),
  );
  assert.deepEqual(
    shape(info).map((h) => [h.type, h.issues.map((i) => [i.origin, i.type])]),
    [
      ['Source', []],
      ['VirtualAppliance', [['Local', 'GuestFirewall']]],
      ['Destination', []],
    ],
  );
  const egress = check(
    trace(
      [hop('vm1-nic', NIC1, 'Outbound', [route('0.0.0.0/0', 'Internet')])],
      'NoEgress',
      'no outbound method',
    ),
    '8.8.8.8',
  );
  assert.deepEqual(egress.hops[0]?.issues, [
    {
      origin: 'Outbound',
      severity: 'Error',
      type: 'Platform',
      context: [
        { key: 'Disposition', value: 'NoEgress' },
        { key: 'Reason', value: 'no outbound method' },
      ],
    },
  ]);
});

test('a trace that never left the source: the issue sits on a Source hop named after sourceId', () => {
  const info = check(trace([], 'Malformed', 'the bytes did not parse'));
  assert.deepEqual(
    shape(info).map((h) => [h.type, h.resourceId, h.issues.map((i) => i.type)]),
    [
      ['Source', VM1, ['Platform']],
      ['Destination', 'Unknown', []],
    ],
  );
});
