// Scenario: SNAT port exhaustion at a NAT gateway. Source: Azure docs nat-gateway-snat ("Each NAT gateway public IP
// address provides 64,512 SNAT ports"; a flow to the same destination endpoint needs its own port; ports are
// reused towards different destinations) and nat-gateway-resource; azure-semantics.md §4.1.
// The world is examples/nat-gateway-icmp (vm-v2 behind natgw-v2, one public IP). UDP frames with distinct source
// ports are injected straight into the engine; nothing answers them (the internet echoes UDP 7 only).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/dataplane/engine.ts';
import type { Port } from '../../src/dataplane/fabric.ts';
import { PORTS_PER_IP } from '../../src/dataplane/nat-gateway.ts';
import { renderTrace } from '../../src/dataplane/trace.ts';
import { AZURE_GATEWAY_MAC } from '../../src/dataplane/types.ts';
import type { Trace } from '../../src/dataplane/types.ts';
import { apply, getResource, resourcesOfType, T } from '../../src/model/index.ts';
import type { NatGateway, PublicIPAddress, World } from '../../src/model/index.ts';
import { LOAD_TIME } from '../../src/topology/index.ts';
import { mustParseIpv4, udpFrame } from '../../src/wire/index.ts';
import { Lab } from '../../src/dataplane/lab.ts';
import { headersOf, loadExample, stepOf } from './lab-harness.ts';

const DESTINATION = mustParseIpv4('203.0.113.7');
const DESTINATION_PORT = 9000;
const PAYLOAD = new TextEncoder().encode('snat');

function natGateway(world: World, name: string): NatGateway {
  const nat = resourcesOfType<NatGateway>(world, T.natGateway).find((n) => n.name === name);
  assert.ok(nat, `NAT gateway ${name}`);
  return nat;
}

/** The world with a second StandardV2 public IP on natgw-v2, as `az network nat gateway update --public-ip-addresses`. */
function withSecondPublicIp(world: World): World {
  const nat = natGateway(world, 'natgw-v2');
  const first = getResource<PublicIPAddress>(world, nat.properties.publicIpAddresses?.[0]?.id ?? '');
  assert.ok(first);
  const id = `${first.id.slice(0, first.id.lastIndexOf('/'))}/pip-natgw-v2-b`;
  const second = {
    id,
    name: 'pip-natgw-v2-b',
    type: first.type,
    location: first.location,
    sku: first.sku,
    properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
  };
  const grown = {
    ...nat,
    properties: {
      ...nat.properties,
      publicIpAddresses: [...(nat.properties.publicIpAddresses ?? []), { id }],
    },
  };
  const r = apply(
    world,
    [
      { op: 'put', resource: second },
      { op: 'put', resource: grown },
    ],
    { now: LOAD_TIME },
  );
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r.world;
}

const flowFrom = (port: Port, srcPort: number, dstPort = DESTINATION_PORT): Uint8Array =>
  udpFrame({
    srcMac: port.mac,
    dstMac: AZURE_GATEWAY_MAC,
    src: port.addresses[0]!,
    dst: DESTINATION,
    srcPort,
    dstPort,
    payload: PAYLOAD,
  });

/** Injects flows with source ports from..to; counts dispositions and keeps the first trace of each kind. */
function injectFlows(
  engine: Engine,
  port: Port,
  from: number,
  to: number,
): { counts: Map<string, number>; first: Map<string, Trace> } {
  const counts = new Map<string, number>();
  const first = new Map<string, Trace>();
  for (let p = from; p <= to; p++) {
    const t = engine.inject(port, flowFrom(port, p));
    counts.set(t.disposition, (counts.get(t.disposition) ?? 0) + 1);
    if (!first.has(t.disposition)) first.set(t.disposition, t);
  }
  return { counts, first };
}

/** Takes `n` SNAT ports towards the destination in the engine's table of natgw-v2, as n flows from vm-v2 would. */
function holdPorts(engine: Engine, world: World, port: Port, n: number): void {
  const table = engine.natTable(natGateway(world, 'natgw-v2'));
  for (let p = 1; p <= n; p++) {
    const r = table.outbound(
      { protocol: 17, src: port.addresses[0]!, srcPort: p, dst: DESTINATION, dstPort: DESTINATION_PORT },
      engine.now(),
    );
    assert.ok(r.ok, `port ${p} of ${n}`);
  }
}

const summary = (counts: Map<string, number>, first: Map<string, Trace>): string =>
  [...counts].map(([d, n]) => `${d}: ${n}\n${renderTrace(first.get(d)!)}`).join('\n');

