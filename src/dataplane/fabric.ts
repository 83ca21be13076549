// The world as the data plane needs it: NIC ports with their addresses and MACs, who owns which private address
// in each VNet (NICs, internal load balancer frontends, Private Link NAT IPs), public IPs and what they belong
// to, backend pools, TAPs. Built once per World (WeakMap), like the compiler's state.
// Read ../../../shared/azure-semantics.md §4 (NAT), §5 (Private Link), §6 (TAP), §9 (platform) before changing it.
import { findResource, getResource, keyOf, linksOf, parentIdOf, resourcesOfType, T } from '../model/index.ts';
import type {
  LoadBalancer,
  NatGateway,
  NetworkInterface,
  PrivateEndpoint,
  PrivateLinkService,
  PublicIPAddress,
  Resource,
  VirtualMachine,
  VirtualNetworkTap,
  World,
} from '../model/index.ts';
import { parseAddress } from '../net/index.ts';
import { macBytesOf, macFromSeed, parseMac } from '../wire/index.ts';
import { fnv1aString } from './hash.ts';
import type { Ipv4 } from './types.ts';

export interface TapTarget {
  readonly tap: VirtualNetworkTap;
  /** The outer destination: the destination NIC's IP or the internal load balancer frontend's. */
  readonly destination: Ipv4;
  readonly port: number;
  readonly vni: number;
}

export interface Port {
  /** Dense index, for flow keys. */
  readonly index: number;
  readonly key: string;
  readonly nic: NetworkInterface;
  /** The VM's name, or the NIC's when no VM holds it. */
  readonly name: string;
  readonly vmId: string | undefined;
  readonly mac: string;
  /** The MAC as bytes, written into every frame delivered to the NIC. */
  readonly macBytes: Uint8Array;
  /** Private IPv4 addresses, primary first. */
  readonly addresses: readonly Ipv4[];
  readonly subnetId: string;
  readonly vnetKey: string;
  readonly gateway: Ipv4;
  readonly ipForwarding: boolean;
  /** Instance-level public IPs by private address. */
  readonly publicIps: ReadonlyMap<Ipv4, Ipv4>;
  readonly tap: TapTarget | undefined;
  readonly privateEndpoint: PrivateEndpoint | undefined;
  /** Backend pool keys the NIC's IP configurations are members of. */
  readonly pools: readonly string[];
  readonly dnsServers: readonly Ipv4[];
}

export interface Frontend {
  readonly lb: LoadBalancer;
  readonly frontendId: string;
  readonly address: Ipv4;
}

/** What owns a private address inside one VNet. */
export type Owner =
  | { readonly kind: 'nic'; readonly port: Port }
  | { readonly kind: 'frontend'; readonly frontend: Frontend }
  | { readonly kind: 'pls-nat'; readonly pls: PrivateLinkService };

/** What a public IP belongs to. */
export type PublicOwner =
  | {
      readonly kind: 'nic';
      readonly port: Port;
      readonly privateAddress: Ipv4;
      readonly pip: PublicIPAddress;
    }
  | { readonly kind: 'nat-gateway'; readonly natGateway: NatGateway; readonly pip: PublicIPAddress }
  | {
      readonly kind: 'frontend';
      readonly lb: LoadBalancer;
      readonly frontendId: string;
      readonly pip: PublicIPAddress;
    };

export interface Fabric {
  readonly world: World;
  readonly ports: readonly Port[];
  readonly portByKey: ReadonlyMap<string, Port>;
  /** VNet key → address → owner. */
  readonly owners: ReadonlyMap<string, ReadonlyMap<Ipv4, Owner>>;
  readonly publicOwners: ReadonlyMap<Ipv4, PublicOwner>;
  /** Backend pool key → member ports. */
  readonly poolMembers: ReadonlyMap<string, readonly Port[]>;
  /** Subnet key → the NAT gateway attached to it. */
  readonly natGatewayOfSubnet: ReadonlyMap<string, NatGateway>;
}

export const ipv4Of = (text: string | undefined): Ipv4 | undefined => {
  if (text === undefined) return undefined;
  const a = parseAddress(text);
  return a.ok && a.value.version === 4 ? Number(a.value.value) : undefined;
};

