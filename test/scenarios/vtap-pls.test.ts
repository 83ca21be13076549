// Scenario: TAP into an unpeered VNet through Private Link, the working "B2" design. Source: adstuart/vtap-pls-test
// (seed 003); azure-semantics.md §5.1 (PE), §5.2 (PLS: the provider sees the NAT IP), §6.2 (TAP) and §9.4 (IP
// forwarding). examples/vtap-pls: vm-src polls vm-web; its TAP sends the mirror to vm-proxy, which DNATs UDP 4789
// to the private endpoint 10.30.3.4; Private Link carries it to pls-col's NAT IP 10.40.2.5, and the internal load
// balancer ilb-col hands it to vm-col. (R1 and B1, the designs ARM rejects, are checked in test/examples.test.ts.)
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CollectorGuest, NvaGuest } from '../../src/dataplane/guests/index.ts';
import { describeFrame, formatIpv4 } from '../../src/wire/index.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import {
  decapsulate,
  headersOf,
  ipPacketOf,
  loadExample,
  RecordingLab,
  stepOf,
  tempDir,
} from './lab-harness.ts';

const SRC = '10.30.1.4';
const WEB = '10.30.1.5';
const PROXY = '10.30.4.4';
const PE = '10.30.3.4';
const PLS_NAT = '10.40.2.5';
const COL = '10.40.3.4';

