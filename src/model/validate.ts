/**
 * Checks at the model's boundary: the feature table's shape and values, and the labels.
 * Every problem is an InputError naming the participant, feature and value.
 */
import type { FeatureTable } from '../features/types.js';
import { InputError } from '../util/errors.js';

/** Throws unless the table is well formed: sizes agree, se > 0 wherever d is present. */
export function validateTable(table: FeatureTable, source = 'feature table'): void {
  const S = table.participantIds.length;
  const P = table.featureNames.length;
  if (P === 0) throw new InputError('no features', { file: source, field: 'featureNames' });
  for (const [field, values] of [['d', table.d], ['se', table.se]] as const) {
    if (values.length !== S * P) {
      throw new InputError(
        `expected ${S} participants x ${P} features = ${S * P} values, found ${values.length}`,
        { file: source, field },
      );
    }
  }
  for (let s = 0; s < S; s++) {
    for (let p = 0; p < P; p++) {
      const d = table.d[s * P + p] as number;
      const se = table.se[s * P + p] as number;
      if (Number.isNaN(d)) continue;
      if (!Number.isFinite(d) || !(Number.isFinite(se) && se >= 0)) {
        throw new InputError(
          `participant '${table.participantIds[s]}': expected a finite d and se >= 0, found ` +
            `d = ${d}, se = ${se}`,
          { file: source, row: s + 1, field: table.featureNames[p] as string },
        );
      }
    }
  }
}

/** Throws unless labels are one per participant, finite, and 0/1 for a binary outcome. */
export function validateLabels(
  labels: Float64Array,
  table: FeatureTable,
  outcome: 'binary' | 'continuous',
  source = 'labels',
): void {
  if (labels.length !== table.participantIds.length) {
    throw new InputError(
      `expected one label per participant (${table.participantIds.length}), found ${labels.length}`,
      { file: source },
    );
  }
  labels.forEach((label, s) => {
    const ok = outcome === 'binary' ? label === 0 || label === 1 : Number.isFinite(label);
    if (!ok) {
      throw new InputError(
        `participant '${table.participantIds[s]}': expected ${
          outcome === 'binary' ? 'a 0/1 label' : 'a finite score'
        }, found ${label}`,
        { file: source, row: s + 1, field: 'label' },
      );
    }
  });
}
