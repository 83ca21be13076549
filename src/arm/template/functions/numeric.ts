// Numeric functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric).
// Integers are 64-bit in ARM; div truncates toward zero as .NET does.
import { isInteger } from '../values.ts';
import { argTypeError, fn, unable, value, type FnResult, type TemplateFunction } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

function binary(op: (a: number, b: number) => number | FnResult): TemplateFunction {
  return fn(2, 2, (args, _s, name) => {
    const [a, b] = args;
    if (!isInteger(a)) return argTypeError(name, 0, 'Integer', a);
    if (!isInteger(b)) return argTypeError(name, 1, 'Integer', b);
    const r = op(a, b);
    return typeof r === 'number' ? value(r) : r;
  });
}

function extreme(pick: (xs: number[]) => number): TemplateFunction {
  return fn(1, INF, (args, _s, name) => {
    const xs = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    if (xs.length === 0) return unable(name, 'the array must not be empty.');
    for (let i = 0; i < xs.length; i++)
      if (typeof xs[i] !== 'number') return argTypeError(name, i, 'Integer', xs[i]);
    return value(pick(xs as number[]));
  });
}

export const NUMERIC_FUNCTIONS: Record<string, TemplateFunction> = {
  add: binary((a, b) => a + b),
  sub: binary((a, b) => a - b),
  mul: binary((a, b) => a * b),
  div: binary((a, b) => (b === 0 ? unable('div', 'division by zero.') : Math.trunc(a / b))),
  mod: binary((a, b) => (b === 0 ? unable('mod', 'division by zero.') : a % b)),
  int: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (isInteger(v)) return value(v);
    if (typeof v === 'number') return value(Math.trunc(v));
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return value(Number(v));
    return unable(name, `the value '${String(v)}' cannot be converted to an integer.`);
  }),
  float: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === 'number') return value(v);
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return value(Number(v));
    return unable(name, `the value '${String(v)}' cannot be converted to a float.`);
  }),
  min: extreme((xs) => Math.min(...xs)),
  max: extreme((xs) => Math.max(...xs)),
  range: fn(2, 2, (args, _s, name) => {
    const [start, count] = args;
    if (!isInteger(start)) return argTypeError(name, 0, 'Integer', start);
    if (!isInteger(count)) return argTypeError(name, 1, 'Integer', count);
    // ARM: count must be non-negative and start + count at most 2147483647; we also cap the array size.
    if (count < 0 || count > 10_000) return unable(name, `the count '${count}' must be between 0 and 10000.`);
    return value(Array.from({ length: count }, (_, i) => start + i));
  }),
};
