// The contract between the evaluator and the function library: a function gets evaluated arguments and the
// site it is evaluated at, and returns a value or a message (the evaluator adds expression and position).
import type { DeploymentScope, ReferenceFn } from '../types.ts';
import { typeName, type JsonObject } from '../values.ts';

export type FnResult = { ok: true; value: unknown } | { ok: false; message: string };

export const value = (v: unknown): FnResult => ({ ok: true, value: v });
export const failure = (message: string): FnResult => ({ ok: false, message });

/** A `lambda(...)` value: parameter names and an unevaluated body, applied by map/filter/reduce/sort/toObject. */
export interface Lambda {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  invoke(args: readonly unknown[]): FnResult;
}

export const isLambda = (v: unknown): v is Lambda =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'lambda' && 'invoke' in v;

/** Where an expression is evaluated: what parameters(), variables(), copyIndex() and reference() see. */
export interface Site {
  readonly scope: DeploymentScope;
  parameter(name: string): FnResult;
  variable(name: string): FnResult;
  /** The index of the named loop, or of the innermost resource/property loop when unnamed; undefined outside. */
  copyIndex(loopName: string | undefined): number | undefined;
  /** Absent where ARM forbids reference() (names, conditions, counts, dependsOn, variables, parameters). */
  readonly reference?: ReferenceFn;
  /** The ID of a resource of this template by its (full) name, for reference('name'). */
  resourceIdByName(name: string): string | undefined;
  /** utcNow()/newGuid() are only allowed in parameter default values (ARM rule). */
  readonly allowNonDeterministic: boolean;
  now(): Date;
  newGuid(): string;
  deployment(): JsonObject;
  /** Template-defined functions ("functions": [{namespace, members}]); name is "namespace.member". */
  userFunction(name: string, args: readonly unknown[]): FnResult | undefined;
}

export interface TemplateFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  call(args: readonly unknown[], site: Site, name: string): FnResult;
}

export const fn = (
  minArgs: number,
  maxArgs: number,
  call: (args: readonly unknown[], site: Site, name: string) => FnResult,
): TemplateFunction => ({ minArgs, maxArgs, call });

export function argTypeError(name: string, index: number, expected: string, actual: unknown): FnResult {
  return failure(
    `Unable to evaluate template language function '${name}': argument ${index + 1} must be of type '${expected}', ` +
      `but is of type '${typeName(actual)}'.`,
  );
}

export const unable = (name: string, why: string): FnResult =>
  failure(`Unable to evaluate template language function '${name}': ${why}`);
