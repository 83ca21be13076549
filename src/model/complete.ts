// Completion: what ARM fills in on a PUT, run on the draft before validation. Read-only properties a client
// sent are dropped (links.ts derives back-references), defaults are filled, dynamic private IPs allocated,
// private endpoints and private link services get their NICs, and every touched resource gets its
// provisioningState, resourceGuid and etag. Read ../../../shared/azure-semantics.md §2.2, §4.2, §5, §9.1, §11.2
// before changing this file.
import { keyOf, parentIdOf, parseResourceId, formatResourceId } from './ids.ts';
import { INLINE_CHILDREN, T } from './resource-types.ts';
import { addressChildren, allocateAddresses, indexSubnets, ipVersionOf } from './allocate.ts';
import type { AddressChild, PendingAddress, SubnetEntry } from './allocate.ts';
import {
  apiVersionAtLeast,
  defaultSecurityRules,
  deterministicGuid,
  deterministicGuidPair,
  etagOf,
  HAS_RESOURCE_GUID,
  PEERING_DEFAULTS,
  PRIVATE_SUBNETS_API_VERSION,
  SUBNET_DEFAULTS,
  TAP_DEFAULT_PORT,
} from './defaults.ts';
import { copyObject, copyWithout } from './copy.ts';
import { E } from './errors.ts';
import type { Transition } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type {
  IpConfiguration,
  NetworkInterface,
  PrivateEndpoint,
  PrivateLinkService,
  PublicIPAddress,
  Resource,
  VirtualNetwork,
  VirtualNetworkGatewayConnection,
  VirtualNetworkPeering,
} from './types.ts';
import { isObject } from '../net/index.ts';

type Draft = Map<string, Resource>;

