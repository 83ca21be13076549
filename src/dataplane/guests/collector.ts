// A VM that records what reaches it and answers nothing: a packet capture with no listener, as the collector
// of a virtual network TAP (the mirrored traffic arrives VXLAN-encapsulated on UDP 4789).
import type { Guest, GuestHost } from '../types.ts';
import type { ReceivedFrame } from './endpoint.ts';

export interface CollectorGuest extends Guest {
  readonly kind: 'collector';
  readonly received: readonly ReceivedFrame[];
}

export function createCollectorGuest(host: GuestHost): CollectorGuest {
  const received: ReceivedFrame[] = [];
  return {
    kind: 'collector',
    received,
    receive(frame) {
      received.push({ at: host.now(), frame: frame.slice() });
    },
  };
}
