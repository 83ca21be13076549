// One HTTP request written as raw bytes on a fresh connection, so paths, headers and bodies arrive exactly as
// written (fetch would normalise them). The answer is read until the server closes the connection.
import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the bytes that came back are not an HTTP response. */
  status: number;
  body: string;
}

export function rawRequest(url: string, head: string, body: string | Buffer = ''): Promise<RawAnswer> {
  return rawBytes(url, (length) => `${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${length}\r\n`, body);
}

/** Sends `head(contentLengthHeader)` then `body` as given: for requests that are not well-formed HTTP. */
export function rawBytes(
  url: string,
  head: (contentLength: string) => string,
  body: string | Buffer = '',
): Promise<RawAnswer> {
  const port = Number(new URL(url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    const length = body.length === 0 ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    socket.write(head(length));
    socket.end(body);
  });
}
