/**
 * Transfer targets the console can vouch for. Asterisk accepts a Redirect to any extension and answers
 * "Redirect successful" even when the dialplan has no such extension, and then the caller is cut off.
 * The console knows the PBX's extensions from its hints and endpoints (the endpoints panel's rows):
 * those are offered as completions, and anything else is sent only after the operator confirms.
 */
import type { EndpointRow } from './endpoints';

export interface KnownTarget {
  readonly exten: string;
  readonly label?: string;
}

// What the IPC schema accepts as an extension; a device row such as `Custom:dnd101` is not one.
const EXTENSION = /^[A-Za-z0-9*#+_.-]{1,64}$/;

/** One entry per extension, in the panel's order; the first row with a label names it. */
export function knownTargets(rows: readonly EndpointRow[]): KnownTarget[] {
  const byExten = new Map<string, KnownTarget>();
  for (const row of rows) {
    if (!EXTENSION.test(row.number)) continue;
    const seen = byExten.get(row.number);
    if (seen && (seen.label || !row.label)) continue;
    byExten.set(row.number, row.label ? { exten: row.number, label: row.label } : { exten: row.number });
  }
  return [...byExten.values()];
}

/**
 * The grid's extensions (number and the name the operator reads) first, then the endpoint rows
 * the grid does not list: one completion list for every field where an extension is typed.
 */
export function mergeTargets(grid: readonly KnownTarget[], rows: readonly KnownTarget[]): KnownTarget[] {
  const seen = new Set(grid.map((k) => k.exten));
  return [...grid, ...rows.filter((k) => !seen.has(k.exten))];
}

export function isKnownTarget(target: string, known: readonly KnownTarget[]): boolean {
  const exten = target.trim();
  return exten !== '' && known.some((k) => k.exten === exten);
}
