// The software every answering guest shares, as a Linux VM's kernel and a few daemons would run it: ICMP echo
// replies (RFC 792), a TCP stack serving HTTP on its listeners, UDP echo (RFC 862) on its UDP listeners, and the
// client tools a scenario drives (ping, curl, a UDP sender). The caller decides which frames are local.
import { formatIpv4, icmpEchoFrame, icmpv4, ipv4, tcp, udp, udpFrame } from '../../wire/index.ts';
import type { Headers as FrameHeaders } from '../../wire/index.ts';
import { AZURE_GATEWAY_MAC } from '../types.ts';
import type { GuestHost, Ipv4 } from '../types.ts';
import { httpClient, httpRequest, httpServer } from './http.ts';
import type { HttpSession } from './http.ts';
import type { Listener } from './spec.ts';
import { createTcpStack } from './tcp.ts';

export interface PingReply {
  readonly from: Ipv4;
  readonly seq: number;
  readonly at: number;
}

export interface PingSession {
  readonly ident: number;
  readonly sent: number;
  readonly received: number;
  readonly replies: readonly PingReply[];
}

export interface ReceivedFrame {
  readonly at: number;
  readonly frame: Uint8Array;
}

/** Client applications a scenario runs inside a VM; each returns a session it can inspect later. */
export interface GuestApps {
  /** Every frame delivered to the NIC (copies), in order. */
  readonly received: readonly ReceivedFrame[];
  /** Sends `count` echo requests at once (seq 1..count) from the primary address. */
  ping(dst: Ipv4, count?: number): PingSession;
  /** GET http://dst:port/path from the primary address: read the response, close with FIN. */
  httpGet(dst: Ipv4, port?: number, path?: string): HttpSession;
  /** Sends one datagram from the primary address; returns the source port used. */
  udpSend(dst: Ipv4, port: number, payload: Uint8Array, srcPort?: number): number;
}

export interface Endpoint extends GuestApps {
  /** Handles an IPv4 frame addressed to this endpoint (the caller checked the address). */
  deliver(h: FrameHeaders, frame: Uint8Array): void;
  /** Records a frame in `received`. */
  record(frame: Uint8Array): void;
}

export interface EndpointOptions {
  readonly listen: readonly Listener[];
  /** The page served on every TCP listener. */
  readonly page: string;
}

/** Linux's ping payload size (56 bytes of data, 64 with the ICMP header). */
const PING_DATA = Uint8Array.from({ length: 56 }, (_, i) => i);

/** IANA's dynamic port range (RFC 6335 §6), which client ports are taken from in order. */
const EPHEMERAL_FIRST = 49152;
const EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;

/** ICMP echo: identifier at bytes 4-5, sequence number at 6-7 of the ICMP header (RFC 792 "Echo"). */
const ECHO_HEADER_LEN = 8;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A receiving host drops a segment or datagram whose checksum is wrong (RFC 9293 §3.1, RFC 768, RFC 792);
 * routers forward without looking, so only local delivery checks.
 */
function checksumOk(h: FrameHeaders, frame: Uint8Array): boolean {
  const l4 = frame.subarray(h.l4Offset, h.l4Offset + h.l4Length);
  const ip = { version: 4 as const, src: h.src, dst: h.dst };
  if (h.protocol === ipv4.Protocol.TCP) return tcp.parse(l4, ip).ok;
  if (h.protocol === ipv4.Protocol.UDP) return udp.parse(l4, ip).ok;
  if (h.protocol === ipv4.Protocol.ICMP) return icmpv4.parse(l4).ok;
  return true;
}

