// Errors of the template engine, in ARM's shapes. Codes and wording follow what ARM returns, as seen in
// public reports (e.g. "Deployment template validation failed: 'Circular dependency detected on resource: ...'",
// microsoft/startstopv2-deployments#14; "The value for the template parameter 'x' ... is not provided",
// microsoft/fabric-toolbox#398; "The template parameters 'x' in the parameters file are not valid; ...",
// CGI-FR/IoT-Hub-Portal#573). ARM names a line and column; a template given as a JS value has none, so we
// name the template path instead (e.g. "at path 'resources[0]'").

export interface ArmError {
  code: string;
  message: string;
  target?: string;
  details?: ArmError[];
}

export type TemplateResult<T> = { ok: true; value: T } | { ok: false; error: ArmError };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = (error: ArmError): { ok: false; error: ArmError } => ({ ok: false, error });

/** ARM's InvalidTemplate: template, parameter and expression problems found while validating or planning. */
export function invalidTemplate(inner: string, target?: string): ArmError {
  const error: ArmError = {
    code: 'InvalidTemplate',
    message: `Deployment template validation failed: '${inner}'.`,
  };
  if (target !== undefined) error.target = target;
  return error;
}

/** ARM's InvalidTemplateDeployment wraps problems that surface while deploying (evaluation at PUT time). */
export function invalidTemplateDeployment(inner: string, target?: string): ArmError {
  const error: ArmError = { code: 'InvalidTemplateDeployment', message: inner };
  if (target !== undefined) error.target = target;
  return error;
}

/** A warning: valid input that vnetlab does not model (never silent). */
export function unsupported(message: string, target?: string): ArmError {
  const error: ArmError = { code: 'UnsupportedTemplateFeature', message };
  if (target !== undefined) error.target = target;
  return error;
}

/** An expression failure: where in the expression text it happened (0-based index into the full string). */
export interface ExpressionFailure {
  readonly message: string;
  readonly position: number;
}

export type ExprResult<T> = { ok: true; value: T } | { ok: false; failure: ExpressionFailure };

/** Appends the expression and position, as the brief's messages require. */
export const describeFailure = (expression: string, failure: ExpressionFailure): string =>
  withExpression(failure.message, expression, failure.position);

/** "<message> (expression '<text>', position <n>)." — the message's own final period moves to the end. */
export const withExpression = (
  message: string,
  expression: string | undefined,
  position: number | undefined,
): string =>
  expression === undefined
    ? message
    : `${message.replace(/\.$/, '')} (expression '${expression}', position ${position ?? 0}).`;
