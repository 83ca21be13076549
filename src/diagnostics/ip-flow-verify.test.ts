// IP flow verify (azure-semantics.md §10.1): access and ruleName in Network Watcher's form, NIC selection, and
// the request checks Azure makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminConfiguration,
  build,
  commit,
  id,
  networkGroup,
  networkManager,
  nic,
  nsg,
  put,
  subnet,
  vnet,
} from '../model/fixtures.ts';
import { ipFlowVerify } from './ip-flow-verify.ts';
import type { IpFlowVerifyParameters } from './ip-flow-verify.ts';

const world = build([
  nsg('nsg-web', [
    {
      name: 'deny-ssh',
      priority: 200,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationPorts: '22',
    },
    {
      name: 'allow-https',
      priority: 300,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      destinationPorts: '443',
    },
  ]),
  vnet('vnet1', ['10.1.0.0/16'], { web: subnet('10.1.1.0/24', { nsg: 'nsg-web' }), app: '10.1.2.0/24' }),
  vnet('vnet2', ['10.2.0.0/16'], { default: '10.2.0.0/24' }),
  nic('web1', id.subnet('vnet1', 'web'), '10.1.1.4'),
  nic('web1-second', id.subnet('vnet1', 'app'), '10.1.2.4'),
  nic('lonely', id.subnet('vnet2', 'default'), '10.2.0.4'),
  put({
    id: id.vm('vm1'),
    location: 'eastus',
    properties: {
      networkProfile: {
        networkInterfaces: [
          { id: id.nic('web1'), properties: { primary: true } },
          { id: id.nic('web1-second'), properties: { primary: false } },
        ],
      },
    },
  }),
  networkManager(),
  ...networkGroup('g', ['vnet1']),
  ...adminConfiguration('baseline', 'g', [
    {
      name: 'deny-rdp',
      priority: 10,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationPortRanges: ['3389'],
    },
  ]),
  commit('SecurityAdmin', [id.adminConfig('baseline')]),
]);

const inbound = (over: Partial<IpFlowVerifyParameters>): IpFlowVerifyParameters => ({
  targetResourceId: id.vm('vm1'),
  direction: 'Inbound',
  protocol: 'TCP',
  localIPAddress: '10.1.1.4',
  localPort: '443',
  remoteIPAddress: '203.0.113.9',
  remotePort: '50000',
  ...over,
});

const rows: {
  what: string;
  p: IpFlowVerifyParameters;
  access: 'Allow' | 'Deny';
  ruleName: string | undefined;
}[] = [
  { what: 'user rule allows', p: inbound({}), access: 'Allow', ruleName: 'securityRules/allow-https' },
  {
    what: 'user rule denies',
    p: inbound({ localPort: '22' }),
    access: 'Deny',
    ruleName: 'securityRules/deny-ssh',
  },
  {
    what: 'default rule denies',
    p: inbound({ localPort: '8080' }),
    access: 'Deny',
    ruleName: 'defaultSecurityRules/DenyAllInBound',
  },
  {
    what: 'default rule allows outbound to the internet',
    p: inbound({ direction: 'Outbound', localPort: '50000', remotePort: '443', remoteIPAddress: '8.8.8.8' }),
    access: 'Allow',
    ruleName: 'defaultSecurityRules/AllowInternetOutBound',
  },
  {
    what: 'admin rule denies (path form)',
    p: inbound({ localPort: '3389' }),
    access: 'Deny',
    ruleName: 'securityAdminConfigurations/baseline/ruleCollections/rc1/rules/deny-rdp',
  },
  {
    what: "the VM's second NIC is chosen by its local IP; no NSG there, ruleName omitted",
    p: inbound({ localIPAddress: '10.1.2.4', localPort: '8080' }),
    access: 'Allow',
    ruleName: undefined,
  },
  {
    what: 'targetNicResourceId names the NIC directly',
    p: inbound({ targetNicResourceId: id.nic('web1'), localPort: '22' }),
    access: 'Deny',
    ruleName: 'securityRules/deny-ssh',
  },
  {
    what: 'a NIC ID as target, protocol and direction in other casing',
    p: inbound({
      targetResourceId: id.nic('web1'),
      protocol: 'tcp' as 'TCP',
      direction: 'inbound' as 'Inbound',
    }),
    access: 'Allow',
    ruleName: 'securityRules/allow-https',
  },
  {
    what: 'ICMP (vnetlab extension) ignores ports',
    p: inbound({ protocol: 'ICMP', localPort: '22' }),
    access: 'Deny',
    ruleName: 'defaultSecurityRules/DenyAllInBound',
  },
  {
    what: "remote port '*' is accepted",
    p: inbound({ remotePort: '*' }),
    access: 'Allow',
    ruleName: 'securityRules/allow-https',
  },
];

for (const r of rows) {
  test(`ipFlowVerify: ${r.what}`, () => {
    const res = ipFlowVerify(world, r.p);
    assert.ok(res.ok, res.ok ? '' : res.reason);
    assert.equal(res.value.access, r.access);
    assert.equal(res.value.ruleName, r.ruleName);
    assert.equal('ruleName' in res.value, r.ruleName !== undefined);
    assert.equal(res.value.verdict.access, r.access);
  });
}

const errors: { what: string; p: IpFlowVerifyParameters; reason: RegExp }[] = [
  {
    what: 'local IP not on the NIC',
    p: inbound({ localIPAddress: '10.1.1.99' }),
    reason: /10\.1\.1\.99 is not an IP address of network interface 'web1'/,
  },
  {
    what: 'local IP of another NIC',
    p: inbound({ targetNicResourceId: id.nic('lonely') }),
    reason: /not an IP address of network interface 'lonely'/,
  },
  { what: 'port out of range', p: inbound({ localPort: '70000' }), reason: /localPort '70000' is not valid/ },
  {
    what: 'port range not allowed',
    p: inbound({ remotePort: '80-90' }),
    reason: /remotePort '80-90' is not valid/,
  },
  { what: 'bad protocol', p: inbound({ protocol: 'GRE' as 'TCP' }), reason: /protocol 'GRE' is not valid/ },
  {
    what: 'bad direction',
    p: inbound({ direction: 'Sideways' as 'Inbound' }),
    reason: /direction 'Sideways' is not valid/,
  },
  { what: 'bad remote IP', p: inbound({ remoteIPAddress: '300.1.1.1' }), reason: /remoteIPAddress/ },
  {
    what: 'unknown target',
    p: inbound({ targetResourceId: id.vm('nope') }),
    reason: /no network interface or virtual machine/,
  },
];
for (const e of errors) {
  test(`ipFlowVerify refuses: ${e.what}`, () => {
    const res = ipFlowVerify(world, e.p);
    assert.equal(res.ok, false);
    if (!res.ok) assert.match(res.reason, e.reason);
  });
}
