// The function library: one table keyed by lower-case name (ARM function names are case-insensitive).
// `if`, `lambda` and `lambdaVariables` are special forms of the evaluator.
import { ARRAY_OBJECT_FUNCTIONS } from './array-object.ts';
import { CIDR_FUNCTIONS } from './cidr.ts';
import { HASH_FUNCTIONS } from './hash.ts';
import { LAMBDA_FUNCTIONS } from './lambda.ts';
import { LOGICAL_FUNCTIONS } from './logical.ts';
import { NUMERIC_FUNCTIONS } from './numeric.ts';
import { RESOURCE_FUNCTIONS } from './resource.ts';
import { STRING_FUNCTIONS } from './string.ts';
import type { TemplateFunction } from './types.ts';

export const FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...ARRAY_OBJECT_FUNCTIONS,
    ...LOGICAL_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...RESOURCE_FUNCTIONS,
    ...CIDR_FUNCTIONS,
    ...HASH_FUNCTIONS,
    ...LAMBDA_FUNCTIONS,
  }),
);

export type { FnResult, Site, TemplateFunction, Lambda } from './types.ts';
export { uniqueString, armGuid, uuidV5 } from './hash.ts';
export { parseCidr } from './cidr.ts';
export { composite, formatDate } from './format.ts';
export { AZURE_CLOUD } from './resource.ts';
