// What every expression of one deployment shares: the scope, the parameter values, the variables (evaluated
// once, lazily, with cycle detection), template-defined functions, and the resource names planned so far.
// Sites (functions/types.ts) are views of it with more or fewer permissions, as ARM has: reference() only in
// resource bodies and outputs; utcNow()/newGuid() only in parameter defaults; variables() not in defaults.
import { invalidTemplate, withExpression, type ArmError } from './errors.ts';
import { armGuid } from './functions/hash.ts';
import { failure, value, type FnResult, type Site } from './functions/types.ts';
import { checkValue, type ParameterDeclaration, type Supplied } from './parameters.ts';
import { evaluatePropertyCopies, evaluateValue, type LocatedFailure } from './template-value.ts';
import type { DeploymentScope, ReferenceFn } from './types.ts';
import { findKey, isObject, type JsonObject } from './values.ts';

export interface EngineOptions {
  /** The clock behind utcNow(); defaults to the real one. */
  readonly now?: () => Date;
  /** newGuid(); defaults to a deterministic sequence derived from the deployment name. */
  readonly newGuid?: () => string;
}

/** "The template <what> '<name>' at path '<path>' is not valid: <message> (expression '...', position n)." */
export function locatedError(what: string, name: string, f: LocatedFailure): ArmError {
  return invalidTemplate(
    `The template ${what} '${name}' at path '${f.path}' is not valid: ${withExpression(f.message, f.expression, f.position)}`,
    f.path,
  );
}

type Memo = { state: 'pending' } | { state: 'done'; value: unknown } | { state: 'failed' };

export class TemplateContext {
  /** The first root-cause error met while evaluating parameters or variables (nested failures repeat it). */
  rootError: ArmError | undefined;
  private readonly params = new Map<string, Memo>();
  private readonly vars = new Map<string, Memo>();
  private readonly varStack: string[] = [];
  private readonly paramStack: string[] = [];
  private readonly namesToIds = new Map<string, string>();
  private guidCounter = 0;
  private readonly now: () => Date;
  private readonly newGuid: () => string;

  constructor(
    readonly scope: DeploymentScope,
    readonly template: JsonObject,
    private readonly decls: readonly ParameterDeclaration[],
    private readonly supplied: ReadonlyMap<string, Supplied>,
    options: EngineOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newGuid =
      options.newGuid ??
      (() => armGuid(['vnetlab-newGuid', scope.deploymentName, String(this.guidCounter++)]));
  }

  private fail(error: ArmError): FnResult {
    this.rootError ??= error;
    return failure(error.message);
  }

  // --- parameters ---

  parameterValue(name: string): FnResult {
    const lower = name.toLowerCase();
    const decl = this.decls.find((d) => d.name.toLowerCase() === lower);
    const supplied = this.supplied.get(lower);
    if (!decl || !supplied) return failure(`The template parameter '${name}' is not found.`);
    const memo = this.params.get(lower);
    if (memo?.state === 'done') return value(memo.value);
    if (memo?.state === 'failed') return failure(`The template parameter '${decl.name}' is not valid.`);
    if (memo?.state === 'pending') {
      const cycle = [...this.paramStack.slice(this.paramStack.indexOf(decl.name)), decl.name].join(' -> ');
      return this.fail(
        invalidTemplate(
          `The template parameter '${decl.name}' is not valid: circular reference (${cycle}).`,
          `parameters.${decl.name}`,
        ),
      );
    }
    this.params.set(lower, { state: 'pending' });
    this.paramStack.push(decl.name);
    const result = this.computeParameter(decl, supplied);
    this.paramStack.pop();
    this.params.set(lower, result.ok ? { state: 'done', value: result.value } : { state: 'failed' });
    return result;
  }

  private computeParameter(decl: ParameterDeclaration, supplied: Supplied): FnResult {
    let v = supplied.value;
    const path = `parameters.${decl.name}`;
    if (supplied.kind === 'default') {
      const r = evaluateValue(v, this.site({ parameterDefault: true }), `${path}.defaultValue`);
      if (!r.ok) return this.fail(locatedError('parameter', decl.name, r.failure));
      v = r.value;
    }
    const problem = checkValue(decl, v);
    if (problem !== undefined) {
      return this.fail(
        invalidTemplate(
          `The template parameter '${decl.name}' at path '${path}' is not valid: ${problem}`,
          path,
        ),
      );
    }
    return value(v);
  }

  /** Evaluates every parameter (defaults included); returns the first error. */
  evaluateParameters(): ArmError | undefined {
    for (const d of this.decls)
      if (!this.parameterValue(d.name).ok)
        return this.rootError ?? invalidTemplate(`The template parameter '${d.name}' is not valid.`);
    return undefined;
  }

  parameterValues(): JsonObject {
    const out: JsonObject = {};
    for (const d of this.decls) {
      const m = this.params.get(d.name.toLowerCase());
      if (m?.state === 'done') out[d.name] = { type: d.raw.type, value: m.value };
    }
    return out;
  }

  // --- variables ---

