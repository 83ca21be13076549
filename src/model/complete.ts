// Completion: what ARM fills in on a PUT (defaults, read-only properties, dynamic private IPs, a private
// endpoint's NIC). Runs on the draft before validation. (First cut: provisioningState only.)
import type { Transition } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type { Resource } from './types.ts';

export function completeResources(
  draft: Map<string, Resource>,
  _t: Transition,
): { problems: Problem[]; warnings: Warning[] } {
  for (const [k, r] of draft) {
    if (r.properties.provisioningState !== 'Succeeded') {
      draft.set(k, { ...r, properties: { ...r.properties, provisioningState: 'Succeeded' } });
    }
  }
  return { problems: [], warnings: [] };
}
