import { test } from 'node:test';
import assert from 'node:assert/strict';
import { icmpEchoFrame, mustParseIpv4, parseHeaders, tcp, tcpFrame, udpFrame } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import { createHostGuest } from './host.ts';
import { createInternetGuest } from './internet.ts';
import { createLab, fakeHost, frameProblem } from './test-helpers.ts';

const ip = mustParseIpv4;

function internetLab(name = 'Internet') {
  const lab = createLab();
  const vm = lab.add('vm1', ['10.0.1.4'], (h) => createHostGuest(h, { kind: 'host' }));
  const internet = lab.add(name, [], (h) => createInternetGuest(h));
  lab.fallback(name);
  return { lab, vm, internet };
}

test('every internet address answers ping, from itself', () => {
  const { lab, vm } = internetLab();
  const a = vm.ping(ip('8.8.8.8'));
  const b = vm.ping(ip('1.1.1.1'));
  lab.run();
  assert.deepEqual(
    [...a.replies, ...b.replies].map((r) => r.from),
    [ip('8.8.8.8'), ip('1.1.1.1')],
  );
});

test('TCP 80 and 443 serve the internet page from the address asked', () => {
  const { lab, vm } = internetLab();
  const http = vm.httpGet(ip('93.184.216.34'));
  const https = vm.httpGet(ip('20.20.20.20'), 443);
  const other = vm.httpGet(ip('20.20.20.20'), 22);
  lab.run();
  assert.deepEqual([http.status, http.body], [200, '<h1>internet</h1>\n'], lab.log.join('\n'));
  assert.deepEqual([https.status, https.body], [200, '<h1>internet</h1>\n']);
  assert.equal(other.state, 'reset');
  assert.ok(
    lab.log.some((l) => l.includes('20.20.20.20.443 > 10.0.1.4.49153')),
    lab.log.join('\n'),
  );
});

test('on-premises is named in its page', () => {
  const { lab, vm } = internetLab('OnPremises');
  const session = vm.httpGet(ip('192.168.10.4'));
  lab.run();
  assert.equal(session.body, '<h1>onpremises</h1>\n');
});

test('UDP 7 echoes; other UDP ports are silent', () => {
  const host = fakeHost('Internet', []);
  const guest = createInternetGuest(host);
  const datagram = (port: number) =>
    udpFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.1.4'),
      dst: ip('203.0.113.9'),
      srcPort: 50000,
      dstPort: port,
      payload: new TextEncoder().encode('echo me'),
    });
  guest.receive(datagram(7));
  guest.receive(datagram(9));
  assert.equal(host.sent.length, 1);
  const frame = host.sent[0]!;
  assert.equal(frameProblem(frame), undefined);
  const h = parseHeaders(frame);
  assert.ok(h.ok);
  assert.deepEqual(
    [h.value.src, h.value.srcPort, h.value.dst, h.value.dstPort],
    [ip('203.0.113.9'), 7, ip('10.0.1.4'), 50000],
  );
  assert.equal(new TextDecoder().decode(frame.subarray(h.value.payloadOffset)), 'echo me');
  assert.equal(guest.received.length, 2);
});

test('echo replies and stray segments get no answer (nothing pings from the internet)', () => {
  const host = fakeHost('Internet', []);
  const guest = createInternetGuest(host);
  guest.receive(
    icmpEchoFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.1.4'),
      dst: ip('8.8.8.8'),
      type: 0,
      ident: 1,
      seq: 1,
    }),
  );
  guest.receive(
    tcpFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.1.4'),
      dst: ip('8.8.8.8'),
      srcPort: 50000,
      dstPort: 80,
      seq: 5,
      ack: 9,
      flags: tcp.Flags.RST,
    }),
  );
  assert.equal(host.sent.length, 0);
});
