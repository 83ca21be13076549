// NSG security rules (§2.1): priority 100-4096, unique per direction, enums, one way of naming each side's
// addresses and ports, at most one service tag per side, valid port ranges. Checked for touched NSGs.
import { T } from '../resource-types.ts';
import { E } from '../errors.ts';
import { parsePortRange, parsePrefix } from '../../net/index.ts';
import type { Context } from './context.ts';
import type { NetworkSecurityGroup, SecurityRule } from '../types.ts';

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];
const ACCESS = ['Allow', 'Deny'];
const DIRECTIONS = ['Inbound', 'Outbound'];

/** ARM reads enum values case-insensitively. */
export const inEnum = (value: unknown, values: readonly string[]): boolean =>
  typeof value === 'string' && values.some((v) => v.toLowerCase() === value.toLowerCase());

/** '*', an IP, a CIDR (host bits tolerated) or a service tag name. */
const isAddressOrAny = (text: string): boolean => text === '*' || parsePrefix(text, true).ok;
// Fidelity: vnetlab has no service-tag list; any tag-shaped name (letters, digits, dots) is accepted.
export const isServiceTagName = (text: string): boolean =>
  /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/.test(text);

const present = (v: unknown): boolean =>
  (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0);

export function validateSecurityRules(ctx: Context): void {
  for (const key of ctx.touched) {
    const r = ctx.world.resources.get(key);
    if (r?.type !== T.networkSecurityGroup) continue;
    const seen = new Map<string, SecurityRule>();
    for (const rule of (r as NetworkSecurityGroup).properties.securityRules ?? []) {
      validateRule(ctx, rule);
      const p = rule.properties;
      if (!Number.isInteger(p.priority) || typeof p.direction !== 'string') continue;
      const slot = `${p.direction.toLowerCase()}|${p.priority}`;
      const other = seen.get(slot);
      if (other) ctx.problems.push(E.securityRuleConflict(rule.id, rule.name, other.name));
      else seen.set(slot, rule);
    }
  }
}

function validateRule(ctx: Context, rule: SecurityRule): void {
  const p = rule.properties;
  const bad = (field: string, value: unknown, allowed: readonly string[]) =>
    ctx.problems.push(
      E.invalidRequestFormat(
        `Value '${String(value)}' of ${field} in security rule ${rule.id} is not valid. Allowed values: ${allowed.join(', ')}.`,
        rule.id,
      ),
    );
  if (!Number.isInteger(p.priority) || p.priority < 100 || p.priority > 4096)
    ctx.problems.push(E.securityRuleInvalidPriority(rule.id, p.priority));
  if (!inEnum(p.protocol, PROTOCOLS)) bad('protocol', p.protocol, PROTOCOLS);
  if (!inEnum(p.access, ACCESS)) bad('access', p.access, ACCESS);
  if (!inEnum(p.direction, DIRECTIONS)) bad('direction', p.direction, DIRECTIONS);
  for (const side of ['source', 'destination'] as const) {
    const Side = side === 'source' ? 'Source' : 'Destination';
    // Ports: exactly one of the single range or the list (GET output carries empty lists; they count as absent).
    const single = p[`${side}PortRange`];
    const plural = p[`${side}PortRanges`];
    if (present(single) === present(plural))
      ctx.problems.push(E.securityRuleParameterConflict(rule.id, `${Side}PortRange`, `${Side}PortRanges`));
    for (const value of [...(present(single) ? [single] : []), ...(Array.isArray(plural) ? plural : [])])
      if (typeof value !== 'string' || !parsePortRange(value).ok)
        ctx.problems.push(E.securityRuleInvalidPortRange(rule.id, String(value)));
    // Addresses: exactly one of prefix, prefixes or application security groups.
    const prefix = p[`${side}AddressPrefix`];
    const prefixes = p[`${side}AddressPrefixes`];
    const asgs = p[`${side}ApplicationSecurityGroups`];
    const kinds = [present(prefix), present(prefixes), present(asgs)].filter(Boolean).length;
    if (kinds === 0) ctx.problems.push(E.securityRuleParametersMissing(rule.id, Side));
    else if (kinds > 1)
      ctx.problems.push(
        E.securityRuleParameterConflict(
          rule.id,
          present(prefix) ? `${Side}AddressPrefix` : `${Side}AddressPrefixes`,
          present(asgs) ? `${Side}ApplicationSecurityGroups` : `${Side}AddressPrefixes`,
        ),
      );
    if (present(prefix)) {
      if (typeof prefix !== 'string' || !(isAddressOrAny(prefix) || isServiceTagName(prefix)))
        ctx.problems.push(
          E.securityRuleInvalidAddressPrefix(
            rule.id,
            String(prefix),
            'Expected *, an IP address, a CIDR or a service tag.',
          ),
        );
    }
    if (Array.isArray(prefixes) && prefixes.length > 0) {
      const tags = prefixes.filter((x) => typeof x === 'string' && !isAddressOrAny(x) && isServiceTagName(x));
      const invalid = prefixes.filter(
        (x) => typeof x !== 'string' || (!isAddressOrAny(x) && !isServiceTagName(x)),
      );
      for (const x of invalid)
        ctx.problems.push(
          E.securityRuleInvalidAddressPrefix(rule.id, String(x), 'Expected an IP address or a CIDR.'),
        );
      if (tags.length > 0 && prefixes.length > 1)
        ctx.problems.push(
          E.securityRuleInvalidAddressPrefix(
            rule.id,
            prefixes.join(', '),
            'A service tag cannot be combined with other service tags or addresses in one rule.',
          ),
        );
    }
  }
}
