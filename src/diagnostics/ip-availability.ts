// GET virtualNetworks/{vnet}/CheckIPAddressAvailability?ipAddress=IP: whether a private IP is free in the VNet
// (IPAddressAvailabilityResult, virtualNetwork.json), and when it is not, up to five free addresses of its subnet
// after it, as Azure suggests them (`az network vnet check-ip-address`).
import { addressChildren, isReservedAddress, subnetPrefixes } from '../model/index.ts';
import type { VirtualNetwork, World } from '../model/index.ts';
import { containsAddress, formatAddress, lastAddress, parseAddress, parsePrefix } from '../net/index.ts';
import type { Prefix, Result } from '../net/index.ts';

export interface IpAddressAvailability {
  available: boolean;
  availableIPAddresses?: string[];
  /** Newer api-versions: the address is one of the five Azure keeps in every subnet. */
  isPlatformReserved: boolean;
}

const SUGGESTIONS = 5;

export function checkIpAddressAvailability(
  world: World,
  vnet: VirtualNetwork,
  ipAddress: string,
): Result<IpAddressAvailability> {
  const address = parseAddress(ipAddress);
  if (!address.ok) return { ok: false, reason: `'${ipAddress}' is not a valid IP address.` };
  const subnetKeys = new Set<string>();
  let home: Prefix | undefined;
  for (const subnet of vnet.properties.subnets ?? []) {
    subnetKeys.add(subnet.id.toLowerCase());
    for (const text of subnetPrefixes(subnet)) {
      const prefix = parsePrefix(text);
      if (prefix.ok && containsAddress(prefix.value, address.value)) home = prefix.value;
    }
  }
  // Fidelity: Azure's words for an address outside every subnet are not documented; vnetlab says so plainly.
  if (!home)
    return {
      ok: false,
      reason: `IP address ${ipAddress} is not in any subnet of virtual network ${vnet.name}.`,
    };
  const used = new Set<string>();
  for (const r of world.resources.values())
    for (const c of addressChildren(r)) {
      const ip = c.properties.privateIPAddress;
      if (ip && subnetKeys.has((c.properties.subnet?.id ?? '').toLowerCase())) used.add(ip);
    }
  const reserved = isReservedAddress(home, address.value.value);
  if (!reserved && !used.has(formatAddress(address.value)))
    return { ok: true, value: { available: true, isPlatformReserved: false } };
  const free: string[] = [];
  const last = lastAddress(home);
  for (let v = address.value.value + 1n; v <= last && free.length < SUGGESTIONS; v++) {
    const text = formatAddress({ version: home.version, value: v });
    if (!isReservedAddress(home, v) && !used.has(text)) free.push(text);
  }
  return { ok: true, value: { available: false, availableIPAddresses: free, isPlatformReserved: reserved } };
}
