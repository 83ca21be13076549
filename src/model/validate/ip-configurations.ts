// Private IP addresses (§9.1): a static address lies in its subnet, is not one of the five reserved ones, and
// is held by one IP configuration only; NICs stay out of the GatewaySubnet. One pass over every address holder
// (NIC IP configurations, LB frontends, PLS NAT IP configurations), problems only for what this apply touched.
// Addresses completion allocated in this apply are valid and unique by construction (allocate.ts took every
// address of the draft into account), so they are skipped.
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { addressChildren, fastKey, isReservedAddress } from '../allocate.ts';
import { containsAddress, formatPrefix, lastAddress, parseAddress } from '../../net/index.ts';
import type { Prefix } from '../../net/index.ts';
import type { SubnetEntry } from '../allocate.ts';
import type { Context } from './context.ts';

export function validateIpConfigurations(ctx: Context): void {
  // Holders by subnet, then by address (IPv4 text, which is canonical, or the IPv6 value).
  const holders = new Map<string, Map<string | bigint, Holder>>();
  const ranges = new Map<SubnetEntry, Range4[]>();
  for (const [key, r] of ctx.world.resources) {
    const children = addressChildren(r);
    if (children.length === 0) continue;
    const touched = ctx.touched.has(key);
    for (const c of children) {
      const subnetKey = fastKey(c.properties.subnet!.id!);
      const entry = ctx.subnets.get(subnetKey);
      if (
        touched &&
        entry &&
        r.type === T.networkInterface &&
        entry.subnet.name.toLowerCase() === 'gatewaysubnet'
      )
        ctx.problems.push(E.gatewaySubnet(c.id, entry.subnet.id));
      const text = c.properties.privateIPAddress;
      if (typeof text !== 'string' || text === '' || ctx.allocated.has(c)) continue;
      const parsed = parseAddress(text);
      if (!parsed.ok) {
        if (touched) ctx.problems.push(E.privateIPAddressInvalid(c.id, text));
        continue;
      }
      const address = parsed.value;
      // IPv4 text is canonical (the parser refuses leading zeros); IPv6 has many spellings, so use its value.
      const slot = address.version === 4 ? text : address.value;
      let inSubnet = holders.get(subnetKey);
      if (!inSubnet) holders.set(subnetKey, (inSubnet = new Map()));
      const other = inSubnet.get(slot);
      if (other === undefined) inSubnet.set(slot, { id: c.id, text, touched });
      else if (touched) ctx.problems.push(E.privateIPAddressIsAllocated(c.id, text, other.id));
      // The earlier holder is the newcomer: report it, naming the one that already had the address.
      else if (other.touched) ctx.problems.push(E.privateIPAddressIsAllocated(other.id, other.text, c.id));
      if (!touched || !entry) continue;
      if (address.version === 4) {
        let own = ranges.get(entry);
        if (!own) ranges.set(entry, (own = ranges4(entry)));
        const n = Number(address.value);
        const range = own.find((x) => n >= x.first && n <= x.last);
        if (!range) ctx.problems.push(E.privateIPAddressNotInSubnet(c.id, text, entry.subnet.id));
        else if (n - range.first < 4 || n === range.last)
          ctx.problems.push(E.privateIPAddressInReservedRange(c.id, text, formatPrefix(range.prefix)));
        continue;
      }
      const prefix = entry.prefixes.find((p) => containsAddress(p, address));
      if (!prefix) ctx.problems.push(E.privateIPAddressNotInSubnet(c.id, text, entry.subnet.id));
      else if (isReservedAddress(prefix, address.value))
        ctx.problems.push(E.privateIPAddressInReservedRange(c.id, text, formatPrefix(prefix)));
    }
  }
}

interface Holder {
  readonly id: string;
  readonly text: string;
  readonly touched: boolean;
}

/** A subnet's IPv4 prefixes as number ranges (exact below 2^53; bigints cost more than the whole check). */
interface Range4 {
  readonly prefix: Prefix;
  readonly first: number;
  readonly last: number;
}

const ranges4 = (entry: SubnetEntry): Range4[] =>
  entry.prefixes
    .filter((p) => p.version === 4)
    .map((prefix) => ({ prefix, first: Number(prefix.network), last: Number(lastAddress(prefix)) }));