describe('scenario vtap-pls: the mirror crosses into vnet-dst through the proxy and Private Link', () => {
  const { world, topology } = loadExample('vtap-pls/topology.yaml');
  const mirror = topology.traffic.mirror;
  assert.ok(mirror, 'vtap-pls declares traffic mirror');
  const rl = new RecordingLab(world, { guests: topology.guests });
  const results = rl.run(mirror);
  const col = rl.lab.guest(rl.port('vm-col')) as CollectorGuest | undefined;
  const proxy = rl.lab.guest(rl.port('vm-proxy')) as NvaGuest | undefined;
  const tap = rl.port('vm-src').tap;
  const tmp = tempDir();
  after(tmp.remove);

  it("vm-src gets vm-web's page", () => {
    for (const r of results) {
      assert.equal(r.kind, 'http');
      if (r.kind !== 'http') continue;
      assert.equal(r.session.state, 'done', rl.explain('HTTP session'));
      assert.equal(r.session.body, '<h1>vm-web</h1>\n');
    }
    assert.equal(results.length, 2);
  });

  it('vm-proxy receives the VXLAN stream and forwards it DNATed to the private endpoint', () => {
    assert.equal(proxy?.kind, 'nva');
    const inbound = rl.at('vm-proxy', 'in').map(headersOf);
    const outbound = rl.at('vm-proxy', 'out').map(headersOf);
    assert.ok(inbound.length > 0, rl.explain('nothing reached vm-proxy'));
    assert.equal(outbound.length, inbound.length, rl.explain('vm-proxy forwards every mirrored packet'));
    for (const [i, h] of inbound.entries()) {
      const o = outbound[i]!;
      const where = rl.explain(`vm-proxy packet ${i}`);
      assert.deepEqual([formatIpv4(h.src), formatIpv4(h.dst), h.dstPort], [SRC, PROXY, 4789], where);
      // PREROUTING DNAT changes only the destination; the source stays the TAP's (vm-src).
      assert.deepEqual(
        [formatIpv4(o.src), formatIpv4(o.dst), o.srcPort, o.dstPort],
        [SRC, PE, h.srcPort, 4789],
        where,
      );
      assert.equal(o.ttl, h.ttl - 1, where);
    }
    assert.equal(proxy.forwarded, inbound.length);
    assert.equal(proxy.dropped, 0);
  });

  it("vm-col receives it from the PLS NAT IP 10.40.2.5, with vm-src's packets intact inside", () => {
    assert.equal(col?.kind, 'collector');
    assert.ok(tap);
    const received = col.received.map((r) => r.frame);
    assert.ok(received.length > 0, rl.explain('vm-col received nothing'));
    for (const frame of received) {
      const { vni, outer } = decapsulate(frame);
      const where = rl.explain(`at vm-col: ${describeFrame(frame)}`);
      assert.equal(formatIpv4(outer.src), PLS_NAT, where);
      assert.equal(formatIpv4(outer.dst), COL, where);
      assert.equal(outer.dstPort, 4789, where);
      assert.equal(vni, tap.vni, where);
    }
    const inner = received.map((f) => ipPacketOf(decapsulate(f).inner)).sort();
    const atSrc = [...rl.at('vm-src', 'out'), ...rl.at('vm-src', 'in')].map(ipPacketOf).sort();
    assert.deepEqual(inner, atSrc, rl.explain('mirror vs vm-src'));
  });

  it('the trace of the mirror stream names the NSG rule, the proxy, Private Link and the load balancer', () => {
    const streams = rl.traces.filter(
      (t) => t.packet.startsWith(`UDP ${SRC}:`) && t.packet.endsWith(`> ${PROXY}:4789`),
    );
    assert.ok(streams.length > 0, rl.explain('no trace of the TAP stream'));
    for (const t of streams) {
      const where = rl.explain('mirror stream', t);
      assert.equal(t.disposition, 'Delivered', where);
      assert.deepEqual(
        t.hops.map((h) => `${h.node} ${h.direction}`),
        [
          'vm-src-nic Outbound',
          'vm-proxy-nic Inbound',
          'vm-proxy-nic Outbound',
          'pe-col-nic Inbound',
          'vm-col-nic Inbound',
        ],
        where,
      );
      assert.equal(stepOf(t, 'Security', 'Allowed').resource?.name, 'allow-vxlan-from-src', where);
      stepOf(t, 'Guest', 'Forwarded');
      assert.equal(
        t.hops[2]?.steps.find((s) => s.type === 'Route')?.data?.nextHopType,
        'InterfaceEndpoint',
        where,
      );
      const link = stepOf(t, 'PrivateLink', 'Translated');
      assert.equal(link.resource?.name, 'pls-col', where);
      assert.equal(link.data?.natIp, PLS_NAT, where);
      const lb = stepOf(t, 'LoadBalancer', 'Translated');
      assert.equal(lb.resource?.name, 'vxlan-4789', where);
      assert.equal(lb.data?.backend, 'vm-col', where);
      assert.equal(t.hops[4]?.packet.startsWith(`UDP ${PLS_NAT}:`), true, where);
    }
  });

  it(
    "tshark on vm-col's capture: outer 10.40.2.5 > 10.40.3.4 UDP 4789, inner HTTP between vm-src and vm-web",
    { skip: !hasTshark() && 'tshark is not installed' },
    () => {
      const file = rl.capture(join(tmp.dir, 'vm-col.pcapng'), ['vm-col']);
      const rows = tsharkFields(file, [
        'ip.src',
        'ip.dst',
        'udp.dstport',
        'tcp.srcport',
        'tcp.dstport',
        'http.request.method',
        'http.response.code',
      ]);
      assert.equal(rows.length, col?.received.length, `tshark rows:\n${rows.join('\n')}`);
      for (const [src, dst, udpPort, sport, dport] of rows) {
        const why = `tshark row ${[src, dst, udpPort, sport, dport].join(' ')}`;
        const [outerSrc, innerSrc] = (src ?? '').split(',');
        const [outerDst, innerDst] = (dst ?? '').split(',');
        assert.deepEqual([outerSrc, outerDst, udpPort], [PLS_NAT, COL, '4789'], why);
        const fromSrc = innerSrc === SRC;
        assert.deepEqual(
          fromSrc ? [innerSrc, innerDst, dport] : [innerDst, innerSrc, sport],
          [SRC, WEB, '80'],
          why,
        );
      }
      assert.equal(rows.filter((r) => r[5] === 'GET').length, 2, 'GET requests seen by tshark');
      assert.equal(rows.filter((r) => r[6] === '200').length, 2, 'HTTP 200 responses seen by tshark');
    },
  );
});
