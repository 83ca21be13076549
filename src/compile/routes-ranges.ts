// A VNet's address ranges as prefixes, parsed once per VNet object (resources are immutable, so the VNet object
// is the cache key): the system, peering, connected-group and PE route builders all ask for them.
import { vnetPrefixes } from '../model/index.ts';
import type { VirtualNetwork } from '../model/index.ts';
import { parsePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';

const cache = new WeakMap<VirtualNetwork, readonly Prefix[]>();

/** The VNet's ranges (lenient: host bits set are cleared, as ARM accepts them); unparsable ones are skipped. */
export function vnetRanges(vnet: VirtualNetwork): readonly Prefix[] {
  let ranges = cache.get(vnet);
  if (!ranges) {
    ranges = vnetPrefixes(vnet).flatMap((t) => {
      const r = parsePrefix(t, true);
      return r.ok ? [r.value] : [];
    });
    cache.set(vnet, ranges);
  }
  return ranges;
}