/**
 * A public IP's address. Fidelity: ARM allocates public addresses from Microsoft's ranges; when a topology gives
 * none, vnetlab derives a stable one in 20.0.0.0/8 from the resource ID (the same input gives the same address).
 */
export function publicAddressOf(pip: PublicIPAddress): Ipv4 {
  const given = ipv4Of(pip.properties.ipAddress);
  if (given !== undefined) return given;
  const h = fnv1aString(keyOf(pip.id));
  return ((20 << 24) | (h & 0xffff00) | (4 + (h % 200))) >>> 0;
}

/**
 * The VNI of a TAP's VXLAN stream. Fidelity: Azure does not document it (§6.2, UNVERIFIED); vnetlab derives a
 * stable 24-bit value from the TAP's resource ID.
 */
export function vniOf(tap: VirtualNetworkTap): number {
  return fnv1aString(keyOf(tap.id)) & 0xffffff || 1;
}

const cache = new WeakMap<World, Fabric>();

export function fabricOf(world: World): Fabric {
  let f = cache.get(world);
  if (!f) {
    f = build(world);
    cache.set(world, f);
  }
  return f;
}

function build(world: World): Fabric {
  const links = linksOf(world);
  const owners = new Map<string, Map<Ipv4, Owner>>();
  const own = (vnetKey: string, address: Ipv4, owner: Owner): void => {
    let m = owners.get(vnetKey);
    if (!m) owners.set(vnetKey, (m = new Map()));
    m.set(address, owner);
  };
  const vnetKeyOfSubnet = (subnetId: string | undefined): string | undefined => {
    const vnet = subnetId ? links.subnets.get(keyOf(subnetId))?.vnet : undefined;
    return vnet ? keyOf(vnet.id) : undefined;
  };

  const ports: Port[] = [];
  const portByKey = new Map<string, Port>();
  const poolMembers = new Map<string, Port[]>();
  const publicOwners = new Map<Ipv4, PublicOwner>();

  for (const nic of resourcesOfType<NetworkInterface>(world, T.networkInterface)) {
    const addresses = links.addressesOfNic.get(keyOf(nic.id)) ?? [];
    const v4 = addresses.filter((a) => ipv4Of(a.address) !== undefined);
    const primary = v4.find((a) => a.ipConfiguration.properties.primary === true) ?? v4[0];
    if (!primary) continue;
    const ordered = [primary, ...v4.filter((a) => a !== primary)];
    const place = links.subnets.get(keyOf(primary.subnetId));
    if (!place) continue;
    const vmId = links.vmOfNic.get(keyOf(nic.id));
    const vm = vmId ? getResource<VirtualMachine>(world, vmId) : undefined;
    const publicIps = new Map<Ipv4, Ipv4>();
    for (const a of ordered) {
      const pipId = a.ipConfiguration.properties.publicIPAddress?.id;
      const pip = pipId ? getResource<PublicIPAddress>(world, pipId) : undefined;
      if (pip) publicIps.set(ipv4Of(a.address)!, publicAddressOf(pip));
    }
    const pe = nic.properties.privateEndpoint?.id
      ? getResource<PrivateEndpoint>(world, nic.properties.privateEndpoint.id)
      : undefined;
    const subnetPrefix = ipv4Of(
      (place.subnet.properties.addressPrefix ?? place.subnet.properties.addressPrefixes?.[0])?.split('/')[0],
    );
    const given = nic.properties.macAddress ? parseMac(nic.properties.macAddress) : undefined;
    const dns = nic.properties.dnsSettings?.dnsServers?.length
      ? nic.properties.dnsSettings.dnsServers
      : (place.vnet.properties.dhcpOptions?.dnsServers ?? []);
    const mac = given?.ok ? given.value : macFromSeed(keyOf(nic.id));
    const port: Port = {
      index: ports.length,
      key: keyOf(nic.id),
      nic,
      name: vm?.name ?? nic.name,
      vmId: vm?.id,
      mac,
      macBytes: macBytesOf(mac),
      addresses: ordered.map((a) => ipv4Of(a.address)!),
      subnetId: place.subnet.id,
      vnetKey: keyOf(place.vnet.id),
      gateway: ((subnetPrefix ?? 0) + 1) >>> 0,
      ipForwarding: nic.properties.enableIPForwarding === true,
      publicIps,
      tap: tapOf(world, nic),
      privateEndpoint: pe,
      pools: ordered.flatMap((a) =>
        (a.ipConfiguration.properties.loadBalancerBackendAddressPools ?? []).map((p) => keyOf(p.id)),
      ),
      dnsServers: dns.map(ipv4Of).filter((x): x is Ipv4 => x !== undefined),
    };
    ports.push(port);
    portByKey.set(port.key, port);
    for (const a of ordered)
      own(vnetKeyOfSubnet(a.subnetId) ?? port.vnetKey, ipv4Of(a.address)!, { kind: 'nic', port });
    for (const pool of port.pools) {
      const list = poolMembers.get(pool) ?? [];
      list.push(port);
      poolMembers.set(pool, list);
    }
    for (const a of ordered) {
      const pipId = a.ipConfiguration.properties.publicIPAddress?.id;
      const pip = pipId ? getResource<PublicIPAddress>(world, pipId) : undefined;
      if (pip)
        publicOwners.set(publicAddressOf(pip), {
          kind: 'nic',
          port,
          privateAddress: ipv4Of(a.address)!,
          pip,
        });
    }
  }

  for (const lb of resourcesOfType<LoadBalancer>(world, T.loadBalancer)) {
    for (const fe of lb.properties.frontendIPConfigurations ?? []) {
      const address = ipv4Of(fe.properties.privateIPAddress);
      const vnetKey = vnetKeyOfSubnet(fe.properties.subnet?.id);
      if (address !== undefined && vnetKey)
        own(vnetKey, address, { kind: 'frontend', frontend: { lb, frontendId: fe.id, address } });
      const pip = fe.properties.publicIPAddress?.id
        ? getResource<PublicIPAddress>(world, fe.properties.publicIPAddress.id)
        : undefined;
      if (pip) publicOwners.set(publicAddressOf(pip), { kind: 'frontend', lb, frontendId: fe.id, pip });
    }
  }

  for (const pls of resourcesOfType<PrivateLinkService>(world, T.privateLinkService)) {
    for (const ipc of pls.properties.ipConfigurations ?? []) {
      const address = ipv4Of(ipc.properties.privateIPAddress);
      const vnetKey = vnetKeyOfSubnet(ipc.properties.subnet?.id);
      if (address !== undefined && vnetKey) own(vnetKey, address, { kind: 'pls-nat', pls });
    }
  }

  const natGatewayOfSubnet = new Map<string, NatGateway>();
  for (const ng of resourcesOfType<NatGateway>(world, T.natGateway)) {
    for (const subnetId of links.subnetsByReference.get(keyOf(ng.id)) ?? [])
      natGatewayOfSubnet.set(keyOf(subnetId), ng);
    for (const ref of [...(ng.properties.publicIpAddresses ?? [])]) {
      const pip = getResource<PublicIPAddress>(world, ref.id);
      if (pip) publicOwners.set(publicAddressOf(pip), { kind: 'nat-gateway', natGateway: ng, pip });
    }
  }

  return { world, ports, portByKey, owners, publicOwners, poolMembers, natGatewayOfSubnet };
}

function tapOf(world: World, nic: NetworkInterface): TapTarget | undefined {
  const ref = nic.properties.tapConfigurations?.[0]?.properties.virtualNetworkTap?.id;
  const tap = ref ? getResource<VirtualNetworkTap>(world, ref) : undefined;
  if (!tap) return undefined;
  let destination: Ipv4 | undefined;
  const nicIpc = tap.properties.destinationNetworkInterfaceIPConfiguration?.id;
  const feId = tap.properties.destinationLoadBalancerFrontEndIPConfiguration?.id;
  if (nicIpc) {
    const ipc = findResource<Resource<{ privateIPAddress?: string }>>(world, nicIpc);
    destination = ipv4Of(ipc?.properties.privateIPAddress);
  } else if (feId) {
    const lb = getResource<LoadBalancer>(world, parentIdOf(feId) ?? '');
    const fe = lb?.properties.frontendIPConfigurations?.find((f) => keyOf(f.id) === keyOf(feId));
    destination = ipv4Of(fe?.properties.privateIPAddress);
  }
  if (destination === undefined) return undefined;
  return { tap, destination, port: tap.properties.destinationPort ?? 4789, vni: vniOf(tap) };
}
