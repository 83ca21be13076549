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
import { AZURE_GATEWAY_MAC } from '../types.ts';
import { createHostGuest } from './host.ts';
import { createLab, fakeHost, frameProblem } from './test-helpers.ts';

const ip = mustParseIpv4;

function twoHosts(serverListen?: { protocol: 'tcp' | 'udp'; port: number }[]) {
  const lab = createLab();
  const client = lab.add('vm1', ['10.0.2.4'], (h) => createHostGuest(h, { kind: 'host' }));
  const server = lab.add('vm2', ['10.0.2.5'], (h) =>
    createHostGuest(
      h,
      serverListen === undefined ? { kind: 'host' } : { kind: 'host', listen: serverListen },
    ),
  );
  return { lab, client, server };
}

test('HTTP between two hosts: 200 with the server VM name, then both sides close', () => {
  const { lab, client } = twoHosts();
  const session = client.httpGet(ip('10.0.2.5'));
  assert.equal(session.state, 'connecting');
  lab.run();
  assert.equal(session.state, 'done', lab.log.join('\n'));
  assert.equal(session.status, 200);
  assert.equal(session.body, '<h1>vm2</h1>\n');
  assert.equal(session.localPort, 49152);
  // Handshake, GET, response, the client's ACK of it, FIN from the server, the client's FIN, the last ACK.
  const flags = lab.log.map((l) => /\[([^\]]*)\]/.exec(l)?.[1] ?? '?');
  assert.deepEqual(flags, ['S', 'S.', '.', 'P.', 'P.', 'F.', '.', 'F.', '.'], lab.log.join('\n'));
});

test('the HTTP response has Content-Length and Connection: close', () => {
  const { lab, client, server } = twoHosts();
  client.httpGet(ip('10.0.2.5'), 80, '/index.html');
  lab.run();
  const text = client.received
    .map((r) => {
      const h = parseHeaders(r.frame);
      assert.ok(h.ok);
      return new TextDecoder().decode(
        r.frame.subarray(h.value.payloadOffset, h.value.payloadOffset + h.value.payloadLength),
      );
    })
    .join('');
  assert.equal(
    text,
    'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\nConnection: close\r\n\r\n<h1>vm2</h1>\n',
  );
  const request = server.received
    .map((r) => {
      const h = parseHeaders(r.frame);
      assert.ok(h.ok);
      return new TextDecoder().decode(
        r.frame.subarray(h.value.payloadOffset, h.value.payloadOffset + h.value.payloadLength),
      );
    })
    .join('');
  assert.match(request, /^GET \/index\.html HTTP\/1\.1\r\nHost: 10\.0\.2\.5\r\n/);
});

test('consecutive requests use consecutive ephemeral ports', () => {
  const { lab, client } = twoHosts();
  const a = client.httpGet(ip('10.0.2.5'));
  const b = client.httpGet(ip('10.0.2.5'));
  lab.run();
  assert.deepEqual([a.localPort, b.localPort, a.state, b.state], [49152, 49153, 'done', 'done']);
});

test('a GET to a port nobody listens on ends in reset', () => {
  const { lab, client } = twoHosts();
  const session = client.httpGet(ip('10.0.2.5'), 8080);
  lab.run();
  assert.equal(session.state, 'reset', lab.log.join('\n'));
  assert.equal(session.status, undefined);
});

test('a GET that nobody answers stays connecting (no timers)', () => {
  const { lab, client } = twoHosts();
  const session = client.httpGet(ip('10.9.9.9'));
  lab.run();
  assert.equal(session.state, 'connecting');
});

test('ping across two hosts: every request answered, from the address asked', () => {
  const { lab, client } = twoHosts();
  lab.clock.advance(5);
  const session = client.ping(ip('10.0.2.5'), 3);
  lab.run();
  assert.equal(session.sent, 3);
  assert.equal(session.received, 3);
  assert.deepEqual(
    session.replies.map((r) => [r.from, r.seq, r.at]),
    [1, 2, 3].map((seq) => [ip('10.0.2.5'), seq, lab.clock.now()]),
  );
  const second = client.ping(ip('10.0.2.5'));
  lab.run();
  assert.equal(second.ident, session.ident + 1);
  assert.equal(second.received, 1);
  assert.equal(session.received, 3, 'replies go to the session of their identifier');
});

