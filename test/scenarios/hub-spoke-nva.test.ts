// Scenario: spokes forced through a hub NVA. Sources: "Azure Networking 101" (ipSpace, seed 001),
// virtual-networks-udr-overview (VirtualAppliance next hops) and virtual-network-manage-peering ("Allow traffic
// forwarded from remote virtual network"); azure-semantics.md §1.3, §3.1 (allowForwardedTraffic), §4.1, §9.4.
// examples/hub-spoke-nva: vm-nva (10.0.1.4, IP forwarding on) routes between the spokes and masquerades what
// leaves 10.0.0.0/8; its subnet's NAT gateway natgw-nva takes it to the internet.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NvaGuest } from '../../src/dataplane/guests/index.ts';
import { publicAddressOf } from '../../src/dataplane/fabric.ts';
import type { Hop } from '../../src/dataplane/types.ts';
import { apply, findResource, resourcesOfType, T } from '../../src/model/index.ts';
import type { PublicIPAddress, VirtualNetwork, VirtualNetworkPeering, World } from '../../src/model/index.ts';
import { LOAD_TIME } from '../../src/topology/index.ts';
import { formatIpv4 } from '../../src/wire/index.ts';
import { headersOf, loadExample, RecordingLab, stepOf } from './lab-harness.ts';

const SPOKE1 = '10.1.1.4';
const SPOKE2 = '10.2.1.4';

const hopLine = (h: Hop): string => `${h.node} ${h.direction}`;

/** The world with spoke2's peering to the hub refusing forwarded traffic (the portal's "Allow traffic forwarded
 * from remote virtual network" unticked). */
function withoutForwardedTraffic(world: World): World {
  const spoke2 = resourcesOfType<VirtualNetwork>(world, T.virtualNetwork).find(
    (v) => v.name === 'vnet-spoke2',
  );
  const id = spoke2?.properties.virtualNetworkPeerings?.find((p) => p.name === 'spoke2-to-hub')?.id;
  const peering = id ? findResource<VirtualNetworkPeering>(world, id) : undefined;
  assert.ok(peering, 'spoke2-to-hub');
  const changed = { ...peering, properties: { ...peering.properties, allowForwardedTraffic: false } };
  const r = apply(world, [{ op: 'put', resource: changed }], { now: LOAD_TIME });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.world;
}

