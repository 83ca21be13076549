// Turns an untrusted resource body into a Resource: ID parsed, type and name checked against the ID, type in
// ARM's casing, inline children given IDs and types. Everything else is kept as given for validation to judge.
import { canonicalResourceId, childId, parseResourceId, scanCanonicalId, typeOf, nameOf } from './ids.ts';
import { canonicalType, INLINE_CHILDREN } from './resource-types.ts';
import { E } from './errors.ts';
import { copyObject } from './copy.ts';
import { shapeProblems } from './shapes.ts';
import type { Problem } from './problems.ts';
import type { Resource } from './types.ts';
import { isObject } from '../net/index.ts';

// ARM: 1-80 characters, starts with a word character, ends with a word character or '_', and in between word
// characters, '.', '-' or '_' (Microsoft.Network naming rules).
const NAME = /^\w(?:[\w.-]{0,78}\w)?$/;

export const isValidName = (name: string): boolean => NAME.test(name);

export type Normalized = { ok: true; resource: Resource } | { ok: false; problems: Problem[] };

export function normalizeResource(body: unknown, where = 'resource'): Normalized {
  if (!isObject(body))
    return { ok: false, problems: [E.invalidRequestFormat(`${where} must be a JSON object`)] };
  if (typeof body.id !== 'string')
    return { ok: false, problems: [E.invalidRequestFormat(`${where} has no 'id'`)] };
  // Most IDs are already canonical: one scan gives their type and name; the rest are parsed and rebuilt.
  let id = body.id;
  let scanned = scanCanonicalId(id);
  if (!scanned) {
    const parsed = parseResourceId(body.id);
    if (!parsed.ok) return { ok: false, problems: [E.invalidResourceId(body.id)] };
    id = canonicalResourceId(body.id, parsed.value);
    scanned = { type: typeOf(parsed.value), name: nameOf(parsed.value) };
  }
  const idType = scanned.type;
  const type = canonicalType(idType);
  if (!type) return { ok: false, problems: [E.unsupportedResourceType(idType, id)] };
  if (typeof body.type === 'string' && body.type.toLowerCase() !== type.toLowerCase()) {
    return {
      ok: false,
      problems: [E.invalidRequestFormat(`${where} ${id}: type '${body.type}' does not match its ID`, id)],
    };
  }
  const name = scanned.name;
  if (typeof body.name === 'string' && body.name.toLowerCase() !== name.toLowerCase()) {
    return {
      ok: false,
      problems: [E.invalidRequestFormat(`${where} ${id}: name '${body.name}' does not match its ID`, id)],
    };
  }
  const problems: Problem[] = [];
  if (!isValidName(name)) problems.push(E.invalidResourceName(name, id));
  if (body.properties !== undefined && !isObject(body.properties)) {
    problems.push(E.invalidRequestFormat(`${id}: 'properties' must be an object`, id));
  }
  const properties: Record<string, unknown> = isObject(body.properties) ? copyObject(body.properties) : {};
  const resource = copyObject(body) as unknown as Resource;
  resource.id = id;
  resource.name = name;
  resource.type = type;
  resource.properties = properties;
  if (typeof resource.location === 'string') resource.location = normalizeLocation(resource.location);

  for (const [segment, property] of Object.entries(INLINE_CHILDREN[type] ?? {})) {
    const list = properties[property];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(E.invalidRequestFormat(`${id}: '${property}' must be an array`, id));
      continue;
    }
    properties[property] = list.map((child: unknown, i) => {
      if (!isObject(child) || typeof child.name !== 'string') {
        problems.push(E.invalidRequestFormat(`${id}: ${property}[${i}] needs a 'name'`, id));
        return child;
      }
      const cid = childId(id, segment, child.name);
      if (!isValidName(child.name)) problems.push(E.invalidResourceName(child.name, cid));
      const copy = copyObject(child);
      copy.id = cid;
      copy.name = child.name;
      // The shared constant (canonicalType knows every inline child type), not a new string per child.
      copy.type = canonicalType(`${type}/${segment}`) ?? `${type}/${segment}`;
      if (child.properties !== undefined && !isObject(child.properties))
        problems.push(E.invalidRequestFormat(`${cid}: 'properties' must be an object`, cid));
      copy.properties = isObject(child.properties) ? copyObject(child.properties) : {};
      return copy;
    });
  }
  problems.push(...shapeProblems(resource));
  for (const property of Object.values(INLINE_CHILDREN[type] ?? {})) {
    const list = properties[property];
    if (Array.isArray(list))
      for (const child of list)
        if (isObject(child) && typeof child.type === 'string')
          problems.push(...shapeProblems(child as unknown as Resource));
  }
  return problems.length ? { ok: false, problems } : { ok: true, resource };
}

/** "East US" and "eastus" are the same region to ARM; we store the short lowercase form. */
export const normalizeLocation = (location: string): string => location.replace(/\s+/g, '').toLowerCase();
