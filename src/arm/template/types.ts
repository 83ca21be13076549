// The engine's public types (exported unchanged from index.ts).
import type { ArmError, TemplateResult } from './errors.ts';

export interface DeploymentScope {
  subscriptionId: string;
  tenantId: string;
  resourceGroup: { id: string; name: string; location: string; tags?: Record<string, string> };
  deploymentName: string;
}

/** reference(id, apiVersion, 'Full'?): the deployed resource as ARM's GET returns it, or undefined when absent. */
export type ReferenceFn = (resourceId: string) => Record<string, unknown> | undefined;

export interface PlannedResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly dependsOn: readonly string[];
  readonly path: string;
  evaluate(reference: ReferenceFn): TemplateResult<Record<string, unknown>>;
}

export interface DeploymentPlan {
  readonly resources: readonly PlannedResource[];
  outputs(reference: ReferenceFn): TemplateResult<Record<string, { type: string; value: unknown }>>;
  readonly warnings: readonly ArmError[];
}
