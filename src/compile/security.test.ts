// Table-driven tests of NSG evaluation: each row asserts the verdict and the deciding rule (name, kind, owner,
// stage). Scenarios follow azure-semantics.md §2.2-§2.5 and §9.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFlow, securityOfNic } from './security.ts';
import type { SecurityOptions } from './security.ts';
import { asg, build, id, nic, nsg, peering, put, subnet, vnet } from '../model/fixtures.ts';
import { flowOf } from './security-test-helpers.ts';

// vnet1 10.1.0.0/16: web (NSG nsg-web) holds web1 (NIC NSG nsg-nic1, ASG asg-db) and web2; app (no NSG) holds app1
// (ASG asg-admin). vnet2 is peered both ways; vnet3 is peered but vnet1's side blocks VirtualNetwork access.
const world = build([
  asg('asg-admin'),
  asg('asg-db'),
  nsg('nsg-web', [
    {
      name: 'allow-https',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: 'Internet',
      destinationPorts: '443',
    },
    {
      name: 'allow-admin-ssh',
      priority: 120,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAsgs: ['asg-admin'],
      destinationPorts: '22',
    },
    {
      name: 'deny-db',
      priority: 130,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationAsgs: ['asg-db'],
      destinationPorts: '1433',
    },
    { name: 'deny-esp', priority: 140, direction: 'Inbound', access: 'Deny', protocol: 'Esp' },
    {
      name: 'allow-augmented',
      priority: 150,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: ['192.0.2.0/24', '198.51.100.7'],
      destinationPorts: ['8080', '9000-9100'],
    },
    { name: 'allow-icmp', priority: 160, direction: 'Inbound', access: 'Allow', protocol: 'Icmp' },
    {
      name: 'allow-azurecloud',
      priority: 180,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: 'AzureCloud',
      destinationPorts: '8443',
    },
    {
      name: 'deny-ssh',
      priority: 200,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      destinationPorts: '22',
    },
    {
      name: 'deny-google-dns',
      priority: 100,
      direction: 'Outbound',
      access: 'Deny',
      protocol: 'Udp',
      destination: '8.8.8.8',
      destinationPorts: '53',
    },
    {
      name: 'deny-platform-dns',
      priority: 110,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      destination: 'AzurePlatformDNS',
    },
  ]),
  nsg('nsg-nic1', [
    {
      name: 'nic-deny-vnet2-https',
      priority: 100,
      direction: 'Inbound',
      access: 'Deny',
      protocol: 'Tcp',
      source: '10.2.0.0/16',
      destinationPorts: '443',
    },
    {
      name: 'nic-allow-https',
      priority: 200,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      destinationPorts: '443',
    },
    {
      name: 'nic-deny-lb',
      priority: 300,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      source: 'AzureLoadBalancer',
    },
    {
      name: 'nic-allow-out-https',
      priority: 100,
      direction: 'Outbound',
      access: 'Allow',
      protocol: 'Tcp',
      destination: 'Internet',
      destinationPorts: '443',
    },
    {
      name: 'nic-deny-internet',
      priority: 200,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      destination: 'Internet',
    },
  ]),
  vnet(
    'vnet1',
    ['10.1.0.0/16'],
    { web: subnet('10.1.1.0/24', { nsg: 'nsg-web' }), app: '10.1.2.0/24' },
    {
      virtualNetworkPeerings: [
        peering('vnet1', 'vnet2'),
        peering('vnet1', 'vnet3', { allowVirtualNetworkAccess: false }),
      ],
    },
  ),
  vnet(
    'vnet2',
    ['10.2.0.0/16'],
    { default: '10.2.0.0/24' },
    { virtualNetworkPeerings: [peering('vnet2', 'vnet1')] },
  ),
  vnet(
    'vnet3',
    ['10.3.0.0/16'],
    { default: '10.3.0.0/24' },
    { virtualNetworkPeerings: [peering('vnet3', 'vnet1')] },
  ),
  nic('web1', id.subnet('vnet1', 'web'), '10.1.1.4', { nsg: 'nsg-nic1', asgs: ['asg-db'] }),
  nic('web2', id.subnet('vnet1', 'web'), '10.1.1.5'),
  nic('app1', id.subnet('vnet1', 'app'), '10.1.2.4', { asgs: ['asg-admin'] }),
  put({
    id: id.vm('vm-web1'),
    location: 'eastus',
    properties: { networkProfile: { networkInterfaces: [{ id: id.nic('web1') }] } },
  }),
]);

