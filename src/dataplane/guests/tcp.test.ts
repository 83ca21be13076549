import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFrame, mustParseIpv4, parseHeaders, tcp, tcpFrame } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import { createTcpStack, initialSequence, MSS } from './tcp.ts';
import type { TcpConnection, TcpHandlers, TcpStack } from './tcp.ts';
import { fakeHost, frameProblem } from './test-helpers.ts';
import type { FakeHost } from './test-helpers.ts';

const { FIN, SYN, RST, PSH, ACK } = tcp.Flags;
const SERVER = mustParseIpv4('10.0.0.5');
const CLIENT = mustParseIpv4('10.0.0.4');

interface Seen {
  src: number;
  dst: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: string;
  mss: number | undefined;
  window: number;
  payload: string;
  dstMac: string;
}

/** Decodes one frame a stack sent, checking that it is well-formed. */
function seen(frame: Uint8Array | undefined): Seen {
  assert.ok(frame !== undefined, 'no frame was sent');
  assert.equal(frameProblem(frame), undefined, describeFrame(frame));
  const h = parseHeaders(frame);
  assert.ok(h.ok);
  const seg = tcp.parse(frame.subarray(h.value.l4Offset, h.value.l4Offset + h.value.l4Length));
  assert.ok(seg.ok);
  return {
    src: h.value.src,
    dst: h.value.dst,
    srcPort: h.value.srcPort,
    dstPort: h.value.dstPort,
    seq: seg.value.repr.seq,
    ack: seg.value.repr.ack,
    flags: tcp.formatFlags(seg.value.repr.flags),
    mss: seg.value.repr.mss,
    window: seg.value.repr.window,
    payload: new TextDecoder().decode(seg.value.payload),
    dstMac: h.value.dstMac,
  };
}

/** A segment from the client to the stack under test. */
function segment(seq: number, ack: number, flags: number, payload = '', dstPort = 80): Uint8Array {
  return tcpFrame({
    srcMac: '00:0d:3a:11:11:11',
    dstMac: '00:0d:3a:22:22:22',
    src: CLIENT,
    dst: SERVER,
    srcPort: 40000,
    dstPort,
    seq,
    ack,
    flags,
    payload: new TextEncoder().encode(payload),
  });
}

function deliver(stack: TcpStack, frame: Uint8Array): void {
  const h = parseHeaders(frame);
  assert.ok(h.ok);
  stack.receive(h.value, frame);
}

interface Server {
  host: FakeHost;
  stack: TcpStack;
  events: string[];
  conn: () => TcpConnection | undefined;
}

/** A stack listening on port 80 whose application records events and echoes data upper-cased. */
function server(): Server {
  const host = fakeHost('srv', ['10.0.0.5']);
  const events: string[] = [];
  let last: TcpConnection | undefined;
  const handlers = (): TcpHandlers => ({
    onOpen: (c) => {
      last = c;
      events.push('open');
    },
    onData: (c, d) => {
      const text = new TextDecoder().decode(d);
      events.push(`data ${text}`);
      c.write(new TextEncoder().encode(text.toUpperCase()));
    },
    onPeerClose: () => events.push('peer-close'),
    onReset: () => events.push('reset'),
    onClosed: () => events.push('closed'),
  });
  const stack = createTcpStack(host, (_l, port) => (port === 80 ? handlers() : undefined));
  return { host, stack, events, conn: () => last };
}

test('a SYN to a listener gets a SYN-ACK with MSS 1460 and a deterministic ISN', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  const synAck = seen(s.host.sent[0]);
  const iss = initialSequence(s.host.now(), SERVER, 80, CLIENT, 40000);
  assert.deepEqual(
    { ...synAck, window: undefined },
    {
      src: SERVER,
      dst: CLIENT,
      srcPort: 80,
      dstPort: 40000,
      seq: iss,
      ack: 1001,
      flags: 'S.',
      mss: MSS,
      window: undefined,
      payload: '',
      dstMac: AZURE_GATEWAY_MAC,
    },
  );
  assert.equal(s.stack.connections()[0]?.state, 'SYN-RECEIVED');
});

