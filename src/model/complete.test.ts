// Completion: what ARM fills in on a PUT (azure-semantics §2.2, §4.2, §5.1, §9.1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import { EMPTY_WORLD, findResource, getResource } from './world.ts';
import { linksOf } from './links.ts';
import { keyOf } from './ids.ts';
import {
  applyOk,
  baseWorld,
  del,
  id,
  NET,
  nic,
  nsg,
  peering,
  privateEndpoint,
  problemsOf,
  put,
  vnet,
} from './fixtures.ts';
import type { World } from './world.ts';
import type {
  NetworkInterface,
  NetworkSecurityGroup,
  PrivateEndpoint,
  Resource,
  Subnet,
  VirtualNetwork,
} from './types.ts';

// world.ts types its look-ups with Record-shaped properties; ARM's interfaces need a cast.
const get = <R>(w: World, id: string) => getResource(w, id) as unknown as R | undefined;
const find = <R>(w: World, id: string) => findResource(w, id) as unknown as R | undefined;

const ipOf = (world: ReturnType<typeof baseWorld>, name: string) =>
  get<Resource>(world, id.nic(name))?.properties
    .ipConfigurations as NetworkInterface['properties']['ipConfigurations'];

describe('stamps', () => {
  it('provisioningState, resourceGuid and etag are deterministic and reach inline children', () => {
    const a = baseWorld();
    const b = baseWorld();
    const va = get<VirtualNetwork>(a, id.vnet('v1'))!;
    const vb = get<VirtualNetwork>(b, id.vnet('v1'))!;
    assert.equal(va.properties.provisioningState, 'Succeeded');
    assert.match(va.etag!, /^W\/"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
    assert.equal(va.etag, vb.etag);
    assert.equal(va.properties.resourceGuid, vb.properties.resourceGuid);
    const subnet = va.properties.subnets![0]!;
    assert.equal(subnet.properties.provisioningState, 'Succeeded');
    assert.equal(subnet.etag, va.etag);
  });
  it('the etag changes when the content changes; the resourceGuid does not', () => {
    const w = baseWorld();
    const before = get<VirtualNetwork>(w, id.vnet('v1'))!;
    const next = applyOk(w, [
      vnet('v1', ['10.0.0.0/16'], {
        a: '10.0.1.0/24',
        b: '10.0.2.0/24',
        GatewaySubnet: '10.0.255.0/27',
        c: '10.0.3.0/24',
      }),
    ]).world;
    const after = get<VirtualNetwork>(next, id.vnet('v1'))!;
    assert.notEqual(after.etag, before.etag);
    assert.equal(after.properties.resourceGuid, before.properties.resourceGuid);
  });
  it('read-only back-references a client sent are dropped (links.ts derives them)', () => {
    const body = vnet('v9', ['10.9.0.0/16'], {
      a: {
        addressPrefix: '10.9.1.0/24',
        ipConfigurations: [{ id: `${id.nic('x')}/ipConfigurations/i` }],
        purpose: 'x',
      },
    }).resource;
    const w = applyOk(EMPTY_WORLD, [put(body)]).world;
    const subnet = find<Subnet>(w, id.subnet('v9', 'a'))!;
    assert.equal(subnet.properties.ipConfigurations, undefined);
    assert.equal(subnet.properties.purpose, undefined);
    assert.equal(
      Object.hasOwn(body.properties.subnets[0]!.properties, 'ipConfigurations'),
      true,
      'input untouched',
    );
  });
});

describe('NSG default rules', () => {
  const w = applyOk(EMPTY_WORLD, [nsg('n1')]).world;
  const rules = get<NetworkSecurityGroup>(w, `${NET}/networkSecurityGroups/n1`)!.properties
    .defaultSecurityRules!;
  const rows: [string, number, string, string, string, string][] = [
    ['AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
    ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
    ['DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'],
    ['AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
    ['AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'],
    ['DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'],
  ];
  it('has exactly the six default rules in ARM order', () => {
    assert.deepEqual(
      rules.map((r) => r.name),
      rows.map((r) => r[0]),
    );
  });
  for (const [name, priority, direction, access, src, dst] of rows) {
    it(`${name}: ${direction} ${priority} ${access} ${src} -> ${dst}`, () => {
      const r = rules.find((x) => x.name === name)!;
      assert.equal(r.id, `${NET}/networkSecurityGroups/n1/defaultSecurityRules/${name}`);
      assert.equal(r.type, 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules');
      assert.deepEqual(
        [
          r.properties.priority,
          r.properties.direction,
          r.properties.access,
          r.properties.sourceAddressPrefix,
          r.properties.destinationAddressPrefix,
          r.properties.protocol,
          r.properties.sourcePortRange,
          r.properties.destinationPortRange,
        ],
        [priority, direction, access, src, dst, '*', '*', '*'],
      );
    });
  }
});

describe('subnet defaults and defaultOutboundAccess by api-version (§4.2)', () => {
  it('fills the network-policy defaults', () => {
    const s = find<Subnet>(baseWorld(), id.subnet('v1', 'a'))!;
    assert.equal(s.properties.privateEndpointNetworkPolicies, 'Disabled');
    assert.equal(s.properties.privateLinkServiceNetworkPolicies, 'Enabled');
  });
  const rows: [string, string, unknown, boolean | undefined][] = [
    ['new VNet at 2025-07-01 -> private subnet', '2025-07-01', undefined, false],
    ['new VNet at 2026-01-01-preview -> private subnet', '2026-01-01-preview', undefined, false],
    ['new VNet at 2024-05-01 -> property absent', '2024-05-01', undefined, undefined],
    ['explicit true is kept at 2025-07-01', '2025-07-01', true, true],
  ];
  for (const [name, apiVersion, given, expected] of rows) {
    it(name, () => {
      const props =
        given === undefined
          ? { addressPrefix: '10.5.1.0/24' }
          : { addressPrefix: '10.5.1.0/24', defaultOutboundAccess: given };
      const w = applyOk(EMPTY_WORLD, [
        { ...vnet('v5', ['10.5.0.0/16'], { s: props }), apiVersion: apiVersion },
      ]).world;
      assert.equal(find<Subnet>(w, id.subnet('v5', 's'))!.properties.defaultOutboundAccess, expected);
    });
  }
  it('a new subnet in an existing VNet keeps default outbound access, even at 2025-07-01', () => {
    const w0 = applyOk(EMPTY_WORLD, [
      { ...vnet('v5', ['10.5.0.0/16'], { s: '10.5.1.0/24' }), apiVersion: '2024-05-01' },
    ]).world;
    const w1 = applyOk(w0, [
      put({ id: id.subnet('v5', 't'), properties: { addressPrefix: '10.5.2.0/24' } }, '2025-07-01'),
    ]).world;
    assert.equal(find<Subnet>(w1, id.subnet('v5', 't'))!.properties.defaultOutboundAccess, undefined);
  });
  it('a re-PUT without the property keeps the value set at creation', () => {
    const w0 = applyOk(EMPTY_WORLD, [
      { ...vnet('v5', ['10.5.0.0/16'], { s: '10.5.1.0/24' }), apiVersion: '2025-07-01' },
    ]).world;
    const w1 = applyOk(w0, [
      { ...vnet('v5', ['10.5.0.0/16'], { s: '10.5.1.0/24' }), apiVersion: '2025-07-01' },
    ]).world;
    assert.equal(find<Subnet>(w1, id.subnet('v5', 's'))!.properties.defaultOutboundAccess, false);
  });
});

describe('dynamic private IPs (§9.1)', () => {
  it('the first dynamic address is .4, the next skips used ones', () => {
    const w = applyOk(baseWorld(), [
      nic('n1', id.subnet('v1', 'a')),
      nic('s1', id.subnet('v1', 'a'), '10.0.1.5'),
      nic('n2', id.subnet('v1', 'a')),
    ]).world;
    assert.deepEqual(
      ['n1', 's1', 'n2'].map((n) => [
        ipOf(w, n)![0]!.properties.privateIPAddress,
        ipOf(w, n)![0]!.properties.privateIPAllocationMethod,
      ]),
      [
        ['10.0.1.4', 'Dynamic'],
        ['10.0.1.5', 'Static'],
        ['10.0.1.6', 'Dynamic'],
      ],
    );
    assert.deepEqual(
      linksOf(w)
        .addressesOfSubnet.get(keyOf(id.subnet('v1', 'a')))!
        .map((a) => a.address)
        .sort(),
      ['10.0.1.4', '10.0.1.5', '10.0.1.6'],
    );
  });
  it('a /29 holds three dynamic addresses; the fourth is SubnetIsFull on the subnet', () => {
    const w0 = applyOk(EMPTY_WORLD, [vnet('t', ['10.7.0.0/24'], { s: '10.7.0.0/29' })]).world;
    const three = ['a', 'b', 'c'].map((n) => nic(n, id.subnet('t', 's')));
    const w1 = applyOk(w0, three).world;
    assert.deepEqual(
      ['a', 'b', 'c'].map((n) => ipOf(w1, n)![0]!.properties.privateIPAddress),
      ['10.7.0.4', '10.7.0.5', '10.7.0.6'],
    );
    const problems = problemsOf(w1, [nic('d', id.subnet('t', 's'))]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.target]),
      [['SubnetIsFull', id.subnet('t', 's')]],
    );
  });
  it('a NIC keeps its address across updates, and gets a new one when its subnet changes', () => {
    const w1 = applyOk(baseWorld(), [nic('n1', id.subnet('v1', 'a')), nic('n2', id.subnet('v1', 'a'))]).world;
    const w2 = applyOk(w1, [
      nic('n2', id.subnet('v1', 'a'), undefined, { properties: { enableIPForwarding: true } }),
    ]).world;
    assert.equal(ipOf(w2, 'n2')![0]!.properties.privateIPAddress, '10.0.1.5');
    const w3 = applyOk(w2, [nic('n2', id.subnet('v1', 'b'))]).world;
    assert.equal(ipOf(w3, 'n2')![0]!.properties.privateIPAddress, '10.0.2.4');
  });
  it('load balancer frontends with a subnet get dynamic addresses too', () => {
    const lb = {
      id: `${NET}/loadBalancers/ilb`,
      location: 'eastus',
      properties: {
        frontendIPConfigurations: [{ name: 'fe', properties: { subnet: { id: id.subnet('v1', 'a') } } }],
      },
    };
    const w = applyOk(baseWorld(), [nic('n1', id.subnet('v1', 'a'), '10.0.1.4'), put(lb)]).world;
    const fe = findResource(w, `${NET}/loadBalancers/ilb/frontendIPConfigurations/fe`)!;
    assert.equal(fe.properties.privateIPAddress, '10.0.1.5');
  });
});

describe('private endpoint NICs (§5.1)', () => {
  it('creates a read-only NIC <pe>.nic.<guid> with a privateEndpointIpConfig.<guid> in the PE subnet', () => {
    const w = applyOk(baseWorld(), [privateEndpoint('pe1', id.subnet('v1', 'b'))]).world;
    const pe = get<PrivateEndpoint>(w, id.pe('pe1'))!;
    const nicRef = pe.properties.networkInterfaces![0]!.id;
    assert.match(nicRef, /\/networkInterfaces\/pe1\.nic\.[0-9a-f-]{36}$/);
    const n = get<NetworkInterface>(w, nicRef)!;
    assert.equal(n.properties.privateEndpoint?.id, pe.id);
    assert.equal(n.location, 'eastus');
    const ipc = n.properties.ipConfigurations![0]!;
    assert.match(ipc.name, /^privateEndpointIpConfig\.[0-9a-f-]{36}$/);
    assert.deepEqual(
      [ipc.properties.subnet?.id, ipc.properties.privateIPAddress, ipc.properties.privateIPAllocationMethod],
      [id.subnet('v1', 'b'), '10.0.2.4', 'Dynamic'],
    );
  });
  it('uses the static address and customNetworkInterfaceName when given', () => {
    const w = applyOk(baseWorld(), [
      privateEndpoint('pe1', id.subnet('v1', 'b'), {
        properties: {
          customNetworkInterfaceName: 'pe1-nic',
          ipConfigurations: [
            { name: 'c', properties: { privateIPAddress: '10.0.2.50', groupId: 'blob', memberName: 'blob' } },
          ],
        },
      }),
    ]).world;
    const n = get<NetworkInterface>(w, id.nic('pe1-nic'))!;
    assert.deepEqual(
      [
        n.properties.ipConfigurations![0]!.properties.privateIPAddress,
        n.properties.ipConfigurations![0]!.properties.privateIPAllocationMethod,
      ],
      ['10.0.2.50', 'Static'],
    );
  });
  it('deleting the PE deletes its NIC', () => {
    const w1 = applyOk(baseWorld(), [privateEndpoint('pe1', id.subnet('v1', 'b'))]).world;
    const nicRef = get<PrivateEndpoint>(w1, id.pe('pe1'))!.properties.networkInterfaces![0]!.id;
    const w2 = applyOk(w1, [del(id.pe('pe1'))]).world;
    assert.equal(getResource(w2, nicRef), undefined);
    assert.equal(linksOf(w2).addressesOfSubnet.get(keyOf(id.subnet('v1', 'b'))), undefined);
  });
  it('adopts an imported NIC whose privateEndpoint points at the PE instead of making one', () => {
    const imported = nic('pe1.nic.1234', id.subnet('v1', 'b'), '10.0.2.9', {
      properties: { privateEndpoint: { id: id.pe('pe1') } },
    });
    const w = applyOk(baseWorld(), [privateEndpoint('pe1', id.subnet('v1', 'b')), imported]).world;
    const pe = get<PrivateEndpoint>(w, id.pe('pe1'))!;
    assert.deepEqual(pe.properties.networkInterfaces, [{ id: id.nic('pe1.nic.1234') }]);
    const nics = [...w.resources.values()].filter((r) => r.type === 'Microsoft.Network/networkInterfaces');
    assert.equal(nics.length, 1);
  });
  it('a re-PUT of the PE keeps its NIC and address', () => {
    const w1 = applyOk(baseWorld(), [privateEndpoint('pe1', id.subnet('v1', 'b'))]).world;
    const w2 = applyOk(w1, [
      privateEndpoint('pe1', id.subnet('v1', 'b'), { properties: { tags: {} } }),
    ]).world;
    assert.deepEqual(
      get<PrivateEndpoint>(w2, id.pe('pe1'))!.properties.networkInterfaces,
      get<PrivateEndpoint>(w1, id.pe('pe1'))!.properties.networkInterfaces,
    );
    assert.equal(
      [...w2.resources.values()].filter((r) => r.type === 'Microsoft.Network/networkInterfaces').length,
      1,
    );
  });
});

describe('private link service NIC', () => {
  it('carries the NAT IP configuration addresses', () => {
    const lb = {
      id: `${NET}/loadBalancers/ilb`,
      location: 'eastus',
      properties: {
        frontendIPConfigurations: [{ name: 'fe', properties: { subnet: { id: id.subnet('v1', 'a') } } }],
      },
    };
    const pls = {
      id: `${NET}/privateLinkServices/pls`,
      location: 'eastus',
      properties: {
        loadBalancerFrontendIpConfigurations: [
          { id: `${NET}/loadBalancers/ilb/frontendIPConfigurations/fe` },
        ],
        ipConfigurations: [
          { name: 'nat', properties: { subnet: { id: id.subnet('v1', 'b') }, primary: true } },
        ],
      },
    };
    const w = applyOk(baseWorld(), [put(lb), put(pls)]).world;
    const p = getResource(w, pls.id)!;
    const nicRef = (p.properties.networkInterfaces as { id: string }[])[0]!.id;
    assert.match(nicRef, /\/networkInterfaces\/pls\.nic\.[0-9a-f-]{36}$/);
    const n = get<NetworkInterface>(w, nicRef)!;
    assert.equal(n.properties.privateLinkService?.id, pls.id);
    assert.equal(n.properties.ipConfigurations![0]!.properties.privateIPAddress, '10.0.2.4');
    assert.equal((p.properties.ipConfigurations as Resource[])[0]!.properties.privateIPAddress, '10.0.2.4');
  });
});

describe('connections, peerings, atomicity', () => {
  it('a connection whose two ends exist is Connected', () => {
    const lng = {
      id: `${NET}/localNetworkGateways/onprem`,
      location: 'eastus',
      properties: {
        gatewayIpAddress: '203.0.113.1',
        localNetworkAddressSpace: { addressPrefixes: ['192.168.0.0/16'] },
      },
    };
    const gw = {
      id: `${NET}/virtualNetworkGateways/gw`,
      location: 'eastus',
      properties: {
        gatewayType: 'Vpn',
        ipConfigurations: [
          { name: 'default', properties: { subnet: { id: id.subnet('v1', 'GatewaySubnet') } } },
        ],
      },
    };
    const cn = {
      id: `${NET}/connections/c1`,
      location: 'eastus',
      properties: {
        connectionType: 'IPsec',
        virtualNetworkGateway1: { id: gw.id },
        localNetworkGateway2: { id: lng.id },
      },
    };
    const w = applyOk(baseWorld(), [put(lng), put(gw), put(cn)]).world;
    assert.equal(getResource(w, cn.id)!.properties.connectionStatus, 'Connected');
  });
  it('deleting a VNet leaves the peerings that point at it, Disconnected', () => {
    const w1 = applyOk(EMPTY_WORLD, [
      vnet('h', ['10.1.0.0/16'], {}, { virtualNetworkPeerings: [peering('h', 's')] }),
      vnet('s', ['10.2.0.0/16'], {}, { virtualNetworkPeerings: [peering('s', 'h')] }),
    ]).world;
    assert.equal(linksOf(w1).peeringsOfVnet.get(keyOf(id.vnet('h')))![0]!.state, 'Connected');
    const w2 = applyOk(w1, [del(id.vnet('s'))]).world;
    const links = linksOf(w2).peeringsOfVnet.get(keyOf(id.vnet('h')))!;
    assert.deepEqual(
      links.map((l) => [l.peering.name, l.state]),
      [['to-s', 'Disconnected']],
    );
    // And the hub can be re-PUT with its Disconnected peering.
    applyOk(w2, [vnet('h', ['10.1.0.0/16'], {}, { virtualNetworkPeerings: [peering('h', 's')] })]);
  });
  it('a failing batch returns every problem and leaves the input world unchanged', () => {
    const w = baseWorld();
    const snapshot = JSON.stringify([...w.resources]);
    const r = apply(w, [
      nic('ok', id.subnet('v1', 'a')),
      nic('bad1', id.subnet('v1', 'nope')),
      nic('bad2', id.subnet('v1', 'a'), '10.0.1.1'),
    ]);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map((p) => p.code).sort(), [
      'InvalidResourceReference',
      'PrivateIPAddressInReservedRange',
    ]);
    assert.equal(JSON.stringify([...w.resources]), snapshot);
    assert.equal(getResource(w, id.nic('ok')), undefined);
  });
});

describe('public IP DNS settings', () => {
  const pip = (dnsSettings: Record<string, unknown>) =>
    put({ id: `${NET}/publicIPAddresses/pip`, location: 'westeurope', properties: { dnsSettings } });
  const fqdnOf = (w: World) =>
    (getResource(w, `${NET}/publicIPAddresses/pip`)?.properties as { dnsSettings?: { fqdn?: string } })
      .dnsSettings?.fqdn;
  it('a label gets the fqdn ARM makes of it, whatever fqdn the body gave', () => {
    const r = applyOk(EMPTY_WORLD, [pip({ domainNameLabel: 'web-1', fqdn: 'made.up' })]);
    assert.equal(fqdnOf(r.world), 'web-1.westeurope.cloudapp.azure.com');
    assert.deepEqual(r.warnings, []);
  });
  it('no label, no fqdn; a label scope is warned about', () => {
    assert.equal(fqdnOf(applyOk(EMPTY_WORLD, [pip({ fqdn: 'made.up' })]).world), undefined);
    const scoped = applyOk(EMPTY_WORLD, [
      pip({ domainNameLabel: 'web', domainNameLabelScope: 'TenantReuse' }),
    ]);
    assert.deepEqual(
      scoped.warnings.map((w) => w.code),
      ['DomainNameLabelScopeNotHashed'],
    );
  });
});
