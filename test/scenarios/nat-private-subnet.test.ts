// Scenario: private subnets by default, then a NAT gateway attached. Source: "Private subnets by default in Azure
// Virtual Networks: What changed and how to use NAT Gateway" and "ICMP Support for Azure StandardV2 NAT Gateway"
// (Microsoft Tech Community, seed 000); azure-semantics.md §4.2 (the egress order: NAT gateway, instance public IP,
// load balancer outbound, default outbound access unless the subnet is private, else nothing) and §4.1.
// examples/nat-private-subnet: subnet-nat (StandardV2 gateway), subnet-private (nothing), vnet-legacy (created
// with 2024-05-01: default outbound access).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderTrace } from '../../src/dataplane/trace.ts';
import { apply, findResource, resourcesOfType, T } from '../../src/model/index.ts';
import type { NatGateway, Subnet, VirtualNetwork, World } from '../../src/model/index.ts';
import { LOAD_TIME } from '../../src/topology/index.ts';
import { mustParseIpv4 } from '../../src/wire/index.ts';
import { loadExample, RecordingLab, stepOf } from './lab-harness.ts';

const WEB = mustParseIpv4('104.21.2.100');

/** The world after `az network vnet subnet update -n subnet-private --nat-gateway natgw-v2`. */
function attachNatGateway(world: World): World {
  const vnet = resourcesOfType<VirtualNetwork>(world, T.virtualNetwork).find((v) => v.name === 'vnet-app');
  const subnetId = vnet?.properties.subnets?.find((s) => s.name === 'subnet-private')?.id;
  const subnet = subnetId ? findResource<Subnet>(world, subnetId) : undefined;
  const nat = resourcesOfType<NatGateway>(world, T.natGateway).find((n) => n.name === 'natgw-v2');
  assert.ok(subnet && nat);
  const r = apply(
    world,
    [
      {
        op: 'put',
        resource: { ...subnet, properties: { ...subnet.properties, natGateway: { id: nat.id } } },
      },
    ],
    {
      now: LOAD_TIME,
    },
  );
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.world;
}

describe('scenario nat-private-subnet: no egress from a private subnet until a NAT gateway is attached', () => {
  const { world, topology } = loadExample('nat-private-subnet/topology.yaml');
  const egress = topology.traffic.egress;
  assert.ok(egress, 'nat-private-subnet declares traffic egress');

  it('subnet-nat leaves through natgw-v2 (ping too), vnet-legacy through default outbound access, subnet-private not at all', () => {
    const rl = new RecordingLab(world, { guests: topology.guests });
    const [ping, natHttp, legacyHttp, privateHttp] = rl.run(egress);
    assert.equal(ping?.kind === 'ping' && ping.session.received, 1, rl.explain('ping from vm-nat'));
    assert.equal(natHttp?.kind === 'http' && natHttp.session.status, 200, rl.explain('HTTP from vm-nat'));
    assert.equal(
      legacyHttp?.kind === 'http' && legacyHttp.session.status,
      200,
      rl.explain('HTTP from vm-legacy'),
    );
    assert.equal(
      privateHttp?.kind === 'http' && privateHttp.session.state,
      'connecting',
      rl.explain('HTTP from vm-private'),
    );

    const synFrom = (prefix: string) =>
      rl.traces.find((t) => t.packet.startsWith(`TCP ${prefix}`) && t.packet.endsWith('[S]'));
    const nat = synFrom('10.50.1.4:');
    assert.ok(nat);
    assert.equal(stepOf(nat, 'Nat', 'Translated').resource?.name, 'natgw-v2', rl.explain('vm-nat SYN', nat));
    const legacy = synFrom('10.60.1.4:');
    assert.ok(legacy);
    assert.match(
      stepOf(legacy, 'Nat', 'Translated').detail,
      /default outbound access/,
      rl.explain('vm-legacy SYN', legacy),
    );
    const blocked = synFrom('10.50.2.4:');
    assert.ok(blocked);
    assert.equal(blocked.disposition, 'NoEgress', rl.explain('vm-private SYN', blocked));
    assert.match(blocked.reason, /subnet-private/);
    assert.match(stepOf(blocked, 'Nat', 'Dropped').detail, /defaultOutboundAccess false/);
    assert.equal(
      rl.at('Internet', 'in').filter((f) => f[26] === 10 && f[27] === 50 && f[28] === 2).length,
      0,
    );
  });

  it('attaching natgw-v2 to subnet-private opens the way, and the flow cache does not keep the old verdict', () => {
    const rl = new RecordingLab(world, { guests: topology.guests });
    const { engine } = rl.lab;
    const port = rl.port('vm-private-nic');
    // UDP to the internet's echo port: the same 5-tuple before and after the change.
    const first = rl.lab.probe(port, WEB, 'UDP', 7);
    assert.equal(first.disposition, 'NoEgress', renderTrace(first));
    const again = rl.lab.probe(port, WEB, 'UDP', 7);
    assert.equal(again.disposition, 'NoEgress');
    assert.equal(again.cached, true, 'the second packet of the flow takes the flow cache');

    engine.setWorld(attachNatGateway(world));
    const slowBefore = engine.stats.slow;
    const after = rl.lab.probe(port, WEB, 'UDP', 7);
    assert.equal(after.cached, false, renderTrace(after));
    assert.ok(engine.stats.slow > slowBefore, `stats ${JSON.stringify(engine.stats)}`);
    assert.equal(after.disposition, 'DeliveredToInternet', rl.explain('UDP after the attach', after));
    assert.equal(stepOf(after, 'Nat', 'Translated').resource?.name, 'natgw-v2');
    // The internet's echo comes back through the gateway to the VM.
    const echoes = rl.at('vm-private-nic', 'in').filter((f) => f[23] === 17);
    assert.equal(echoes.length, 1, rl.explain('UDP echo at vm-private'));

    const [ping, http] = rl.run([
      { from: 'vm-private-nic', kind: 'ping', to: '8.8.8.8', count: 2 },
      { from: 'vm-private-nic', kind: 'http', to: '104.21.2.100' },
    ]);
    assert.equal(
      ping?.kind === 'ping' && ping.session.received,
      2,
      rl.explain('ping after the attach (StandardV2)'),
    );
    assert.equal(
      http?.kind === 'http' && http.session.body,
      '<h1>internet</h1>\n',
      rl.explain('HTTP after the attach'),
    );
  });

  it('a new lab on the changed world agrees', () => {
    const rl = new RecordingLab(attachNatGateway(world), { guests: topology.guests });
    const [ping] = rl.run([{ from: 'vm-private-nic', kind: 'ping', to: '8.8.8.8' }]);
    assert.equal(ping?.kind === 'ping' && ping.session.received, 1, rl.explain('ping'));
  });
});
