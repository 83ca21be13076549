// Evaluates a JSON subtree of a template: every string that is an expression is evaluated, and an object's
// property-level `copy` array ({ name, count, input }) becomes an array property of that name
// (learn.microsoft.com/azure/azure-resource-manager/templates/copy-properties).
import { evaluateText } from './evaluator.ts';
import type { Site } from './functions/types.ts';
import { isInteger, isObject, typeName, type JsonObject } from './values.ts';

/** A failure somewhere in a template: the JSON path, and the expression and position when one failed. */
export interface LocatedFailure {
  readonly message: string;
  readonly path: string;
  readonly expression?: string;
  readonly position?: number;
}

export type Located<T> = { ok: true; value: T } | { ok: false; failure: LocatedFailure };

export const MAX_COPY_COUNT = 800; // ARM's limit for copy loops (resources, properties, variables, outputs).

export const childPath = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}['${key}']`;

/** Evaluates one template string at `path`. */
export function evaluateString(text: string, site: Site, path: string): Located<unknown> {
  const r = evaluateText(text, site);
  if (r.ok) return r;
  return {
    ok: false,
    failure: { message: r.failure.message, path, expression: text, position: r.failure.position },
  };
}

/** A site whose copyIndex() also knows `loop` (named, or innermost when unnamed and the base has none). */
export function withLoop(site: Site, loop: string, index: number): Site {
  return {
    ...site,
    copyIndex(name) {
      if (name === undefined) return site.copyIndex(undefined) ?? index;
      return name.toLowerCase() === loop.toLowerCase() ? index : site.copyIndex(name);
    },
  };
}

/** A copy count: an integer (or expression giving one) between 0 and 800. */
export function evaluateCount(raw: unknown, site: Site, path: string): Located<number> {
  const v = typeof raw === 'string' ? evaluateString(raw, site, path) : { ok: true as const, value: raw };
  if (!v.ok) return v;
  if (!isInteger(v.value) || v.value < 0 || v.value > MAX_COPY_COUNT) {
    const shown = isInteger(v.value) ? String(v.value) : typeName(v.value);
    return {
      ok: false,
      failure: {
        message: `The copy count must be a non-negative integer no greater than ${MAX_COPY_COUNT}; it is '${shown}'.`,
        path,
      },
    };
  }
  return { ok: true, value: v.value };
}

export function evaluateValue(v: unknown, site: Site, path: string): Located<unknown> {
  if (typeof v === 'string') return evaluateString(v, site, path);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = evaluateValue(v[i], site, childPath(path, i));
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (isObject(v)) return evaluateObject(v, site, path);
  return { ok: true, value: v };
}

function evaluateObject(o: JsonObject, site: Site, path: string): Located<JsonObject> {
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(o)) {
    if (key === 'copy' && Array.isArray(raw)) {
      const loops = evaluatePropertyCopies(raw, site, childPath(path, 'copy'));
      if (!loops.ok) return loops;
      Object.assign(out, loops.value);
      continue;
    }
    const k = evaluateString(key, site, childPath(path, key));
    if (!k.ok) return k;
    if (typeof k.value !== 'string') {
      return {
        ok: false,
        failure: {
          message: `A property name must evaluate to a string, not '${typeName(k.value)}'.`,
          path: childPath(path, key),
          expression: key,
        },
      };
    }
    const r = evaluateValue(raw, site, childPath(path, key));
    if (!r.ok) return r;
    out[k.value] = r.value;
  }
  return { ok: true, value: out };
}

/** `copy: [{ name, count, input }]`, used by properties and by variables. */
export function evaluatePropertyCopies(
  loops: readonly unknown[],
  site: Site,
  path: string,
): Located<JsonObject> {
  const out: JsonObject = {};
  for (let i = 0; i < loops.length; i++) {
    const loop = loops[i];
    const at = childPath(path, i);
    if (!isObject(loop) || typeof loop.name !== 'string' || !('input' in loop)) {
      return {
        ok: false,
        failure: { message: "A property copy must be an object with 'name', 'count' and 'input'.", path: at },
      };
    }
    const count = evaluateCount(loop.count, site, childPath(at, 'count'));
    if (!count.ok) return count;
    const items: unknown[] = [];
    for (let n = 0; n < count.value; n++) {
      const r = evaluateValue(loop.input, withLoop(site, loop.name, n), childPath(at, 'input'));
      if (!r.ok) return r;
      items.push(r.value);
    }
    out[loop.name] = items;
  }
  return { ok: true, value: out };
}
