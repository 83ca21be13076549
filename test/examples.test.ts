// The examples/ scenarios, each loaded with the real loader and apply(), with every expected flow of its
// topology.yaml checked and the assertions specific to its scenario. Read examples/README.md first; each
// topology.yaml names its source (seed or Azure doc) in its opening comment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  adviceOf,
  checkExpectations,
  effectiveRouteTable,
  nextHop,
  advertisedRoutes,
} from '../src/diagnostics/index.ts';
import { loadTopologyFile, loadWorld, LOAD_TIME } from '../src/topology/index.ts';
import type { LoadedWorld } from '../src/topology/index.ts';
import { apply, EMPTY_WORLD, findResource, getResource, keyOf, T } from '../src/model/index.ts';
import type { Change, NetworkInterface, Subnet, VirtualNetworkTap, World } from '../src/model/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const example = (file: string): string => `${ROOT}examples/${file}`;
const id = (resourceGroup: string, tail: string): string =>
  `${SUB}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${tail}`;
const nicId = (resourceGroup: string, name: string): string => id(resourceGroup, `networkInterfaces/${name}`);

function load(file: string): LoadedWorld {
  const r = loadWorld(example(file));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
}

/** Loads a valid example: no problems, and every `expect:` flow passes (failures printed one per line). */
function loadValid(file: string): LoadedWorld {
  const loaded = load(file);
  const problems = loaded.problems.map((p) => `${p.code} ${p.target ?? ''}: ${p.message}`);
  assert.deepEqual(problems, [], `${file} has problems`);
  const expectations = loaded.topology.expectations;
  // Each example covers allows, denies and next hops (examples/README.md).
  assert.ok(expectations.length >= 4, `${file}: at least 4 expected flows`);
  assert.ok(expectations.some((e) => e.access === 'Allow') && expectations.some((e) => e.access === 'Deny'));
  assert.ok(
    expectations.every((e) => e.nextHopType !== undefined),
    `${file}: every flow states its next hop`,
  );
  const failed = checkExpectations(loaded.world, expectations)
    .filter((r) => !r.passed)
    .map(
      (r) =>
        `  ${r.expectation.name ?? `${r.expectation.from} -> ${r.expectation.to}`}: ${r.failures.join('; ')}`,
    );
  assert.deepEqual(failed, [], `${file}: failed expectations:\n${failed.join('\n')}`);
  return loaded;
}

/** Loads a rejected variant: no world, and a problem with this code (and target, when given). */
function assertRejected(file: string, code: string, target?: string): void {
  const loaded = load(file);
  const codes = loaded.problems.map((p) => `${p.code} ${p.target ?? ''}`);
  const hit = loaded.problems.find((p) => p.code === code);
  assert.ok(hit, `${file}: expected ${code}, got: ${codes.join(', ') || 'no problems'}`);
  assert.equal(loaded.world.resources.size, 0, `${file}: a rejected file yields no world`);
  if (target !== undefined)
    assert.equal(keyOf(hit.target ?? ''), keyOf(target), `${file}: target of ${code}`);
}

