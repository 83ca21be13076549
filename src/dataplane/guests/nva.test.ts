import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeFrame,
  icmpEchoFrame,
  mustParseIpv4,
  parseHeaders,
  tcp,
  tcpFrame,
  udpFrame,
} from '../../wire/index.ts';
import type { Headers as FrameHeaders } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import { createHostGuest } from './host.ts';
import { createInternetGuest } from './internet.ts';
import { createNvaGuest } from './nva.ts';
import type { NvaSpec } from './spec.ts';
import { createLab, fakeHost, frameProblem } from './test-helpers.ts';

const ip = mustParseIpv4;
const NVA = '10.30.4.4';

function udpTo(
  dst: string,
  dstPort: number,
  opts: { src?: string; srcPort?: number; ttl?: number } = {},
): Uint8Array {
  return udpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: '00:0d:3a:00:00:99',
    src: ip(opts.src ?? '10.30.1.4'),
    dst: ip(dst),
    srcPort: opts.srcPort ?? 51000,
    dstPort,
    ttl: opts.ttl ?? 64,
    payload: new TextEncoder().encode('vxlan-ish payload'),
  });
}

/** The frame the NVA sent, decoded after checking every checksum. */
function out(frame: Uint8Array | undefined): FrameHeaders {
  assert.ok(frame !== undefined, 'the NVA sent nothing');
  assert.equal(frameProblem(frame), undefined, describeFrame(frame));
  const h = parseHeaders(frame);
  assert.ok(h.ok);
  return h.value;
}

function nva(spec: Omit<NvaSpec, 'kind'> = {}) {
  const host = fakeHost('vm-proxy', [NVA]);
  const guest = createNvaGuest(host, { kind: 'nva', ...spec });
  return { host, guest };
}

test('DNAT of UDP 4789 to another address rewrites the destination, keeps checksums valid (seed 003 B2)', () => {
  const { host, guest } = nva({ dnat: [{ protocol: 'udp', port: 4789, to: '10.30.3.4' }] });
  const frame = udpTo(NVA, 4789);
  const before = frame.slice();
  guest.receive(frame);
  assert.deepEqual(frame, before, 'the delivered frame is not modified in place');
  const h = out(host.sent[0]);
  assert.deepEqual(
    [h.src, h.dst, h.srcPort, h.dstPort, h.ttl, h.srcMac, h.dstMac],
    [ip('10.30.1.4'), ip('10.30.3.4'), 51000, 4789, 63, host.mac, AZURE_GATEWAY_MAC],
  );
  assert.equal(new TextDecoder().decode(host.sent[0]!.subarray(h.payloadOffset)), 'vxlan-ish payload');
  assert.equal(guest.forwarded, 1);
  assert.equal(
    guest.events[0]?.detail,
    '10.30.1.4:51000 > 10.30.4.4:4789 as 10.30.1.4:51000 > 10.30.3.4:4789 by route 0.0.0.0/0 via 10.30.4.1 (DNAT)',
  );
});

test('DNAT with toPort changes the port; a reply from the target is translated back to the NVA', () => {
  const { host, guest } = nva({ dnat: [{ protocol: 'udp', port: 4789, to: '10.30.3.4', toPort: 8472 }] });
  guest.receive(udpTo(NVA, 4789));
  const fwd = out(host.sent[0]);
  assert.deepEqual([fwd.dst, fwd.dstPort], [ip('10.30.3.4'), 8472]);
  // If the reply comes back through the NVA (a UDR), it leaves from the address the client spoke to.
  guest.receive(udpTo('10.30.1.4', 51000, { src: '10.30.3.4', srcPort: 8472 }));
  const back = out(host.sent[1]);
  assert.deepEqual([back.src, back.srcPort, back.dst, back.dstPort], [ip(NVA), 4789, ip('10.30.1.4'), 51000]);
});

test('DNAT to another host needs ip_forward: with forwarding off the packet is dropped', () => {
  const { host, guest } = nva({
    forwarding: false,
    dnat: [{ protocol: 'udp', port: 4789, to: '10.30.3.4' }],
  });
  guest.receive(udpTo(NVA, 4789));
  assert.equal(host.sent.length, 0);
  assert.equal(guest.dropped, 1);
});

