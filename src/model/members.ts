// Members of `properties` that Azure's network provider does not know. NRP deserialises bodies strictly (Json.NET,
// member names in any case): "Could not find member 'remoteVirtualNetworkAddressSpace' on object of type
// 'VirtualNetworkPeeringProperties'. Path 'properties.virtualNetworkPeerings[0].properties.remoteVirtualNetworkAddressSpace'"
// (Azure/azure-powershell#13700). The names come from the SDK's models (property-names.ts).
import { PROPERTY_NAMES } from './property-names.ts';
import { INLINE_CHILDREN, T } from './resource-types.ts';
import type { Warning } from './problems.ts';
import type { Resource } from './types.ts';
import { isObject, nearest } from '../net/index.ts';

export interface UnknownMember {
  /** The member as written. */
  readonly member: string;
  /** Json.NET's path from the request body, e.g. properties.subnets[0].properties.adressPrefix. */
  readonly path: string;
  /** NRP's type name. Fidelity: `<SDK model>Properties`, the pattern of the one name seen in a real answer. */
  readonly model: string;
  /** The known member nearest in spelling, when one is near. */
  readonly closest?: string;
  /** The resource whose properties hold it. */
  readonly target: string;
}

/** Members vnetlab reads that the SDK's models do not have: newer than the SDK, or vnetlab's own. */
const ALSO_KNOWN: Readonly<Record<string, readonly string[]>> = {
  // The summarized gateway prefixes seed article (a hub VNet's summarizedGatewayPrefixes.addressPrefixes).
  [T.virtualNetwork]: ['summarizedGatewayPrefixes'],
  // vnetlab's stand-in for BGP-learned prefixes (model/types.ts), flagged by a warning of its own.
  [T.connection]: ['learnedPrefixes'],
};

const lowered = new Map<string, Map<string, string>>(
  Object.entries(PROPERTY_NAMES).map(([type, { names }]) => [
    type,
    new Map([...names, ...(ALSO_KNOWN[type] ?? [])].map((n) => [n.toLowerCase(), n])),
  ]),
);

/** Json.NET's words for one unknown member, as NRP answers it (without its line and position). */
export const couldNotFind = (u: UnknownMember): string =>
  `Could not find member '${u.member}' on object of type '${u.model}'. Path '${u.path}'.`;

/** An unknown member kept: the warning names it and the nearest known name. */
export const unknownMemberWarning = (u: UnknownMember): Warning => ({
  kind: 'unsupported',
  code: 'UnknownMember',
  message: `${couldNotFind(u)}${u.closest ? ` Did you mean '${u.closest}'?` : ''} Azure refuses it; vnetlab keeps it and reads nothing from it.`,
  target: u.target,
});

/** The unknown members of a normalized resource's properties and of its inline children's. */
export function unknownMembers(resource: Resource): UnknownMember[] {
  const out: UnknownMember[] = [];
  check(resource, 'properties', out);
  for (const property of Object.values(INLINE_CHILDREN[resource.type] ?? {})) {
    const list = resource.properties[property];
    if (!Array.isArray(list)) continue;
    list.forEach((child: unknown, i) => {
      if (isObject(child) && typeof child.type === 'string')
        check(child as unknown as Resource, `properties.${property}[${i}].properties`, out);
    });
  }
  return out;
}

function check(resource: Resource, at: string, out: UnknownMember[]): void {
  const known = lowered.get(resource.type);
  if (!known) return;
  for (const member of Object.keys(resource.properties)) {
    if (known.has(member.toLowerCase())) continue;
    const closest = nearest(member, known.values());
    out.push({
      member,
      path: `${at}.${member}`,
      model: `${PROPERTY_NAMES[resource.type]!.model}Properties`,
      ...(closest ? { closest } : {}),
      target: resource.id,
    });
  }
}