/** `vnetlab check` on the file, through the real CLI entry point. */
function runCheck(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['bin/vnetlab.mjs', 'check', '-t', example(file)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function assertCheckPasses(file: string): void {
  const r = runCheck(file);
  assert.equal(r.status, 0, `vnetlab check -t examples/${file}:\n${r.output}`);
}

/** The next hop a NIC's subnet picks for a destination, with the deciding route. */
function hop(world: World, nicId: string, destination: string) {
  const r = nextHop(world, { targetResourceId: nicId, destinationIPAddress: destination });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
}

function routes(world: World, nicId: string) {
  const r = effectiveRouteTable(world, nicId);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value.value;
}

function nicByName(world: World, resourceGroup: string, name: string): NetworkInterface {
  const found = getResource(world, nicId(resourceGroup, name)) as NetworkInterface | undefined;
  assert.ok(found, `NIC ${name}`);
  return found;
}

describe('examples', () => {
  // Source: seed 004 ("A demonstration of Virtual Network TAP", Microsoft, 2026-04-15) and seed 001.
  it('tap-demo: TAP from vm1 to a collector in a peered VNet', () => {
    const rg = 'rg-tap-demo';
    const nic = (name: string): string => nicId(rg, name);
    const { world } = loadValid('tap-demo/topology.yaml');
    const tap = getResource(world, id(rg, 'virtualNetworkTaps/vtap-collector')) as
      VirtualNetworkTap | undefined;
    assert.ok(tap);
    assert.equal(
      keyOf(tap.properties.destinationNetworkInterfaceIPConfiguration?.id ?? ''),
      keyOf(id(rg, 'networkInterfaces/collector-nic/ipConfigurations/ipconfig1')),
    );
    assert.equal(tap.properties.destinationPort, 4789);
    // Exactly one monitored NIC: vm1's.
    const sources = [...world.resources.values()].filter(
      (r) =>
        r.type === T.networkInterface &&
        ((r as NetworkInterface).properties.tapConfigurations ?? []).some(
          (c) => keyOf(c.properties.virtualNetworkTap?.id ?? '') === keyOf(tap.id),
        ),
    );
    assert.deepEqual(
      sources.map((r) => r.name),
      ['vm1-nic'],
    );
    // The mirror's outer packet (10.0.2.4 -> 10.1.1.4) rides the peering route that web-to-collector adds.
    const toCollector = hop(world, nic('vm1-nic'), '10.1.1.4');
    assert.equal(toCollector.nextHopType, 'VNetPeering');
    assert.equal(toCollector.route?.origin.name, 'web-to-collector');
    assert.equal(hop(world, nic('vm1-nic'), '104.21.2.100').nextHopType, 'Internet');
    assertCheckPasses('tap-demo/topology.yaml');
  });

  // Source: seed 003 (adstuart/vtap-pls-test): B2 works, R1 and B1 are rejected by ARM.
  it('vtap-pls: the proxy design works, a PE NIC as TAP destination or LB backend is rejected', () => {
    const rg = 'rg-vtap-pls-test';
    const nic = (name: string): string => nicId(rg, name);
    const { world } = loadValid('vtap-pls/topology.yaml');
    // ARM created the PE's NIC, under the custom name, with the PE's static address.
    const peNic = nicByName(world, rg, 'pe-col-nic');
    assert.equal(keyOf(peNic.properties.privateEndpoint?.id ?? ''), keyOf(id(rg, 'privateEndpoints/pe-col')));
    assert.equal(peNic.properties.ipConfigurations?.[0]?.properties.privateIPAddress, '10.30.3.4');
    // The PE's /32 decides for vm-src; the unpeered collector VNet falls to 10.0.0.0/8 None.
    const toPe = hop(world, nic('vm-src-nic'), '10.30.3.4');
    assert.equal(toPe.nextHopType, 'InterfaceEndpoint');
    assert.deepEqual(
      toPe.route?.prefixes.map((p) => p.length),
      [32],
    );
    const toCollector = hop(world, nic('vm-src-nic'), '10.40.3.4');
    assert.equal(toCollector.nextHopType, 'None');
    const vmSrcRoutes = routes(world, nic('vm-src-nic'));
    assert.ok(
      vmSrcRoutes.some(
        (r) => r.addressPrefix.includes('10.0.0.0/8') && r.nextHopType === 'None' && r.state === 'Active',
      ),
    );
    assert.ok(
      !vmSrcRoutes.some((r) => r.addressPrefix.some((p) => p.startsWith('10.40.'))),
      'no route to vnet-dst',
    );
    assertCheckPasses('vtap-pls/topology.yaml');

    assertRejected(
      'vtap-pls/r1-tap-to-pe.yaml',
      'CannotSetPrivateLinkServiceOrPrivateEndpointNetworkInterfaceAsDestinationOfVirtualNetworkTap',
      id(rg, 'virtualNetworkTaps/vtap-src'),
    );
    const r1 = runCheck('vtap-pls/r1-tap-to-pe.yaml');
    assert.equal(
      r1.status,
      1,
      `vnetlab check -t examples/vtap-pls/r1-tap-to-pe.yaml must fail:\n${r1.output}`,
    );
    assert.match(
      r1.output,
      /CannotSetPrivateLinkServiceOrPrivateEndpointNetworkInterfaceAsDestinationOfVirtualNetworkTap/,
    );

    // B1 as Azure saw it: the deployment (which creates pe-col-nic for the PE), then the PUT of that NIC with
    // the backend pool added (`az network nic ip-config address-pool add`). The NIC PUT is refused.
    const b1 = loadTopologyFile(example('vtap-pls/b1-pe-nic-in-backend-pool.yaml'));
    assert.ok(b1.ok, b1.ok ? '' : b1.reason);
    const peNicId = nicId(rg, 'pe-col-nic');
    const isPeNicPut = (c: Change): boolean =>
      c.op === 'put' && keyOf((c.resource as { id?: string }).id ?? '') === keyOf(peNicId);
    assert.equal(b1.value.changes.filter(isPeNicPut).length, 1);
    const deployed = apply(
      EMPTY_WORLD,
      b1.value.changes.filter((c) => !isPeNicPut(c)),
      { now: LOAD_TIME },
    );
    assert.ok(deployed.ok, deployed.ok ? '' : JSON.stringify(deployed.problems));
    const poolAdd = apply(deployed.world, b1.value.changes.filter(isPeNicPut), { now: LOAD_TIME });
    assert.equal(poolAdd.ok, false, 'adding the PE NIC to a backend pool must be rejected');
    assert.ok(!poolAdd.ok);
    const refused = poolAdd.problems.find((p) => p.code === 'CannotModifyNicAttachedToPrivateEndpoint');
    assert.ok(refused, `got ${poolAdd.problems.map((p) => p.code).join(', ')}`);
    assert.equal(keyOf(refused.target ?? ''), keyOf(peNicId));

    // B1 as one file (the PE and its NIC with the pool, as a template or an import would bring them): refused too.
    const whole = apply(EMPTY_WORLD, b1.value.changes, { now: LOAD_TIME });
    assert.ok(!whole.ok, 'b1 as one file must be rejected');
    assert.deepEqual(
      whole.problems.map((p) => [p.code, keyOf(p.target ?? '')]),
      [['CannotModifyNicAttachedToPrivateEndpoint', keyOf(peNicId)]],
    );
  });

  // Source: seed 001 and virtual-networks-udr-overview (route selection, BGP propagation, 0/0 UDR).
  it('hub-spoke-nva: UDRs to the NVA, gateway transit, propagation off on spoke2', () => {
    const rg = 'rg-hub-spoke';
    const nic = (name: string): string => nicId(rg, name);
    const { world } = loadValid('hub-spoke-nva/topology.yaml');
    // The NVA subnet's NAT gateway gives the forced-tunnelled spokes a way out: no egress advice.
    assert.deepEqual(adviceOf(world), []);
    const s1s2 = hop(world, nic('vm-spoke1-nic'), '10.2.1.4');
    assert.equal(s1s2.nextHopType, 'VirtualAppliance');
    assert.equal(s1s2.route?.name, 'spoke2-via-nva');
    assert.equal(keyOf(s1s2.routeTableId), keyOf(id(rg, 'routeTables/rt-spoke1')));

    const s1onprem = hop(world, nic('vm-spoke1-nic'), '192.168.100.10');
    assert.equal(s1onprem.nextHopType, 'VirtualNetworkGateway');
    assert.equal(s1onprem.route?.source, 'VirtualNetworkGateway');

    const s2onprem = hop(world, nic('vm-spoke2-nic'), '192.168.100.10');
    assert.equal(s2onprem.nextHopType, 'VirtualAppliance');
    assert.equal(s2onprem.nextHopIpAddress, '10.0.1.4');
    assert.equal(s2onprem.route?.name, 'default-via-nva');
    assert.equal(keyOf(s2onprem.routeTableId), keyOf(id(rg, 'routeTables/rt-spoke2')));

    // spoke2: no gateway routes at all, and its User routes say propagation is disabled.
    const spoke2 = routes(world, nic('vm-spoke2-nic'));
    assert.ok(!spoke2.some((r) => r.source === 'VirtualNetworkGateway'));
    const user2 = spoke2.filter((r) => r.source === 'User');
    assert.equal(user2.length, 2);
    assert.ok(user2.every((r) => r.disableBgpRoutePropagation));
    // spoke1: the gateway route is there, and the active User 0/0 removed the reserved-range None routes (§1.5).
    const spoke1 = routes(world, nic('vm-spoke1-nic'));
    assert.ok(
      spoke1.some(
        (r) => r.source === 'VirtualNetworkGateway' && r.addressPrefix.includes('192.168.100.0/24'),
      ),
    );
    assert.ok(!spoke1.some((r) => r.nextHopType === 'None' && r.addressPrefix.includes('192.168.0.0/16')));
    const internet = spoke1.find((r) => r.source === 'Default' && r.addressPrefix.includes('0.0.0.0/0'));
    assert.equal(internet?.state, 'Invalid');
    assertCheckPasses('hub-spoke-nva/topology.yaml');
  });

  // Source: seed 000 ("Private subnets by default in Azure Virtual Networks", "ICMP Support for Azure
  // StandardV2 NAT Gateway"); azure-semantics.md §4.2.
  it('nat-private-subnet: api-version decides default outbound access', () => {
    const rg = 'rg-nat-private';
    const { world } = loadValid('nat-private-subnet/topology.yaml');
    const subnet = (tail: string): Subnet => {
      const s = findResource(world, id(rg, tail)) as Subnet | undefined;
      assert.ok(s, tail);
      return s;
    };
    // Created with 2025-07-01: private subnets (ARM fills false).
    assert.equal(
      subnet('virtualNetworks/vnet-app/subnets/subnet-nat').properties.defaultOutboundAccess,
      false,
    );
    assert.equal(
      subnet('virtualNetworks/vnet-app/subnets/subnet-private').properties.defaultOutboundAccess,
      false,
    );
    // Created with 2024-05-01: the property stays absent, i.e. default outbound access.
    assert.equal(
      subnet('virtualNetworks/vnet-legacy/subnets/subnet-default').properties.defaultOutboundAccess,
      undefined,
    );
    assert.equal(
      keyOf(subnet('virtualNetworks/vnet-app/subnets/subnet-nat').properties.natGateway?.id ?? ''),
      keyOf(id(rg, 'natGateways/natgw-v2')),
    );
    // The private subnet without a NAT gateway is the only one left with no way to the internet (§4.2).
    assert.deepEqual(
      adviceOf(world).map((a) => [a.code, keyOf(a.target ?? '')]),
      [['NoOutboundConnectivity', keyOf(id(rg, 'virtualNetworks/vnet-app/subnets/subnet-private'))]],
    );
    assert.equal(
      subnet('virtualNetworks/vnet-app/subnets/subnet-private').properties.natGateway ?? undefined,
      undefined,
    );
    // Routing is the same for all three: egress is decided after routing.
    for (const name of ['vm-nat-nic', 'vm-private-nic', 'vm-legacy-nic']) {
      const h = hop(world, nicId(rg, name), '104.21.2.100');
      assert.equal(h.nextHopType, 'Internet', name);
      assert.equal(h.route?.source, 'Default', name);
    }
    assertCheckPasses('nat-private-subnet/topology.yaml');
  });

  // Source: seed 000 ("ICMP Support for Azure StandardV2 NAT Gateway"), nat-sku; azure-semantics.md §4.1. The
  // packets (ping translated by StandardV2 only) are checked in test/scenarios/nat-gateway-icmp.test.ts.
  it('nat-gateway-icmp: two private subnets, one behind each NAT gateway SKU, routed and allowed alike', () => {
    const rg = 'rg-nat-icmp';
    const { world, warnings } = loadValid('nat-gateway-icmp/topology.yaml');
    // Each gateway has a public IP of its own SKU, so ARM has nothing to say about them.
    assert.deepEqual(
      warnings.map((w) => w.code),
      [],
    );
    for (const [subnetName, nat] of [
      ['subnet-v2', 'natgw-v2'],
      ['subnet-std', 'natgw-std'],
    ] as const) {
      const subnet = findResource(world, id(rg, `virtualNetworks/vnet-ping/subnets/${subnetName}`)) as
        Subnet | undefined;
      assert.equal(subnet?.properties.defaultOutboundAccess, false, subnetName);
      assert.equal(keyOf(subnet?.properties.natGateway?.id ?? ''), keyOf(id(rg, `natGateways/${nat}`)));
    }
    assert.deepEqual(adviceOf(world), []);
    assertCheckPasses('nat-gateway-icmp/topology.yaml');
  });

  // Source: seed 000 (AVNM mesh migration post); azure-semantics.md §3.4 and §2.6.
  it('avnm-mesh-overlap: connected group without the overlap, admin Deny and AlwaysAllow', () => {
    const nic = (name: string): string => nicId('rg-avnm-lab', name);
    const { world } = loadValid('avnm-mesh-overlap/topology.yaml');
    const b = routes(world, nic('vm-b-nic'));
    const connected = b.filter((r) => r.nextHopType === 'ConnectedGroup' && r.state === 'Active');
    const prefixes = connected.flatMap((r) => r.addressPrefix).sort();
    assert.deepEqual(prefixes, ['10.10.0.0/16', '10.30.0.0/16']);
    // 10.99.0.0/16 is in two members: removed from the mesh, so vnet-b's traffic to it is dropped.
    const toOverlap = hop(world, nic('vm-b-nic'), '10.99.1.4');
    assert.equal(toOverlap.nextHopType, 'None');
    assert.deepEqual(
      toOverlap.route?.prefixes.map((p) => p.length),
      [8],
    );
    // The member that owns the range still reaches it locally.
    assert.equal(hop(world, nic('vm-a-nic'), '10.99.1.4').nextHopType, 'VnetLocal');
    assert.equal(hop(world, nic('vm-a-nic'), '10.20.1.4').nextHopType, 'ConnectedGroup');
    // A mesh makes no peerings.
    for (const vnet of ['vnet-a', 'vnet-b', 'vnet-c']) {
      const v = getResource(world, id('rg-avnm-lab', `virtualNetworks/${vnet}`));
      assert.deepEqual(v?.properties.virtualNetworkPeerings ?? [], [], vnet);
    }
    assertCheckPasses('avnm-mesh-overlap/topology.yaml');
  });

  // Source: seed 000 ("Summarized Gateway Prefixes for Route Advertisement"); azure-semantics.md §7.1.
  it('hub-summarized-prefixes: the gateway advertises the summary and the uncovered spoke only', () => {
    const nic = (name: string): string => nicId('rg-summarized', name);
    const { world } = loadValid('hub-summarized-prefixes/topology.yaml');
    const advertised = advertisedRoutes(world, 'vgw-hub');
    assert.ok(advertised.ok, advertised.ok ? '' : advertised.reason);
    assert.deepEqual(advertised.value.value.map((r) => r.network).sort(), ['10.0.0.0/14', '172.16.0.0/16']);
    assert.deepEqual(advertised.value.warnings, []);
    // Summaries change advertisement only: spokes keep their gateway route to on-premises.
    assert.equal(hop(world, nic('vm-spoke1-nic'), '192.168.100.10').nextHopType, 'VirtualNetworkGateway');
    assertCheckPasses('hub-summarized-prefixes/topology.yaml');

    // A summary that leaves out the hub's own space: valid, but the hub goes unadvertised, with a warning.
    const missed = loadValid('hub-summarized-prefixes/summary-misses-hub.yaml');
    const adv = advertisedRoutes(missed.world, 'vgw-hub');
    assert.ok(adv.ok, adv.ok ? '' : adv.reason);
    assert.deepEqual(adv.value.value.map((r) => r.network).sort(), [
      '10.1.0.0/16',
      '10.2.0.0/16',
      '172.16.0.0/16',
    ]);
    const hubWarning = adv.value.warnings.find((w) => w.code === 'SummaryLeavesHubSpaceUnadvertised');
    assert.ok(
      hubWarning,
      `expected SummaryLeavesHubSpaceUnadvertised, got ${JSON.stringify(adv.value.warnings)}`,
    );
    assert.equal(keyOf(hubWarning.target ?? ''), keyOf(id('rg-summarized', 'virtualNetworks/vnet-hub')));
    assert.match(hubWarning.message, /10\.0\.0\.0\/16/);
    assertCheckPasses('hub-summarized-prefixes/summary-misses-hub.yaml');
  });
});