test('forwarding without NAT keeps addresses, decrements TTL and readdresses the MACs', () => {
  const { host, guest } = nva();
  guest.receive(udpTo('10.1.0.9', 53, { ttl: 10 }));
  const h = out(host.sent[0]);
  assert.deepEqual(
    [h.src, h.dst, h.ttl, h.srcMac, h.dstMac],
    [ip('10.30.1.4'), ip('10.1.0.9'), 9, host.mac, AZURE_GATEWAY_MAC],
  );
  assert.match(guest.events[0]?.detail ?? '', /by route 0\.0\.0\.0\/0 via 10\.30\.4\.1/);
});

test('a packet arriving with TTL 1 is dropped, not forwarded with TTL 0', () => {
  const { host, guest } = nva();
  guest.receive(udpTo('10.1.0.9', 53, { ttl: 1 }));
  assert.equal(host.sent.length, 0);
  assert.deepEqual([guest.forwarded, guest.dropped], [0, 1]);
  assert.match(guest.events[0]?.detail ?? '', /TTL 1 expired/);
});

test('ip_forward off: packets for others are dropped; the NVA still answers for itself', () => {
  const { host, guest } = nva({ forwarding: false });
  guest.receive(udpTo('10.1.0.9', 53));
  assert.equal(guest.dropped, 1);
  guest.receive(
    icmpEchoFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.30.1.4'),
      dst: ip(NVA),
      type: 8,
      ident: 3,
      seq: 1,
    }),
  );
  const reply = out(host.sent[0]);
  assert.deepEqual([reply.icmpType, reply.src, reply.dst], [0, ip(NVA), ip('10.30.1.4')]);
  assert.equal(guest.dropped, 1);
});

test('routes: longest prefix wins, a drop route drops, an uncovered destination is dropped', () => {
  const { host, guest } = nva({
    routes: [
      { prefix: '10.0.0.0/8', nextHop: '10.30.4.1' },
      { prefix: '10.66.0.0/16', nextHop: 'drop' },
    ],
  });
  guest.receive(udpTo('10.1.0.9', 53));
  guest.receive(udpTo('10.66.0.9', 53));
  guest.receive(udpTo('192.168.0.9', 53));
  assert.equal(host.sent.length, 1);
  assert.deepEqual([guest.forwarded, guest.dropped], [1, 2]);
  assert.deepEqual(
    guest.events.map((e) => e.action),
    ['Forwarded', 'Dropped', 'Dropped'],
  );
  assert.match(guest.events[1]?.detail ?? '', /route 10\.66\.0\.0\/16 \(drop\) drops it/);
  assert.match(guest.events[2]?.detail ?? '', /no route to 192\.168\.0\.9/);
});

test('TCP to the NVA itself with no listener is reset; with a listener it serves its name', () => {
  const { host, guest } = nva();
  const syn = (port: number) =>
    tcpFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.30.1.4'),
      dst: ip(NVA),
      srcPort: 40000,
      dstPort: port,
      seq: 1,
      ack: 0,
      flags: tcp.Flags.SYN,
    });
  guest.receive(syn(80));
  assert.equal(out(host.sent[0]).tcpFlags, tcp.Flags.RST | tcp.Flags.ACK);

  const served = fakeHost('vm-proxy', [NVA]);
  const withListener = createNvaGuest(served, { kind: 'nva', listen: [{ protocol: 'tcp', port: 80 }] });
  withListener.receive(syn(80));
  assert.equal(out(served.sent[0]).tcpFlags, tcp.Flags.SYN | tcp.Flags.ACK);
});

/** vm1 (10.0.1.4) reaches the internet through the NVA (a UDR 0.0.0.0/0 → NVA), which masquerades. */
function egressLab(spec: Omit<NvaSpec, 'kind'>) {
  const lab = createLab();
  const vm1 = lab.add('vm1', ['10.0.1.4'], (h) => createHostGuest(h, { kind: 'host' }));
  const vm3 = lab.add('vm3', ['10.0.1.5'], (h) => createHostGuest(h, { kind: 'host' }));
  const fw = lab.add('fw', ['10.0.2.4'], (h) => createNvaGuest(h, { kind: 'nva', ...spec }));
  const internet = lab.add('Internet', [], (h) => createInternetGuest(h));
  lab.via('0.0.0.0/0', 'fw');
  lab.fallback('Internet');
  return { lab, vm1, vm3, fw, internet };
}

