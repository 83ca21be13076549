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
import { validatePrivateEndpoints } from './validate/private-endpoints.ts';
import { validateNatGateways } from './validate/nat-gateways.ts';
import { validateTaps } from './validate/taps.ts';
import { validateAvnm } from './validate/avnm.ts';
import { validateCommitsInForce } from './commit.ts';
import type { Transition } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type { World } from './world.ts';

const VALIDATORS = [
  validateReferences,
  validateAddressSpaces,
  validatePeerings,
  validateIpConfigurations,
  validateSecurityRules,
  validateRoutes,
  validatePrivateEndpoints,
  validateNatGateways,
  validateTaps,
  validateAvnm,
];

export function validateWorld(after: World, t: Transition): { problems: Problem[]; warnings: Warning[] } {
  const ctx = createContext(after, t);
  for (const validate of VALIDATORS) validate(ctx);
  ctx.problems.push(...validateCommitsInForce(after, t));
  return { problems: ctx.problems, warnings: ctx.warnings };
}
