// POST networkManagers/{nm}/commit: puts AVNM configurations into force in regions.
// (First cut: stores the commit; validation of the body comes with the model validation work.)
import { keyOf } from './ids.ts';
import { E } from './errors.ts';
import type { Problem } from './problems.ts';
import type { AvnmCommit, Resource } from './types.ts';
import type { CommitRecord } from './world.ts';

export function applyCommit(
  draft: Map<string, Resource>,
  commits: CommitRecord[],
  networkManagerId: string,
  body: unknown,
  now: string,
): { ok: true; commits: CommitRecord[] } | { ok: false; problems: Problem[] } {
  if (!draft.has(keyOf(networkManagerId)))
    return { ok: false, problems: [E.resourceNotFound(networkManagerId)] };
  const b = body as Partial<AvnmCommit>;
  const commit: CommitRecord = {
    networkManagerId,
    commitType: b.commitType === 'SecurityAdmin' ? 'SecurityAdmin' : 'Connectivity',
    targetLocations: (b.targetLocations ?? []).map((l) => l.replace(/\s+/g, '').toLowerCase()),
    configurationIds: b.configurationIds ?? [],
    commitTime: now,
  };
  return { ok: true, commits: [...commits, commit] };
}
