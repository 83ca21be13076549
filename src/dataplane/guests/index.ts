// guests: the software inside VMs (hosts, Linux routers, packet collectors, and the hosts beyond Azure). The
// engine hands a guest the frames Azure delivers to its NIC and sends whatever the guest sends. Guests import
// only net/, wire/ and ../types.ts: they never see the Azure model, only bytes, their addresses and the clock.
// They are deterministic: no timers, no randomness, time only from GuestHost.now(); parsing never throws.
import type { GuestHost } from '../types.ts';
import type { CollectorGuest } from './collector.ts';
import { createCollectorGuest } from './collector.ts';
import { createHostGuest } from './host.ts';
import type { HostGuest } from './host.ts';
import { createNvaGuest } from './nva.ts';
import type { NvaGuest } from './nva.ts';
import type { GuestSpec } from './spec.ts';

export type { CollectorGuest, HostGuest, NvaGuest };
export type { GuestApps, PingReply, PingSession, ReceivedFrame } from './endpoint.ts';
export type { HttpSession, HttpState } from './http.ts';
export type { InternetGuest } from './internet.ts';
export type { NvaEvent } from './nva.ts';
export type {
  CollectorSpec,
  DnatRule,
  GuestSpec,
  HostSpec,
  Listener,
  NvaRoute,
  NvaSpec,
  SnatRule,
} from './spec.ts';
export { createCollectorGuest, createHostGuest, createNvaGuest };
export { createInternetGuest } from './internet.ts';
export { parseGuestSpec } from './spec.ts';

/** The guest a VM's spec declares (the internet guest is the engine's own: createInternetGuest). */
export type VmGuest = HostGuest | NvaGuest | CollectorGuest;

export function createGuest(host: GuestHost, spec: GuestSpec): VmGuest {
  switch (spec.kind) {
    case 'host':
      return createHostGuest(host, spec);
    case 'nva':
      return createNvaGuest(host, spec);
    case 'collector':
      return createCollectorGuest(host);
  }
}
