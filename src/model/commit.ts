// POST networkManagers/{nm}/commit: puts AVNM configurations into force in regions (NetworkManagerCommit:
// commitType, targetLocations, configurationIds). A commit is the whole goal state of its type for each region
// it names: it replaces the earlier commit of that type there, and an empty configurationIds list removes it.
// Read ../../../shared/azure-semantics.md §2.6 and §3.4 before changing this file.
import { keyOf, parentIdOf } from './ids.ts';
import { normalizeLocation } from './normalize.ts';
import { T } from './resource-types.ts';
import { E } from './errors.ts';
import type { Transition } from './apply.ts';
import type { Problem } from './problems.ts';
import type { AvnmCommit, Resource } from './types.ts';
import type { CommitRecord, World } from './world.ts';

const CONFIGURATION_TYPE = {
  Connectivity: T.connectivityConfiguration,
  SecurityAdmin: T.securityAdminConfiguration,
} as const;

export function applyCommit(
  draft: Map<string, Resource>,
  commits: CommitRecord[],
  networkManagerId: string,
  body: unknown,
  now: string,
): { ok: true; commits: CommitRecord[] } | { ok: false; problems: Problem[] } {
  const nmKey = keyOf(networkManagerId);
  const nm = draft.get(nmKey);
  if (!nm || nm.type !== T.networkManager)
    return { ok: false, problems: [E.resourceNotFound(networkManagerId)] };
  const problems: Problem[] = [];
  const b = (typeof body === 'object' && body !== null ? body : {}) as Partial<
    Record<keyof AvnmCommit, unknown>
  >;
  const commitType = b.commitType;
  if (commitType !== 'Connectivity' && commitType !== 'SecurityAdmin') {
    problems.push(
      E.invalidCommit(nm.id, `commitType '${String(commitType)}' must be Connectivity or SecurityAdmin.`),
    );
  }
  const locations = Array.isArray(b.targetLocations)
    ? b.targetLocations.filter((l) => typeof l === 'string')
    : [];
  if (locations.length === 0 || locations.length !== (b.targetLocations as unknown[] | undefined)?.length)
    problems.push(E.invalidCommit(nm.id, 'targetLocations must list at least one region.'));
  const ids = b.configurationIds === undefined ? [] : b.configurationIds;
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) {
    problems.push(E.invalidCommit(nm.id, 'configurationIds must be a list of configuration resource IDs.'));
  } else if (commitType === 'Connectivity' || commitType === 'SecurityAdmin') {
    for (const id of ids as string[]) {
      const config = draft.get(keyOf(id));
      if (!config) problems.push(E.invalidResourceReference(nm.id, id, 'configurationIds'));
      else if (keyOf(parentIdOf(config.id) ?? '') !== nmKey)
        problems.push(
          E.invalidCommit(nm.id, `Configuration ${id} does not belong to network manager ${nm.id}.`),
        );
      else if (config.type !== CONFIGURATION_TYPE[commitType])
        problems.push(E.invalidCommit(nm.id, `Configuration ${id} is not a ${commitType} configuration.`));
    }
  }
  if (problems.length) return { ok: false, problems };
  const type = commitType as AvnmCommit['commitType'];
  const regions = [...new Set((locations as string[]).map(normalizeLocation))];
  const replaced = new Set(regions);
  const kept: CommitRecord[] = [];
  for (const c of commits) {
    if (keyOf(c.networkManagerId) !== nmKey || c.commitType !== type) {
      kept.push(c);
      continue;
    }
    const left = c.targetLocations.filter((l) => !replaced.has(l));
    if (left.length) kept.push({ ...c, targetLocations: left });
  }
  if ((ids as string[]).length > 0)
    kept.push({
      networkManagerId: nm.id,
      commitType: type,
      targetLocations: regions,
      configurationIds: [...(ids as string[])],
      commitTime: now,
    });
  return { ok: true, commits: kept };
}

/**
 * A configuration in force can't be deleted until a commit removes it.
 * Fidelity: Azure's code for this was not found; vnetlab reports InUseResourceCannotBeDeleted.
 */
export function validateCommitsInForce(after: World, t: Transition): Problem[] {
  if (t.deleted.size === 0) return [];
  const problems: Problem[] = [];
  for (const c of after.commits) {
    for (const id of c.configurationIds) {
      const gone = t.deleted.get(keyOf(id));
      if (gone)
        problems.push(
          E.inUseResourceCannotBeDeleted(gone.id, [`${c.networkManagerId} (${c.commitType} commit)`]),
        );
    }
  }
  return problems;
}
