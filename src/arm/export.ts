// What `vnetlab export` writes and GET /vnetlab/export answers: every deployed resource as ARM's GET returns it, in
// an ARM list's { "value": [...] }, and the AVNM commits in force as `networkManagerCommits` (vnetlab's own member:
// ARM has no resource for a commit). `-t` reads it back (topology/arm-json.ts) to the same resources.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AvnmCommit, World } from '../model/index.ts';
import type { Result } from '../net/index.ts';
import { openStore } from '../store/index.ts';
import { renderResource } from './render.ts';
import { ArmState } from './state.ts';

export interface ArmExport {
  readonly value: Record<string, unknown>[];
  readonly networkManagerCommits: AvnmCommit[];
}

export const EXPORT_PATH = '/vnetlab/export';

export function exportWorld(world: World): ArmExport {
  return {
    // In ID order, so that two exports of one lab are the same text, whatever order it was deployed in.
    value: [...world.resources.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => renderResource(world, r)),
    networkManagerCommits: world.commits.map(
      ({ networkManagerId, commitType, targetLocations, configurationIds }) => ({
        networkManagerId,
        commitType,
        targetLocations,
        configurationIds,
      }),
    ),
  };
}

/** The world kept in a data directory (`vnetlab serve --data DIR`, `vnetlab import --data DIR`), read only. */
export function worldInDataDir(dir: string): Result<World> {
  if (!existsSync(join(dir, 'vnetlab.db')))
    return {
      ok: false,
      reason: `${dir} holds no vnetlab state (vnetlab.db); 'vnetlab serve --data ${dir}' or 'vnetlab import FILE --data ${dir}' writes it`,
    };
  let store;
  try {
    store = openStore(dir);
  } catch (e) {
    return { ok: false, reason: `${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    return { ok: true, value: new ArmState(store, { networkWatcherAutocreate: false }).world };
  } finally {
    store.close();
  }
}
