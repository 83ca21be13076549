// POST networkManagers/{nm}/listDeploymentStatus: what each region has in force, per deployment type
// (NetworkManagerDeploymentStatusParameter: regions, deploymentTypes; result rows NetworkManagerDeploymentStatus).
// Read ../../../shared/azure-semantics.md §3.4 before changing this file.
import { keyOf } from './ids.ts';
import { normalizeLocation } from './normalize.ts';
import type { AvnmCommit, AvnmDeploymentStatus } from './types.ts';
import type { World } from './world.ts';

export interface DeploymentStatusParameters {
  regions?: string[];
  deploymentTypes?: AvnmCommit['commitType'][];
}

export function listDeploymentStatus(
  world: World,
  networkManagerId: string,
  parameters: DeploymentStatusParameters = {},
): { value: AvnmDeploymentStatus[] } {
  const regions = parameters.regions?.map(normalizeLocation);
  const value: AvnmDeploymentStatus[] = [];
  for (const c of world.commits) {
    if (keyOf(c.networkManagerId) !== keyOf(networkManagerId)) continue;
    if (parameters.deploymentTypes && !parameters.deploymentTypes.includes(c.commitType)) continue;
    for (const region of c.targetLocations) {
      if (regions && !regions.includes(region)) continue;
      value.push({
        commitTime: c.commitTime,
        region,
        // Fidelity: a commit is in force as soon as apply() returns; Azure deploys eventually and reports
        // NotStarted / Deploying first (azure-semantics.md §2.6: "Deployment is eventually consistent").
        deploymentStatus: 'Deployed',
        configurationIds: [...c.configurationIds],
        deploymentType: c.commitType,
        errorMessage: '',
      });
    }
  }
  return { value };
}