describe('scenario snat-exhaustion: 64,512 ports per public IP and destination', () => {
  const { world } = loadExample('nat-gateway-icmp/topology.yaml');

  it('with one public IP, 64,512 concurrent flows to one ip:port are translated and the next is SnatExhausted', () => {
    assert.equal(PORTS_PER_IP, 64_512);
    const lab = new Lab(world);
    const port = lab.engine.port('vm-v2');
    assert.ok(port);
    const { counts, first } = injectFlows(lab.engine, port, 1, PORTS_PER_IP);
    assert.deepEqual([...counts], [['DeliveredToInternet', PORTS_PER_IP]], summary(counts, first));

    const last = lab.engine.inject(port, flowFrom(port, PORTS_PER_IP + 1));
    assert.equal(last.disposition, 'SnatExhausted', renderTrace(last));
    assert.match(last.reason, /natgw-v2/);
    assert.match(last.reason, /203\.0\.113\.7:9000/);
    assert.equal(stepOf(last, 'Nat', 'Dropped').resource?.name, 'natgw-v2');

    // The same source towards another destination endpoint still gets a port (ports are per destination).
    const other = lab.engine.inject(port, flowFrom(port, PORTS_PER_IP + 1, DESTINATION_PORT + 1));
    assert.equal(other.disposition, 'DeliveredToInternet', renderTrace(other));
    // The 64,512 reached the internet from 64,512 distinct public ports of the one address.
    const toDestination = (lab.outside('Internet')?.received ?? [])
      .map((r) => headersOf(r.frame))
      .filter((h) => h.dstPort === DESTINATION_PORT);
    assert.equal(toDestination.length, PORTS_PER_IP);
    assert.equal(new Set(toDestination.map((h) => h.srcPort)).size, PORTS_PER_IP);
    assert.equal(new Set(toDestination.map((h) => h.src)).size, 1);
  });

  it('with two public IPs the 64,513th flow and those after it are translated', () => {
    const grown = withSecondPublicIp(world);
    const lab = new Lab(grown);
    const port = lab.engine.port('vm-v2');
    assert.ok(port);
    // The first 64,512 flows take their ports in the engine's own table of the gateway (injecting them is what
    // the test above does); the flows after them go through the engine.
    holdPorts(lab.engine, grown, port, PORTS_PER_IP);
    const { counts, first } = injectFlows(lab.engine, port, PORTS_PER_IP + 1, PORTS_PER_IP + 16);
    assert.deepEqual([...counts], [['DeliveredToInternet', 16]], summary(counts, first));
    const t = first.get('DeliveredToInternet')!;
    const addresses = resourcesOfType<PublicIPAddress>(grown, T.publicIPAddress).map((p) => p.name);
    assert.deepEqual(addresses.sort(), ['pip-natgw-std', 'pip-natgw-v2', 'pip-natgw-v2-b']);
    const table = lab.engine.natTable(natGateway(grown, 'natgw-v2'));
    const to = stepOf(t, 'Nat', 'Translated').data?.to;
    assert.equal(typeof to, 'string');
    const used = table.portsInUse(mustParseIpv4(String(to)), { ip: DESTINATION, port: DESTINATION_PORT }, 17);
    assert.ok(used > 0, `${String(to)} holds no port`);
    // 64,512 + 16 ports held towards one destination, over both addresses: more than one address has.
    const total = [...lab.engine.fabric.publicOwners]
      .filter(([, o]) => o.kind === 'nat-gateway' && o.natGateway.name === 'natgw-v2')
      .map(([ip]) => table.portsInUse(ip, { ip: DESTINATION, port: DESTINATION_PORT }, 17));
    assert.equal(total.length, 2);
    assert.equal(
      total.reduce((a, b) => a + b, 0),
      PORTS_PER_IP + 16,
      `ports per address: ${total.join(', ')}`,
    );
  });

  // Fidelity: vnetlab restarts a NAT gateway's translation table when its public IPs change (FIDELITY.md).
  it('adding a public IP to the gateway of a running lab lets new flows through again', () => {
    const lab = new Lab(world);
    const port = lab.engine.port('vm-v2');
    assert.ok(port);
    holdPorts(lab.engine, world, port, PORTS_PER_IP);
    const before = lab.engine.inject(port, flowFrom(port, PORTS_PER_IP + 1));
    assert.equal(before.disposition, 'SnatExhausted', renderTrace(before));
    lab.engine.setWorld(withSecondPublicIp(world));
    const after = lab.engine.inject(port, flowFrom(port, PORTS_PER_IP + 1));
    assert.equal(after.disposition, 'DeliveredToInternet', renderTrace(after));
  });
});
