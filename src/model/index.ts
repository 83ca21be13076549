// model: the ARM resource model. Knows nothing of packets. apply() is the only way to make a World; a World is
// immutable and valid. May import only net/.
export * from './types.ts';
export * from './ids.ts';
export * from './resource-types.ts';
export * from './problems.ts';
export * from './world.ts';
export * from './links.ts';
export { listDeploymentStatus } from './deployment-status.ts';
export type { DeploymentStatusParameters } from './deployment-status.ts';
export { apply, LATEST_API_VERSION, inlineChildren } from './apply.ts';
export type { ApplyOptions, ApplyResult, Change, Transition } from './apply.ts';
export { deterministicGuid } from './defaults.ts';
export { normalizeResource } from './normalize.ts';
export { unknownMembers } from './members.ts';
export type { UnknownMember } from './members.ts';
export { addressChildren, isReservedAddress } from './allocate.ts';
