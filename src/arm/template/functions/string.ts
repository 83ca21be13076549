// String functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string).
// startsWith, endsWith, indexOf and lastIndexOf compare case-insensitively, as the docs state; contains,
// replace and split are case-sensitive.
import { isObject, toText, findKey, deepEqual, isInteger } from '../values.ts';
import { composite } from './format.ts';
import { argTypeError, fn, unable, value, type FnResult, type TemplateFunction } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

const str = (name: string, args: readonly unknown[], i: number): string | FnResult =>
  typeof args[i] === 'string' ? (args[i] as string) : argTypeError(name, i, 'String', args[i]);

const int = (name: string, args: readonly unknown[], i: number): number | FnResult =>
  isInteger(args[i]) ? (args[i] as number) : argTypeError(name, i, 'Integer', args[i]);

const isErr = (v: unknown): v is FnResult => typeof v === 'object' && v !== null && 'ok' in v;

/** A string-to-string function of one argument. */
const unary = (f: (s: string) => string): TemplateFunction =>
  fn(1, 1, (args, _s, name) => {
    const s = str(name, args, 0);
    return isErr(s) ? s : value(f(s));
  });

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

export const STRING_FUNCTIONS: Record<string, TemplateFunction> = {
  base64: unary((s) => utf8(s).toString('base64')),
  base64tostring: unary((s) => Buffer.from(s, 'base64').toString('utf8')),
  base64tojson: fn(1, 1, (args, _s, name) => {
    const s = str(name, args, 0);
    if (isErr(s)) return s;
    return parseJson(name, Buffer.from(s, 'base64').toString('utf8'));
  }),
  datauri: unary((s) => `data:text/plain;charset=utf8;base64,${utf8(s).toString('base64')}`),
  datauritostring: fn(1, 1, (args, _s, name) => {
    const s = str(name, args, 0);
    if (isErr(s)) return s;
    const comma = s.indexOf(',');
    if (!s.startsWith('data:') || comma < 0) return unable(name, `'${s}' is not a data URI.`);
    const body = s.slice(comma + 1);
    return value(
      s.slice(0, comma).endsWith(';base64')
        ? Buffer.from(body, 'base64').toString('utf8')
        : decodeURIComponent(body),
    );
  }),
  uricomponent: unary((s) => encodeURIComponent(s)),
  uricomponenttostring: unary((s) => decodeURIComponent(s)),
  uri: fn(2, 2, (args, _s, name) => {
    const base = str(name, args, 0);
    if (isErr(base)) return base;
    const rel = str(name, args, 1);
    if (isErr(rel)) return rel;
    try {
      return value(new URL(rel, base).toString());
    } catch {
      return unable(name, `'${base}' is not an absolute URI.`);
    }
  }),
  endswith: fn(2, 2, (args, _s, name) => {
    const a = str(name, args, 0);
    if (isErr(a)) return a;
    const b = str(name, args, 1);
    return isErr(b) ? b : value(a.toLowerCase().endsWith(b.toLowerCase()));
  }),
  startswith: fn(2, 2, (args, _s, name) => {
    const a = str(name, args, 0);
    if (isErr(a)) return a;
    const b = str(name, args, 1);
    return isErr(b) ? b : value(a.toLowerCase().startsWith(b.toLowerCase()));
  }),
  format: fn(1, INF, (args, _s, name) => {
    const f = str(name, args, 0);
    if (isErr(f)) return f;
    const r = composite(f, args.slice(1));
    return r.ok ? value(r.value) : unable(name, r.reason);
  }),
  json: fn(1, 1, (args, _s, name) => {
    const s = str(name, args, 0);
    return isErr(s) ? s : parseJson(name, s);
  }),
  padleft: fn(2, 3, (args, _s, name) => {
    const v = args[0];
    if (typeof v !== 'string' && !isInteger(v)) return argTypeError(name, 0, 'String', v);
    const n = int(name, args, 1);
    if (isErr(n)) return n;
    const pad = args[2] === undefined ? ' ' : args[2];
    if (typeof pad !== 'string' || pad.length !== 1)
      return unable(name, 'the padding character must be a single character.');
    return value(String(v).padStart(n, pad));
  }),
  replace: fn(3, 3, (args, _s, name) => {
    const [s, o, n] = [str(name, args, 0), str(name, args, 1), str(name, args, 2)];
    if (isErr(s)) return s;
    if (isErr(o)) return o;
    if (isErr(n)) return n;
    if (o === '') return unable(name, 'the string to replace must not be empty.');
    return value(s.split(o).join(n));
  }),
  split: fn(2, 2, (args, _s, name) => {
    const s = str(name, args, 0);
    if (isErr(s)) return s;
    const d = args[1];
    const delimiters =
      typeof d === 'string'
        ? [d]
        : Array.isArray(d) && d.every((x) => typeof x === 'string')
          ? (d as string[])
          : undefined;
    if (!delimiters) return argTypeError(name, 1, 'String', d);
    let parts = [s];
    for (const delim of delimiters) if (delim !== '') parts = parts.flatMap((p) => p.split(delim));
    return value(parts);
  }),
  string: fn(1, 1, (args) => value(toText(args[0]))),
  substring: fn(1, 3, (args, _s, name) => {
    const s = str(name, args, 0);
    if (isErr(s)) return s;
    const start = args[1] === undefined ? 0 : args[1];
    if (!isInteger(start)) return argTypeError(name, 1, 'Integer', start);
    const length = args[2] === undefined ? s.length - start : args[2];
    if (!isInteger(length)) return argTypeError(name, 2, 'Integer', length);
    // Wording of ARM's own message (reported in Azure-Samples/chat-with-your-data-solution-accelerator#89).
    if (start < 0 || length < 0 || start + length > s.length) {
      return failure(
        `Unable to evaluate the template language function 'substring'. The index and length parameters must refer to a location within the string. The index parameter: '${start}', the length parameter: '${length}', the length of the string parameter: '${s.length}'.`,
      );
    }
    return value(s.substring(start, start + length));
  }),
  tolower: unary((s) => s.toLowerCase()),
  toupper: unary((s) => s.toUpperCase()),
  trim: unary((s) => s.trim()),
  join: fn(2, 2, (args, _s, name) => {
    const a = args[0];
    if (!Array.isArray(a)) return argTypeError(name, 0, 'Array', a);
    const d = str(name, args, 1);
    if (isErr(d)) return d;
    if (a.some((x) => isObject(x) || Array.isArray(x)))
      return unable(name, 'the array must contain only strings, integers and booleans.');
    return value(a.map(toText).join(d));
  }),
  indexof: fn(2, 2, (args, _s, name) => indexOf(name, args, false)),
  lastindexof: fn(2, 2, (args, _s, name) => indexOf(name, args, true)),
};

function failure(message: string): FnResult {
  return { ok: false, message };
}

function parseJson(name: string, text: string): FnResult {
  try {
    return value(JSON.parse(text) as unknown);
  } catch {
    return unable(name, `the value '${text}' is not valid JSON.`);
  }
}

function indexOf(name: string, args: readonly unknown[], last: boolean): FnResult {
  const [a, b] = args;
  if (Array.isArray(a)) {
    const i = last ? a.findLastIndex((x) => deepEqual(x, b)) : a.findIndex((x) => deepEqual(x, b));
    return value(i);
  }
  if (typeof a !== 'string') return argTypeError(name, 0, 'String', a);
  if (typeof b !== 'string') return argTypeError(name, 1, 'String', b);
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  return value(last ? s.lastIndexOf(t) : s.indexOf(t));
}

/** Shared with contains() in array-object.ts: object keys are matched case-insensitively. */
export const hasKey = (o: Record<string, unknown>, k: string): boolean => findKey(o, k) !== undefined;
