// Read RFC 9293 §3.3.2 (state machine) and §3.10.7 (SEGMENT ARRIVES) before changing this file.
// A minimal TCP endpoint for guests: handshakes, a request and a response, orderly close and resets. Everything
// arrives in order from the engine, so a segment that is not the next one expected is answered with an ACK and
// dropped (a duplicate).
// Fidelity: no retransmission, no window or congestion control, no options but MSS (no SACK, timestamps,
// window scaling), TIME-WAIT lasts until the 4-tuple is reused.
import { formatIpv4, tcp, tcpFrame } from '../../wire/index.ts';
import type { Headers as FrameHeaders } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import type { Ipv4 } from '../types.ts';

export const MSS = 1460;
/** Linux's initial receive window for a 1460-byte MSS; never changed (no window management). */
export const WINDOW = 64240;

export type TcpState =
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT'
  | 'CLOSED';

export interface TcpConnection {
  readonly local: Ipv4;
  readonly localPort: number;
  readonly remote: Ipv4;
  readonly remotePort: number;
  readonly state: TcpState;
  /** Sends data in segments of at most MSS bytes; false when the connection can no longer send. */
  write(data: Uint8Array): boolean;
  /** Sends FIN (or forgets a connection still opening); a no-op once closing. */
  close(): void;
}

/** The application's side of a connection; every callback is optional and may call write / close. */
export interface TcpHandlers {
  /** The handshake completed. */
  onOpen?(conn: TcpConnection): void;
  onData?(conn: TcpConnection, data: Uint8Array): void;
  /** The peer sent FIN: it will send nothing more. */
  onPeerClose?(conn: TcpConnection): void;
  /** The peer reset the connection. */
  onReset?(conn: TcpConnection): void;
  /** Both sides have closed (TIME-WAIT or CLOSED). */
  onClosed?(conn: TcpConnection): void;
}

/** Whether something listens on local:port; the handlers serve the accepted connection. */
export type TcpAcceptor = (local: Ipv4, localPort: number) => TcpHandlers | undefined;

export interface TcpIo {
  /** The NIC's MAC (source of every frame; the destination is always Azure's gateway MAC). */
  readonly mac: string;
  now(): number;
  send(frame: Uint8Array): void;
}

export interface TcpStack {
  /** Hands the stack one TCP segment; `h` is parseHeaders' result for `frame` (protocol 6). */
  receive(h: FrameHeaders, frame: Uint8Array): void;
  /** Active open: sends SYN. Throws if the 4-tuple is in use (the caller chose the port; a bug). */
  connect(
    local: Ipv4,
    localPort: number,
    remote: Ipv4,
    remotePort: number,
    handlers: TcpHandlers,
  ): TcpConnection;
  /** Live connections (TIME-WAIT included), for inspection. */
  connections(): TcpConnection[];
}

interface Conn extends TcpConnection {
  state: TcpState;
  readonly handlers: TcpHandlers;
  readonly iss: number;
  sndUna: number;
  sndNxt: number;
  rcvNxt: number;
  finSent: boolean;
  /** rcvNxt as of the last segment sent, to avoid a bare ACK when a reply already carried it. */
  ackSent: number | undefined;
}

interface Segment {
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly payload: Uint8Array;
}

const { FIN, SYN, RST, PSH, ACK } = tcp.Flags;

const add = (a: number, b: number): number => (a + b) >>> 0;
/** a - b in sequence space (RFC 9293 §3.4: comparisons are modulo 2^32). */
const diff = (a: number, b: number): number => (a - b) | 0;

const keyOf = (local: Ipv4, localPort: number, remote: Ipv4, remotePort: number): string =>
  `${local}:${localPort}>${remote}:${remotePort}`;

/**
 * RFC 6528 §3: ISN = M + F(4-tuple, secret), M a 4-microsecond timer. F is FNV-1a over the tuple (no secret: a
 * lab wants reproducible numbers) and M comes from the guest's clock, so runs are deterministic.
 */
export function initialSequence(
  now: number,
  local: Ipv4,
  localPort: number,
  remote: Ipv4,
  remotePort: number,
): number {
  let h = 0x811c9dc5;
  for (const word of [local, remote, (localPort << 16) | remotePort]) {
    for (let shift = 24; shift >= 0; shift -= 8) {
      h = Math.imul(h ^ ((word >>> shift) & 0xff), 0x01000193) >>> 0;
    }
  }
  return add(h, (now * 250) >>> 0);
}

const OPEN_FOR_WRITE: ReadonlySet<TcpState> = new Set(['ESTABLISHED', 'CLOSE-WAIT']);
const RECEIVES_DATA: ReadonlySet<TcpState> = new Set(['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2']);

