// An ordinary VM: a Linux host that answers ping on its addresses, serves a page naming itself on its TCP
// listeners and echoes datagrams on its UDP listeners. Frames for other addresses are ignored, as a host
// without ip_forward drops them.
import { parseHeaders } from '../../wire/index.ts';
import type { Guest, GuestHost } from '../types.ts';
import { createEndpoint } from './endpoint.ts';
import type { GuestApps } from './endpoint.ts';
import { DEFAULT_HOST_LISTEN } from './spec.ts';
import type { HostSpec } from './spec.ts';

export interface HostGuest extends Guest, GuestApps {
  readonly kind: 'host';
}

/** The page a web VM serves: its name, as the seed demos' web servers answer. */
export const hostPage = (name: string): string => `<h1>${name}</h1>\n`;

export function createHostGuest(host: GuestHost, spec: HostSpec): HostGuest {
  const endpoint = createEndpoint(host, {
    listen: spec.listen ?? DEFAULT_HOST_LISTEN,
    page: hostPage(host.name),
  });
  return {
    kind: 'host',
    received: endpoint.received,
    ping: endpoint.ping,
    httpGet: endpoint.httpGet,
    udpSend: endpoint.udpSend,
    receive(frame) {
      endpoint.record(frame);
      const parsed = parseHeaders(frame);
      if (!parsed.ok) return;
      const h = parsed.value;
      // Fidelity: fragments are not reassembled; a host drops them.
      if (h.ipVersion !== 4 || h.fragment || !host.addresses.includes(h.dst)) return;
      endpoint.deliver(h, frame);
    },
  };
}