  private variableSource(name: string): { name: string; raw: unknown; copy?: JsonObject } | undefined {
    const vars = isObject(this.template.variables) ? this.template.variables : {};
    const key = findKey(vars, name);
    if (key !== undefined && key !== 'copy') return { name: key, raw: vars[key] };
    if (Array.isArray(vars.copy)) {
      const loop = vars.copy.find(
        (l): l is JsonObject =>
          isObject(l) && typeof l.name === 'string' && l.name.toLowerCase() === name.toLowerCase(),
      );
      if (loop) return { name: loop.name as string, raw: undefined, copy: loop };
    }
    return undefined;
  }

  variableValue(name: string): FnResult {
    const src = this.variableSource(name);
    if (!src)
      return failure(
        `The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`,
      );
    const lower = src.name.toLowerCase();
    const memo = this.vars.get(lower);
    if (memo?.state === 'done') return value(memo.value);
    if (memo?.state === 'failed') return failure(`The template variable '${src.name}' is not valid.`);
    if (memo?.state === 'pending') {
      const cycle = [...this.varStack.slice(this.varStack.indexOf(src.name)), src.name].join(' -> ');
      return this.fail(
        invalidTemplate(
          `The template variable '${src.name}' is not valid: circular reference (${cycle}).`,
          `variables.${src.name}`,
        ),
      );
    }
    this.vars.set(lower, { state: 'pending' });
    this.varStack.push(src.name);
    const site = this.site({});
    const r = src.copy
      ? evaluatePropertyCopies(
          [src.copy],
          site,
          `variables.copy[${(this.template.variables as { copy: unknown[] }).copy.indexOf(src.copy)}]`,
        )
      : evaluateValue(src.raw, site, `variables.${src.name}`);
    this.varStack.pop();
    if (!r.ok) {
      this.vars.set(lower, { state: 'failed' });
      return this.fail(locatedError('variable', src.name, r.failure));
    }
    const v = src.copy ? (r.value as JsonObject)[src.copy.name as string] : r.value;
    this.vars.set(lower, { state: 'done', value: v });
    return value(v);
  }

  /** Evaluates every variable once (ARM validates them all, used or not). */
  evaluateVariables(): ArmError | undefined {
    const vars = isObject(this.template.variables) ? this.template.variables : {};
    const names = Object.keys(vars).filter((k) => k !== 'copy');
    if (Array.isArray(vars.copy))
      for (const l of vars.copy) if (isObject(l) && typeof l.name === 'string') names.push(l.name);
    for (const n of names)
      if (!this.variableValue(n).ok)
        return this.rootError ?? invalidTemplate(`The template variable '${n}' is not valid.`);
    return undefined;
  }

  // --- resources, functions, sites ---

  registerResourceName(fullName: string, id: string): void {
    const key = fullName.toLowerCase();
    if (!this.namesToIds.has(key)) this.namesToIds.set(key, id);
  }

  deployment(): JsonObject {
    const t = this.template;
    const template: JsonObject = { contentVersion: t.contentVersion ?? '1.0.0.0' };
    if (typeof t.$schema === 'string') template.$schema = t.$schema;
    if (isObject(t.metadata)) template.metadata = t.metadata;
    return {
      name: this.scope.deploymentName,
      properties: {
        template,
        parameters: this.parameterValues(),
        mode: 'Incremental',
        provisioningState: 'Accepted',
      },
    };
  }

  private userFunction(name: string, args: readonly unknown[]): FnResult | undefined {
    const [ns, member] = name.split('.') as [string, string];
    const groups = Array.isArray(this.template.functions) ? this.template.functions : [];
    for (const g of groups) {
      if (
        !isObject(g) ||
        typeof g.namespace !== 'string' ||
        g.namespace.toLowerCase() !== ns.toLowerCase() ||
        !isObject(g.members)
      )
        continue;
      const key = findKey(g.members, member);
      const def = key === undefined ? undefined : g.members[key];
      if (!isObject(def) || !isObject(def.output)) return undefined;
      const params = Array.isArray(def.parameters) ? def.parameters.filter(isObject) : [];
      if (params.length !== args.length) {
        return failure(
          `The template function '${name}' expects ${params.length} argument(s), but ${args.length} were provided.`,
        );
      }
      const base = this.site({});
      const site: Site = {
        ...base,
        parameter: (p) => {
          const i = params.findIndex(
            (x) => typeof x.name === 'string' && x.name.toLowerCase() === p.toLowerCase(),
          );
          return i < 0 ? failure(`The template function parameter '${p}' is not found.`) : value(args[i]);
        },
        variable: () => failure(`The template function 'variables' is not expected at this location.`),
      };
      const r = evaluateValue(def.output.value, site, `functions.${ns}.${member}.output.value`);
      return r.ok ? value(r.value) : failure(`The template function '${name}' failed: ${r.failure.message}`);
    }
    return undefined;
  }

  site(opts: { reference?: ReferenceFn; parameterDefault?: boolean }): Site {
    const site: Site = {
      scope: this.scope,
      parameter: (n) => this.parameterValue(n),
      variable: opts.parameterDefault
        ? () => failure("The template function 'variables' is not expected at this location.")
        : (n) => this.variableValue(n),
      copyIndex: () => undefined,
      resourceIdByName: (n) => this.namesToIds.get(n.toLowerCase()),
      allowNonDeterministic: opts.parameterDefault === true,
      now: this.now,
      newGuid: this.newGuid,
      deployment: () => this.deployment(),
      userFunction: (n, a) => this.userFunction(n, a),
    };
    return opts.reference ? { ...site, reference: opts.reference } : site;
  }
}
