// Dynamic private IP allocation: the first free address of the subnet after the five Azure reserves (network,
// .1 gateway, .2 and .3 DNS, and the last address). Read ../../../shared/azure-semantics.md §9.1 first.
// Fidelity: Azure documents "first available"; the lowest free address at or above network+4 is what is observed.
import { keyOf } from './ids.ts';
import { T } from './resource-types.ts';
import { E } from './errors.ts';
import { formatAddress, formatPrefix, lastAddress, parseAddress, parsePrefix } from '../net/index.ts';
import type { Prefix } from '../net/index.ts';
import type { Problem } from './problems.ts';
import type { NetworkInterface, Resource, Subnet, VirtualNetwork } from './types.ts';

/** keyOf without the regular expression when the ID has no trailing slash (the hot path). */
export const fastKey = (id: string): string => (id.endsWith('/') ? keyOf(id) : id.toLowerCase());

/** Inline collections whose children hold a private IP in a subnet, by parent type. */
const ADDRESS_COLLECTIONS: Readonly<Record<string, string>> = {
  [T.networkInterface]: 'ipConfigurations',
  [T.loadBalancer]: 'frontendIPConfigurations',
  [T.privateLinkService]: 'ipConfigurations',
};

type AddressProperties = {
  subnet?: { id?: string } | null;
  privateIPAddress?: string;
  privateIPAllocationMethod?: string;
  privateIPAddressVersion?: string;
};

export type AddressChild = Resource<AddressProperties>;

/**
 * The children of `resource` that hold a private IP in a subnet. A private link service's NIC mirrors the PLS
 * NAT IP configurations, which already hold those addresses, so it is skipped to count each address once.
 */
export function addressChildren(resource: Resource): AddressChild[] {
  const property = ADDRESS_COLLECTIONS[resource.type];
  if (!property) return [];
  if (
    resource.type === T.networkInterface &&
    (resource as NetworkInterface).properties.privateLinkService?.id
  )
    return [];
  const list = resource.properties[property];
  if (!Array.isArray(list)) return [];
  // Usually every child has a subnet: hand back the list itself (callers only read it) rather than a copy.
  for (const c of list as AddressChild[])
    if (!hasSubnet(c)) return (list as AddressChild[]).filter(hasSubnet);
  return list as AddressChild[];
}

export const ipVersionOf = (c: AddressChild): 4 | 6 =>
  c.properties.privateIPAddressVersion === 'IPv6' ? 6 : 4;

const hasSubnet = (c: AddressChild | undefined): boolean => typeof c?.properties?.subnet?.id === 'string';

/** True for the five addresses Azure keeps in every subnet prefix. */
export function isReservedAddress(prefix: Prefix, value: bigint): boolean {
  return value - prefix.network < 4n || value === lastAddress(prefix);
}

/** Subnets of the draft with their VNet and parsed prefixes. */
export interface SubnetEntry {
  readonly subnet: Subnet;
  readonly vnet: VirtualNetwork;
  readonly prefixes: Prefix[];
}

export function indexSubnets(resources: Iterable<Resource>): Map<string, SubnetEntry> {
  const out = new Map<string, SubnetEntry>();
  for (const r of resources) {
    if (r.type !== T.virtualNetwork) continue;
    const vnet = r as VirtualNetwork;
    for (const subnet of vnet.properties.subnets ?? []) {
      const known = entryOf(subnet, vnet);
      out.set(known.key, known.entry);
    }
  }
  return out;
}

/**
 * The index of `after` from the index of `before`, when only the resources under `changed` keys differ: the
 * subnets of changed VNets are taken out and put back as they are now.
 */
export function updateSubnetIndex(
  previous: ReadonlyMap<string, SubnetEntry>,
  before: ReadonlyMap<string, Resource>,
  after: ReadonlyMap<string, Resource>,
  changed: Iterable<string>,
): Map<string, SubnetEntry> {
  const out = new Map(previous);
  const vnets: VirtualNetwork[] = [];
  for (const key of changed) {
    const was = before.get(key);
    if (was?.type === T.virtualNetwork)
      for (const subnet of (was as VirtualNetwork).properties.subnets ?? []) out.delete(keyOf(subnet.id));
    const now = after.get(key);
    if (now?.type === T.virtualNetwork) vnets.push(now as VirtualNetwork);
  }
  for (const vnet of vnets)
    for (const subnet of vnet.properties.subnets ?? []) {
      const known = entryOf(subnet, vnet);
      out.set(known.key, known.entry);
    }
  return out;
}

// Worlds share their unchanged VNet and subnet objects, so each apply() would parse the prefixes of every subnet
// of the world again: the entry is kept per subnet object and reused while its VNet and prefix texts are the
// same objects (a draft may still change a fresh subnet's properties before the world is made).
// The key string is kept too: a reused string keeps its hash, so the index's Map takes it without rehashing.
interface KnownEntry {
  readonly key: string;
  readonly entry: SubnetEntry;
  readonly addressPrefix: unknown;
  readonly addressPrefixes: unknown;
}
const entries = new WeakMap<Subnet, KnownEntry>();

function entryOf(subnet: Subnet, vnet: VirtualNetwork): KnownEntry {
  const { addressPrefix, addressPrefixes } = subnet.properties;
  const known = entries.get(subnet);
  if (
    known &&
    known.entry.vnet === vnet &&
    known.addressPrefix === addressPrefix &&
    known.addressPrefixes === addressPrefixes &&
    known.entry.subnet.id === subnet.id
  )
    return known;
  const texts = [...(addressPrefix ? [addressPrefix] : []), ...(addressPrefixes ?? [])];
  const prefixes: Prefix[] = [];
  for (const t of texts) {
    const p = typeof t === 'string' ? parsePrefix(t) : undefined;
    if (p?.ok) prefixes.push(p.value);
  }
  const made: KnownEntry = {
    key: keyOf(subnet.id),
    entry: { subnet, vnet, prefixes },
    addressPrefix,
    addressPrefixes,
  };
  entries.set(subnet, made);
  return made;
}

