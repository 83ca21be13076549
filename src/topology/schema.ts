// JSON Schema validation of YAML topologies against schemas/topology.schema.json (read docs/topology-format.md
// before changing the schema). Errors are reported as the JSON pointer of the offending value and one sentence.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

export const SCHEMA_URL = new URL('../../schemas/topology.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  }
  return validator;
}

export interface SchemaError {
  /** JSON pointer (RFC 6901) of the value at fault; '' for the document. */
  readonly pointer: string;
  readonly message: string;
}

/** undefined when the document conforms, else its most telling violation. */
export function schemaError(document: unknown): SchemaError | undefined {
  const validate = compiled();
  if (validate(document)) return undefined;
  // The most telling violation: an unknown key first (a typo such as 'nme' also makes 'name' missing), else
  // the deepest one; 'if' only repeats what its 'then' found.
  const errors = (validate.errors ?? []).filter((x) => x.keyword !== 'if');
  const depth = (x: ErrorObject): number => x.instancePath.split('/').length;
  const e =
    errors.find((x) => x.keyword === 'additionalProperties') ??
    errors.reduce<ErrorObject | undefined>(
      (best, x) => (!best || depth(x) > depth(best) ? x : best),
      undefined,
    );
  if (!e) return { pointer: '', message: 'does not match the topology schema' };
  return describe(e);
}

function describe(e: ErrorObject): SchemaError {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        pointer: `${e.instancePath}/${escape(String(params.additionalProperty))}`,
        message: `unknown property '${String(params.additionalProperty)}'`,
      };
    case 'enum':
      return {
        pointer: e.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'required':
      return {
        pointer: e.instancePath,
        message: `missing required property '${String(params.missingProperty)}'`,
      };
    default:
      return { pointer: e.instancePath, message: e.message ?? 'does not match the topology schema' };
  }
}

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The segments of a JSON pointer, unescaped. */
export const pointerSegments = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
