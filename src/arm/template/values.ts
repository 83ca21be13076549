// JSON values as ARM's expression language sees them (Newtonsoft JTokens): null, Boolean, Integer, String,
// Array, Object. Integers are JS numbers (ARM uses 64-bit; we are exact up to 2^53).

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** ARM's type names, used in error messages ("Expected 'Integer'. Actual 'String'."). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Float';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

/** JToken.DeepEquals: strings compare case-sensitively, object key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Case-insensitive property lookup, as ARM's property access and parameters()/variables() are. */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/**
 * A value as text, the way ARM's string()/concat()/format() print it.
 * Fidelity: booleans print as .NET does ("True"/"False"); objects and arrays as compact JSON.
 */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** A deep copy that leaves no shared structure between template values and what we hand out. */
export const clone = <T>(v: T): T => (v === undefined ? v : (structuredClone(v) as T));

/** The template's parameter and output types (lower case) and the names ARM's messages give them. */
export const TEMPLATE_TYPES: Readonly<Record<string, string>> = {
  string: 'String',
  securestring: 'String',
  int: 'Integer',
  bool: 'Boolean',
  object: 'Object',
  secureobject: 'Object',
  array: 'Array',
};

/** Template-only keys of a resource that never reach the resource provider (lower case). */
export const NOT_IN_BODY: ReadonlySet<string> = new Set([
  'apiversion',
  'dependson',
  'copy',
  'condition',
  'resources',
  'comments',
  'scope',
  'existing',
]);
