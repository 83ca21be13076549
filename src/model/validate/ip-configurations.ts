// Private IP addresses (§9.1): a static address lies in its subnet, is not one of the five reserved ones, and
// is held by one IP configuration only; NICs stay out of the GatewaySubnet. One pass over every address holder
// (NIC IP configurations, LB frontends, PLS NAT IP configurations), problems only for what this apply touched.
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { addressChildren, fastKey, isReservedAddress } from '../allocate.ts';
import { containsAddress, formatPrefix, parseAddress } from '../../net/index.ts';
import type { Context } from './context.ts';

export function validateIpConfigurations(ctx: Context): void {
  const holders = new Map<string, { id: string; text: string; touched: boolean }>(); // subnet|address -> holder
  for (const r of ctx.world.resources.values()) {
    const children = addressChildren(r);
    if (children.length === 0) continue;
    const touched = ctx.touched.has(fastKey(r.id));
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
      if (typeof text !== 'string' || text === '') continue;
      const parsed = parseAddress(text);
      if (!parsed.ok) {
        if (touched) ctx.problems.push(E.privateIPAddressInvalid(c.id, text));
        continue;
      }
      const address = parsed.value;
      // IPv4 text is canonical (the parser refuses leading zeros); IPv6 has many spellings, so use its value.
      const slot = address.version === 4 ? `${subnetKey}|${text}` : `${subnetKey}|6|${address.value}`;
      const other = holders.get(slot);
      if (other === undefined) holders.set(slot, { id: c.id, text, touched });
      else if (touched) ctx.problems.push(E.privateIPAddressIsAllocated(c.id, text, other.id));
      // The earlier holder is the newcomer: report it, naming the one that already had the address.
      else if (other.touched) ctx.problems.push(E.privateIPAddressIsAllocated(other.id, other.text, c.id));
      if (!touched || !entry) continue;
      const prefix = entry.prefixes.find((p) => containsAddress(p, address));
      if (!prefix) ctx.problems.push(E.privateIPAddressNotInSubnet(c.id, text, entry.subnet.id));
      else if (isReservedAddress(prefix, address.value))
        ctx.problems.push(E.privateIPAddressInReservedRange(c.id, text, formatPrefix(prefix)));
    }
  }
}
