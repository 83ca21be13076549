// Array and object functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array,
// .../template-functions-object). concat() joins arrays when its first argument is an array, strings otherwise.
import { deepEqual, findKey, isInteger, isObject, toText, type JsonObject } from '../values.ts';
import { argTypeError, fn, unable, value, type FnResult, type TemplateFunction } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

/** Object union: later values win; nested objects are merged recursively, arrays replaced (docs example). */
function mergeObjects(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = findKey(out, k);
    if (existing !== undefined && isObject(out[existing]) && isObject(v))
      out[existing] = mergeObjects(out[existing] as JsonObject, v);
    else {
      if (existing !== undefined && existing !== k) delete out[existing];
      out[k] = v;
    }
  }
  return out;
}

const uniquePush = (out: unknown[], v: unknown): void => {
  if (!out.some((x) => deepEqual(x, v))) out.push(v);
};

function sameKind(name: string, args: readonly unknown[]): 'array' | 'object' | FnResult {
  if (args.every(Array.isArray)) return 'array';
  if (args.every(isObject)) return 'object';
  return unable(name, 'the arguments must all be arrays or all be objects.');
}

const length = (v: unknown): number | undefined =>
  typeof v === 'string' || Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : undefined;

function sliceFn(take: boolean): TemplateFunction {
  return fn(2, 2, (args, _s, name) => {
    const [v, n] = args;
    if (!isInteger(n)) return argTypeError(name, 1, 'Integer', n);
    if (typeof v !== 'string' && !Array.isArray(v)) return argTypeError(name, 0, 'Array', v);
    const k = Math.max(0, n);
    return value(take ? v.slice(0, k) : v.slice(k));
  });
}

export const ARRAY_OBJECT_FUNCTIONS: Record<string, TemplateFunction> = {
  array: fn(1, 1, (args) => value(Array.isArray(args[0]) ? args[0] : [args[0]])),
  createarray: fn(0, INF, (args) => value([...args])),
  createobject: fn(0, INF, (args, _s, name) => {
    if (args.length % 2 !== 0)
      return unable(name, 'it needs an even number of arguments (key, value pairs).');
    const out: JsonObject = {};
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i];
      if (typeof k !== 'string') return argTypeError(name, i, 'String', k);
      out[k] = args[i + 1];
    }
    return value(out);
  }),
  coalesce: fn(1, INF, (args) => value(args.find((a) => a !== null && a !== undefined) ?? null)),
  concat: fn(1, INF, (args, _s, name) => {
    if (Array.isArray(args[0])) {
      const out: unknown[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === null) continue;
        if (!Array.isArray(a)) return argTypeError(name, i, 'Array', a);
        out.push(...a);
      }
      return value(out);
    }
    let out = '';
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (Array.isArray(a) || isObject(a)) return argTypeError(name, i, 'String', a);
      out += toText(a);
    }
    return value(out);
  }),
  contains: fn(2, 2, (args, _s, name) => {
    const [c, item] = args;
    if (typeof c === 'string') return value(c.includes(toText(item)));
    if (Array.isArray(c)) return value(c.some((x) => deepEqual(x, item)));
    if (isObject(c))
      return typeof item === 'string'
        ? value(findKey(c, item) !== undefined)
        : argTypeError(name, 1, 'String', item);
    return argTypeError(name, 0, 'Array', c);
  }),
  empty: fn(1, 1, (args) => value(args[0] === null || args[0] === undefined || length(args[0]) === 0)),
  first: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === 'string') return value(v.slice(0, 1));
    if (Array.isArray(v)) return value(v.length === 0 ? null : v[0]);
    return argTypeError(name, 0, 'Array', v);
  }),
  last: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === 'string') return value(v.slice(-1));
    if (Array.isArray(v)) return value(v.length === 0 ? null : v[v.length - 1]);
    return argTypeError(name, 0, 'Array', v);
  }),
  length: fn(1, 1, (args, _s, name) => {
    const n = length(args[0]);
    return n === undefined ? argTypeError(name, 0, 'Array', args[0]) : value(n);
  }),
  flatten: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (!Array.isArray(v) || !v.every(Array.isArray))
      return unable(name, 'the argument must be an array of arrays.');
    return value((v as unknown[][]).flat());
  }),
  intersection: fn(2, INF, (args, _s, name) => {
    const kind = sameKind(name, args);
    if (typeof kind !== 'string') return kind;
    if (kind === 'array') {
      const out: unknown[] = [];
      for (const x of args[0] as unknown[]) {
        if (args.slice(1).every((a) => (a as unknown[]).some((y) => deepEqual(x, y)))) uniquePush(out, x);
      }
      return value(out);
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(args[0] as JsonObject)) {
      if (args.slice(1).every((o) => Object.hasOwn(o as JsonObject, k) && deepEqual((o as JsonObject)[k], v)))
        out[k] = v;
    }
    return value(out);
  }),
  union: fn(2, INF, (args, _s, name) => {
    const present = args.filter((a) => a !== null);
    const kind = sameKind(name, present);
    if (typeof kind !== 'string') return kind;
    if (kind === 'array') {
      const out: unknown[] = [];
      for (const a of present as unknown[][]) for (const x of a) uniquePush(out, x);
      return value(out);
    }
    return value((present as JsonObject[]).reduce(mergeObjects, {}));
  }),
  items: fn(1, 1, (args, _s, name) => {
    const o = args[0];
    if (!isObject(o)) return argTypeError(name, 0, 'Object', o);
    // The docs: items() returns the entries sorted by key (ordinal, case-insensitive).
    const keys = Object.keys(o).sort((a, b) => {
      const [x, y] = [a.toLowerCase(), b.toLowerCase()];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return value(keys.map((key) => ({ key, value: o[key] })));
  }),
  objectkeys: fn(1, 1, (args, _s, name) =>
    isObject(args[0]) ? value(Object.keys(args[0])) : argTypeError(name, 0, 'Object', args[0]),
  ),
  shallowmerge: fn(1, 1, (args, _s, name) => {
    const a = args[0];
    if (!Array.isArray(a) || !a.every(isObject))
      return unable(name, 'the argument must be an array of objects.');
    return value(Object.assign({}, ...(a as JsonObject[])));
  }),
  skip: sliceFn(false),
  take: sliceFn(true),
  tryget: fn(2, INF, (args) => {
    let cur: unknown = args[0];
    for (const key of args.slice(1)) {
      if (typeof key === 'string' && isObject(cur)) {
        const k = findKey(cur, key);
        cur = k === undefined ? undefined : cur[k];
      } else if (isInteger(key) && Array.isArray(cur)) {
        cur = key >= 0 && key < cur.length ? cur[key] : undefined;
      } else {
        cur = undefined;
      }
      if (cur === undefined) return value(null);
    }
    return value(cur);
  }),
};
