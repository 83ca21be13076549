// Default system routes of every subnet: the VNet's ranges, the Internet default and the reserved ranges that
// drop. Read ../../../shared/azure-semantics.md §1.1 before changing this file.
import { containsPrefix, mustParsePrefix, samePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import type { VirtualNetwork } from '../model/index.ts';
import { DEFAULT_FLAGS } from './routes-types.ts';
import type { RouteEntry } from './routes-types.ts';

// §1.1: RFC 1918, RFC 6598, and 127.0.0.0/8 as real effective-route output shows it (Azure/azure-powershell
// #22231, #23091), in the order that output lists them.
// Fidelity: the Dec 2025 doc update "added more default routes" that we could not read; only these are modelled.
export const RESERVED_PREFIXES: readonly Prefix[] = [
  '10.0.0.0/8',
  '127.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.168.0.0/16',
].map(mustParsePrefix);

const ALL_V4 = mustParsePrefix('0.0.0.0/0');
const ALL_V6 = mustParsePrefix('::/0');

/** The Default routes of one VNet, shared by all its subnets, in Azure's order. */
export function systemRoutes(vnet: VirtualNetwork, ranges: readonly Prefix[]): RouteEntry[] {
  const origin = { id: vnet.id, name: vnet.name };
  const entry = (
    prefix: Prefix,
    nextHopType: 'VnetLocal' | 'Internet' | 'None',
    kind: RouteEntry['kind'],
  ) => ({
    route: {
      source: 'Default' as const,
      state: 'Active' as const,
      prefixes: [prefix],
      nextHopType,
      nextHopIpAddress: [],
      origin,
      ...DEFAULT_FLAGS,
    },
    prefix,
    kind,
  });
  const out: RouteEntry[] = ranges.map((r) => entry(r, 'VnetLocal', 'vnet'));
  out.push(entry(ALL_V4, 'Internet', 'internet'));
  // Fidelity: dual-stack VNets get ::/0 -> Internet as well; no reserved IPv6 None routes are modelled.
  if (ranges.some((r) => r.version === 6)) out.push(entry(ALL_V6, 'Internet', 'internet'));
  for (const reserved of RESERVED_PREFIXES) {
    // §1.1: a VNet range equal to a reserved prefix turns that route into the VNet route (already listed);
    // a range containing it removes it; a range inside it leaves both, and LPM picks the VNet route.
    if (ranges.some((r) => samePrefix(r, reserved) || containsPrefix(r, reserved))) continue;
    out.push(entry(reserved, 'None', 'reserved'));
  }
  return out;
}