export function completeResources(
  draft: Draft,
  t: Transition,
  fresh: ReadonlySet<string> = EMPTY,
  puts?: ReadonlySet<string>,
  /** The subnet index of the draft as it is when called (apply() may build it from the world before's). */
  indexOf: () => Map<string, SubnetEntry> = () => indexSubnets(draft.values()),
): {
  problems: Problem[];
  warnings: Warning[];
  touched: ReadonlySet<string>;
  /** The subnet index of the completed draft, when completion needed one. */
  subnets?: Map<string, SubnetEntry>;
  /**
   * The IP configurations completion gave a dynamic address: the lowest free one of their subnet, so inside it,
   * not reserved and held by no one else (validation need not check them again).
   */
  allocated?: ReadonlySet<object>;
} {
  const touched = touchedKeys(draft, t, puts);
  // Resources this apply built are already private copies; the rest may be shared with the world before.
  for (const key of touched) if (!fresh.has(key)) draft.set(key, own(draft.get(key)!));

  releaseOwnedNics(draft, t);
  // NICs this apply brings that name their private endpoint (an imported `az network nic list`), by PE key.
  const claimedNics = new Map<string, string>();
  const endpoints: PrivateEndpoint[] = [];
  const linkServices: PrivateLinkService[] = [];
  for (const key of touched) {
    const r = draft.get(key)!;
    stripReadOnly(r);
    fillDefaults(r, draft, t);
    if (r.type === T.networkInterface) {
      const owner = (r as NetworkInterface).properties.privateEndpoint?.id;
      if (typeof owner === 'string') claimedNics.set(keyOf(owner), key);
    } else if (r.type === T.privateEndpoint) endpoints.push(r as PrivateEndpoint);
    else if (r.type === T.privateLinkService) linkServices.push(r as PrivateLinkService);
  }
  const problems: Problem[] = [];
  for (const pe of endpoints) {
    const nicKey = attachPrivateEndpointNic(pe, draft, t, claimedNics, problems);
    if (!nicKey || touched.has(nicKey)) continue;
    // A NIC of the world before that names the endpoint: completion stamps it, so it needs its own copy.
    if (!t.created.has(nicKey)) draft.set(nicKey, own(draft.get(nicKey)!));
    touched.add(nicKey);
  }

  const assigned = assignAddresses(draft, t, touched, indexOf);
  problems.push(...assigned.problems);
  const { subnets, allocated } = assigned;

  for (const pls of linkServices) touched.add(attachPrivateLinkServiceNic(pls, draft, t));
  for (const key of disconnectRemotePeerings(draft, t)) touched.add(key);
  for (const key of touched) stamp(draft.get(key)!, key, t);
  return {
    problems,
    warnings: [],
    touched,
    ...(subnets ? { subnets } : {}),
    ...(allocated ? { allocated } : {}),
  };
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Through the API, deleting one side of a peering leaves the other side Disconnected, and it stays so until it is
 * deleted and created again (azure-semantics §3.1, peeringState). The other side keeps that state in the world;
 * a PUT of it drops the read-only property, which is the re-creation. Returns the keys of the VNets changed.
 */
function disconnectRemotePeerings(draft: Draft, t: Transition): string[] {
  const changed: string[] = [];
  for (const gone of t.deleted.values()) {
    if (gone.type !== T.peering) continue;
    const localVnetId = parentIdOf(gone.id);
    const remoteId = (gone as VirtualNetworkPeering).properties.remoteVirtualNetwork?.id;
    if (!localVnetId || typeof remoteId !== 'string') continue;
    const remoteKey = keyOf(remoteId);
    const remote = draft.get(remoteKey) as VirtualNetwork | undefined;
    if (!remote || t.created.has(remoteKey) || t.updated.has(remoteKey)) continue;
    const localKey = keyOf(localVnetId);
    const peerings = remote.properties.virtualNetworkPeerings ?? [];
    const at = peerings.findIndex((p) => {
      const back = p.properties.remoteVirtualNetwork?.id;
      return (
        typeof back === 'string' && keyOf(back) === localKey && p.properties.peeringState !== 'Disconnected'
      );
    });
    if (at < 0 || t.created.has(keyOf(peerings[at]!.id)) || t.updated.has(keyOf(peerings[at]!.id))) continue;
    const copy = copyObject(remote);
    copy.properties = copyObject(remote.properties);
    copy.properties.virtualNetworkPeerings = peerings.map((p, i) =>
      i === at ? { ...p, properties: { ...p.properties, peeringState: 'Disconnected' as const } } : p,
    );
    draft.set(remoteKey, copy as unknown as Resource);
    changed.push(remoteKey);
  }
  return changed;
}

/** The parent of a resource key (".../type/name" minus its last type and name), by string slicing. */
export function parentKeyOf(key: string): string | undefined {
  const name = key.lastIndexOf('/');
  const type = name > 0 ? key.lastIndexOf('/', name - 1) : -1;
  if (type <= 0) return undefined;
  // Nothing above .../providers/<namespace>/<type>/<name>: the parent keeps at least 9 segments (8 slashes).
  let slashes = 0;
  for (let i = key.indexOf('/'); i >= 0 && i < type && slashes < 8; i = key.indexOf('/', i + 1)) slashes++;
  return slashes >= 8 ? key.slice(0, type) : undefined;
}

/**
 * Keys of the top-level resources this apply created or updated (directly or through an inline child), from
 * the keys apply() put when it has them (the same stored resources, fewer keys to walk), else from `t`.
 */
function touchedKeys(draft: Draft, t: Transition, puts: ReadonlySet<string> | undefined): Set<string> {
  const out = new Set<string>();
  // The stored resource that holds the key: itself, or the nearest stored ancestor (an inline child's parent,
  // or the network manager of an AVNM sub-resource created and deleted in the same batch).
  const add = (key: string): void => {
    for (let k: string | undefined = key; k !== undefined; k = parentKeyOf(k)) {
      if (draft.has(k)) {
        out.add(k);
        return;
      }
    }
  };
  if (puts) for (const key of puts) add(key);
  else {
    for (const key of t.created.keys()) add(key);
    for (const key of t.updated.keys()) add(key);
  }
  return out;
}

/** The earlier version of an inline child, looked up through its stored parent (no ID parsing). */
function beforeChild<R extends Resource>(t: Transition, childId: string): R | undefined {
  const key = keyOf(childId);
  const parent = parentKeyOf(key);
  const top = parent ? t.before.resources.get(parent) : undefined;
  if (!top) return undefined;
  for (const property of Object.values(INLINE_CHILDREN[top.type] ?? {}))
    for (const c of childrenOf(top, property)) if (keyOf(c.id) === key) return c as R;
  return undefined;
}

/** A copy completion may mutate: the resource, its properties, its inline children and their properties. */
function own(r: Resource): Resource {
  const properties = copyObject(r.properties);
  for (const property of Object.values(INLINE_CHILDREN[r.type] ?? {})) {
    const list = properties[property];
    if (!Array.isArray(list)) continue;
    properties[property] = list.map((c: unknown) => {
      if (!isObject(c)) return c;
      const copy = copyWithout(c, 'etag');
      copy.properties = isObject(c.properties) ? copyObject(c.properties) : {};
      return copy;
    });
  }
  const copy = copyObject(r);
  copy.properties = properties;
  return copy;
}

const childrenOf = (r: Resource, property: string): Resource[] => {
  const list = r.properties[property];
  return Array.isArray(list) ? (list as Resource[]).filter(isObject) : [];
};

// Read-only properties ARM ignores on PUT and recomputes. Back-references among them are derived by links.ts,
// so the stored world keeps none (§11.2: subnet ipConfigurations, NSG subnets...).
const READ_ONLY: Readonly<Record<string, readonly string[]>> = {
  [T.virtualNetwork]: ['flowLogs', 'defaultPublicNatGateway'],
  [T.subnet]: [
    'ipConfigurations',
    'ipConfigurationProfiles',
    'privateEndpoints',
    'resourceNavigationLinks',
    'serviceAssociationLinks',
    'applicationGatewayIPConfigurations',
    'purpose',
  ],
  [T.peering]: ['peeringState', 'peeringSyncLevel', 'remoteAddressSpace', 'remoteVirtualNetworkAddressSpace'],
  [T.networkSecurityGroup]: ['subnets', 'networkInterfaces', 'defaultSecurityRules', 'flowLogs'],
  [T.routeTable]: ['subnets'],
  [T.natGateway]: ['subnets'],
  [T.publicIPAddress]: ['ipConfiguration'],
  [T.networkInterface]: ['virtualMachine', 'hostedWorkloads'],
  [T.virtualNetworkTap]: ['networkInterfaceTapConfigurations'],
  [T.privateLinkService]: ['privateEndpointConnections', 'networkInterfaces', 'alias'],
  [`${T.loadBalancer}/backendAddressPools`]: [
    'backendIPConfigurations',
    'loadBalancingRules',
    'outboundRule',
    'outboundRules',
    'inboundNatRules',
  ],
  [`${T.loadBalancer}/frontendIPConfigurations`]: [
    'inboundNatRules',
    'inboundNatPools',
    'outboundRules',
    'loadBalancingRules',
  ],
};

function stripReadOnly(r: Resource): void {
  for (const p of READ_ONLY[r.type] ?? []) delete r.properties[p];
  for (const property of Object.values(INLINE_CHILDREN[r.type] ?? {}))
    for (const c of childrenOf(r, property)) for (const p of READ_ONLY[c.type] ?? []) delete c.properties[p];
}

function fillDefaults(r: Resource, draft: Draft, t: Transition): void {
  switch (r.type) {
    case T.virtualNetwork:
      fillVnetDefaults(r as VirtualNetwork, t);
      break;
    case T.networkInterface: {
      const ipcs = (r as NetworkInterface).properties.ipConfigurations ?? [];
      // ARM marks a NIC's only IP configuration primary.
      if (ipcs.length === 1 && ipcs[0]!.properties.primary === undefined) ipcs[0]!.properties.primary = true;
      for (const c of ipcs) c.properties.privateIPAddressVersion ??= 'IPv4';
      break;
    }
    case T.virtualNetworkTap:
      r.properties.destinationPort ??= TAP_DEFAULT_PORT;
      break;
    case T.publicIPAddress:
      fillPublicIpFqdn(r as PublicIPAddress);
      break;
    case T.connection: {
      const c = r as VirtualNetworkGatewayConnection;
      const other = c.properties.virtualNetworkGateway2?.id ?? c.properties.localNetworkGateway2?.id;
      const g1 = c.properties.virtualNetworkGateway1?.id;
      // Fidelity: no tunnel is negotiated; a connection whose two ends exist is Connected.
      if (
        c.properties.connectionStatus === undefined &&
        g1 &&
        other &&
        draft.has(keyOf(g1)) &&
        draft.has(keyOf(other))
      )
        c.properties.connectionStatus = 'Connected';
      break;
    }
  }
}

// The fqdn is read-only: ARM makes it from the label and the region ("label.region.cloudapp.azure.com", public IP
// address docs).
function fillPublicIpFqdn(pip: PublicIPAddress): void {
  const dns = pip.properties.dnsSettings;
  if (!isObject(dns)) return;
  const label = dns.domainNameLabel;
  if (typeof label !== 'string' || label === '' || typeof pip.location !== 'string') {
    delete dns.fqdn;
    return;
  }
  // Fidelity: with domainNameLabelScope Azure puts a hash of the scope after the label; vnetlab does not (the
  // warning in validate/public-ips.ts says so).
  dns.fqdn = `${label}.${pip.location}.cloudapp.azure.com`;
}

function fillVnetDefaults(vnet: VirtualNetwork, t: Transition): void {
  const vnetKey = keyOf(vnet.id);
  const vnetCreatedWith = t.created.get(vnetKey);
  for (const subnet of vnet.properties.subnets ?? []) {
    const sp = subnet.properties;
    sp.privateEndpointNetworkPolicies ??= SUBNET_DEFAULTS.privateEndpointNetworkPolicies;
    sp.privateLinkServiceNetworkPolicies ??= SUBNET_DEFAULTS.privateLinkServiceNetworkPolicies;
    if (sp.defaultOutboundAccess === undefined) {
      const before = beforeChild(t, subnet.id)?.properties.defaultOutboundAccess;
      if (typeof before === 'boolean') sp.defaultOutboundAccess = before;
      // §4.2: from api-version 2025-07-01, subnets of a newly created VNet are private unless told otherwise;
      // older api-versions, and new subnets in existing VNets, keep default outbound access (property absent).
      else if (
        vnetCreatedWith !== undefined &&
        t.created.has(keyOf(subnet.id)) &&
        apiVersionAtLeast(vnetCreatedWith, PRIVATE_SUBNETS_API_VERSION)
      )
        sp.defaultOutboundAccess = false;
    }
  }
  for (const peering of vnet.properties.virtualNetworkPeerings ?? []) {
    const pp = peering.properties;
    pp.allowVirtualNetworkAccess ??= PEERING_DEFAULTS.allowVirtualNetworkAccess;
    pp.allowForwardedTraffic ??= PEERING_DEFAULTS.allowForwardedTraffic;
    pp.allowGatewayTransit ??= PEERING_DEFAULTS.allowGatewayTransit;
    pp.useRemoteGateways ??= PEERING_DEFAULTS.useRemoteGateways;
    pp.peerCompleteVnets ??= true;
  }
}

/** Deleting a private endpoint or private link service deletes the NIC ARM made for it. */
function releaseOwnedNics(draft: Draft, t: Transition): void {
  for (const [key, gone] of [...t.deleted]) {
    if (gone.type !== T.privateEndpoint && gone.type !== T.privateLinkService) continue;
    const marker = gone.type === T.privateEndpoint ? 'privateEndpoint' : 'privateLinkService';
    const nics = (gone.properties.networkInterfaces as { id?: string }[] | undefined) ?? [];
    for (const ref of nics) {
      if (typeof ref?.id !== 'string') continue;
      const nicKey = keyOf(ref.id);
      const nic = draft.get(nicKey);
      const owner = (nic?.properties[marker] as { id?: string } | undefined)?.id;
      if (!nic || !owner || keyOf(owner) !== key) continue;
      draft.delete(nicKey);
      t.deleted.set(nicKey, nic);
      for (const c of childrenOf(nic, 'ipConfigurations')) t.deleted.set(keyOf(c.id), c);
    }
  }
}

/** Resource ID of a NIC in the same subscription and resource group as `ownerId` (a normalized ID). */
function siblingNicId(ownerId: string, name: string): string {
  // '/subscriptions/<sub>/resourceGroups/<rg>' ends where '/providers/' begins, found from the left so that a
  // resource group named "providers" can't mislead it.
  const rg = ownerId.indexOf('/', 15);
  const providers = rg > 0 ? ownerId.indexOf('/', rg + 16) : -1;
  if (ownerId.startsWith('/subscriptions/') && providers > 0 && ownerId.startsWith('/providers/', providers))
    return `${ownerId.slice(0, providers)}/providers/Microsoft.Network/networkInterfaces/${name}`;
  const parsed = parseResourceId(ownerId);
  if (!parsed.ok) return `${ownerId}.nic`;
  return formatResourceId({
    ...parsed.value,
    provider: 'Microsoft.Network',
    types: ['networkInterfaces'],
    names: [name],
  });
}

/**
 * A private endpoint's read-only NIC (§5.1): kept across updates, adopted when the apply brings a NIC whose
 * properties.privateEndpoint points at the endpoint (an imported `az network nic list`), else created as
 * `<pe>.nic.<guid>` (or customNetworkInterfaceName) with one IP configuration in the endpoint's subnet.
 * Returns the key of a NIC completion created or adopted, so it is completed too.
 */
function attachPrivateEndpointNic(
  pe: PrivateEndpoint,
  draft: Draft,
  t: Transition,
  claimedNics: ReadonlyMap<string, string>,
  problems: Problem[],
): string | undefined {
  const peKey = keyOf(pe.id);
  const pointsAtPe = (nic: Resource | undefined): boolean => isNicOf(nic, peKey);
  const before = t.before.resources.get(peKey) as PrivateEndpoint | undefined;
  const kept = before?.properties.networkInterfaces?.[0]?.id;
  if (kept && pointsAtPe(draft.get(keyOf(kept)))) {
    pe.properties.networkInterfaces = [{ id: draft.get(keyOf(kept))!.id }];
    return undefined;
  }
  const claimed = pe.properties.networkInterfaces?.[0]?.id;
  let adopt = claimed && pointsAtPe(draft.get(keyOf(claimed))) ? keyOf(claimed) : undefined;
  adopt ??= claimedNics.get(peKey);
  if (adopt) {
    pe.properties.networkInterfaces = [{ id: draft.get(adopt)!.id }];
    return adopt;
  }
  const guid = deterministicGuid(`private-endpoint-nic:${peKey}`);
  const name = pe.properties.customNetworkInterfaceName || `${pe.name}.nic.${guid}`;
  const nicId = siblingNicId(pe.id, name);
  const nicKey = keyOf(nicId);
  const existing = draft.get(nicKey);
  if (existing) {
    if (pointsAtPe(existing)) {
      pe.properties.networkInterfaces = [{ id: existing.id }];
      return nicKey;
    }
    // Another NIC holds the name: ARM refuses rather than replace it.
    problems.push(E.privateEndpointCustomNicNameAlreadyExists(pe.id, name, existing.id));
    return undefined;
  }
  const statics = pe.properties.ipConfigurations ?? [];
  const subnet = pe.properties.subnet?.id ? { id: pe.properties.subnet.id } : undefined;
  // Fidelity: one NIC IP configuration per static PE ipConfigurations entry (Azure names extra ones after the
  // group and member); all are named privateEndpointIpConfig.<guid> here.
  const configs: IpConfiguration[] = (statics.length ? statics : [undefined]).map((s, i) => {
    const ipcName = `privateEndpointIpConfig.${deterministicGuid(`private-endpoint-ipconfig:${peKey}:${i}`)}`;
    const address = s?.properties?.privateIPAddress;
    const properties: IpConfiguration['properties'] = {};
    if (subnet) properties.subnet = subnet;
    if (address) properties.privateIPAddress = address;
    properties.privateIPAllocationMethod = address ? 'Static' : 'Dynamic';
    properties.privateIPAddressVersion = 'IPv4';
    properties.primary = i === 0;
    return { id: `${nicId}/ipConfigurations/${ipcName}`, name: ipcName, type: T.ipConfiguration, properties };
  });
  const nic = { id: nicId, name, type: T.networkInterface } as NetworkInterface;
  if (pe.location) nic.location = pe.location;
  nic.properties = { ipConfigurations: configs, privateEndpoint: { id: pe.id } };
  const apiVersion = t.created.get(peKey) ?? t.updated.get(peKey) ?? '';
  draft.set(nicKey, nic as unknown as Resource);
  t.created.set(nicKey, apiVersion);
  for (const c of configs) t.created.set(keyOf(c.id), apiVersion);
  pe.properties.networkInterfaces = [{ id: nicId }];
  return nicKey;
}

/** True when `nic` is a NIC whose properties.privateEndpoint names the endpoint `peKey`. */
function isNicOf(nic: Resource | undefined, peKey: string): boolean {
  const owner = (nic as NetworkInterface | undefined)?.properties.privateEndpoint?.id;
  return typeof owner === 'string' && keyOf(owner) === peKey;
}

/**
 * A private link service's NIC (§5.2) carries the NAT IP configurations' addresses: rebuilt from the PLS's
 * ipConfigurations (after allocation) each time the PLS is put. Returns its key.
 */
function attachPrivateLinkServiceNic(pls: PrivateLinkService, draft: Draft, t: Transition): string {
  const plsKey = keyOf(pls.id);
  const before = t.before.resources.get(plsKey) as PrivateLinkService | undefined;
  const guid = deterministicGuid(`private-link-service-nic:${plsKey}`);
  const nicId =
    before?.properties.networkInterfaces?.[0]?.id ?? siblingNicId(pls.id, `${pls.name}.nic.${guid}`);
  const nicKey = keyOf(nicId);
  const configs: IpConfiguration[] = (pls.properties.ipConfigurations ?? []).map((c) => ({
    id: `${nicId}/ipConfigurations/${c.name}`,
    name: c.name,
    type: T.ipConfiguration,
    properties: {
      ...(c.properties.subnet ? { subnet: { id: c.properties.subnet.id } } : {}),
      ...(c.properties.privateIPAddress ? { privateIPAddress: c.properties.privateIPAddress } : {}),
      privateIPAllocationMethod: c.properties.privateIPAllocationMethod ?? 'Dynamic',
      privateIPAddressVersion: c.properties.privateIPAddressVersion ?? 'IPv4',
      primary: c.properties.primary ?? false,
    },
  }));
  const nic: NetworkInterface = {
    id: nicId,
    name: nicId.split('/').at(-1)!,
    type: T.networkInterface,
    ...(pls.location ? { location: pls.location } : {}),
    properties: { ipConfigurations: configs, privateLinkService: { id: pls.id } },
  };
  const apiVersion = t.created.get(plsKey) ?? t.updated.get(plsKey) ?? '';
  const existed = draft.has(nicKey);
  draft.set(nicKey, nic as unknown as Resource);
  (existed ? t.updated : t.created).set(nicKey, apiVersion);
  pls.properties.networkInterfaces = [{ id: nicId }];
  pls.properties.alias ??= `${pls.name}.${deterministicGuid(`alias:${plsKey}`)}.${pls.location ?? 'global'}.azure.privatelinkservice`;
  return nicKey;
}

/**
 * Private IPs of touched IP configurations: a given address is kept (and is Static when no method is given);
 * a dynamic one keeps the address it had before unless its subnet changed; the rest are allocated.
 */
function assignAddresses(
  draft: Draft,
  t: Transition,
  touched: ReadonlySet<string>,
  indexOf: () => Map<string, SubnetEntry>,
): { problems: Problem[]; subnets?: Map<string, SubnetEntry>; allocated?: Set<object> } {
  const pending: PendingAddress[] = [];
  for (const key of touched) {
    for (const c of addressChildren(draft.get(key)!)) {
      const p = c.properties;
      const subnetKey = keyOf(p.subnet!.id!);
      if (typeof p.privateIPAddress === 'string' && p.privateIPAddress !== '') {
        // Fidelity: ARM's default method is Dynamic; vnetlab reads an address given without a method as Static,
        // which is what a topology author writing an address means.
        p.privateIPAllocationMethod ??= 'Static';
        continue;
      }
      p.privateIPAllocationMethod ??= 'Dynamic';
      const old = t.before.resources.size ? beforeChild<AddressChild>(t, c.id) : undefined;
      const oldSubnet = old?.properties.subnet?.id;
      if (old?.properties.privateIPAddress && oldSubnet && keyOf(oldSubnet) === subnetKey) {
        p.privateIPAddress = old.properties.privateIPAddress;
        continue;
      }
      pending.push({ child: c, subnetKey, version: ipVersionOf(c) });
    }
  }
  if (pending.length === 0) return { problems: [] };
  // No VNet changes after this point, so the index also serves validation and the links of the new world.
  const subnets = indexOf();
  const problems = allocateAddresses(draft.values(), pending, subnets);
  const allocated = new Set<object>();
  for (const p of pending) if (p.child.properties.privateIPAddress) allocated.add(p.child);
  return { problems, subnets, allocated };
}

/** provisioningState, resourceGuid and etag on a touched resource and its inline children. */
function stamp(r: Resource, key: string, t: Transition): void {
  const before = t.before.resources.get(key);
  r.properties.provisioningState = 'Succeeded';
  // ARM gives a new etag on every successful PUT: chain it from the previous one, so it is deterministic and
  // cheap (no hashing of the body). A created resource that needs a resourceGuid gets both from one hash.
  let etag: string;
  if (!before && HAS_RESOURCE_GUID.has(r.type) && typeof r.properties.resourceGuid !== 'string') {
    const [tag, guid] = deterministicGuidPair(`${key}\n`);
    etag = `W/"${tag}"`;
    r.properties.resourceGuid = guid;
  } else {
    setGuid(r, before);
    etag =
      !before && t.keepGivenEtags && typeof r.etag === 'string'
        ? r.etag
        : etagOf(`${key}\n${before?.etag ?? ''}`);
  }
  r.etag = etag;
  const collections = INLINE_CHILDREN[r.type];
  if (collections)
    for (const segment in collections) {
      const list = r.properties[collections[segment]!];
      if (!Array.isArray(list)) continue;
      for (const c of list as Resource[]) {
        if (!isObject(c)) continue;
        c.properties.provisioningState = 'Succeeded';
        if (HAS_RESOURCE_GUID.has(c.type)) setGuid(c, before ? beforeChild(t, c.id) : undefined);
        c.etag = etag;
      }
    }
  if (r.type === T.networkSecurityGroup) r.properties.defaultSecurityRules = defaultSecurityRules(r.id, etag);
}

function setGuid(r: Resource, before: Resource | undefined): void {
  if (!HAS_RESOURCE_GUID.has(r.type)) return;
  const kept = before?.properties.resourceGuid;
  if (typeof kept === 'string') r.properties.resourceGuid = kept;
  // An imported resource keeps the GUID Azure gave it; otherwise one derived from the ID.
  else if (typeof r.properties.resourceGuid !== 'string')
    r.properties.resourceGuid = deterministicGuid(`resourceGuid:${keyOf(r.id)}`);
}
