// Scenario: ping through a NAT gateway. Source: "ICMP Support for Azure StandardV2 NAT Gateway" (Microsoft Tech
// Community, seed 000) and the nat-sku doc; azure-semantics.md §4.1 ("Standard = TCP, UDP only (no ICMP).
// StandardV2 = TCP, UDP, ICMP Echo Request/Reply"). examples/nat-gateway-icmp: two private subnets, one behind a
// StandardV2 gateway, one behind a Standard gateway, each with a public IP of its SKU.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { publicAddressOf } from '../../src/dataplane/fabric.ts';
import type { PublicIPAddress, World } from '../../src/model/index.ts';
import { resourcesOfType, T } from '../../src/model/index.ts';
import { formatIpv4, mustParseIpv4 } from '../../src/wire/index.ts';
import { headersOf, loadExample, RecordingLab, stepOf } from './lab-harness.ts';

const GOOGLE_DNS = mustParseIpv4('8.8.8.8');
const ICMP = 1;

/** The address a public IP resource stands for in the lab. */
function publicIp(world: World, name: string): string {
  const pip = resourcesOfType<PublicIPAddress>(world, T.publicIPAddress).find((p) => p.name === name);
  assert.ok(pip, `public IP ${name}`);
  return formatIpv4(publicAddressOf(pip));
}

describe('scenario nat-gateway-icmp: StandardV2 translates ping, Standard does not', () => {
  const { world, topology } = loadExample('nat-gateway-icmp/topology.yaml');
  const { v2, standard } = topology.traffic;
  assert.ok(v2 && standard, 'nat-gateway-icmp declares traffic v2 and standard');

  it("from the StandardV2 subnet ping gets its replies, sent from natgw-v2's public IP", () => {
    const pip = publicIp(world, 'pip-natgw-v2');
    const rl = new RecordingLab(world, { guests: topology.guests });
    const [ping, http] = rl.run(v2);
    assert.equal(ping?.kind, 'ping');
    if (ping?.kind !== 'ping') return;
    assert.equal(ping.session.sent, 2);
    assert.equal(ping.session.received, 2, rl.explain('echo replies at vm-v2'));
    assert.deepEqual(
      ping.session.replies.map((r) => [formatIpv4(r.from), r.seq]),
      [
        ['8.8.8.8', 1],
        ['8.8.8.8', 2],
      ],
    );
    const requests = rl.traces.filter((t) => t.packet.startsWith('ICMP 10.70.1.4 > 8.8.8.8 echo request'));
    assert.equal(requests.length, 2, rl.explain('echo request traces'));
    for (const t of requests) {
      const where = rl.explain('echo request', t);
      assert.equal(t.disposition, 'DeliveredToInternet', where);
      const nat = stepOf(t, 'Nat', 'Translated');
      assert.equal(nat.resource?.name, 'natgw-v2', where);
      assert.equal(nat.data?.to, pip, where);
      assert.ok(t.hops.at(-1)?.packet.startsWith(`ICMP ${pip} > 8.8.8.8`), where);
    }
    // What the internet saw: echo requests from the gateway's public IP, never from the private address.
    const seen = rl
      .at('Internet', 'in')
      .map(headersOf)
      .filter((h) => h.protocol === ICMP);
    assert.equal(seen.length, 2, rl.explain('echo requests on the internet'));
    for (const h of seen) assert.deepEqual([formatIpv4(h.src), h.dst, h.icmpType], [pip, GOOGLE_DNS, 8]);

    assert.equal(http?.kind === 'http' && http.session.body, '<h1>internet</h1>\n', rl.explain('HTTP'));
    const syn = rl.traces.find((t) => t.packet.startsWith('TCP 10.70.1.4:') && t.packet.endsWith('[S]'));
    assert.ok(syn, rl.explain('no SYN trace'));
    assert.equal(stepOf(syn, 'Nat', 'Translated').data?.to, pip, rl.explain('SYN', syn));
  });

  it('from the Standard subnet ping is dropped as ProtocolNotSupported by natgw-std; TCP still works', () => {
    const pip = publicIp(world, 'pip-natgw-std');
    const rl = new RecordingLab(world, { guests: topology.guests });
    const [ping, http] = rl.run(standard);
    assert.equal(ping?.kind === 'ping' && ping.session.received, 0, rl.explain('no echo reply expected'));
    const requests = rl.traces.filter((t) => t.packet.startsWith('ICMP 10.70.2.4 > 8.8.8.8 echo request'));
    assert.equal(requests.length, 2, rl.explain('echo request traces'));
    for (const t of requests) {
      const where = rl.explain('echo request', t);
      assert.equal(t.disposition, 'ProtocolNotSupported', where);
      assert.match(t.reason, /natgw-std/, where);
      assert.equal(stepOf(t, 'Nat', 'Dropped').resource?.name, 'natgw-std', where);
    }
    assert.equal(
      rl
        .at('Internet', 'in')
        .map(headersOf)
        .filter((h) => h.protocol === ICMP).length,
      0,
      rl.explain('ICMP on the internet'),
    );

    assert.equal(http?.kind === 'http' && http.session.status, 200, rl.explain('HTTP'));
    assert.equal(http?.kind === 'http' && http.session.body, '<h1>internet</h1>\n');
    const syn = rl.traces.find((t) => t.packet.startsWith('TCP 10.70.2.4:') && t.packet.endsWith('[S]'));
    assert.ok(syn, rl.explain('no SYN trace'));
    const nat = stepOf(syn, 'Nat', 'Translated');
    assert.equal(nat.resource?.name, 'natgw-std', rl.explain('SYN', syn));
    assert.equal(nat.data?.to, pip);
    const tcpOut = rl
      .at('Internet', 'in')
      .map(headersOf)
      .filter((h) => h.protocol === 6);
    assert.ok(
      tcpOut.length > 0 && tcpOut.every((h) => formatIpv4(h.src) === pip),
      rl.explain('TCP on the internet'),
    );
  });
});