export function createTcpStack(io: TcpIo, accept: TcpAcceptor): TcpStack {
  const conns = new Map<string, Conn>();

  function frame(
    local: Ipv4,
    localPort: number,
    remote: Ipv4,
    remotePort: number,
    seq: number,
    ack: number,
    flags: number,
    payload?: Uint8Array,
    mss?: number,
  ): void {
    io.send(
      tcpFrame({
        srcMac: io.mac,
        dstMac: AZURE_GATEWAY_MAC,
        src: local,
        dst: remote,
        srcPort: localPort,
        dstPort: remotePort,
        seq,
        ack,
        flags,
        window: flags & RST ? 0 : WINDOW,
        ...(mss === undefined ? {} : { mss }),
        ...(payload === undefined ? {} : { payload }),
      }),
    );
  }

  function emit(c: Conn, flags: number, seq: number, payload?: Uint8Array, mss?: number): void {
    if (flags & ACK) c.ackSent = c.rcvNxt;
    frame(c.local, c.localPort, c.remote, c.remotePort, seq, flags & ACK ? c.rcvNxt : 0, flags, payload, mss);
  }

  /** RFC 9293 §3.10.7.1: the reset answering a segment no connection owns. */
  function resetFor(h: FrameHeaders, seg: Segment): void {
    if (seg.flags & RST) return;
    if (seg.flags & ACK) {
      frame(h.dst, h.dstPort, h.src, h.srcPort, seg.ack, 0, RST);
    } else {
      frame(h.dst, h.dstPort, h.src, h.srcPort, 0, add(seg.seq, segmentLength(seg)), RST | ACK);
    }
  }

  function finish(c: Conn, how: 'closed' | 'reset'): void {
    c.state = 'CLOSED';
    conns.delete(keyOf(c.local, c.localPort, c.remote, c.remotePort));
    if (how === 'reset') c.handlers.onReset?.(c);
    else c.handlers.onClosed?.(c);
  }

  function enterTimeWait(c: Conn): void {
    // No timers: the entry stays until a new SYN reuses its 4-tuple (RFC 9293 §3.6.1 allows that reuse).
    c.state = 'TIME-WAIT';
    c.handlers.onClosed?.(c);
  }

  function newConn(
    local: Ipv4,
    localPort: number,
    remote: Ipv4,
    remotePort: number,
    handlers: TcpHandlers,
    state: TcpState,
  ): Conn {
    const iss = initialSequence(io.now(), local, localPort, remote, remotePort);
    const c: Conn = {
      local,
      localPort,
      remote,
      remotePort,
      state,
      handlers,
      iss,
      sndUna: iss,
      sndNxt: add(iss, 1),
      rcvNxt: 0,
      finSent: false,
      ackSent: undefined,
      write: (data) => write(c, data),
      close: () => close(c),
    };
    conns.set(keyOf(local, localPort, remote, remotePort), c);
    return c;
  }

  function write(c: Conn, data: Uint8Array): boolean {
    if (!OPEN_FOR_WRITE.has(c.state)) return false;
    for (let at = 0; at < data.length; at += MSS) {
      const chunk = data.slice(at, at + MSS);
      const last = at + MSS >= data.length;
      emit(c, last ? PSH | ACK : ACK, c.sndNxt, chunk);
      c.sndNxt = add(c.sndNxt, chunk.length);
    }
    return true;
  }

  function close(c: Conn): void {
    switch (c.state) {
      case 'SYN-SENT':
        finish(c, 'closed');
        return;
      case 'SYN-RECEIVED':
      case 'ESTABLISHED':
      case 'CLOSE-WAIT':
        emit(c, FIN | ACK, c.sndNxt);
        c.sndNxt = add(c.sndNxt, 1);
        c.finSent = true;
        c.state = c.state === 'CLOSE-WAIT' ? 'LAST-ACK' : 'FIN-WAIT-1';
        return;
      default:
        return;
    }
  }

  const finAcked = (c: Conn): boolean => c.finSent && c.sndUna === c.sndNxt;

  function synSent(c: Conn, seg: Segment): void {
    const ackOk = (seg.flags & ACK) !== 0 && seg.ack === add(c.iss, 1);
    if (seg.flags & ACK && !ackOk) {
      if (!(seg.flags & RST)) frame(c.local, c.localPort, c.remote, c.remotePort, seg.ack, 0, RST);
      return;
    }
    if (seg.flags & RST) {
      if (ackOk) finish(c, 'reset');
      return;
    }
    if (!(seg.flags & SYN)) return;
    c.rcvNxt = add(seg.seq, 1);
    if (ackOk) {
      c.sndUna = seg.ack;
      c.state = 'ESTABLISHED';
      emit(c, ACK, c.sndNxt);
      c.handlers.onOpen?.(c);
    } else {
      // Simultaneous open (RFC 9293 §3.5 figure 8).
      c.state = 'SYN-RECEIVED';
      emit(c, SYN | ACK, c.iss, undefined, MSS);
    }
  }

  function synchronized(c: Conn, seg: Segment): void {
    const len = segmentLength(seg);
    if (
      c.state === 'SYN-RECEIVED' &&
      seg.flags & SYN &&
      !(seg.flags & ACK) &&
      seg.seq === add(c.rcvNxt, -1)
    ) {
      emit(c, SYN | ACK, c.iss, undefined, MSS); // the peer repeated its SYN
      return;
    }
    // Only the next expected segment is taken: nothing arrives out of order here, so anything else is a duplicate.
    const acceptable =
      len === 0 ? diff(seg.seq, c.rcvNxt) >= 0 && diff(seg.seq, c.rcvNxt) < WINDOW : seg.seq === c.rcvNxt;
    if (!acceptable) {
      if (!(seg.flags & RST)) emit(c, ACK, c.sndNxt);
      return;
    }
    if (seg.flags & RST) {
      // RFC 5961 §3.2: only an exact sequence number resets; another in-window RST gets a challenge ACK.
      if (seg.seq === c.rcvNxt) finish(c, 'reset');
      else emit(c, ACK, c.sndNxt);
      return;
    }
    if (seg.flags & SYN) {
      emit(c, ACK, c.sndNxt); // RFC 5961 §4.2 challenge ACK
      return;
    }
    if (!(seg.flags & ACK)) return;

    if (c.state === 'SYN-RECEIVED') {
      if (diff(seg.ack, c.sndUna) <= 0 || diff(seg.ack, c.sndNxt) > 0) {
        frame(c.local, c.localPort, c.remote, c.remotePort, seg.ack, 0, RST);
        return;
      }
      c.sndUna = seg.ack;
      c.state = 'ESTABLISHED';
      c.handlers.onOpen?.(c);
    } else {
      if (diff(seg.ack, c.sndNxt) > 0) {
        emit(c, ACK, c.sndNxt); // acknowledges something not yet sent
        return;
      }
      if (diff(seg.ack, c.sndUna) > 0) c.sndUna = seg.ack;
    }
    if (c.state === 'FIN-WAIT-1' && finAcked(c)) c.state = 'FIN-WAIT-2';
    else if (c.state === 'CLOSING' && finAcked(c)) enterTimeWait(c);
    else if (c.state === 'LAST-ACK' && finAcked(c)) {
      finish(c, 'closed');
      return;
    }

    let needAck = false;
    if (seg.payload.length > 0 && RECEIVES_DATA.has(c.state)) {
      c.rcvNxt = add(c.rcvNxt, seg.payload.length);
      needAck = true;
      c.handlers.onData?.(c, seg.payload.slice());
    }
    if (seg.flags & FIN && c.state !== 'CLOSED') {
      needAck = true;
      c.rcvNxt = add(c.rcvNxt, 1);
      switch (c.state) {
        case 'ESTABLISHED':
          c.state = 'CLOSE-WAIT';
          c.handlers.onPeerClose?.(c);
          break;
        case 'FIN-WAIT-1':
          if (finAcked(c)) enterTimeWait(c);
          else c.state = 'CLOSING';
          c.handlers.onPeerClose?.(c);
          break;
        case 'FIN-WAIT-2':
          c.handlers.onPeerClose?.(c);
          enterTimeWait(c);
          break;
        default:
          break;
      }
    }
    if (needAck && c.state !== 'CLOSED' && c.ackSent !== c.rcvNxt) emit(c, ACK, c.sndNxt);
  }

  function passive(h: FrameHeaders, seg: Segment): void {
    const handlers = seg.flags & SYN && !(seg.flags & (ACK | RST)) ? accept(h.dst, h.dstPort) : undefined;
    if (handlers === undefined) {
      resetFor(h, seg);
      return;
    }
    const c = newConn(h.dst, h.dstPort, h.src, h.srcPort, handlers, 'SYN-RECEIVED');
    c.rcvNxt = add(seg.seq, 1);
    emit(c, SYN | ACK, c.iss, undefined, MSS);
  }

  return {
    receive(h, frameBytes) {
      const view = new tcp.Packet(frameBytes.subarray(h.l4Offset, h.l4Offset + h.l4Length));
      const seg: Segment = {
        seq: view.seq,
        ack: view.ack,
        flags: h.tcpFlags,
        payload: frameBytes.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength),
      };
      const key = keyOf(h.dst, h.dstPort, h.src, h.srcPort);
      let c = conns.get(key);
      if (c?.state === 'TIME-WAIT' && seg.flags & SYN && !(seg.flags & ACK)) {
        conns.delete(key);
        c = undefined;
      }
      if (c === undefined) passive(h, seg);
      else if (c.state === 'SYN-SENT') synSent(c, seg);
      else synchronized(c, seg);
    },
    connect(local, localPort, remote, remotePort, handlers) {
      const key = keyOf(local, localPort, remote, remotePort);
      const old = conns.get(key);
      if (old !== undefined && old.state !== 'TIME-WAIT') {
        throw new Error(
          `TCP ${formatIpv4(local)}:${localPort} > ${formatIpv4(remote)}:${remotePort} is in use`,
        );
      }
      const c = newConn(local, localPort, remote, remotePort, handlers, 'SYN-SENT');
      emit(c, SYN, c.iss, undefined, MSS);
      return c;
    },
    connections: () => [...conns.values()],
  };
}

/** Sequence space a segment occupies: its data plus one for SYN and one for FIN (RFC 9293 §3.4). */
function segmentLength(seg: Segment): number {
  return seg.payload.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
}
