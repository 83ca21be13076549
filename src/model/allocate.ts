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
  return (list as AddressChild[]).filter((c) => typeof c?.properties?.subnet?.id === 'string');
}

export const ipVersionOf = (c: AddressChild): 4 | 6 =>
  c.properties.privateIPAddressVersion === 'IPv6' ? 6 : 4;

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
      const texts = [
        ...(subnet.properties.addressPrefix ? [subnet.properties.addressPrefix] : []),
        ...(subnet.properties.addressPrefixes ?? []),
      ];
      const prefixes: Prefix[] = [];
      for (const t of texts) {
        const p = typeof t === 'string' ? parsePrefix(t) : undefined;
        if (p?.ok) prefixes.push(p.value);
      }
      out.set(keyOf(subnet.id), { subnet, vnet, prefixes });
    }
  }
  return out;
}

/** One IP configuration waiting for a dynamic address. */
export interface PendingAddress {
  readonly child: AddressChild;
  readonly subnetKey: string;
  readonly version: 4 | 6;
}

/**
 * Gives each pending IP configuration the lowest free address of its subnet, considering every address already
 * held in that subnet anywhere in the draft. Mutates the pending children (which completion owns). One scan of
 * the draft plus one forward cursor per subnet: linear in the world, not quadratic.
 */
export function allocateAddresses(
  resources: Iterable<Resource>,
  pending: readonly PendingAddress[],
  subnets: ReadonlyMap<string, SubnetEntry>,
): Problem[] {
  if (pending.length === 0) return [];
  const wanted = new Set(pending.map((p) => p.subnetKey));
  const used = new Map<string, Set<bigint>>();
  for (const r of resources) {
    for (const c of addressChildren(r)) {
      const subnetKey = fastKey(c.properties.subnet!.id!);
      if (!wanted.has(subnetKey) || !c.properties.privateIPAddress) continue;
      const a = parseAddress(c.properties.privateIPAddress);
      if (!a.ok) continue;
      let set = used.get(subnetKey);
      if (!set) used.set(subnetKey, (set = new Set()));
      set.add(a.value.value);
    }
  }
  const cursors = new Map<string, { prefix: number; next: bigint }>();
  const problems: Problem[] = [];
  const full = new Map<string, number>();
  for (const p of pending) {
    const entry = subnets.get(p.subnetKey);
    if (!entry) continue; // a dangling subnet reference; validation reports it
    const prefixes = entry.prefixes.filter((x) => x.version === p.version);
    const taken = used.get(p.subnetKey) ?? new Set<bigint>();
    used.set(p.subnetKey, taken);
    const cursorKey = `${p.subnetKey}|${p.version}`;
    const cursor = cursors.get(cursorKey) ?? { prefix: 0, next: -1n };
    let found: bigint | undefined;
    while (cursor.prefix < prefixes.length && found === undefined) {
      const prefix = prefixes[cursor.prefix]!;
      if (cursor.next < prefix.network + 4n) cursor.next = prefix.network + 4n;
      const last = lastAddress(prefix);
      while (cursor.next < last && taken.has(cursor.next)) cursor.next++;
      if (cursor.next < last) found = cursor.next;
      else cursor.prefix++;
    }
    cursors.set(cursorKey, cursor);
    if (found === undefined) {
      full.set(p.subnetKey, (full.get(p.subnetKey) ?? 0) + 1);
      continue;
    }
    taken.add(found);
    p.child.properties.privateIPAddress = formatAddress({ version: p.version, value: found });
    p.child.properties.privateIPAllocationMethod ??= 'Dynamic';
  }
  for (const [subnetKey, count] of full) {
    const entry = subnets.get(subnetKey)!;
    problems.push(E.subnetIsFull(entry.subnet.id, entry.prefixes.map(formatPrefix).join(', '), count));
  }
  return problems;
}
