// IP[:PORT] arguments of `vnetlab verify`: 10.0.0.4, 10.0.0.4:443, 2001:db8::4 (no port), [2001:db8::4]:443.
import { formatAddress, parseAddress } from '../net/index.ts';
import type { Result } from '../net/index.ts';

export interface Endpoint {
  readonly address: string;
  readonly port?: string;
}

export function parseEndpoint(text: string): Result<Endpoint> {
  const bad = (why: string): Result<Endpoint> => ({
    ok: false,
    reason: `'${text}' is not IP[:PORT] (${why})`,
  });
  let host = text;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if (text.split(':').length === 2) {
    // One colon: IPv4 with a port. More than one: a bare IPv6 address.
    [host, port] = text.split(':') as [string, string];
  }
  const address = parseAddress(host);
  if (!address.ok) return bad(address.reason);
  if (bracketed && address.value.version !== 6) return bad('brackets are for IPv6 addresses');
  if (port !== undefined && port !== '*') {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return bad(`port '${port}' is not 0-65535 or *`);
    port = String(Number(port));
  }
  return {
    ok: true,
    value: { address: formatAddress(address.value), ...(port !== undefined ? { port } : {}) },
  };
}
