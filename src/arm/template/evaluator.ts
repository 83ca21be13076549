// Evaluates expression ASTs at a Site. Function names are case-insensitive (ARM). `if` evaluates only the
// branch it takes, and `lambda` builds a closure for map/filter/reduce/sort/toObject, so both are special forms
// here rather than library functions.
import type { ExprResult } from './errors.ts';
import { FUNCTIONS } from './functions/index.ts';
import { failure, type FnResult, type Lambda, type Site } from './functions/types.ts';
import { parseTemplateString, type CallExpr, type Expr } from './parser.ts';
import { findKey, isObject, typeName } from './values.ts';

type Env = ReadonlyMap<string, unknown>;

/** Evaluates one JSON string value: an expression, or a literal (with "[[" unescaped). */
export function evaluateText(text: string, site: Site): ExprResult<unknown> {
  const parsed = parseTemplateString(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.kind === 'literal') return { ok: true, value: parsed.value.value };
  return evaluateExpr(parsed.value.expr, site, new Map());
}

export function evaluateExpr(expr: Expr, site: Site, env: Env): ExprResult<unknown> {
  switch (expr.kind) {
    case 'string':
    case 'integer':
    case 'literal':
      return { ok: true, value: expr.value };
    case 'property': {
      const target = evaluateExpr(expr.target, site, env);
      if (!target.ok) return target;
      return property(target.value, expr.name, expr.position);
    }
    case 'index': {
      const target = evaluateExpr(expr.target, site, env);
      if (!target.ok) return target;
      const index = evaluateExpr(expr.index, site, env);
      if (!index.ok) return index;
      if (typeof index.value === 'string') return property(target.value, index.value, expr.position);
      if (typeof index.value !== 'number' || !Number.isInteger(index.value)) {
        return fail(
          `The language expression index must be an integer or a string, not '${typeName(index.value)}'.`,
          expr.position,
        );
      }
      if (!Array.isArray(target.value)) {
        return fail(
          `The language expression property '${index.value}' cannot be evaluated: the value is of type '${typeName(target.value)}', not 'Array'.`,
          expr.position,
        );
      }
      if (index.value < 0 || index.value >= target.value.length) {
        return fail(
          `The language expression property array index '${index.value}' is out of bounds.`,
          expr.position,
        );
      }
      return { ok: true, value: target.value[index.value] };
    }
    case 'call':
      return call(expr, site, env);
  }
}

const fail = (message: string, position: number): ExprResult<never> => ({
  ok: false,
  failure: { message, position },
});

function property(target: unknown, name: string, position: number): ExprResult<unknown> {
  if (!isObject(target)) {
    return fail(
      `The language expression property '${name}' can't be evaluated, property name must be an integer or the value must be an object; the value is of type '${typeName(target)}'.`,
      position,
    );
  }
  const key = findKey(target, name);
  if (key === undefined) {
    return fail(
      `The language expression property '${name}' doesn't exist, available properties are '${Object.keys(target).join(', ')}'.`,
      position,
    );
  }
  return { ok: true, value: target[key] };
}

function call(expr: CallExpr, site: Site, env: Env): ExprResult<unknown> {
  const lower = expr.name.toLowerCase();
  if (lower === 'if') return lazyIf(expr, site, env);
  if (lower === 'lambda') return lambda(expr, site, env);
  const args: unknown[] = [];
  for (const a of expr.args) {
    const v = evaluateExpr(a, site, env);
    if (!v.ok) return v;
    args.push(v.value);
  }
  if (lower === 'lambdavariables') {
    const name = args[0];
    if (args.length !== 1 || typeof name !== 'string' || !env.has(name)) {
      return fail(`The lambda variable '${String(name)}' is not defined here.`, expr.position);
    }
    return { ok: true, value: env.get(name) };
  }
  let result: FnResult;
  if (expr.name.includes('.')) {
    const r = site.userFunction(expr.name, args);
    if (r === undefined) return fail(`The template function '${expr.name}' is not valid.`, expr.position);
    result = r;
  } else {
    const f = FUNCTIONS.get(lower);
    if (!f) {
      // Fidelity: list*() (listKeys, listSecrets...) asks the resource provider for secrets vnetlab does not have.
      const why = /^list[a-z]/.test(lower) ? ' vnetlab does not support list*() functions.' : '';
      return fail(`The template function '${expr.name}' is not valid.${why}`, expr.position);
    }
    if (args.length < f.minArgs || args.length > f.maxArgs)
      return fail(arityMessage(expr.name, f.minArgs, f.maxArgs, args.length), expr.position);
    result = f.call(args, site, expr.name);
  }
  return result.ok ? { ok: true, value: result.value } : fail(result.message, expr.position);
}

function arityMessage(name: string, min: number, max: number, got: number): string {
  const expected =
    min === max
      ? `${min}`
      : max === Number.POSITIVE_INFINITY
        ? `at least ${min}`
        : `between ${min} and ${max}`;
  return `Unable to evaluate template language function '${name}': it expects ${expected} argument(s), but ${got} were provided.`;
}

function lazyIf(expr: CallExpr, site: Site, env: Env): ExprResult<unknown> {
  if (expr.args.length !== 3) return fail(arityMessage(expr.name, 3, 3, expr.args.length), expr.position);
  const cond = evaluateExpr(expr.args[0]!, site, env);
  if (!cond.ok) return cond;
  if (typeof cond.value !== 'boolean') {
    return fail(
      `Unable to evaluate template language function 'if': the condition must be of type 'Boolean', not '${typeName(cond.value)}'.`,
      expr.position,
    );
  }
  return evaluateExpr(expr.args[cond.value ? 1 : 2]!, site, env);
}

function lambda(expr: CallExpr, site: Site, env: Env): ExprResult<unknown> {
  if (expr.args.length < 1)
    return fail(arityMessage(expr.name, 1, Number.POSITIVE_INFINITY, 0), expr.position);
  const params: string[] = [];
  for (const a of expr.args.slice(0, -1)) {
    if (a.kind !== 'string')
      return fail(
        "Unable to evaluate template language function 'lambda': parameter names must be string literals.",
        a.position,
      );
    params.push(a.value);
  }
  const body = expr.args[expr.args.length - 1]!;
  const value: Lambda = {
    kind: 'lambda',
    params,
    invoke(args) {
      const inner = new Map(env);
      params.forEach((p, i) => inner.set(p, args[i] ?? null));
      const r = evaluateExpr(body, site, inner);
      return r.ok ? { ok: true, value: r.value } : failure(r.failure.message);
    },
  };
  return { ok: true, value };
}
