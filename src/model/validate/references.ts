// References between resources: every `{ id }` must name a resource that exists (InvalidResourceReference), and
// a delete may not leave a reference behind (InUse...CannotBeDeleted). One linear pass over the world.
// A peering's remote VNet and an AVNM static member may outlive their target (the peering turns Disconnected,
// §3.1), so they are checked only when created; peerings.ts handles the remote VNet.
import { keyOf, parseResourceId, typeOf } from '../ids.ts';
import { canonicalType, T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { childrenOf, refId, topKeyOf } from './context.ts';
import { fastKey } from '../allocate.ts';
import type { Context } from './context.ts';
import type { Resource } from '../types.ts';

interface Ref {
  /** The resource (top-level or inline child) that holds the reference. */
  readonly holder: string;
  readonly path: string;
  readonly target: string;
  /** May dangle once created (peering remote, static member). */
  readonly soft?: boolean;
  /** Written by completion (a private endpoint's NIC): its owner's reference is the one reported. */
  readonly derived?: boolean;
}

export function validateReferences(ctx: Context): void {
  const inUse = new Map<string, { target: Resource; users: string[] }>();
  const deletions = ctx.t.deleted.size > 0;
  for (const [key, r] of ctx.world.resources) {
    const touched = ctx.touched.has(key);
    // An untouched resource only matters when something it references was deleted by this apply.
    if (!touched && !deletions) continue;
    for (const ref of referencesOf(r)) {
      if (!touched && !ctx.t.deleted.has(fastKey(ref.target))) continue;
      if (ctx.exists(ref.target)) continue;
      const parsed = parseResourceId(ref.target);
      if (!parsed.ok) {
        if (touched) ctx.problems.push(E.invalidPropertyId(ref.holder, ref.target, ref.path));
        continue;
      }
      if (!canonicalType(typeOf(parsed.value))) continue; // a resource vnetlab does not model
      const targetKey = keyOf(ref.target);
      const deletedTop = topKeyOf(ctx.t.before, targetKey);
      const deletedNow =
        ctx.t.deleted.get(targetKey) ?? (deletedTop ? ctx.t.deleted.get(deletedTop) : undefined);
      const holderKey = keyOf(ref.holder);
      const created = ctx.t.created.has(holderKey) || ctx.t.created.has(keyOf(r.id));
      if (ref.soft) {
        if (created && !deletedNow)
          ctx.problems.push(E.invalidResourceReference(ref.holder, ref.target, ref.path));
        continue;
      }
      if (deletedNow && !created) {
        const entry = inUse.get(targetKey) ?? {
          target: ctx.t.deleted.get(targetKey) ?? deletedNow,
          users: [],
        };
        entry.users.push(ref.holder);
        inUse.set(targetKey, entry);
      } else if (touched && !ref.derived) {
        ctx.problems.push(E.invalidResourceReference(ref.holder, ref.target, ref.path));
      }
    }
  }
  for (const { target, users } of inUse.values()) ctx.problems.push(inUseProblem(target, users));
}

function inUseProblem(target: Resource, users: readonly string[]) {
  switch (target.type) {
    case T.subnet:
      return E.inUseSubnetCannotBeDeleted(target.id, users[0]!);
    case T.networkSecurityGroup:
      return E.inUseNsgCannotBeDeleted(target.id, users);
    case T.routeTable:
      return E.inUseRouteTableCannotBeDeleted(target.id, users);
    case T.natGateway:
      return E.inUseNatGatewayCannotBeDeleted(target.id, users);
    case T.publicIPAddress:
      return E.publicIPAddressCannotBeDeleted(target.id, users[0]!);
    case T.networkInterface:
      return E.nicInUse(target.id, users[0]!);
    default:
      return E.inUseResourceCannotBeDeleted(target.id, users);
  }
}

/** Every reference a resource holds, with the property path it sits at. */
export function referencesOf(r: Resource): Ref[] {
  const out: Ref[] = [];
  const p = r.properties;
  switch (r.type) {
    case T.virtualNetwork:
      for (const s of childrenOf(r, 'subnets')) {
        addOne(out, s.id, 'properties.networkSecurityGroup', s.properties.networkSecurityGroup);
        addOne(out, s.id, 'properties.routeTable', s.properties.routeTable);
        addOne(out, s.id, 'properties.natGateway', s.properties.natGateway);
      }
      break;
    case T.networkInterface: {
      addOne(out, r.id, 'properties.networkSecurityGroup', p.networkSecurityGroup);
      const derived = refId(p.privateEndpoint) !== undefined || refId(p.privateLinkService) !== undefined;
      for (const c of childrenOf(r, 'ipConfigurations')) {
        const subnet = refId(c.properties.subnet);
        if (subnet !== undefined)
          out.push(
            derived
              ? { holder: c.id, path: 'properties.subnet', target: subnet, derived }
              : { holder: c.id, path: 'properties.subnet', target: subnet },
          );
        addOne(out, c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
        addMany(out, c.id, 'properties.applicationSecurityGroups', c.properties.applicationSecurityGroups);
        addMany(
          out,
          c.id,
          'properties.loadBalancerBackendAddressPools',
          c.properties.loadBalancerBackendAddressPools,
        );
      }
      for (const c of childrenOf(r, 'tapConfigurations'))
        addOne(out, c.id, 'properties.virtualNetworkTap', c.properties.virtualNetworkTap);
      break;
    }
    case T.privateEndpoint: {
      addOne(out, r.id, 'properties.subnet', p.subnet);
      addMany(out, r.id, 'properties.applicationSecurityGroups', p.applicationSecurityGroups);
      addMany(out, r.id, 'properties.networkInterfaces', p.networkInterfaces);
      for (const kind of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
        const list = Array.isArray(p[kind])
          ? (p[kind] as { properties?: { privateLinkServiceId?: unknown } }[])
          : [];
        list.forEach((c, i) => {
          const id = c?.properties?.privateLinkServiceId;
          if (typeof id === 'string')
            out.push({
              holder: r.id,
              path: `properties.${kind}[${i}].properties.privateLinkServiceId`,
              target: id,
            });
        });
      }
      break;
    }
    case T.privateLinkService:
      addMany(
        out,
        r.id,
        'properties.loadBalancerFrontendIpConfigurations',
        p.loadBalancerFrontendIpConfigurations,
      );
      for (const c of childrenOf(r, 'ipConfigurations'))
        addOne(out, c.id, 'properties.subnet', c.properties.subnet);
      break;
    case T.loadBalancer:
      for (const c of childrenOf(r, 'frontendIPConfigurations')) {
        addOne(out, c.id, 'properties.subnet', c.properties.subnet);
        addOne(out, c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
      }
      for (const c of childrenOf(r, 'loadBalancingRules')) {
        addOne(out, c.id, 'properties.frontendIPConfiguration', c.properties.frontendIPConfiguration);
        addOne(out, c.id, 'properties.backendAddressPool', c.properties.backendAddressPool);
        addMany(out, c.id, 'properties.backendAddressPools', c.properties.backendAddressPools);
        addOne(out, c.id, 'properties.probe', c.properties.probe);
      }
      for (const c of childrenOf(r, 'outboundRules')) {
        addMany(out, c.id, 'properties.frontendIPConfigurations', c.properties.frontendIPConfigurations);
        addOne(out, c.id, 'properties.backendAddressPool', c.properties.backendAddressPool);
      }
      for (const c of childrenOf(r, 'inboundNatRules'))
        addOne(out, c.id, 'properties.frontendIPConfiguration', c.properties.frontendIPConfiguration);
      break;
    case T.virtualNetworkTap:
      addOne(
        out,
        r.id,
        'properties.destinationNetworkInterfaceIPConfiguration',
        p.destinationNetworkInterfaceIPConfiguration,
      );
      addOne(
        out,
        r.id,
        'properties.destinationLoadBalancerFrontEndIPConfiguration',
        p.destinationLoadBalancerFrontEndIPConfiguration,
      );
      break;
    case T.natGateway:
      addMany(out, r.id, 'properties.publicIpAddresses', p.publicIpAddresses);
      addMany(out, r.id, 'properties.publicIpAddressesV6', p.publicIpAddressesV6);
      addOne(out, r.id, 'properties.sourceVirtualNetwork', p.sourceVirtualNetwork);
      break;
    case T.virtualNetworkGateway:
      for (const c of childrenOf(r, 'ipConfigurations')) {
        addOne(out, c.id, 'properties.subnet', c.properties.subnet);
        addOne(out, c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
      }
      break;
    case T.connection:
      addOne(out, r.id, 'properties.virtualNetworkGateway1', p.virtualNetworkGateway1);
      addOne(out, r.id, 'properties.virtualNetworkGateway2', p.virtualNetworkGateway2);
      addOne(out, r.id, 'properties.localNetworkGateway2', p.localNetworkGateway2);
      break;
    case T.virtualMachine: {
      const profile = p.networkProfile as { networkInterfaces?: unknown } | undefined;
      addMany(out, r.id, 'properties.networkProfile.networkInterfaces', profile?.networkInterfaces);
      break;
    }
    case T.staticMember:
      if (typeof p.resourceId === 'string')
        out.push({ holder: r.id, path: 'properties.resourceId', target: p.resourceId, soft: true });
      break;
    case T.connectivityConfiguration: {
      addGroupRefs(out, r.id, p.appliesToGroups);
      const hubs = Array.isArray(p.hubs) ? (p.hubs as { resourceId?: unknown }[]) : [];
      hubs.forEach((h, i) => {
        if (typeof h?.resourceId === 'string')
          out.push({ holder: r.id, path: `properties.hubs[${i}].resourceId`, target: h.resourceId });
      });
      break;
    }
    case T.adminRuleCollection: {
      addGroupRefs(out, r.id, p.appliesToGroups);
      break;
    }
  }
  return out;
}

// Module-level helpers rather than closures: referencesOf runs once per resource of a large world.
function addOne(out: Ref[], holder: string, path: string, v: unknown): void {
  const target = refId(v);
  if (target !== undefined) out.push({ holder, path, target });
}

function addMany(out: Ref[], holder: string, path: string, v: unknown): void {
  if (!Array.isArray(v)) return;
  for (let i = 0; i < v.length; i++) {
    const target = refId(v[i]);
    if (target !== undefined) out.push({ holder, path: `${path}[${i}]`, target });
  }
}

/** AVNM configurations and rule collections name their network groups in appliesToGroups[].networkGroupId. */
function addGroupRefs(out: Ref[], holder: string, appliesToGroups: unknown): void {
  const groups = Array.isArray(appliesToGroups) ? (appliesToGroups as { networkGroupId?: unknown }[]) : [];
  groups.forEach((g, i) => {
    if (typeof g?.networkGroupId === 'string')
      out.push({ holder, path: `properties.appliesToGroups[${i}].networkGroupId`, target: g.networkGroupId });
  });
}
