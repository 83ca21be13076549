// Validation of a completed draft against ARM's rules, collecting every problem (one concern per file in
// validate/). Whole-world passes are linear; checks that would be quadratic look only at what the transition
// touched. Read ../../../shared/azure-semantics.md §2, §3, §5.3, §6, §9.1 and §11.5 before changing a rule.
import { createContext } from './validate/context.ts';
import { validateReferences } from './validate/references.ts';
import { validateAddressSpaces } from './validate/address-space.ts';
import { validatePeerings } from './validate/peerings.ts';
import { validateIpConfigurations } from './validate/ip-configurations.ts';
import { validateSecurityRules } from './validate/security-rules.ts';
import { validateRoutes } from './validate/routes.ts';
import { validateSubnetChanges } from './validate/subnet-changes.ts';
import { validatePrivateEndpoints } from './validate/private-endpoints.ts';
import { validateNatGateways } from './validate/nat-gateways.ts';
import { validateTaps } from './validate/taps.ts';
import { validateAvnm } from './validate/avnm.ts';
import { validateVirtualMachines } from './validate/virtual-machines.ts';
import { validateGatewaySubnets } from './validate/gateway-subnets.ts';
import { validatePublicIps } from './validate/public-ips.ts';
import { validateLimits } from './validate/limits.ts';
import { validateCommitsInForce } from './commit.ts';
import type { SubnetEntry } from './allocate.ts';
import type { Transition } from './apply.ts';
import type { ValidateOptions } from './validate/context.ts';
import type { Problem, Warning } from './problems.ts';
import type { World } from './world.ts';

const VALIDATORS = [
  validateReferences,
  validateAddressSpaces,
  validateSubnetChanges,
  validatePeerings,
  validateIpConfigurations,
  validateSecurityRules,
  validateRoutes,
  validatePrivateEndpoints,
  validateNatGateways,
  validateTaps,
  validateAvnm,
  validateVirtualMachines,
  validateGatewaySubnets,
  validatePublicIps,
  validateLimits,
];

/** What the caller already knows about the completed world, and the request's options. */
export interface ValidateInput {
  /** Completion's keys of the created or updated top-level resources. */
  readonly touched?: ReadonlySet<string>;
  /** The subnet index of the world being validated. */
  readonly subnets?: ReadonlyMap<string, SubnetEntry>;
  /** IP configurations completion allocated an address to (valid by construction). */
  readonly allocated?: ReadonlySet<object>;
  readonly options?: ValidateOptions;
}

export function validateWorld(
  after: World,
  t: Transition,
  input: ValidateInput = {},
): { problems: Problem[]; warnings: Warning[] } {
  const ctx = createContext(after, t, input);
  for (const validate of VALIDATORS) validate(ctx);
  ctx.problems.push(...validateCommitsInForce(after, t));
  return { problems: ctx.problems, warnings: ctx.warnings };
}
