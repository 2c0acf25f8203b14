/**
 * Choosing columns of a participants x features table by name: exact names or `prefix*`
 * patterns (e.g. `rt.*`, `eeg.theta.*`), in the order the patterns give them. Used by the
 * evaluation engine for each configuration and by the commands that fit final models.
 */
import type { FeatureTable } from './types.js';
import { InputError } from '../util/errors.js';

/**
 * The feature names matching `patterns`, each once, in pattern order. A pattern that matches
 * nothing is an error naming `what` (e.g. "configuration 'EEG' in task 'eiat'").
 */
export function resolveFeaturePatterns(
  featureNames: readonly string[],
  patterns: readonly string[],
  what: string,
): string[] {
  const resolved: string[] = [];
  for (const pattern of patterns) {
    const matches = pattern.endsWith('*')
      ? featureNames.filter((name) => name.startsWith(pattern.slice(0, -1)))
      : featureNames.filter((name) => name === pattern);
    if (matches.length === 0) {
      throw new InputError(`${what}: feature '${pattern}' matches nothing`, { field: pattern });
    }
    for (const name of matches) if (!resolved.includes(name)) resolved.push(name);
  }
  return resolved;
}

/** A new table with only the named columns, in the given order. */
export function selectColumns(table: FeatureTable, names: readonly string[]): FeatureTable {
  const width = table.featureNames.length;
  const columns = names.map((name) => table.featureNames.indexOf(name));
  const n = table.participantIds.length;
  const d = new Float64Array(n * names.length);
  const se = new Float64Array(n * names.length);
  for (let s = 0; s < n; s++) {
    columns.forEach((column, k) => {
      d[s * names.length + k] = table.d[s * width + column] as number;
      se[s * names.length + k] = table.se[s * width + column] as number;
    });
  }
  return { participantIds: [...table.participantIds], featureNames: [...names], d, se };
}

/** The columns matching `patterns` (see resolveFeaturePatterns). */
export function selectFeatures(
  table: FeatureTable,
  patterns: readonly string[],
  what = 'feature selection',
): FeatureTable {
  return selectColumns(table, resolveFeaturePatterns(table.featureNames, patterns, what));
}