describe('scenario hub-spoke-nva: spoke traffic through the hub NVA', () => {
  const { world, topology } = loadExample('hub-spoke-nva/topology.yaml');
  const { 'spoke-to-spoke': spokeToSpoke, 'spoke-to-internet': spokeToInternet } = topology.traffic;
  assert.ok(spokeToSpoke && spokeToInternet, 'hub-spoke-nva declares its traffic');

  it('spoke1 → spoke2 goes spoke NIC → NVA inbound → forwarded → NVA outbound → spoke2, source kept', () => {
    const rl = new RecordingLab(world, { guests: topology.guests });
    const [http] = rl.run(spokeToSpoke);
    assert.equal(
      http?.kind === 'http' && http.session.body,
      '<h1>vm-spoke2</h1>\n',
      rl.explain('HTTPS from spoke1'),
    );
    const syn = rl.traces.find(
      (t) => t.packet.startsWith(`TCP ${SPOKE1}:`) && t.packet.endsWith(`${SPOKE2}:443 [S]`),
    );
    assert.ok(syn, rl.explain('no SYN trace'));
    const where = rl.explain('SYN', syn);
    assert.equal(syn.disposition, 'Delivered', where);
    assert.deepEqual(
      syn.hops.map(hopLine),
      ['vm-spoke1-nic Outbound', 'nva-nic Inbound', 'nva-nic Outbound', 'vm-spoke2-nic Inbound'],
      where,
    );
    const [out, nvaIn, nvaOut, delivered] = syn.hops;
    const route = out?.steps.find((s) => s.type === 'Route');
    assert.deepEqual(
      [route?.data?.routeName, route?.data?.nextHopType, route?.data?.nextHopIpAddress],
      ['spoke2-via-nva', 'VirtualAppliance', '10.0.1.4'],
      where,
    );
    assert.equal(nvaIn?.steps.find((s) => s.type === 'Security')?.resource?.name, 'allow-from-spokes', where);
    assert.deepEqual(
      nvaIn?.steps.map((s) => `${s.type} ${s.action}`),
      ['Security Allowed', 'SourceCheck Passed', 'Delivery Delivered', 'Guest Forwarded'],
      where,
    );
    assert.equal(nvaOut?.steps.find((s) => s.type === 'SourceCheck')?.action, 'Passed', where);
    assert.equal(nvaOut?.steps.find((s) => s.type === 'Route')?.data?.nextHopType, 'VNetPeering', where);
    assert.equal(
      delivered?.steps.find((s) => s.type === 'Security')?.resource?.name,
      'allow-https-between-spokes',
      where,
    );
    // spoke2 saw spoke1's own address: the NVA routed, it did not translate (10.0.0.0/8 is not masqueraded).
    for (const f of rl.at('vm-spoke2', 'in').map(headersOf)) assert.equal(formatIpv4(f.src), SPOKE1, where);
    // The reply takes the same way back (spoke1-via-nva on spoke2's route table).
    const synAck = rl.traces.find(
      (t) => t.packet.startsWith(`TCP ${SPOKE2}:443 > ${SPOKE1}:`) && t.packet.endsWith('[S.]'),
    );
    assert.ok(synAck);
    assert.deepEqual(synAck.hops.map(hopLine), [
      'vm-spoke2-nic Outbound',
      'nva-nic Inbound',
      'nva-nic Outbound',
      'vm-spoke1-nic Inbound',
    ]);
    const nva = rl.lab.guest(rl.port('vm-nva')) as NvaGuest | undefined;
    assert.equal(nva?.dropped, 0);
    assert.equal(nva?.forwarded, rl.at('vm-spoke1', 'out').length + rl.at('vm-spoke2', 'out').length);
  });

  it('with allowForwardedTraffic false on spoke2-to-hub, the forwarded packet is refused and the trace says so', () => {
    const rl = new RecordingLab(withoutForwardedTraffic(world), { guests: topology.guests });
    const [http] = rl.run(spokeToSpoke);
    assert.equal(http?.kind === 'http' && http.session.state, 'connecting', rl.explain('no answer expected'));
    const syn = rl.traces.find((t) => t.packet.startsWith(`TCP ${SPOKE1}:`) && t.packet.endsWith('[S]'));
    assert.ok(syn);
    const where = rl.explain('SYN', syn);
    assert.equal(syn.disposition, 'NoListener', where);
    assert.match(syn.reason, /spoke2-to-hub has allowForwardedTraffic false/, where);
    const dropped = stepOf(syn, 'Route', 'Dropped');
    assert.equal(dropped.resource?.name, 'spoke2-to-hub', where);
    assert.match(dropped.detail, /source 10\.1\.1\.4 is outside vnet-hub/, where);
    assert.deepEqual(
      syn.hops.map(hopLine),
      ['vm-spoke1-nic Outbound', 'nva-nic Inbound', 'nva-nic Outbound'],
      where,
    );
    assert.equal(rl.at('vm-spoke2', 'in').length, 0, where);
  });

  it('spoke → internet goes through the NVA, masqueraded, then out through natgw-nva; replies come back the same way', () => {
    const rl = new RecordingLab(world, { guests: topology.guests });
    const [http, ping] = rl.run(spokeToInternet);
    assert.equal(
      http?.kind === 'http' && http.session.body,
      '<h1>internet</h1>\n',
      rl.explain('HTTP from spoke1'),
    );
    assert.equal(ping?.kind === 'ping' && ping.session.received, 1, rl.explain('ping from spoke2'));
    const pip = resourcesOfType<PublicIPAddress>(world, T.publicIPAddress).find(
      (p) => p.name === 'pip-natgw-nva',
    );
    assert.ok(pip);
    const publicAddress = formatIpv4(publicAddressOf(pip));

    const syn = rl.traces.find(
      (t) => t.packet.startsWith(`TCP ${SPOKE1}:`) && t.packet.endsWith('104.21.2.100:80 [S]'),
    );
    assert.ok(syn, rl.explain('no SYN trace'));
    const where = rl.explain('SYN', syn);
    assert.equal(syn.disposition, 'DeliveredToInternet', where);
    assert.deepEqual(
      syn.hops.map(hopLine),
      ['vm-spoke1-nic Outbound', 'nva-nic Inbound', 'nva-nic Outbound', 'Internet External'],
      where,
    );
    assert.equal(
      syn.hops[0]?.steps.find((s) => s.type === 'Route')?.data?.routeName,
      'default-via-nva',
      where,
    );
    assert.match(stepOf(syn, 'Guest', 'Forwarded').detail, /10\.0\.1\.4\.\d+ > 104\.21\.2\.100\.80/, where);
    const nat = stepOf(syn, 'Nat', 'Translated');
    assert.equal(nat.resource?.name, 'natgw-nva', where);
    assert.deepEqual([nat.data?.from, nat.data?.to], ['10.0.1.4', publicAddress], where);
    for (const h of rl.at('Internet', 'in').map(headersOf))
      assert.equal(formatIpv4(h.src), publicAddress, where);
    const synAck = rl.traces.find(
      (t) => t.packet.startsWith('TCP 104.21.2.100:80 >') && t.packet.endsWith('[S.]'),
    );
    assert.ok(synAck);
    assert.deepEqual(
      synAck.hops.map(hopLine),
      ['Internet External', 'nva-nic Inbound', 'nva-nic Outbound', 'vm-spoke1-nic Inbound'],
      rl.explain('SYN-ACK', synAck),
    );
  });
});
