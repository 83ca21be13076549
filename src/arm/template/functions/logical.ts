// Logical and comparison functions (learn.microsoft.com/azure/azure-resource-manager/templates/
// template-functions-logical, .../template-functions-comparison). `if` is a special form in evaluator.ts.
// String comparisons are ordinal (.NET string.CompareOrdinal); equals() is JToken.DeepEquals (case-sensitive).
import { deepEqual, isInteger } from '../values.ts';
import { argTypeError, fn, unable, value, type FnResult, type TemplateFunction } from './types.ts';

const INF = Number.POSITIVE_INFINITY;

function booleans(name: string, args: readonly unknown[]): boolean[] | FnResult {
  for (let i = 0; i < args.length; i++)
    if (typeof args[i] !== 'boolean') return argTypeError(name, i, 'Boolean', args[i]);
  return args as boolean[];
}

function compare(op: (c: number) => boolean): TemplateFunction {
  return fn(2, 2, (args, _s, name) => {
    const [a, b] = args;
    if (isInteger(a) && isInteger(b)) return value(op(a - b));
    if (typeof a === 'number' && typeof b === 'number') return value(op(a - b));
    if (typeof a === 'string' && typeof b === 'string') return value(op(a < b ? -1 : a > b ? 1 : 0));
    return unable(name, 'both arguments must be integers or both strings.');
  });
}

export const LOGICAL_FUNCTIONS: Record<string, TemplateFunction> = {
  and: fn(2, INF, (args, _s, name) => {
    const b = booleans(name, args);
    return Array.isArray(b) ? value(b.every(Boolean)) : b;
  }),
  or: fn(2, INF, (args, _s, name) => {
    const b = booleans(name, args);
    return Array.isArray(b) ? value(b.some(Boolean)) : b;
  }),
  not: fn(1, 1, (args, _s, name) =>
    typeof args[0] === 'boolean' ? value(!args[0]) : argTypeError(name, 0, 'Boolean', args[0]),
  ),
  true: fn(0, 0, () => value(true)),
  false: fn(0, 0, () => value(false)),
  null: fn(0, 0, () => value(null)),
  bool: fn(1, 1, (args, _s, name) => {
    const v = args[0];
    if (typeof v === 'boolean') return value(v);
    if (isInteger(v)) return value(v !== 0);
    if (typeof v === 'string') {
      const l = v.trim().toLowerCase();
      if (l === 'true' || l === 'false') return value(l === 'true');
    }
    return unable(name, `the value '${String(v)}' cannot be converted to a boolean.`);
  }),
  equals: fn(2, 2, (args) => value(deepEqual(args[0], args[1]))),
  greater: compare((c) => c > 0),
  greaterorequals: compare((c) => c >= 0),
  less: compare((c) => c < 0),
  lessorequals: compare((c) => c <= 0),
};