export function createEndpoint(host: GuestHost, options: EndpointOptions): Endpoint {
  const received: ReceivedFrame[] = [];
  const pings = new Map<number, Writable<PingSession> & { replies: PingReply[] }>();
  let nextIdent = 1;
  let nextPort = 0;

  const tcpListen = new Set(options.listen.filter((l) => l.protocol === 'tcp').map((l) => l.port));
  const udpListen = new Set(options.listen.filter((l) => l.protocol === 'udp').map((l) => l.port));
  const stack = createTcpStack(host, (_local, port) =>
    tcpListen.has(port) ? httpServer(options.page) : undefined,
  );

  const primary = (): Ipv4 => {
    const a = host.addresses[0];
    if (a === undefined) throw new Error(`guest ${host.name} has no IPv4 address`);
    return a;
  };

  /** The next dynamic port; a port with a live TCP connection to the same peer is skipped. */
  function ephemeralPort(busy: (port: number) => boolean = () => false): number {
    for (let tries = 0; tries < EPHEMERAL_COUNT; tries++) {
      const port = EPHEMERAL_FIRST + (nextPort++ % EPHEMERAL_COUNT);
      if (!busy(port)) return port;
    }
    throw new Error(`guest ${host.name} has no free ephemeral port`);
  }

  function icmp(h: FrameHeaders, frame: Uint8Array): void {
    if (h.icmpIdent < 0 || h.l4Length < ECHO_HEADER_LEN) return;
    const seq = ((frame[h.l4Offset + 6] ?? 0) << 8) | (frame[h.l4Offset + 7] ?? 0);
    if (h.icmpType === icmpv4.Type.EchoRequest) {
      host.send(
        icmpEchoFrame({
          srcMac: host.mac,
          dstMac: AZURE_GATEWAY_MAC,
          src: h.dst,
          dst: h.src,
          type: 0,
          ident: h.icmpIdent,
          seq,
          data: frame.slice(h.l4Offset + ECHO_HEADER_LEN, h.l4Offset + h.l4Length),
        }),
      );
    } else if (h.icmpType === icmpv4.Type.EchoReply) {
      const session = pings.get(h.icmpIdent);
      if (session === undefined) return;
      session.received++;
      session.replies.push({ from: h.src, seq, at: host.now() });
    }
  }

  function udp(h: FrameHeaders, frame: Uint8Array): void {
    // Fidelity: Linux answers a closed UDP port with ICMP port unreachable; guests stay silent.
    if (!udpListen.has(h.dstPort)) return;
    host.send(
      udpFrame({
        srcMac: host.mac,
        dstMac: AZURE_GATEWAY_MAC,
        src: h.dst,
        dst: h.src,
        srcPort: h.dstPort,
        dstPort: h.srcPort,
        payload: frame.slice(h.payloadOffset, h.payloadOffset + h.payloadLength),
      }),
    );
  }

  return {
    received,
    record(frame) {
      received.push({ at: host.now(), frame: frame.slice() });
    },
    deliver(h, frame) {
      if (!checksumOk(h, frame)) return;
      if (h.protocol === ipv4.Protocol.ICMP) icmp(h, frame);
      else if (h.protocol === ipv4.Protocol.TCP) stack.receive(h, frame);
      else if (h.protocol === ipv4.Protocol.UDP) udp(h, frame);
    },
    ping(dst, count = 1) {
      const ident = nextIdent;
      nextIdent = (nextIdent % 0xffff) + 1;
      const session = { ident, sent: 0, received: 0, replies: [] as PingReply[] };
      pings.set(ident, session);
      const src = primary();
      for (let seq = 1; seq <= count; seq++) {
        host.send(
          icmpEchoFrame({
            srcMac: host.mac,
            dstMac: AZURE_GATEWAY_MAC,
            src,
            dst,
            type: 8,
            ident,
            seq,
            data: PING_DATA,
          }),
        );
        session.sent++;
      }
      return session;
    },
    httpGet(dst, port = 80, path = '/') {
      const src = primary();
      const localPort = ephemeralPort((p) =>
        stack.connections().some((c) => c.localPort === p && c.remote === dst && c.remotePort === port),
      );
      const authority = port === 80 ? formatIpv4(dst) : `${formatIpv4(dst)}:${port}`;
      const { session, handlers } = httpClient(httpRequest(authority, path), localPort);
      stack.connect(src, localPort, dst, port, handlers);
      return session;
    },
    udpSend(dst, port, payload, srcPort) {
      const sport = srcPort ?? ephemeralPort();
      host.send(
        udpFrame({
          srcMac: host.mac,
          dstMac: AZURE_GATEWAY_MAC,
          src: primary(),
          dst,
          srcPort: sport,
          dstPort: port,
          payload,
        }),
      );
      return sport;
    },
  };
}
