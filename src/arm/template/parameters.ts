// Binds deployment parameters to the template's declarations (learn.microsoft.com/azure/azure-resource-manager/
// templates/parameters): types, defaultValue (may be an expression), allowedValues, min/maxValue,
// min/maxLength. Messages follow ARM's (see errors.ts for sources).
import { invalidTemplate, type ArmError } from './errors.ts';
import {
  deepEqual,
  findKey,
  isInteger,
  isObject,
  TEMPLATE_TYPES,
  typeName,
  type JsonObject,
} from './values.ts';

export interface ParameterDeclaration {
  readonly name: string;
  readonly type: string; // lower case
  readonly raw: JsonObject;
}

/** A supplied value, or the declaration's defaultValue (still unevaluated) when none was supplied. */
export type Supplied = { kind: 'value'; value: unknown } | { kind: 'default'; value: unknown };

export function declarations(
  template: JsonObject,
): { ok: true; value: ParameterDeclaration[] } | { ok: false; error: ArmError } {
  const raw = template.parameters ?? {};
  if (!isObject(raw))
    return {
      ok: false,
      error: invalidTemplate("The template 'parameters' section must be an object.", 'parameters'),
    };
  const out: ParameterDeclaration[] = [];
  for (const [name, decl] of Object.entries(raw)) {
    const target = `parameters.${name}`;
    // languageVersion 2.0: a parameter may take its type from a user-defined type ("$ref": "#/definitions/x").
    // Fidelity: only the base type of the definition is checked, not its properties or constraints.
    if (isObject(decl) && typeof decl.$ref === 'string' && decl.type === undefined) {
      const defs = isObject(template.definitions) ? template.definitions : {};
      const def = defs[decl.$ref.replace(/^#\/definitions\//, '')];
      if (isObject(def) && typeof def.type === 'string') {
        out.push({
          name,
          type: def.type.toLowerCase() in TEMPLATE_TYPES ? def.type.toLowerCase() : 'object',
          raw: { ...def, ...decl, type: def.type },
        });
        continue;
      }
    }
    if (!isObject(decl) || typeof decl.type !== 'string') {
      return {
        ok: false,
        error: invalidTemplate(
          `The template parameter '${name}' at path '${target}' is not valid: it must declare a 'type'.`,
          target,
        ),
      };
    }
    const type = decl.type.toLowerCase();
    if (!(type in TEMPLATE_TYPES)) {
      return {
        ok: false,
        error: invalidTemplate(
          `The template parameter '${name}' at path '${target}' has an invalid type '${decl.type}'. Allowed types are 'string, securestring, int, bool, object, secureObject, array'.`,
          target,
        ),
      };
    }
    out.push({ name, type, raw: decl });
  }
  return { ok: true, value: out };
}

/** Matches supplied parameter values ({name: {value}}) to declarations; unknown and missing ones are errors. */
export function bind(
  decls: readonly ParameterDeclaration[],
  supplied: unknown,
): { ok: true; value: Map<string, Supplied> } | { ok: false; error: ArmError } {
  const given: JsonObject =
    supplied === undefined || supplied === null ? {} : isObject(supplied) ? supplied : {};
  if (supplied !== undefined && supplied !== null && !isObject(supplied)) {
    return {
      ok: false,
      error: invalidTemplate(
        "The deployment 'parameters' must be an object of the form { name: { value } }.",
        'parameters',
      ),
    };
  }
  const unknown = Object.keys(given).filter(
    (k) => !decls.some((d) => d.name.toLowerCase() === k.toLowerCase()),
  );
  if (unknown.length > 0) {
    return {
      ok: false,
      error: invalidTemplate(
        `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${decls.map((d) => d.name).join(', ')}'. Please see https://aka.ms/arm-deploy/#parameter-file for usage details.`,
        'parameters',
      ),
    };
  }
  const out = new Map<string, Supplied>();
  for (const d of decls) {
    const key = findKey(given, d.name);
    const entry = key === undefined ? undefined : given[key];
    if (entry !== undefined) {
      if (!isObject(entry) || !('value' in entry)) {
        const why =
          isObject(entry) && 'reference' in entry
            ? ' Key Vault references are not supported by vnetlab.'
            : '';
        return {
          ok: false,
          error: invalidTemplate(
            `The value for the template parameter '${d.name}' must be given as { "value": ... }.${why}`,
            `parameters.${d.name}`,
          ),
        };
      }
      out.set(d.name.toLowerCase(), { kind: 'value', value: entry.value });
    } else if ('defaultValue' in d.raw) {
      out.set(d.name.toLowerCase(), { kind: 'default', value: d.raw.defaultValue });
    } else {
      return {
        ok: false,
        error: invalidTemplate(
          `The value for the template parameter '${d.name}' at path 'parameters.${d.name}' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`,
          `parameters.${d.name}`,
        ),
      };
    }
  }
  return { ok: true, value: out };
}

/** Checks a (final) value against its declaration; returns ARM's message when it fails. */
export function checkValue(d: ParameterDeclaration, value: unknown): string | undefined {
  const expected = TEMPLATE_TYPES[d.type]!;
  const actual = typeName(value);
  // ARM accepts null for a parameter's value only through defaultValue; a Float is not an Integer.
  if (actual !== expected)
    return `Template parameter JToken type is not valid. Expected '${expected}'. Actual '${actual}'.`;
  const provided = `The provided value for the template parameter '${d.name}' is not valid.`;
  const allowed = d.raw.allowedValues;
  if (Array.isArray(allowed)) {
    const inAllowed = Array.isArray(value)
      ? value.every((v) => allowed.some((a) => deepEqual(a, v)))
      : allowed.some((a) => deepEqual(a, value));
    if (!inAllowed)
      return `${provided} The parameter value is not part of the allowed value(s): '${allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(',')}'.`;
  }
  if (isInteger(value)) {
    if (isInteger(d.raw.minValue) && value < d.raw.minValue)
      return `${provided} Expected a value greater than or equal to '${d.raw.minValue}'. Actual '${value}'.`;
    if (isInteger(d.raw.maxValue) && value > d.raw.maxValue)
      return `${provided} Expected a value less than or equal to '${d.raw.maxValue}'. Actual '${value}'.`;
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (isInteger(d.raw.minLength) && value.length < d.raw.minLength)
      return `${provided} Length of the value should be greater than or equal to '${d.raw.minLength}'. Actual '${value.length}'.`;
    if (isInteger(d.raw.maxLength) && value.length > d.raw.maxLength)
      return `${provided} Length of the value should be less than or equal to '${d.raw.maxLength}'. Actual '${value.length}'.`;
  }
  return undefined;
}
