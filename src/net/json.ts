/** A JSON object (not null, not an array): the guard every reader of untrusted JSON starts with. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deepest nesting the readers of untrusted JSON accept (ARM bodies, templates, topology files). */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether `value` nests arrays and objects deeper than `limit`, found without recursion (so a value nested
 * 10,000 deep is measured, not a stack overflow). Every recursive walk of untrusted JSON checks this first.
 */
export function nestsDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