test('the ISN depends on the 4-tuple and the clock, never on chance', () => {
  const a = initialSequence(0, CLIENT, 40000, SERVER, 80);
  assert.equal(initialSequence(0, CLIENT, 40000, SERVER, 80), a);
  assert.notEqual(initialSequence(0, CLIENT, 40001, SERVER, 80), a);
  assert.equal(initialSequence(4, CLIENT, 40000, SERVER, 80), (a + 1000) >>> 0, 'M ticks every 4 µs');
});

test('a SYN to a closed port is reset: RST+ACK, seq 0, ack = SYN + 1 (RFC 9293 §3.10.7.1)', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN, '', 81));
  const rst = seen(s.host.sent[0]);
  assert.equal(rst.flags, 'R.');
  assert.equal(rst.seq, 0);
  assert.equal(rst.ack, 1001);
  assert.equal(rst.srcPort, 81);
  assert.equal(s.stack.connections().length, 0);
});

test('an ACK for no connection gets a RST carrying its ack number; a RST gets nothing', () => {
  const s = server();
  deliver(s.stack, segment(1000, 777, ACK));
  const rst = seen(s.host.sent[0]);
  assert.equal(rst.flags, 'R');
  assert.equal(rst.seq, 777);
  deliver(s.stack, segment(1000, 777, RST));
  assert.equal(s.host.sent.length, 1);
});

test('passive open, a request, the reply, then a close initiated by the client', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  const iss = seen(s.host.sent[0]).seq;
  deliver(s.stack, segment(1001, iss + 1, ACK));
  assert.equal(s.conn()?.state, 'ESTABLISHED');
  assert.equal(s.host.sent.length, 1, 'the handshake ACK is not answered');

  deliver(s.stack, segment(1001, iss + 1, PSH | ACK, 'hello'));
  assert.deepEqual(s.events, ['open', 'data hello']);
  const reply = seen(s.host.sent[1]);
  assert.equal(reply.payload, 'HELLO');
  assert.equal(reply.flags, 'P.');
  assert.equal(reply.ack, 1006, 'the reply carries the ACK of the request');
  assert.equal(s.host.sent.length, 2, 'no separate bare ACK');

  deliver(s.stack, segment(1006, iss + 6, FIN | ACK));
  assert.equal(s.conn()?.state, 'CLOSE-WAIT');
  assert.equal(seen(s.host.sent[2]).flags, '.');
  assert.equal(seen(s.host.sent[2]).ack, 1007);
  s.conn()?.close();
  const fin = seen(s.host.sent[3]);
  assert.equal(fin.flags, 'F.');
  assert.equal(fin.seq, iss + 6);
  assert.equal(s.conn()?.state, 'LAST-ACK');
  deliver(s.stack, segment(1007, iss + 7, ACK));
  assert.equal(s.conn()?.state, 'CLOSED');
  assert.equal(s.stack.connections().length, 0);
  assert.deepEqual(s.events, ['open', 'data hello', 'peer-close', 'closed']);
});

test('a duplicate segment is answered with an ACK and not delivered twice', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  const iss = seen(s.host.sent[0]).seq;
  deliver(s.stack, segment(1001, iss + 1, ACK));
  deliver(s.stack, segment(1001, iss + 1, PSH | ACK, 'x'));
  deliver(s.stack, segment(1001, iss + 1, PSH | ACK, 'x'));
  assert.deepEqual(s.events, ['open', 'data x']);
  const dup = seen(s.host.sent.at(-1));
  assert.equal(dup.flags, '.');
  assert.equal(dup.ack, 1002);
});

test('a repeated SYN in SYN-RECEIVED gets the same SYN-ACK again', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  deliver(s.stack, segment(1000, 0, SYN));
  assert.deepEqual(seen(s.host.sent[1]), seen(s.host.sent[0]));
});

test('RST with the exact sequence number resets; another in the window gets a challenge ACK (RFC 5961 §3.2)', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  const iss = seen(s.host.sent[0]).seq;
  deliver(s.stack, segment(1001, iss + 1, ACK));
  deliver(s.stack, segment(1500, 0, RST));
  assert.equal(seen(s.host.sent.at(-1)).flags, '.');
  assert.equal(s.conn()?.state, 'ESTABLISHED');
  deliver(s.stack, segment(1001, 0, RST));
  assert.equal(s.conn()?.state, 'CLOSED');
  assert.deepEqual(s.events, ['open', 'reset']);
});

