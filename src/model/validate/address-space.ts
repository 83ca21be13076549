// VNet address spaces and subnet prefixes (§9.1, §11.5): well-formed CIDRs, no reserved ranges, no overlaps,
// subnets inside the VNet, subnet sizes, and no resizing of a subnet that is in use. Checked for the VNets this
// apply touched; each VNet costs a sort of its own prefixes.
import { keyOf } from '../ids.ts';
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { findResource } from '../world.ts';
import { linksOf } from '../links.ts';
import {
  containsPrefix,
  formatPrefix,
  mustParsePrefix,
  overlaps,
  parseAddress,
  parsePrefix,
  comparePrefixes,
} from '../../net/index.ts';
import type { Prefix } from '../../net/index.ts';
import type { Context } from './context.ts';
import type { Problem } from '../problems.ts';
import type { Subnet, VirtualNetwork } from '../types.ts';

// VNet FAQ (§9.1): ranges a VNet can't use.
const RESERVED = [
  '224.0.0.0/4',
  '255.255.255.255/32',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '168.63.129.16/32',
].map(mustParsePrefix);

/**
 * Parses a CIDR as ARM does: malformed text and host bits are different errors, and an address without a length
 * (`10.1.0.0`) is not a prefix. `malformed` is the code for other malformed text: ARM's output shows
 * InvalidAddressPrefixFormat for a VNet's address space.
 */
export function parseCidr(
  id: string,
  text: unknown,
  path: string,
  // Fidelity: for subnet and route prefixes ARM's code for malformed text was not found in its output.
  malformed: typeof E.invalidIPAddressPrefix = E.invalidIPAddressPrefix,
): { prefix?: Prefix; problem?: Problem } {
  if (typeof text !== 'string') return { problem: malformed(id, String(text), path) };
  if (!text.includes('/') && parseAddress(text).ok)
    return { problem: E.invalidAddressPrefixFormat(id, text, path) };
  const strict = parsePrefix(text);
  if (strict.ok) return { prefix: strict.value };
  const lenient = parsePrefix(text, true);
  if (lenient.ok && text.includes('/'))
    return { problem: E.invalidCidrNotation(id, text, formatPrefix(lenient.value), path) };
  return { problem: malformed(id, text, path) };
}

export function validateAddressSpaces(ctx: Context): void {
  for (const key of ctx.touched) {
    const r = ctx.world.resources.get(key);
    if (r?.type === T.virtualNetwork) validateVnet(ctx, r as VirtualNetwork);
  }
}

function validateVnet(ctx: Context, vnet: VirtualNetwork): void {
  const space: Prefix[] = [];
  const texts = vnet.properties.addressSpace?.addressPrefixes;
  (Array.isArray(texts) ? texts : []).forEach((text, i) => {
    const { prefix, problem } = parseCidr(
      vnet.id,
      text,
      `properties.addressSpace.addressPrefixes[${i}]`,
      E.invalidAddressPrefixFormat,
    );
    if (problem) ctx.problems.push(problem);
    if (!prefix) return;
    const reserved = RESERVED.find((x) => overlaps(x, prefix));
    if (reserved)
      ctx.problems.push(E.addressSpaceReserved(vnet.id, formatPrefix(prefix), formatPrefix(reserved)));
    space.push(prefix);
  });
  for (const [a, b] of overlappingPairs(space.map((prefix) => ({ prefix, owner: vnet.id }))))
    ctx.problems.push(E.addressSpacesOverlapInVnet(vnet.id, formatPrefix(a.prefix), formatPrefix(b.prefix)));

  const all: { prefix: Prefix; owner: string }[] = [];
  const subnets = vnet.properties.subnets ?? [];
  for (const subnet of subnets) {
    const prefixes = subnetPrefixes(ctx, vnet, subnet);
    for (const prefix of prefixes) {
      if (!space.some((s) => containsPrefix(s, prefix))) {
        ctx.problems.push(E.subnetRangeOutsideVnet(subnet.id, subnet.name, vnet.name));
        break;
      }
    }
    for (const prefix of prefixes) all.push({ prefix, owner: subnet.id });
    checkResize(ctx, subnet);
  }
  const reported = new Set<string>();
  for (const [a, b] of overlappingPairs(all)) {
    // Report the subnet this apply touched (the newcomer), once.
    const culprit =
      ctx.isTouched(b.owner) && ctx.t.created.has(keyOf(b.owner))
        ? b.owner
        : ctx.t.created.has(keyOf(a.owner))
          ? a.owner
          : b.owner;
    if (reported.has(culprit)) continue;
    reported.add(culprit);
    const subnet = subnets.find((s) => s.id === culprit)!;
    ctx.problems.push(E.subnetRangesOverlap(subnet.id, subnet.name, vnet.name));
  }
}

