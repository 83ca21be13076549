// Rendering helpers shared by the verbs: tables (cli-table3, no colour codes in cells unless on a terminal),
// JSON exactly as the library returns it, and short forms of resource IDs for table cells.
import Table from 'cli-table3';
import type { Problem, Warning } from '../model/index.ts';
import type { Io } from './io.ts';

export type Cell = string | number | undefined;

/** `widths`: per column, a width to wrap long text at, or null to fit the content. */
export function table(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  widths?: readonly (number | null)[],
): string {
  // No styling of heads or borders: cli-table3 colours heads red by default when @colors/colors is present.
  const t = new Table({
    head: [...head],
    style: { head: [], border: [] },
    ...(widths ? { colWidths: [...widths], wordWrap: true } : {}),
  });
  for (const row of rows) {
    t.push(row.map((c, i) => breakLongWords(c === undefined ? '' : String(c), widths?.[i] ?? null)));
  }
  return t.toString();
}

/**
 * cli-table3 wraps on spaces and cuts a longer word with '…'; resource IDs in Azure's messages are such words,
 * so they are broken over lines instead (the column's width less its two cells of padding).
 */
function breakLongWords(text: string, width: number | null): string {
  if (width === null) return text;
  const room = Math.max(width - 2, 8);
  return text.replace(new RegExp(`\\S{${room + 1},}`, 'g'), (word) =>
    word.match(new RegExp(`.{1,${room}}`, 'g'))!.join('\n'),
  );
}

export const json = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * A resource ID without its subscription and resource group scope, for table cells:
 * '.../providers/Microsoft.Network/virtualNetworks/v/subnets/s' → 'virtualNetworks/v/subnets/s';
 * other namespaces keep theirs ('Microsoft.Compute/virtualMachines/vm1'). Other strings are returned as given.
 */
export function shortId(id: string | undefined): string {
  if (id === undefined) return '';
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/(.+)$/i.exec(id);
  if (!m) return id;
  return m[1]!.replace(/^Microsoft\.Network\//i, '');
}

export const problemRows = (problems: readonly Problem[]): Cell[][] =>
  problems.map((p) => [p.code, shortId(p.target), p.message]);

export const warningRows = (warnings: readonly Warning[]): Cell[][] =>
  warnings.map((w) => [w.kind, w.code, shortId(w.target), w.message]);

/** Analysis verbs print warnings on stderr, so that stdout stays the answer (and valid JSON with --json). */
export function printWarnings(io: Io, warnings: readonly Warning[]): void {
  for (const w of warnings)
    io.err(`vnetlab: warning: ${w.code}${w.target ? ` (${shortId(w.target)})` : ''}: ${w.message}`);
}