test('an echo request is answered with the same ident, seq and data', () => {
  const host = fakeHost('vm2', ['10.0.2.5']);
  const guest = createHostGuest(host, { kind: 'host' });
  const data = new TextEncoder().encode('abcdefgh');
  guest.receive(
    icmpEchoFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.2.4'),
      dst: ip('10.0.2.5'),
      type: 8,
      ident: 77,
      seq: 9,
      data,
    }),
  );
  const reply = host.sent[0];
  assert.ok(reply !== undefined);
  assert.equal(frameProblem(reply), undefined);
  assert.match(describeFrame(reply), /10\.0\.2\.5 > 10\.0\.2\.4/);
  const h = parseHeaders(reply);
  assert.ok(h.ok);
  assert.deepEqual(
    [h.value.icmpType, h.value.icmpIdent, h.value.srcMac, h.value.dstMac],
    [0, 77, host.mac, AZURE_GATEWAY_MAC],
  );
  assert.deepEqual(reply.subarray(h.value.l4Offset + 6, h.value.l4Offset + 8), new Uint8Array([0, 9]));
  assert.deepEqual(reply.subarray(h.value.payloadOffset), data);
});

test('a host ignores packets for other addresses (it does not forward)', () => {
  const host = fakeHost('vm2', ['10.0.2.5']);
  const guest = createHostGuest(host, { kind: 'host' });
  guest.receive(
    icmpEchoFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.2.4'),
      dst: ip('10.0.2.6'),
      type: 8,
      ident: 1,
      seq: 1,
    }),
  );
  guest.receive(
    tcpFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.2.4'),
      dst: ip('10.0.2.6'),
      srcPort: 1234,
      dstPort: 80,
      seq: 1,
      ack: 0,
      flags: tcp.Flags.SYN,
    }),
  );
  assert.equal(host.sent.length, 0);
  assert.equal(guest.received.length, 2, 'but it records what it was given');
});

test('a secondary address answers too', () => {
  const host = fakeHost('vm2', ['10.0.2.5', '10.0.2.9']);
  const guest = createHostGuest(host, { kind: 'host' });
  guest.receive(
    icmpEchoFrame({
      srcMac: AZURE_GATEWAY_MAC,
      dstMac: host.mac,
      src: ip('10.0.2.4'),
      dst: ip('10.0.2.9'),
      type: 8,
      ident: 1,
      seq: 1,
    }),
  );
  const h = parseHeaders(host.sent[0] ?? new Uint8Array());
  assert.ok(h.ok);
  assert.equal(h.value.src, ip('10.0.2.9'));
});

test('UDP listeners echo the payload back; other UDP ports stay silent', () => {
  const { lab, client, server } = twoHosts([
    { protocol: 'udp', port: 5000 },
    { protocol: 'tcp', port: 8080 },
  ]);
  const port = client.udpSend(ip('10.0.2.5'), 5000, new TextEncoder().encode('hi'));
  client.udpSend(ip('10.0.2.5'), 5001, new TextEncoder().encode('lost'), 7777);
  lab.run();
  assert.equal(port, 49152);
  assert.equal(server.received.length, 2);
  assert.equal(client.received.length, 1);
  const h = parseHeaders(client.received[0]!.frame);
  assert.ok(h.ok);
  assert.deepEqual([h.value.srcPort, h.value.dstPort], [5000, 49152]);
  assert.equal(new TextDecoder().decode(client.received[0]!.frame.subarray(h.value.payloadOffset)), 'hi');
  // The listen list replaces the default: port 80 is closed now, 8080 serves.
  const closed = client.httpGet(ip('10.0.2.5'));
  const open = client.httpGet(ip('10.0.2.5'), 8080);
  lab.run();
  assert.equal(closed.state, 'reset');
  assert.equal(open.status, 200);
});

test('a request whose request line is not HTTP gets 400', () => {
  const lab = createLab();
  lab.add('vm2', ['10.0.2.5'], (h) => createHostGuest(h, { kind: 'host' }));
  const client = lab.add('vm1', ['10.0.2.4'], (h) => createHostGuest(h, { kind: 'host', listen: [] }));
  // A path with spaces breaks the request line into more than three parts.
  const session = client.httpGet(mustParseIpv4('10.0.2.5'), 80, '/a path with spaces');
  lab.run();
  assert.deepEqual([session.state, session.status, session.body], ['done', 400, '']);
});

test('a host drops a datagram whose UDP checksum is wrong, as a Linux receiver does', () => {
  const host = fakeHost('vm2', ['10.0.2.5']);
  const guest = createHostGuest(host, { kind: 'host', listen: [{ protocol: 'udp', port: 7 }] });
  const datagram = udpFrame({
    srcMac: AZURE_GATEWAY_MAC,
    dstMac: host.mac,
    src: ip('10.0.2.4'),
    dst: ip('10.0.2.5'),
    srcPort: 5000,
    dstPort: 7,
    payload: new TextEncoder().encode('hi'),
  });
  const damaged = datagram.slice();
  damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
  guest.receive(damaged);
  assert.equal(host.sent.length, 0);
  guest.receive(datagram);
  assert.equal(host.sent.length, 1);
});