const ADDR: Record<string, string> = { web1: '10.1.1.4', web2: '10.1.1.5', app1: '10.1.2.4' };

interface Row {
  what: string;
  at: string;
  dir: 'Inbound' | 'Outbound';
  proto: 'TCP' | 'UDP' | 'ICMP';
  remote: string;
  localPort?: number;
  remotePort?: number;
  access: 'Allow' | 'Deny';
  rule?: string;
  kind?: 'user' | 'default' | 'admin';
  owner?: string;
  stage: string;
  options?: SecurityOptions;
}

const IN = 'Inbound' as const;
const OUT = 'Outbound' as const;
const rows: Row[] = [
  // Inbound: subnet NSG then NIC NSG; both must allow; the innermost allowing rule is reported.
  {
    what: 'internet https to web1: subnet allows, NIC allows',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '203.0.113.9',
    remotePort: 50000,
    localPort: 443,
    access: 'Allow',
    rule: 'nic-allow-https',
    kind: 'user',
    owner: 'nsg-nic1',
    stage: 'nic-nsg',
  },
  {
    what: 'internet https to web2: subnet NSG only',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '203.0.113.9',
    remotePort: 50000,
    localPort: 443,
    access: 'Allow',
    rule: 'allow-https',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'ssh from a non-member of asg-admin',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '10.1.2.5',
    remotePort: 50000,
    localPort: 22,
    access: 'Deny',
    rule: 'deny-ssh',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'ssh from an asg-admin member (source ASG)',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '10.1.2.4',
    remotePort: 50000,
    localPort: 22,
    access: 'Allow',
    rule: 'allow-admin-ssh',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'sql to an asg-db member (destination ASG)',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '10.1.2.4',
    remotePort: 50000,
    localPort: 1433,
    access: 'Deny',
    rule: 'deny-db',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'sql to a non-member of asg-db falls to the VNet default',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '10.1.2.4',
    remotePort: 50000,
    localPort: 1433,
    access: 'Allow',
    rule: 'AllowVnetInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'peered vnet2 allowed by the subnet default, denied by the NIC NSG',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '10.2.0.4',
    remotePort: 50000,
    localPort: 443,
    access: 'Deny',
    rule: 'nic-deny-vnet2-https',
    kind: 'user',
    owner: 'nsg-nic1',
    stage: 'nic-nsg',
  },
  {
    what: 'peered vnet2 is in the VirtualNetwork tag',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '10.2.0.4',
    remotePort: 50000,
    localPort: 80,
    access: 'Allow',
    rule: 'AllowVnetInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'vnet3 (allowVirtualNetworkAccess=false) is not in the tag',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '10.3.0.4',
    remotePort: 50000,
    localPort: 80,
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'augmented rule: prefix list and port list (range)',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '192.0.2.10',
    remotePort: 50000,
    localPort: 9050,
    access: 'Allow',
    rule: 'allow-augmented',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'augmented rule: single address and single port',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '198.51.100.7',
    remotePort: 50000,
    localPort: 8080,
    access: 'Allow',
    rule: 'allow-augmented',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'augmented rule: address outside the list',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '198.51.100.8',
    remotePort: 50000,
    localPort: 8080,
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'augmented rule: port outside the list',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '192.0.2.10',
    remotePort: 50000,
    localPort: 9101,
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'ICMP rule (ports ignored; the ESP rule before it never matches)',
    at: 'web2',
    dir: IN,
    proto: 'ICMP',
    remote: '203.0.113.9',
    access: 'Allow',
    rule: 'allow-icmp',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'UDP does not match a Tcp rule',
    at: 'web2',
    dir: IN,
    proto: 'UDP',
    remote: '203.0.113.9',
    remotePort: 50000,
    localPort: 443,
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'a rule on a service tag without IP data matches nothing',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '20.50.0.1',
    remotePort: 50000,
    localPort: 8443,
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: "a '*' flow port matches only rules covering every port",
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '203.0.113.9',
    access: 'Deny',
    rule: 'DenyAllInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'LB probe: the VirtualNetwork tag holds 168.63.129.16, so AllowVnetInBound admits it first',
    at: 'web2',
    dir: IN,
    proto: 'TCP',
    remote: '168.63.129.16',
    remotePort: 50000,
    localPort: 80,
    access: 'Allow',
    rule: 'AllowVnetInBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'LB probe denied by a NIC rule on AzureLoadBalancer',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '168.63.129.16',
    remotePort: 50000,
    localPort: 80,
    access: 'Deny',
    rule: 'nic-deny-lb',
    kind: 'user',
    owner: 'nsg-nic1',
    stage: 'nic-nsg',
  },
  {
    what: "LB probe with platformInbound 'bypass'",
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '168.63.129.16',
    remotePort: 50000,
    localPort: 80,
    access: 'Allow',
    stage: 'platform',
    options: { platformInbound: 'bypass' },
  },
  {
    what: 'no NSG at either level',
    at: 'app1',
    dir: IN,
    proto: 'TCP',
    remote: '203.0.113.9',
    remotePort: 50000,
    localPort: 22,
    access: 'Allow',
    stage: 'no-nsg',
  },
  // Outbound: NIC NSG then subnet NSG.
  {
    what: 'outbound UDP 53 to 8.8.8.8 denied by the subnet',
    at: 'web2',
    dir: OUT,
    proto: 'UDP',
    remote: '8.8.8.8',
    localPort: 50000,
    remotePort: 53,
    access: 'Deny',
    rule: 'deny-google-dns',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'outbound https to the internet: default rule',
    at: 'web2',
    dir: OUT,
    proto: 'TCP',
    remote: '8.8.8.8',
    localPort: 50000,
    remotePort: 443,
    access: 'Allow',
    rule: 'AllowInternetOutBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'outbound http denied first by the NIC NSG',
    at: 'web1',
    dir: OUT,
    proto: 'TCP',
    remote: '8.8.8.8',
    localPort: 50000,
    remotePort: 80,
    access: 'Deny',
    rule: 'nic-deny-internet',
    kind: 'user',
    owner: 'nsg-nic1',
    stage: 'nic-nsg',
  },
  {
    what: 'outbound https: NIC allows, then the subnet default allows',
    at: 'web1',
    dir: OUT,
    proto: 'TCP',
    remote: '8.8.8.8',
    localPort: 50000,
    remotePort: 443,
    access: 'Allow',
    rule: 'AllowInternetOutBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'intra-subnet outbound: AllowVnetOutBound',
    at: 'web2',
    dir: OUT,
    proto: 'TCP',
    remote: '10.1.1.4',
    localPort: 50000,
    remotePort: 22,
    access: 'Allow',
    rule: 'AllowVnetOutBound',
    kind: 'default',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'intra-subnet inbound: the subnet NSG applies too',
    at: 'web1',
    dir: IN,
    proto: 'TCP',
    remote: '10.1.1.5',
    remotePort: 50000,
    localPort: 22,
    access: 'Deny',
    rule: 'deny-ssh',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  // Platform traffic (§2.3, §9.2).
  {
    what: 'DNS to the wire server denied by an AzurePlatformDNS rule',
    at: 'web2',
    dir: OUT,
    proto: 'UDP',
    remote: '168.63.129.16',
    localPort: 50000,
    remotePort: 53,
    access: 'Deny',
    rule: 'deny-platform-dns',
    kind: 'user',
    owner: 'nsg-web',
    stage: 'subnet-nsg',
  },
  {
    what: 'wire server port 80 is platform traffic',
    at: 'web2',
    dir: OUT,
    proto: 'TCP',
    remote: '168.63.129.16',
    localPort: 50000,
    remotePort: 80,
    access: 'Allow',
    stage: 'platform',
  },
  {
    what: 'IMDS is platform traffic, even past a NIC deny-internet rule',
    at: 'web1',
    dir: OUT,
    proto: 'TCP',
    remote: '169.254.169.254',
    localPort: 50000,
    remotePort: 80,
    access: 'Allow',
    stage: 'platform',
  },
];

for (const r of rows) {
  test(`security: ${r.what}`, () => {
    const v = evaluateFlow(world, id.nic(r.at), flowOf(r, ADDR[r.at]!), r.options);
    assert.equal(v.access, r.access, v.reason);
    assert.equal(v.stage, r.stage, v.reason);
    if (r.rule === undefined) {
      assert.equal(v.rule, undefined);
    } else {
      assert.equal(v.rule?.name, r.rule);
      assert.equal(v.rule?.kind, r.kind);
      assert.equal(v.rule?.ownerId, id.nsg(r.owner!));
    }
  });
}

test('security: the six default rules exist with their priorities and IDs', () => {
  const sec = securityOfNic(world, id.nic('web2'));
  const defaults = sec.subnetNsg!.rules.filter((r) => r.kind === 'default');
  assert.deepEqual(defaults.map((r) => `${r.direction} ${r.priority} ${r.name} ${r.access}`).sort(), [
    'Inbound 65000 AllowVnetInBound Allow',
    'Inbound 65001 AllowAzureLoadBalancerInBound Allow',
    'Inbound 65500 DenyAllInBound Deny',
    'Outbound 65000 AllowVnetOutBound Allow',
    'Outbound 65001 AllowInternetOutBound Allow',
    'Outbound 65500 DenyAllOutBound Deny',
  ]);
  assert.equal(defaults[0]!.id, `${id.nsg('nsg-web')}/defaultSecurityRules/${defaults[0]!.name}`);
  const priorities = sec.subnetNsg!.rules.map((r) => r.priority);
  assert.deepEqual(
    priorities,
    [...priorities].sort((a, b) => a - b),
  );
});

test('security: an unknown service tag warns (approximated) and the NIC has no NSG-less levels', () => {
  const sec = securityOfNic(world, id.nic('web2'));
  const w = sec.warnings.find((x) => x.code === 'ServiceTagNotExpanded');
  assert.equal(w?.kind, 'approximated');
  assert.equal(w?.target, `${id.nsg('nsg-web')}/securityRules/allow-azurecloud`);
  assert.equal(sec.nicNsg, undefined);
  assert.equal(sec.admin, undefined);
});

test('security: deny at the subnet level stops evaluation before the NIC NSG (evaluated trace)', () => {
  const v = evaluateFlow(
    world,
    id.nic('web1'),
    flowOf({ dir: IN, proto: 'TCP', remote: '10.1.2.5', remotePort: 1, localPort: 22 }, '10.1.1.4'),
  );
  assert.deepEqual(
    v.evaluated.map((e) => [e.stage, e.access, e.rule?.name]),
    [['subnet-nsg', 'Deny', 'deny-ssh']],
  );
  const allowed = evaluateFlow(
    world,
    id.nic('web1'),
    flowOf({ dir: IN, proto: 'TCP', remote: '203.0.113.9', remotePort: 1, localPort: 443 }, '10.1.1.4'),
  );
  assert.deepEqual(
    allowed.evaluated.map((e) => [e.stage, e.access, e.rule?.name]),
    [
      ['subnet-nsg', 'Allow', 'allow-https'],
      ['nic-nsg', 'Allow', 'nic-allow-https'],
    ],
  );
});

test('security: compiled rules are memoised per world', () => {
  assert.equal(securityOfNic(world, id.nic('web1')), securityOfNic(world, id.nic('web1')));
  assert.notEqual(
    securityOfNic(world, id.nic('web1')),
    securityOfNic(world, id.nic('web1'), { udrPrefixesInVirtualNetworkTag: 'all' }),
  );
});
