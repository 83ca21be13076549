// Loading a topology or resources exported from Azure (`az resource list`, `az network ... list`, Resource Graph
// output: topology/arm-json.ts reads them) into the emulator's state, in one change: every resource group they
// name is created (in the location of its first resource) and every resource applied, or nothing is.
import { parseResourceId } from '../model/index.ts';
import type { Change, Problem, Warning } from '../model/index.ts';
import { normalizeLocation } from '../model/normalize.ts';
import { GROUP } from './state.ts';
import type { ArmState, ResourceGroup } from './state.ts';

export type ImportResult =
  | { ok: true; resources: number; groups: number; warnings: Warning[] }
  | { ok: false; problems: Problem[]; warnings: Warning[] };

export function importChanges(
  state: ArmState,
  changes: readonly Change[],
  warnings: readonly Warning[] = [],
): ImportResult {
  const groups = new Map<string, ResourceGroup>();
  for (const change of changes) {
    if (change.op !== 'put') continue;
    const body = change.resource as { id?: unknown; location?: unknown };
    const parsed = typeof body.id === 'string' ? parseResourceId(body.id) : undefined;
    if (!parsed?.ok) continue;
    const { subscriptionId, resourceGroup } = parsed.value;
    if (state.group(subscriptionId, resourceGroup)) continue;
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    if (groups.has(key)) continue;
    groups.set(key, {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
      name: resourceGroup,
      type: 'Microsoft.Resources/resourceGroups',
      location: typeof body.location === 'string' ? normalizeLocation(body.location) : 'eastus',
      properties: { provisioningState: 'Succeeded' },
    });
  }
  const result = state.change(
    changes,
    { keepGivenEtags: true },
    { puts: [...groups.values()].map((g) => [GROUP, g.id.toLowerCase(), g] as const) },
  );
  const all = [...warnings, ...result.warnings];
  if (!result.ok) return { ok: false, problems: result.problems, warnings: all };
  state.reloadGroups();
  return {
    ok: true,
    resources: changes.filter((c) => c.op === 'put').length,
    groups: groups.size,
    warnings: all,
  };
}
