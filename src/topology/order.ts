// Resources may come in any order in a file; apply() needs a parent before a child given on its own
// (ParentResourceNotFound otherwise). Parents are sorted before children by depth, the file's order kept
// otherwise, and AVNM commits go last, once everything they name exists.
import { parseResourceId } from '../model/index.ts';
import type { Change } from '../model/index.ts';

const depth = (change: Change): number => {
  if (change.op !== 'put') return 0;
  const body = change.resource as { id?: unknown };
  if (typeof body.id !== 'string') return 0;
  const parsed = parseResourceId(body.id);
  return parsed.ok ? parsed.value.types.length : 0;
};

export function orderChanges(changes: readonly Change[]): Change[] {
  const puts = changes.filter((c) => c.op !== 'commit');
  const commits = changes.filter((c) => c.op === 'commit');
  // Array.prototype.sort is stable (ES2019), so equal depths keep the file's order.
  const sorted = puts.map((c) => ({ c, d: depth(c) })).sort((a, b) => a.d - b.d);
  return [...sorted.map((x) => x.c), ...commits];
}
