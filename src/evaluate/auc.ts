/**
 * Area under the ROC curve of scores against binary labels, in a fixed direction: the
 * probability that a randomly chosen participant with label 1 scores higher than one with
 * label 0, ties counting one half (the Mann-Whitney U statistic divided by m n; Hanley &
 * McNeil 1982). The direction is never flipped: an AUC below 0.5 is reported as it is.
 */
import { InputError } from '../util/errors.js';

/** Ranks 1..n of `values`, tied values sharing the mean of their ranks (midranks). */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = midrank;
    start = end;
  }
  return ranks;
}

/** Positive (label 1) and negative (label 0) scores, validated. */
export interface ScoresByClass {
  positives: Float64Array;
  negatives: Float64Array;
}

/** Splits scores by 0/1 label; throws InputError on other labels, NaN scores or one class. */
export function splitByClass(scores: ArrayLike<number>, labels: ArrayLike<number>): ScoresByClass {
  if (scores.length !== labels.length) {
    throw new InputError(`expected as many labels as scores, found ${labels.length} labels for `
      + `${scores.length} scores`, { field: 'labels' });
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (Number.isNaN(score)) {
      throw new InputError(`score ${i} is NaN; expected a number`, { field: 'scores' });
    }
    if (labels[i] === 1) positives.push(score);
    else if (labels[i] === 0) negatives.push(score);
    else throw new InputError(`label ${i} is ${labels[i]}; expected 0 or 1`, { field: 'labels' });
  }
  if (positives.length === 0 || negatives.length === 0) {
    throw new InputError(`AUC needs both classes; found ${positives.length} with label 1 and `
      + `${negatives.length} with label 0`, { field: 'labels' });
  }
  return { positives: Float64Array.from(positives), negatives: Float64Array.from(negatives) };
}

/**
 * AUC = (R1 - m (m + 1) / 2) / (m n), R1 the midrank sum of the m positives among all m + n
 * scores: P(score of a positive > score of a negative) + P(equal) / 2. Dimensionless, in [0, 1].
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { positives, negatives } = splitByClass(scores, labels);
  return aucTwoSample(positives, negatives);
}

/** AUC of `positives` against `negatives` (same definition as `auc`). */
export function aucTwoSample(positives: Float64Array, negatives: Float64Array): number {
  const m = positives.length;
  const n = negatives.length;
  const all = new Float64Array(m + n);
  all.set(positives, 0);
  all.set(negatives, m);
  const ranks = midranks(all);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += ranks[i]!;
  return (rankSum - (m * (m + 1)) / 2) / (m * n);
}
