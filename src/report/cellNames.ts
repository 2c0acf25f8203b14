/**
 * Display names of comparison cells ("bayes · anxiety · behaviour + EEG"), unique within a
 * report so that charts keyed by name never merge two cells.
 */
import type { CellSummary } from './types.js';

/** One readable name per cell, in the same order; repeated names get " (2)", " (3)", ... */
export function cellDisplayNames(cells: readonly CellSummary[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell) => {
    const base = [cell.method, cell.label, cell.featureSet, cell.task]
      .filter((part): part is string => part !== undefined && part !== '')
      .join(' · ');
    const times = (seen.get(base) ?? 0) + 1;
    seen.set(base, times);
    return times === 1 ? base : `${base} (${times})`;
  });
}