/** One IP configuration waiting for a dynamic address. */
export interface PendingAddress {
  readonly child: AddressChild;
  readonly subnetKey: string;
  readonly version: 4 | 6;
}

/** Free-address cursor over the usable ranges of one subnet's prefixes of one IP version. */
interface Pool<N> {
  /** [first usable, last usable] per prefix, in the subnet's order. */
  readonly ranges: readonly (readonly [N, N])[];
  at: number;
  next: N;
  readonly taken: Set<N>;
}

/**
 * Gives each pending IP configuration the lowest free address of its subnet, considering every address already
 * held in that subnet anywhere in the draft. Mutates the pending children (which completion owns). One scan of
 * the draft plus one forward cursor per subnet: linear in the world, not quadratic. IPv4 addresses are counted
 * as numbers (exact below 2^53, and far cheaper than bigints for the ~70,000 of a large world).
 */
export function allocateAddresses(
  resources: Iterable<Resource>,
  pending: readonly PendingAddress[],
  subnets: ReadonlyMap<string, SubnetEntry>,
): Problem[] {
  if (pending.length === 0) return [];
  const pools4 = new Map<string, Pool<number>>();
  const pools6 = new Map<string, Pool<bigint>>();
  for (const p of pending) {
    const entry = subnets.get(p.subnetKey);
    if (!entry) continue; // a dangling subnet reference; validation reports it
    if (p.version === 4 && !pools4.has(p.subnetKey)) pools4.set(p.subnetKey, pool4(entry.prefixes));
    if (p.version === 6 && !pools6.has(p.subnetKey)) pools6.set(p.subnetKey, pool6(entry.prefixes));
  }
  for (const r of resources) {
    for (const c of addressChildren(r)) {
      const text = c.properties.privateIPAddress;
      if (!text) continue;
      const subnetKey = fastKey(c.properties.subnet!.id!);
      const p4 = pools4.get(subnetKey);
      const p6 = pools6.get(subnetKey);
      if (!p4 && !p6) continue;
      const a = parseAddress(text);
      if (!a.ok) continue;
      if (a.value.version === 4) p4?.taken.add(Number(a.value.value));
      else p6?.taken.add(a.value.value);
    }
  }
  const problems: Problem[] = [];
  const full = new Map<string, number>();
  for (const p of pending) {
    let text: string | undefined;
    if (p.version === 4) {
      const pool = pools4.get(p.subnetKey);
      if (!pool) continue;
      const found = take4(pool);
      if (found !== undefined) text = formatIpv4(found);
    } else {
      const pool = pools6.get(p.subnetKey);
      if (!pool) continue;
      const found = take6(pool);
      if (found !== undefined) text = formatAddress({ version: 6, value: found });
    }
    if (text === undefined) {
      full.set(p.subnetKey, (full.get(p.subnetKey) ?? 0) + 1);
      continue;
    }
    p.child.properties.privateIPAddress = text;
    p.child.properties.privateIPAllocationMethod ??= 'Dynamic';
  }
  for (const [subnetKey, count] of full) {
    const entry = subnets.get(subnetKey)!;
    problems.push(E.subnetIsFull(entry.subnet.id, entry.prefixes.map(formatPrefix).join(', '), count));
  }
  return problems;
}

// Usable addresses of a prefix: from network + 4 to the one before the last (§9.1).
function pool4(prefixes: readonly Prefix[]): Pool<number> {
  const ranges = prefixes
    .filter((x) => x.version === 4)
    .map((x) => [Number(x.network) + 4, Number(lastAddress(x)) - 1] as const);
  return { ranges, at: 0, next: ranges[0]?.[0] ?? 0, taken: new Set() };
}

function pool6(prefixes: readonly Prefix[]): Pool<bigint> {
  const ranges = prefixes
    .filter((x) => x.version === 6)
    .map((x) => [x.network + 4n, lastAddress(x) - 1n] as const);
  return { ranges, at: 0, next: ranges[0]?.[0] ?? 0n, taken: new Set() };
}

// take4 and take6 are the same walk: IPv4 on numbers (the common, hot case), IPv6 on bigints.
function take4(pool: Pool<number>): number | undefined {
  while (pool.at < pool.ranges.length) {
    const [, last] = pool.ranges[pool.at]!;
    while (pool.next <= last && pool.taken.has(pool.next)) pool.next++;
    if (pool.next <= last) {
      pool.taken.add(pool.next);
      return pool.next;
    }
    if (++pool.at < pool.ranges.length) pool.next = pool.ranges[pool.at]![0];
  }
  return undefined;
}

function take6(pool: Pool<bigint>): bigint | undefined {
  while (pool.at < pool.ranges.length) {
    const [, last] = pool.ranges[pool.at]!;
    while (pool.next <= last && pool.taken.has(pool.next)) pool.next++;
    if (pool.next <= last) {
      pool.taken.add(pool.next);
      return pool.next;
    }
    if (++pool.at < pool.ranges.length) pool.next = pool.ranges[pool.at]![0];
  }
  return undefined;
}

/** Dotted-quad text of an IPv4 address held as a number. */
const formatIpv4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
