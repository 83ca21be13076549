// Validation before anything is evaluated, as ARM's template validation does: every expression in the
// template must parse, and every function it calls must exist. Errors name the section entry, the path, the
// expression and the position.
import type { ArmError } from './errors.ts';
import { FUNCTIONS } from './functions/index.ts';
import { parseTemplateString, type Expr } from './parser.ts';
import { locatedError } from './template-context.ts';
import { childPath, type LocatedFailure } from './template-value.ts';
import { isObject, type JsonObject } from './values.ts';

const SPECIAL = new Set(['if', 'lambda', 'lambdavariables']);

function unknownFunction(
  e: Expr,
  userFunctions: ReadonlySet<string>,
): { name: string; position: number } | undefined {
  switch (e.kind) {
    case 'call': {
      const lower = e.name.toLowerCase();
      if (!FUNCTIONS.has(lower) && !SPECIAL.has(lower) && !userFunctions.has(lower))
        return { name: e.name, position: e.position };
      for (const a of e.args) {
        const u = unknownFunction(a, userFunctions);
        if (u) return u;
      }
      return undefined;
    }
    case 'property':
      return unknownFunction(e.target, userFunctions);
    case 'index':
      return unknownFunction(e.target, userFunctions) ?? unknownFunction(e.index, userFunctions);
    default:
      return undefined;
  }
}

function check(v: unknown, path: string, userFunctions: ReadonlySet<string>): LocatedFailure | undefined {
  if (typeof v === 'string') {
    const p = parseTemplateString(v);
    if (!p.ok) return { message: p.failure.message, path, expression: v, position: p.failure.position };
    if (p.value.kind === 'literal') return undefined;
    const u = unknownFunction(p.value.expr, userFunctions);
    if (!u) return undefined;
    const why = /^list[a-z]/i.test(u.name) ? ' vnetlab does not support list*() functions.' : '';
    return {
      message: `The template function '${u.name}' is not valid.${why}`,
      path,
      expression: v,
      position: u.position,
    };
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const f = check(v[i], childPath(path, i), userFunctions);
      if (f) return f;
    }
  } else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const f = check(k, childPath(path, k), userFunctions) ?? check(x, childPath(path, k), userFunctions);
      if (f) return f;
    }
  }
  return undefined;
}

function userFunctionNames(template: JsonObject): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(template.functions)) return out;
  for (const g of template.functions) {
    if (!isObject(g) || typeof g.namespace !== 'string' || !isObject(g.members)) continue;
    for (const m of Object.keys(g.members)) out.add(`${g.namespace}.${m}`.toLowerCase());
  }
  return out;
}

/** The first syntax error or unknown function in the template, named by its section entry. */
export function checkSyntax(template: JsonObject): ArmError | undefined {
  const user = userFunctionNames(template);
  for (const section of ['parameters', 'variables', 'outputs'] as const) {
    const s = template[section];
    if (!isObject(s)) continue;
    for (const [name, v] of Object.entries(s)) {
      const f = check(v, `${section}.${name}`, user);
      if (f)
        return locatedError(
          section === 'parameters' ? 'parameter' : section === 'variables' ? 'variable' : 'output',
          name,
          f,
        );
    }
  }
  const resources = template.resources;
  const entries: [string, unknown][] = Array.isArray(resources)
    ? resources.map((r, i) => [`resources[${i}]`, r])
    : isObject(resources)
      ? Object.entries(resources).map(([k, r]) => [`resources.${k}`, r])
      : [];
  for (const [path, r] of entries) {
    const f = check(r, path, user);
    if (f) {
      // Name the innermost resource that holds the failing path (nested children have their own name).
      let holder: unknown = r;
      let label = isObject(r) && typeof r.name === 'string' ? r.name : path;
      const nested = /\.resources\[(\d+)\]/g;
      let m: RegExpExecArray | null;
      const rel = f.path.slice(path.length);
      while ((m = nested.exec(rel)) !== null) {
        const child: unknown =
          isObject(holder) && Array.isArray(holder.resources) ? holder.resources[Number(m[1])] : undefined;
        if (!isObject(child)) break;
        holder = child;
        if (typeof child.name === 'string') label = child.name;
      }
      return locatedError('resource', label, { ...f, path: f.path });
    }
  }
  return undefined;
}