test('SNAT: traffic leaves from the NVA address and replies are translated back (HTTP and ping)', () => {
  const { lab, vm1, fw, internet } = egressLab({ snat: [{}] });
  const session = vm1.httpGet(ip('93.184.216.34'));
  const ping = vm1.ping(ip('8.8.8.8'), 2);
  lab.run();
  assert.equal(session.state, 'done', lab.log.join('\n'));
  assert.equal(session.body, '<h1>internet</h1>\n');
  assert.equal(ping.received, 2, lab.log.join('\n'));
  assert.deepEqual(
    ping.replies.map((r) => r.from),
    [ip('8.8.8.8'), ip('8.8.8.8')],
  );
  const sources = new Set(
    internet.received.map((r) => {
      const h = parseHeaders(r.frame);
      return h.ok ? h.value.src : -1;
    }),
  );
  assert.deepEqual([...sources], [ip('10.0.2.4')], 'the internet only ever sees the NVA');
  assert.equal(fw.dropped, 0);
  assert.equal(fw.forwarded, 9 + 4, 'nine TCP segments and four ICMP messages');
});

test('SNAT keeps a source port unless the translated tuple is taken, then picks another', () => {
  const { lab, vm1, vm3, internet } = egressLab({ snat: [{ destination: '0.0.0.0/0', to: '10.0.2.4' }] });
  // Both clients' first ephemeral port is 49152: the second flow must move.
  const a = vm1.httpGet(ip('93.184.216.34'));
  const b = vm3.httpGet(ip('93.184.216.34'));
  lab.run();
  assert.deepEqual(
    [a.state, b.state, a.localPort, b.localPort],
    ['done', 'done', 49152, 49152],
    lab.log.join('\n'),
  );
  const ports = new Set(
    internet.received.map((r) => {
      const h = parseHeaders(r.frame);
      return h.ok ? h.value.srcPort : -1;
    }),
  );
  assert.deepEqual([...ports].sort(), [49152, 49153]);
});

test('SNAT applies only to destinations its rule covers', () => {
  const { host, guest } = nva({ snat: [{ destination: '10.1.0.0/16' }] });
  guest.receive(udpTo('10.1.0.9', 53));
  guest.receive(udpTo('10.2.0.9', 53));
  assert.deepEqual(
    host.sent.map((f) => out(f).src),
    [ip(NVA), ip('10.30.1.4')],
  );
});

test('DNAT plus masquerade: a client reaches a web VM through the NVA address (port forwarding)', () => {
  const lab = createLab();
  const client = lab.add('client', ['10.0.1.4'], (h) => createHostGuest(h, { kind: 'host' }));
  lab.add('web', ['10.0.3.4'], (h) => createHostGuest(h, { kind: 'host' }));
  const fw = lab.add('fw', ['10.0.2.4'], (h) =>
    createNvaGuest(h, {
      kind: 'nva',
      dnat: [{ protocol: 'tcp', port: 8080, to: '10.0.3.4', toPort: 80 }],
      snat: [{}],
    }),
  );
  const session = client.httpGet(ip('10.0.2.4'), 8080);
  lab.run();
  assert.equal(session.state, 'done', lab.log.join('\n'));
  assert.equal(session.body, '<h1>web</h1>\n');
  assert.equal(fw.dropped, 0);
  assert.ok(
    lab.log.some((l) => l.startsWith('fw -> web: 10.0.2.4.49152 > 10.0.3.4.80')),
    lab.log.join('\n'),
  );
});

test('the NVA records what it receives and drops what does not parse', () => {
  const { host, guest } = nva();
  guest.receive(new Uint8Array([1, 2, 3]));
  assert.equal(guest.received.length, 1);
  assert.equal(guest.dropped, 1);
  assert.equal(host.sent.length, 0);
});
