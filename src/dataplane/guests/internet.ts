// Every host beyond Azure at once (the internet, or the on-premises network behind a gateway): whatever address
// a packet is for answers it, from that address. Ping works everywhere, TCP 80 and 443 serve a page (plain
// HTTP on 443: no TLS), UDP 7 echoes (RFC 862); other TCP ports reset.
import { parseHeaders } from '../../wire/index.ts';
import type { Guest, GuestHost } from '../types.ts';
import { createEndpoint } from './endpoint.ts';
import type { ReceivedFrame } from './endpoint.ts';
import type { Listener } from './spec.ts';

export interface InternetGuest extends Guest {
  readonly kind: 'internet';
  readonly received: readonly ReceivedFrame[];
}

const LISTEN: readonly Listener[] = [
  { protocol: 'tcp', port: 80 },
  { protocol: 'tcp', port: 443 },
  { protocol: 'udp', port: 7 },
];

/** 'Internet' serves `<h1>internet</h1>`, 'OnPremises' `<h1>onpremises</h1>`. */
export const internetPage = (name: string): string => `<h1>${name.toLowerCase()}</h1>\n`;

export function createInternetGuest(host: GuestHost): InternetGuest {
  const endpoint = createEndpoint(host, { listen: LISTEN, page: internetPage(host.name) });
  return {
    kind: 'internet',
    received: endpoint.received,
    receive(frame) {
      endpoint.record(frame);
      const parsed = parseHeaders(frame);
      if (!parsed.ok) return;
      const h = parsed.value;
      if (h.ipVersion !== 4 || h.fragment) return;
      endpoint.deliver(h, frame);
    },
  };
}