test('data longer than the MSS leaves in MSS-sized segments, PSH on the last', () => {
  const s = server();
  deliver(s.stack, segment(1000, 0, SYN));
  const iss = seen(s.host.sent[0]).seq;
  deliver(s.stack, segment(1001, iss + 1, ACK));
  s.host.sent.length = 0;
  assert.equal(s.conn()?.write(new Uint8Array(MSS * 2 + 10)), true);
  const segs = s.host.sent.map(seen);
  assert.deepEqual(
    segs.map((x) => [x.seq - iss - 1, x.payload.length, x.flags]),
    [
      [0, MSS, '.'],
      [MSS, MSS, '.'],
      [MSS * 2, 10, 'P.'],
    ],
  );
});

test('two stacks back to back: active open, exchange, close from the server, TIME-WAIT at the server', () => {
  const s = server();
  const clientHost = fakeHost('cli', ['10.0.0.4']);
  const client = createTcpStack(clientHost, () => undefined);
  const got: string[] = [];
  const conn = client.connect(CLIENT, 40000, SERVER, 80, {
    onOpen: (c) => c.write(new TextEncoder().encode('ping')),
    onData: (_c, d) => got.push(new TextDecoder().decode(d)),
    onPeerClose: (c) => {
      got.push('eof');
      c.close();
    },
    onClosed: () => got.push('closed'),
  });
  assert.equal(conn.state, 'SYN-SENT');
  const syn = seen(clientHost.sent[0]);
  assert.equal(syn.flags, 'S');
  assert.equal(syn.mss, MSS);

  // Shuttle frames until both sides are quiet; the server closes once it has answered.
  let c = 0;
  let sIndex = 0;
  for (let round = 0; round < 20; round++) {
    while (c < clientHost.sent.length) deliver(s.stack, clientHost.sent[c++]!);
    if (s.events.includes('data ping') && s.conn()?.state === 'ESTABLISHED') s.conn()?.close();
    while (sIndex < s.host.sent.length) deliver(client, s.host.sent[sIndex++]!);
  }
  assert.deepEqual(got, ['PING', 'eof', 'closed']);
  assert.deepEqual(s.events, ['open', 'data ping', 'peer-close', 'closed']);
  assert.equal(s.conn()?.state, 'TIME-WAIT', 'the server closed first');
  assert.equal(conn.state, 'CLOSED');
  assert.deepEqual(
    client.connections().map((x) => x.state),
    [],
  );

  // A new SYN on the same 4-tuple replaces the TIME-WAIT entry.
  s.host.sent.length = 0;
  deliver(s.stack, segment(5000, 0, SYN));
  assert.equal(seen(s.host.sent[0]).flags, 'S.');
  assert.deepEqual(
    s.stack.connections().map((x) => x.state),
    ['SYN-RECEIVED'],
  );
});

test('an active open refused with RST reports a reset', () => {
  const host = fakeHost('cli', ['10.0.0.4']);
  const stack = createTcpStack(host, () => undefined);
  const events: string[] = [];
  stack.connect(CLIENT, 40000, SERVER, 80, { onReset: () => events.push('reset') });
  const syn = seen(host.sent[0]);
  const rst = tcpFrame({
    srcMac: '00:0d:3a:22:22:22',
    dstMac: '00:0d:3a:11:11:11',
    src: SERVER,
    dst: CLIENT,
    srcPort: 80,
    dstPort: 40000,
    seq: 0,
    ack: syn.seq + 1,
    flags: RST | ACK,
  });
  deliver(stack, rst);
  assert.deepEqual(events, ['reset']);
  assert.equal(stack.connections().length, 0);
  assert.throws(() => {
    stack.connect(CLIENT, 40001, SERVER, 80, {});
    stack.connect(CLIENT, 40001, SERVER, 80, {});
  }, /in use/);
});