function subnetPrefixes(ctx: Context, vnet: VirtualNetwork, subnet: Subnet): Prefix[] {
  const sp = subnet.properties;
  const texts: { text: unknown; path: string }[] = [];
  if (sp.addressPrefix !== undefined)
    texts.push({ text: sp.addressPrefix, path: 'properties.addressPrefix' });
  if (Array.isArray(sp.addressPrefixes))
    sp.addressPrefixes.forEach((text, i) => texts.push({ text, path: `properties.addressPrefixes[${i}]` }));
  if (texts.length === 0) {
    ctx.problems.push(
      E.netcfgInvalidSubnet(subnet.id, subnet.name, vnet.name, 'The subnet has no address prefix.'),
    );
    return [];
  }
  const out: Prefix[] = [];
  for (const { text, path } of texts) {
    const { prefix, problem } = parseCidr(subnet.id, text, path);
    if (problem) ctx.problems.push(problem);
    if (!prefix) continue;
    // §9.1: IPv4 subnets are /8 to /29; IPv6 subnets exactly /64.
    // Fidelity: Azure's code for a bad subnet size was not found; NetcfgInvalidSubnet is its generic subnet code.
    const ok = prefix.version === 4 ? prefix.length >= 8 && prefix.length <= 29 : prefix.length === 64;
    if (!ok) {
      const why =
        prefix.version === 4
          ? `Its prefix ${formatPrefix(prefix)} must be between /8 and /29.`
          : `Its IPv6 prefix ${formatPrefix(prefix)} must be a /64.`;
      ctx.problems.push(E.netcfgInvalidSubnet(subnet.id, subnet.name, vnet.name, why));
    }
    out.push(prefix);
  }
  return out;
}

/** §9.1: a subnet can be resized only while nothing uses it. */
function checkResize(ctx: Context, subnet: Subnet): void {
  if (!ctx.t.updated.has(keyOf(subnet.id))) return;
  const before = findResource(ctx.t.before, subnet.id) as Subnet | undefined;
  if (!before) return;
  const norm = (s: Subnet) =>
    [s.properties.addressPrefix, ...(s.properties.addressPrefixes ?? [])]
      .filter((x): x is string => typeof x === 'string')
      .map((x) => {
        const p = parsePrefix(x, true);
        return p.ok ? formatPrefix(p.value) : x;
      })
      .sort()
      .join(',');
  if (norm(before) === norm(subnet)) return;
  const users = linksOf(ctx.t.before).addressesOfSubnet.get(keyOf(subnet.id)) ?? [];
  const user = users.find((u) => ctx.exists(u.ipConfiguration.id));
  if (user) ctx.problems.push(E.inUseSubnetCannotBeUpdated(subnet.id, subnet.name, user.ipConfiguration.id));
}

/** Pairs of overlapping prefixes, by a sort and a sweep (n log n, not n²). */
export function overlappingPairs<T extends { prefix: Prefix }>(items: readonly T[]): [T, T][] {
  const sorted = [...items].sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  const out: [T, T][] = [];
  let open: T | undefined;
  for (const item of sorted) {
    if (open && overlaps(open.prefix, item.prefix)) {
      out.push([open, item]);
      // Keep the wider one open so that everything inside it is caught.
      if (item.prefix.length < open.prefix.length) open = item;
    } else open = item;
  }
  return out;
}
