// ARM resource IDs: parsing, building and the case-insensitive key the world is indexed by.
// ARM compares IDs case-insensitively (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
import type { Result } from '../net/index.ts';

export interface ResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly provider: string; // e.g. "Microsoft.Network"
  /** Type segments after the provider, e.g. ["virtualNetworks", "subnets"]. */
  readonly types: readonly string[];
  /** Name segments, one per type segment. */
  readonly names: readonly string[];
}

const SLASH = 47; // '/'

/** Case-insensitive key of a resource ID; every map in the world is keyed by it. */
export const keyOf = (id: string): string =>
  // Hot path (every map look-up): only an ID that ends in '/' needs the regular expression.
  id.charCodeAt(id.length - 1) === SLASH ? id.toLowerCase().replace(/\/+$/, '') : id.toLowerCase();

export function parseResourceId(id: string): Result<ResourceId> {
  const parts = (id.charCodeAt(id.length - 1) === SLASH ? id.replace(/\/+$/, '') : id).split('/');
  // ["", "subscriptions", sub, "resourceGroups", rg, "providers", ns, type, name, (type, name)*]
  if (parts.length < 9 || parts[0] !== '' || (parts.length - 7) % 2 !== 0) return badId(id);
  if (!sameWord(parts[1]!, 'subscriptions') || !sameWord(parts[3]!, 'resourceGroups')) return badId(id);
  if (!sameWord(parts[5]!, 'providers')) return badId(id);
  for (let i = 1; i < parts.length; i++) if (parts[i] === '') return badId(id);
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 7; i < parts.length; i += 2) {
    types.push(parts[i]!);
    names.push(parts[i + 1]!);
  }
  return {
    ok: true,
    value: { subscriptionId: parts[2]!, resourceGroup: parts[4]!, provider: parts[6]!, types, names },
  };
}

const badId = (id: string) => ({ ok: false as const, reason: `'${id}' is not a valid resource ID` });

/** Case-insensitive equality that skips lowercasing when the spelling is already exact (the usual case). */
const sameWord = (text: string, word: string): boolean =>
  text === word || text.toLowerCase() === word.toLowerCase();

/** "Microsoft.Network/virtualNetworks/subnets" */
export const typeOf = (id: ResourceId): string => [id.provider, ...id.types].join('/');

export const nameOf = (id: ResourceId): string => id.names[id.names.length - 1]!;

export function formatResourceId(id: ResourceId): string {
  const tail = id.types.flatMap((t, i) => [t, id.names[i]!]);
  return [
    '',
    'subscriptions',
    id.subscriptionId,
    'resourceGroups',
    id.resourceGroup,
    'providers',
    id.provider,
    ...tail,
  ].join('/');
}

/**
 * The ID as formatResourceId spells it. Most IDs already are (no trailing '/', the literal segments in ARM's
 * casing), and are returned as they are without rebuilding the string.
 */
export function canonicalResourceId(id: string, parsed: ResourceId): string {
  const rg = 15 + parsed.subscriptionId.length;
  const providers = rg + 16 + parsed.resourceGroup.length;
  return id.charCodeAt(id.length - 1) !== SLASH &&
    id.startsWith('/subscriptions/') &&
    id.startsWith('/resourceGroups/', rg) &&
    id.startsWith('/providers/', providers)
    ? id
    : formatResourceId(parsed);
}

/**
 * The type ("Microsoft.Network/virtualNetworks/subnets") and name of an ID already spelled as formatResourceId
 * spells it, found by one scan without splitting (normalize runs on every PUT); undefined when the ID is not in
 * that form, and parseResourceId must judge it.
 */
export function scanCanonicalId(id: string): { type: string; name: string } | undefined {
  if (!id.startsWith('/subscriptions/')) return undefined;
  const rg = id.indexOf('/', 15);
  if (rg <= 15 || !id.startsWith('/resourceGroups/', rg)) return undefined;
  const providers = id.indexOf('/', rg + 16);
  if (providers <= rg + 16 || !id.startsWith('/providers/', providers)) return undefined;
  // After '/providers/': the namespace (segment 0), then (type, name) pairs: odd segments are types.
  let type = '';
  let start = providers + 11;
  for (let segment = 0; ; segment++) {
    const slash = id.indexOf('/', start);
    const end = slash < 0 ? id.length : slash;
    if (end === start) return undefined; // an empty segment, or a trailing '/'
    if (segment === 0) type = id.slice(start, end);
    else if (segment % 2 === 1) type += `/${id.slice(start, end)}`;
    if (slash < 0) return segment >= 2 && segment % 2 === 0 ? { type, name: id.slice(start) } : undefined;
    start = slash + 1;
  }
}

/** The parent's ID, or undefined for a top-level resource. */
export function parentIdOf(id: string): string | undefined {
  const fast = canonicalParent(id);
  if (fast !== null) return fast;
  const r = parseResourceId(id);
  if (!r.ok || r.value.types.length < 2) return undefined;
  const v = r.value;
  return formatResourceId({ ...v, types: v.types.slice(0, -1), names: v.names.slice(0, -1) });
}

/**
 * parentIdOf by string slicing, for an ID already spelled as formatResourceId spells it (the literal segments
 * 'subscriptions', 'resourceGroups' and 'providers' in that casing, no empty segment, no trailing '/'): then
 * the parent is the ID up to its second-last '/'. Returns null when the ID needs the full parse.
 */
function canonicalParent(id: string): string | undefined | null {
  if (!id.startsWith('/subscriptions/')) return null;
  const rg = id.indexOf('/', 15);
  if (rg <= 15 || !id.startsWith('/resourceGroups/', rg)) return null;
  const providers = id.indexOf('/', rg + 16);
  if (providers <= rg + 16 || !id.startsWith('/providers/', providers)) return null;
  // Segments after '/providers': namespace, then (type, name) pairs. Track the last two slashes.
  let segments = 0;
  let last = providers + 10;
  let secondLast = -1;
  for (;;) {
    const next = id.indexOf('/', last + 1);
    const end = next < 0 ? id.length : next;
    if (end === last + 1) return null; // an empty segment (or a trailing '/')
    segments++;
    if (next < 0) break;
    secondLast = last;
    last = next;
  }
  if (segments < 3 || segments % 2 === 0) return null; // not namespace + (type, name)+: let the parser refuse
  return segments >= 5 ? id.slice(0, secondLast) : undefined;
}

export const childId = (parentId: string, childType: string, name: string): string =>
  `${parentId.charCodeAt(parentId.length - 1) === SLASH ? parentId.replace(/\/+$/, '') : parentId}/${childType}/${name}`;

/** The last name segment of an ID, for messages; the input itself when it is not an ID. */
export function lastName(id: string): string {
  const parts = (id.charCodeAt(id.length - 1) === SLASH ? id.replace(/\/+$/, '') : id).split('/');
  return parts[parts.length - 1] ?? id;
}
