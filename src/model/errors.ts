// The one catalogue of ARM error constructors. Each code is Azure's; the source of the code and, where known,
// of the verbatim message is in the comment (see ../../../shared/azure-semantics.md §11.5).
import { lastName } from './ids.ts';
import type { Problem } from './problems.ts';

const p = (code: string, message: string, target?: string): Problem =>
  target === undefined ? { code, message } : { code, message, target };

export const E = {
  // ARM RPC common codes.
  invalidRequestFormat: (message: string, target?: string) => p('InvalidRequestFormat', message, target),
  invalidResourceId: (id: string) =>
    p(
      'LinkedInvalidPropertyId',
      `Property id '${id}' at path 'id' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
      id,
    ),
  unsupportedResourceType: (type: string, id: string) =>
    p('NoRegisteredProviderFound', `vnetlab does not model resource type '${type}'.`, id),
  // SDK constants (azure-sdk-for-go armnetwork): "Resource name is invalid..."
  invalidResourceName: (name: string, id: string) =>
    p(
      'InvalidResourceName',
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
      id,
    ),
  parentResourceNotFound: (id: string, parentId: string) =>
    p(
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${lastName(parentId)}' not found.`,
      id,
    ),
  resourceNotFound: (id: string) => p('ResourceNotFound', `The Resource '${id}' was not found.`, id),
  // armerror list: InvalidResourceReference (referenced ID does not exist).
  invalidResourceReference: (id: string, ref: string, path: string) =>
    p(
      'InvalidResourceReference',
      `Resource ${ref} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      `${id}:${path}`,
    ),
};
