// Validation of a whole draft world against ARM's rules. (First cut: nothing yet.)
import type { Transition } from './apply.ts';
import type { Problem, Warning } from './problems.ts';
import type { World } from './world.ts';

export function validateWorld(_after: World, _t: Transition): { problems: Problem[]; warnings: Warning[] } {
  return { problems: [], warnings: [] };
}
