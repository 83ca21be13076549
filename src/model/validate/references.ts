// References between resources: every `{ id }` must name a resource that exists (InvalidResourceReference), and
// a delete may not leave a reference behind (InUse...CannotBeDeleted). One linear pass over the world.
// A peering's remote VNet and an AVNM static member may outlive their target (the peering turns Disconnected,
// §3.1), so they are checked only when created; peerings.ts handles the remote VNet.
import { keyOf, parseResourceId, typeOf } from '../ids.ts';
import { canonicalType, T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { childrenOf, refId, refIds, topKeyOf } from './context.ts';
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
  for (const r of ctx.world.resources.values()) {
    const touched = ctx.touched.has(fastKey(r.id));
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
  const one = (holder: string, path: string, v: unknown, soft?: boolean) => {
    const target = refId(v);
    if (target !== undefined) out.push(soft ? { holder, path, target, soft } : { holder, path, target });
  };
  const many = (holder: string, path: string, v: unknown) => {
    refIds(v).forEach((target, i) => out.push({ holder, path: `${path}[${i}]`, target }));
  };
  const p = r.properties;
  switch (r.type) {
    case T.virtualNetwork:
      for (const s of childrenOf(r, 'subnets')) {
        one(s.id, 'properties.networkSecurityGroup', s.properties.networkSecurityGroup);
        one(s.id, 'properties.routeTable', s.properties.routeTable);
        one(s.id, 'properties.natGateway', s.properties.natGateway);
      }
      break;
    case T.networkInterface: {
      one(r.id, 'properties.networkSecurityGroup', p.networkSecurityGroup);
      const derived = refId(p.privateEndpoint) !== undefined || refId(p.privateLinkService) !== undefined;
      for (const c of childrenOf(r, 'ipConfigurations')) {
        const subnet = refId(c.properties.subnet);
        if (subnet !== undefined)
          out.push(
            derived
              ? { holder: c.id, path: 'properties.subnet', target: subnet, derived }
              : { holder: c.id, path: 'properties.subnet', target: subnet },
          );
        one(c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
        many(c.id, 'properties.applicationSecurityGroups', c.properties.applicationSecurityGroups);
        many(
          c.id,
          'properties.loadBalancerBackendAddressPools',
          c.properties.loadBalancerBackendAddressPools,
        );
      }
      for (const c of childrenOf(r, 'tapConfigurations'))
        one(c.id, 'properties.virtualNetworkTap', c.properties.virtualNetworkTap);
      break;
    }
    case T.privateEndpoint: {
      one(r.id, 'properties.subnet', p.subnet);
      many(r.id, 'properties.applicationSecurityGroups', p.applicationSecurityGroups);
      many(r.id, 'properties.networkInterfaces', p.networkInterfaces);
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
      many(r.id, 'properties.loadBalancerFrontendIpConfigurations', p.loadBalancerFrontendIpConfigurations);
      for (const c of childrenOf(r, 'ipConfigurations')) one(c.id, 'properties.subnet', c.properties.subnet);
      break;
    case T.loadBalancer:
      for (const c of childrenOf(r, 'frontendIPConfigurations')) {
        one(c.id, 'properties.subnet', c.properties.subnet);
        one(c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
      }
      for (const c of childrenOf(r, 'loadBalancingRules')) {
        one(c.id, 'properties.frontendIPConfiguration', c.properties.frontendIPConfiguration);
        one(c.id, 'properties.backendAddressPool', c.properties.backendAddressPool);
        many(c.id, 'properties.backendAddressPools', c.properties.backendAddressPools);
        one(c.id, 'properties.probe', c.properties.probe);
      }
      for (const c of childrenOf(r, 'outboundRules')) {
        many(c.id, 'properties.frontendIPConfigurations', c.properties.frontendIPConfigurations);
        one(c.id, 'properties.backendAddressPool', c.properties.backendAddressPool);
      }
      for (const c of childrenOf(r, 'inboundNatRules'))
        one(c.id, 'properties.frontendIPConfiguration', c.properties.frontendIPConfiguration);
      break;
    case T.virtualNetworkTap:
      one(
        r.id,
        'properties.destinationNetworkInterfaceIPConfiguration',
        p.destinationNetworkInterfaceIPConfiguration,
      );
      one(
        r.id,
        'properties.destinationLoadBalancerFrontEndIPConfiguration',
        p.destinationLoadBalancerFrontEndIPConfiguration,
      );
      break;
    case T.natGateway:
      many(r.id, 'properties.publicIpAddresses', p.publicIpAddresses);
      many(r.id, 'properties.publicIpAddressesV6', p.publicIpAddressesV6);
      one(r.id, 'properties.sourceVirtualNetwork', p.sourceVirtualNetwork);
      break;
    case T.virtualNetworkGateway:
      for (const c of childrenOf(r, 'ipConfigurations')) {
        one(c.id, 'properties.subnet', c.properties.subnet);
        one(c.id, 'properties.publicIPAddress', c.properties.publicIPAddress);
      }
      break;
    case T.connection:
      one(r.id, 'properties.virtualNetworkGateway1', p.virtualNetworkGateway1);
      one(r.id, 'properties.virtualNetworkGateway2', p.virtualNetworkGateway2);
      one(r.id, 'properties.localNetworkGateway2', p.localNetworkGateway2);
      break;
    case T.virtualMachine: {
      const profile = p.networkProfile as { networkInterfaces?: unknown } | undefined;
      many(r.id, 'properties.networkProfile.networkInterfaces', profile?.networkInterfaces);
      break;
    }
    case T.staticMember:
      if (typeof p.resourceId === 'string')
        out.push({ holder: r.id, path: 'properties.resourceId', target: p.resourceId, soft: true });
      break;
    case T.connectivityConfiguration: {
      const groups = Array.isArray(p.appliesToGroups)
        ? (p.appliesToGroups as { networkGroupId?: unknown }[])
        : [];
      groups.forEach((g, i) => {
        if (typeof g?.networkGroupId === 'string')
          out.push({
            holder: r.id,
            path: `properties.appliesToGroups[${i}].networkGroupId`,
            target: g.networkGroupId,
          });
      });
      const hubs = Array.isArray(p.hubs) ? (p.hubs as { resourceId?: unknown }[]) : [];
      hubs.forEach((h, i) => {
        if (typeof h?.resourceId === 'string')
          out.push({ holder: r.id, path: `properties.hubs[${i}].resourceId`, target: h.resourceId });
      });
      break;
    }
    case T.adminRuleCollection: {
      const groups = Array.isArray(p.appliesToGroups)
        ? (p.appliesToGroups as { networkGroupId?: unknown }[])
        : [];
      groups.forEach((g, i) => {
        if (typeof g?.networkGroupId === 'string')
          out.push({
            holder: r.id,
            path: `properties.appliesToGroups[${i}].networkGroupId`,
            target: g.networkGroupId,
          });
      });
      break;
    }
  }
  return out;
}
