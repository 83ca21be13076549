// Lambda functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda):
// Bicep compiles `map(xs, x => ...)` to "[map(xs, lambda('x', ...lambdaVariables('x')...))]".
import { isObject, typeName, type JsonObject } from '../values.ts';
import {
  argTypeError,
  fn,
  isLambda,
  unable,
  value,
  type FnResult,
  type Lambda,
  type TemplateFunction,
} from './types.ts';

function arrayAndLambda(
  name: string,
  args: readonly unknown[],
  at = 1,
): { xs: unknown[]; f: Lambda } | FnResult {
  const xs = args[0];
  if (!Array.isArray(xs)) return argTypeError(name, 0, 'Array', xs);
  const f = args[at];
  if (!isLambda(f))
    return unable(name, `argument ${at + 1} must be a lambda expression, not '${typeName(f)}'.`);
  return { xs, f };
}

const isFail = (v: unknown): v is FnResult => typeof v === 'object' && v !== null && 'ok' in v;

export const LAMBDA_FUNCTIONS: Record<string, TemplateFunction> = {
  map: fn(2, 2, (args, _s, name) => {
    const p = arrayAndLambda(name, args);
    if (isFail(p)) return p;
    const out: unknown[] = [];
    for (let i = 0; i < p.xs.length; i++) {
      const r = p.f.invoke([p.xs[i], i]);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return value(out);
  }),
  filter: fn(2, 2, (args, _s, name) => {
    const p = arrayAndLambda(name, args);
    if (isFail(p)) return p;
    const out: unknown[] = [];
    for (let i = 0; i < p.xs.length; i++) {
      const r = p.f.invoke([p.xs[i], i]);
      if (!r.ok) return r;
      if (r.value === true) out.push(p.xs[i]);
    }
    return value(out);
  }),
  reduce: fn(3, 3, (args, _s, name) => {
    const p = arrayAndLambda(name, args, 2);
    if (isFail(p)) return p;
    let acc = args[1];
    for (let i = 0; i < p.xs.length; i++) {
      const r = p.f.invoke([acc, p.xs[i], i]);
      if (!r.ok) return r;
      acc = r.value;
    }
    return value(acc);
  }),
  sort: fn(2, 2, (args, _s, name) => {
    const p = arrayAndLambda(name, args);
    if (isFail(p)) return p;
    // The lambda answers "a comes before b"; an insertion sort keeps it stable and lets errors surface.
    const out: unknown[] = [];
    for (const x of p.xs) {
      let i = out.length;
      while (i > 0) {
        const r = p.f.invoke([x, out[i - 1]]);
        if (!r.ok) return r;
        if (r.value !== true) break;
        i--;
      }
      out.splice(i, 0, x);
    }
    return value(out);
  }),
  toobject: fn(2, 3, (args, _s, name) => {
    const p = arrayAndLambda(name, args);
    if (isFail(p)) return p;
    const valueOf = args[2];
    if (valueOf !== undefined && !isLambda(valueOf))
      return unable(name, 'argument 3 must be a lambda expression.');
    const out: JsonObject = {};
    for (const x of p.xs) {
      const k = p.f.invoke([x]);
      if (!k.ok) return k;
      if (typeof k.value !== 'string')
        return unable(name, `the key lambda must return a string, not '${typeName(k.value)}'.`);
      const v = valueOf ? valueOf.invoke([x]) : value(x);
      if (!v.ok) return v;
      out[k.value] = v.value;
    }
    return value(out);
  }),
  mapvalues: fn(2, 2, (args, _s, name) => {
    const o = args[0];
    if (!isObject(o)) return argTypeError(name, 0, 'Object', o);
    const f = args[1];
    if (!isLambda(f)) return unable(name, 'argument 2 must be a lambda expression.');
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(o)) {
      const r = f.invoke([v]);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return value(out);
  }),
  groupby: fn(2, 2, (args, _s, name) => {
    const p = arrayAndLambda(name, args);
    if (isFail(p)) return p;
    const out: Record<string, unknown[]> = {};
    for (const x of p.xs) {
      const k = p.f.invoke([x]);
      if (!k.ok) return k;
      if (typeof k.value !== 'string') return unable(name, 'the key lambda must return a string.');
      (out[k.value] ??= []).push(x);
    }
    return value(out);
  }),
};
