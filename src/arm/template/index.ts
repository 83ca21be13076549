// arm/template: the ARM template engine (expression language + deployment planner), pure: no I/O, no clock
// unless injected. May import src/net (CIDR functions) and nothing else of vnetlab. Guarantees: bad input is
// a result ({ ok: false, error } in ARM's shapes), never a throw; planning never calls reference(); resource
// bodies and outputs are evaluated only when the runner asks, against what it has deployed.
export type { ArmError, TemplateResult } from './errors.ts';
export type { DeploymentScope, ReferenceFn, PlannedResource, DeploymentPlan } from './types.ts';
export type { EngineOptions } from './template-context.ts';
export { planDeployment } from './planner.ts';
export { evaluateExpression } from './evaluate-expression.ts';
