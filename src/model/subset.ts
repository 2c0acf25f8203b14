/** Row subsets of a feature table (participants in the given order, all features). */
import type { FeatureTable } from '../features/types.js';

/** The participants `rows` of `table`, in that order. */
export function subsetTable(table: FeatureTable, rows: ArrayLike<number>): FeatureTable {
  const P = table.featureNames.length;
  const d = new Float64Array(rows.length * P);
  const se = new Float64Array(rows.length * P);
  const participantIds: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const s = rows[r] as number;
    d.set(table.d.subarray(s * P, (s + 1) * P), r * P);
    se.set(table.se.subarray(s * P, (s + 1) * P), r * P);
    participantIds.push(table.participantIds[s] as string);
  }
  return { ...table, participantIds, featureNames: [...table.featureNames], d, se };
}
