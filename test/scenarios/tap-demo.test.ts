// Scenario: the virtual network TAP demo. Source: "A demonstration of Virtual Network TAP" (Microsoft Azure
// Networking Blog, 2026-04-15; seed 004) and seed 001; azure-semantics.md §6.2 (a deep copy of every packet in
// and out of the NIC, VXLAN on UDP 4789, outer source the VM's IP, outer destination the collector's).
// examples/tap-demo: vm1 polls vm2 and vm3 over HTTP; the collector in the peered VNet receives the mirror.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CollectorGuest } from '../../src/dataplane/guests/index.ts';
import { describeFrame, formatIpv4, mustParseIpv4 } from '../../src/wire/index.ts';
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

const VM1 = '10.0.2.4';
const COLLECTOR = '10.1.1.4';

describe('scenario tap-demo: vm1 mirrored to a collector in a peered VNet', () => {
  const { world, topology } = loadExample('tap-demo/topology.yaml');
  const poll = topology.traffic.poll;
  assert.ok(poll, 'tap-demo declares traffic poll');
  const rl = new RecordingLab(world, { guests: topology.guests });
  const results = rl.run(poll);
  const collector = rl.lab.guest(rl.port('vm-collector')) as CollectorGuest | undefined;
  const tap = rl.port('vm1').tap;
  const tmp = tempDir();
  after(tmp.remove);

  it('vm1 gets each web page, named by the VM that served it', () => {
    const pages = results.map((r) =>
      r.kind === 'http' ? [r.step.to, r.session.state, r.session.status, r.session.body] : [],
    );
    assert.deepEqual(
      pages,
      [
        ['vm2', 'done', 200, '<h1>vm2</h1>\n'],
        ['vm2', 'done', 200, '<h1>vm2</h1>\n'],
        ['vm3', 'done', 200, '<h1>vm3</h1>\n'],
        ['vm3', 'done', 200, '<h1>vm3</h1>\n'],
      ],
      rl.explain('HTTP sessions'),
    );
  });

  it('the collector receives every packet in and out of vm1, VXLAN from 10.0.2.4 to 10.1.1.4:4789', () => {
    assert.equal(collector?.kind, 'collector');
    assert.ok(tap, 'vm1 has a TAP');
    const received = collector.received.map((r) => r.frame);
    assert.ok(received.length > 0, rl.explain('the collector received nothing'));
    for (const frame of received) {
      const { vni, outer } = decapsulate(frame);
      const where = rl.explain(`mirrored frame ${describeFrame(frame)}`);
      assert.equal(formatIpv4(outer.src), VM1, where);
      assert.equal(formatIpv4(outer.dst), COLLECTOR, where);
      assert.equal(outer.dstPort, 4789, where);
      assert.equal(vni, tap.vni, where);
    }
    // The inner frames are vm1's packets, both directions, byte for byte from the IP header on.
    const inner = received.map((f) => ipPacketOf(decapsulate(f).inner)).sort();
    const atVm1 = [...rl.at('vm1', 'out'), ...rl.at('vm1', 'in')].map(ipPacketOf).sort();
    assert.deepEqual(inner, atVm1, rl.explain('mirror vs vm1'));
    // What vm1 sent is mirrored with its Ethernet header too (source MAC vm1's, to Azure's gateway MAC).
    const innerFrames = new Set(received.map((f) => Buffer.from(decapsulate(f).inner).toString('hex')));
    for (const sent of rl.at('vm1', 'out'))
      assert.ok(
        innerFrames.has(Buffer.from(sent).toString('hex')),
        rl.explain(`not mirrored whole: ${describeFrame(sent)}`),
      );
  });

  it('the mirror carries the whole exchanges: handshakes, requests and the pages', () => {
    const inner = (collector?.received ?? []).map((r) => decapsulate(r.frame).inner);
    for (const server of ['10.0.2.5', '10.0.2.6']) {
      const ip = mustParseIpv4(server);
      const toServer = inner.map(headersOf).filter((h) => h.dst === ip);
      const fromServer = inner.map(headersOf).filter((h) => h.src === ip);
      const SYN = 0x02;
      const ACK = 0x10;
      assert.equal(toServer.filter((h) => h.tcpFlags === SYN).length, 2, rl.explain(`SYNs to ${server}`));
      assert.equal(
        fromServer.filter((h) => h.tcpFlags === (SYN | ACK)).length,
        2,
        rl.explain(`SYN-ACKs from ${server}`),
      );
      const text = (f: Uint8Array): string => {
        const h = headersOf(f);
        return Buffer.from(f.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength)).toString('latin1');
      };
      const payloads = inner.map(text).join('');
      const name = server === '10.0.2.5' ? 'vm2' : 'vm3';
      assert.equal(
        payloads.split(`GET / HTTP/1.1\r\nHost: ${server}`).length - 1,
        2,
        rl.explain(`GETs to ${name}`),
      );
      assert.equal(payloads.split(`<h1>${name}</h1>`).length - 1, 2, rl.explain(`pages of ${name}`));
    }
  });

  it('traces name the TAP on vm1 and the NSG rule and peering route the mirror stream takes', () => {
    const syn = rl.traces[0];
    assert.ok(syn);
    assert.equal(stepOf(syn, 'Tap', 'Copied').resource?.name, 'vtap-collector');
    const mirrors = rl.traces.filter(
      (t) => t.packet.startsWith(`UDP ${VM1}:`) && t.packet.includes(`> ${COLLECTOR}:4789`),
    );
    assert.ok(mirrors.length > 0, rl.explain('no trace of the VXLAN stream'));
    for (const t of mirrors) {
      assert.equal(t.disposition, 'Delivered', rl.explain('mirror trace', t));
      assert.equal(stepOf(t, 'Route', 'Matched').data?.nextHopType, 'VNetPeering');
      assert.equal(stepOf(t, 'Security', 'Allowed').resource?.name, 'allow-vxlan-from-web');
    }
  });

  it(
    'tshark decodes the collector capture: VXLAN, the inner tuple, GET and 200',
    { skip: !hasTshark() && 'tshark is not installed' },
    () => {
      const file = rl.capture(join(tmp.dir, 'collector.pcapng'), ['vm-collector']);
      const rows = tsharkFields(file, [
        'vxlan.vni',
        'ip.src',
        'ip.dst',
        'tcp.srcport',
        'tcp.dstport',
        'http.request.method',
        'http.response.code',
      ]);
      assert.equal(rows.length, collector?.received.length, rl.explain(`tshark rows:\n${rows.join('\n')}`));
      const servers = new Set(['10.0.2.5', '10.0.2.6']);
      for (const [vni, src, dst, sport, dport] of rows) {
        const why = `tshark row ${[vni, src, dst, sport, dport].join(' ')}`;
        assert.equal(Number(vni), tap?.vni, why);
        const [outerSrc, innerSrc] = (src ?? '').split(',');
        const [outerDst, innerDst] = (dst ?? '').split(',');
        assert.equal(outerSrc, VM1, why);
        assert.equal(outerDst, COLLECTOR, why);
        // One side of the inner tuple is vm1 on an ephemeral port, the other a web server on 80.
        const pair = innerSrc === VM1 ? [innerDst, dport, sport] : [innerSrc, sport, dport];
        assert.ok(servers.has(pair[0] ?? ''), why);
        assert.equal(pair[1], '80', why);
        assert.ok(Number(pair[2]) >= 49152, why);
      }
      assert.equal(rows.filter((r) => r[5] === 'GET').length, 4, 'GET requests seen by tshark');
      assert.equal(rows.filter((r) => r[6] === '200').length, 4, 'HTTP 200 responses seen by tshark');
    },
  );
});
