// ARM's HTTP-level errors: the codes Azure Resource Manager itself returns before a request reaches a resource
// provider (api-version, routing, JSON, resource groups, preconditions), and the status for the model's codes.
// Envelope: { "error": { "code", "message", "target", "details" } } (ARM RPC common-api-details.md, network.json
// CloudError). Messages follow ARM's where they are known; sources in the comments.
import type { Problem } from '../model/index.ts';

export interface ArmErrorBody {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  readonly details?: readonly ArmErrorBody[];
}

export interface ArmError {
  readonly status: number;
  readonly error: ArmErrorBody;
}

const err = (status: number, code: string, message: string, target?: string): ArmError => ({
  status,
  error: target === undefined ? { code, message } : { code, message, target },
});

export const A = {
  // ARM: "The api-version query parameter (?api-version=) is required for all requests."
  missingApiVersion: () =>
    err(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  // ARM for a resource type: "No registered resource provider found for location '...' and API version '...' for
  // type '...'. The supported api-versions are '...'."
  unsupportedApiVersion: (version: string, type: string, supported: readonly string[]) =>
    err(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for API version '${version}' and type '${type}'. The supported api-versions are '${supported.join(', ')}'.`,
    ),
  // ARM for Microsoft.Resources: "The api-version '...' is invalid. The supported versions are '...'."
  invalidApiVersion: (version: string, supported: readonly string[]) =>
    err(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
    ),
  invalidJson: (why: string) =>
    err(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${why}'.`,
    ),
  invalidBody: (why: string, target?: string) => err(400, 'InvalidRequestContent', why, target),
  // ARM: "The resource namespace 'Microsoft.Foo' is invalid."
  invalidNamespace: (namespace: string) =>
    err(400, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`),
  // ARM: "The resource type '...' could not be found in the namespace '...' for api version '...'."
  invalidResourceType: (type: string, namespace: string, apiVersion: string) =>
    err(
      400,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    ),
  // ARM: "The Resource 'Microsoft.Network/virtualNetworks/x' under resource group 'rg' was not found. For more
  // details please go to https://aka.ms/ARMResourceNotFoundFix"
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    err(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  // ARM: "Resource group 'x' could not be found."
  resourceGroupNotFound: (name: string) =>
    err(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
  // ARM: "The subscription 'x' could not be found."
  subscriptionNotFound: (id: string) =>
    err(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`),
  notFound: (path: string) =>
    err(404, 'NotFound', `No HTTP resource was found that matches the request URI '${path}'.`),
  methodNotAllowed: (method: string, path: string) =>
    err(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${method}' on '${path}'.`,
    ),
  operationNotFound: (id: string) => err(404, 'OperationNotFound', `The operation '${id}' was not found.`),
  // RFC 9110 §13.1.1 / ARM RPC: a failed If-Match or If-None-Match is 412 Precondition Failed.
  preconditionFailed: (why: string) => err(412, 'PreconditionFailed', why),
  // ARM: 401 AuthenticationFailed "Authentication failed. The 'Authorization' header is missing."
  authenticationFailed: (why: string) => err(401, 'AuthenticationFailed', why),
  invalidAuthenticationToken: () => err(401, 'InvalidAuthenticationToken', 'The access token is invalid.'),
  // ARM: "The location property is required for this definition."
  locationRequired: (target: string) =>
    err(400, 'LocationRequired', 'The location property is required for this definition.', target),
  // ARM: "The provided location '...' is not available for resource group. List of available regions is '...'."
  invalidLocation: (location: string) =>
    err(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group.`,
    ),
  // ARM RPC: a PUT whose provisioningState differs from the server's is a bad request.
  badProvisioningState: (value: string) =>
    err(400, 'InvalidRequestContent', `The property 'provisioningState' is read-only; '${value}' was given.`),
  // ARM for deleting a group that holds resources ARM cannot delete.
  unsupportedAction: (what: string) => err(400, 'UnsupportedAction', what),
  invalidParameter: (message: string, target?: string) => err(400, 'InvalidParameter', message, target),
  // ARM's words (its 4 MB request limit); Fidelity: the 413 status is the HTTP one for the condition.
  requestContentTooLarge: () =>
    err(413, 'RequestContentTooLarge', 'The request content size exceeds the maximum size of 4 MB.'),
} as const;

// Problems from apply(): most are 400. ARM answers a missing parent with 404 (NRP ParentResourceNotFound).
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  ParentResourceNotFound: 404,
  ResourceNotFound: 404,
  NotFound: 404,
  AnotherOperationInProgress: 409,
};

/** One ARM error for a refused apply(): the first problem on top, all of them in details (as ARM nests them). */
export function errorOfProblems(problems: readonly Problem[]): ArmError {
  const first = problems[0]!;
  const body: ArmErrorBody = {
    code: first.code,
    message: first.message,
    ...(first.target !== undefined ? { target: first.target } : {}),
    // Several problems are the details; one problem brings its own (InvalidRequestFormat's InvalidJson causes).
    ...(problems.length > 1
      ? { details: problems.map(bodyOfProblem) }
      : first.details?.length
        ? { details: first.details.map(bodyOfProblem) }
        : {}),
  };
  return { status: STATUS_OF_CODE[first.code] ?? 400, error: body };
}

const bodyOfProblem = (p: Problem): ArmErrorBody => ({
  code: p.code,
  message: p.message,
  ...(p.target !== undefined ? { target: p.target } : {}),
  ...(p.details?.length ? { details: p.details.map(bodyOfProblem) } : {}),
});
