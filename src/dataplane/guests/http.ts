// Read RFC 9112 §2-§6 (HTTP/1.1 message syntax and body length) before changing this file.
// Just enough HTTP/1.1 for a web VM and curl: one GET per connection, a fixed page back, Connection: close.
import type { TcpConnection, TcpHandlers } from './tcp.ts';

const CRLFCRLF = [13, 10, 13, 10] as const;
/** A request head larger than this is refused (servers cap it too: nginx's large_client_header_buffers). */
const MAX_HEAD = 16 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Offset just past the blank line ending the head, or -1. */
function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (CRLFCRLF.every((b, k) => bytes[i + k] === b)) return i + 4;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function httpResponse(status: number, reason: string, body: string): Uint8Array {
  const bytes = encoder.encode(body);
  return encoder.encode(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/html\r\nContent-Length: ${bytes.length}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

export function httpRequest(host: string, path: string): Uint8Array {
  return encoder.encode(
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: vnetlab\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
  );
}

/**
 * A fresh server for one accepted connection: once the request head is complete it answers 200 with `body`
 * (any method, any path, as a static page would) and closes; a head that is not HTTP gets 400.
 */
export function httpServer(body: string): TcpHandlers {
  let buffer: Uint8Array = new Uint8Array(0);
  let answered = false;
  const answer = (conn: TcpConnection, response: Uint8Array): void => {
    answered = true;
    conn.write(response);
    conn.close();
  };
  return {
    onData(conn, data) {
      if (answered) return;
      buffer = concat(buffer, data);
      const end = headEnd(buffer);
      if (end < 0) {
        if (buffer.length > MAX_HEAD) answer(conn, httpResponse(431, 'Request Header Fields Too Large', ''));
        return;
      }
      const requestLine = decoder.decode(buffer.subarray(0, end)).split('\r\n')[0] ?? '';
      if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(requestLine)) answer(conn, httpResponse(200, 'OK', body));
      else answer(conn, httpResponse(400, 'Bad Request', ''));
    },
    onPeerClose(conn) {
      if (!answered) conn.close();
    },
  };
}

export type HttpParse =
  | { readonly kind: 'complete'; readonly status: number; readonly body: string }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Reads a response. The body ends after Content-Length bytes, or at the end of the connection when there is no
 * Content-Length (RFC 9112 §6.3 rules 6 and 8); `ended` says the peer has closed. Chunked bodies are not read.
 */
export function parseHttpResponse(bytes: Uint8Array, ended: boolean): HttpParse {
  const end = headEnd(bytes);
  if (end < 0)
    return ended ? { kind: 'malformed', reason: 'the response head never ended' } : { kind: 'incomplete' };
  const lines = decoder.decode(bytes.subarray(0, end - 4)).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (status === null) return { kind: 'malformed', reason: `not an HTTP status line: '${lines[0] ?? ''}'` };
  let length: number | undefined;
  for (const line of lines.slice(1)) {
    const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
    if (m !== null) length = Number(m[1]);
  }
  const available = bytes.length - end;
  if (length === undefined ? !ended : available < length) {
    return ended
      ? { kind: 'malformed', reason: 'the connection closed before the body ended' }
      : { kind: 'incomplete' };
  }
  const body = decoder.decode(bytes.subarray(end, length === undefined ? bytes.length : end + length));
  return { kind: 'complete', status: Number(status[1]), body };
}

export type HttpState = 'connecting' | 'sent' | 'done' | 'reset' | 'failed';

/** What curl would tell: filled in as the exchange goes on. */
export interface HttpSession {
  readonly state: HttpState;
  readonly status?: number;
  readonly body?: string;
  readonly localPort: number;
  /** Why the session failed. */
  readonly reason?: string;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The client side of one GET: sends `request` once connected, reads the response, closes with FIN. */
export function httpClient(
  request: Uint8Array,
  localPort: number,
): { session: HttpSession; handlers: TcpHandlers } {
  const session: Writable<HttpSession> = { state: 'connecting', localPort };
  let buffer: Uint8Array = new Uint8Array(0);
  const settle = (conn: TcpConnection, ended: boolean): void => {
    if (session.state !== 'sent') return;
    const parsed = parseHttpResponse(buffer, ended);
    if (parsed.kind === 'incomplete') return;
    if (parsed.kind === 'complete') {
      session.state = 'done';
      session.status = parsed.status;
      session.body = parsed.body;
    } else {
      session.state = 'failed';
      session.reason = parsed.reason;
      conn.close();
    }
    // A complete response is left open until the server's FIN (it sends Connection: close), so the close is
    // the usual FIN, ACK+FIN, ACK rather than a simultaneous one.
  };
  const handlers: TcpHandlers = {
    onOpen(conn) {
      session.state = 'sent';
      conn.write(request);
    },
    onData(conn, data) {
      buffer = concat(buffer, data);
      settle(conn, false);
    },
    onPeerClose(conn) {
      settle(conn, true);
      conn.close();
    },
    onReset() {
      if (session.state === 'connecting' || session.state === 'sent') session.state = 'reset';
    },
  };
  return { session, handlers };
}
