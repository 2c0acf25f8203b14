/**
 * Stratified bootstrap of an out-of-fold AUC over participants: each replicate draws the
 * m positives and the n negatives with replacement, separately (so every replicate has both
 * classes, as scipy.stats.bootstrap does with two samples), and recomputes the AUC from the
 * participants' out-of-fold predictions. Predictions are not refitted: the interval describes
 * sampling of participants given the fitted cross-validation, not refitting variability.
 */
import type { Rng } from '../util/rng.js';

/** An AUC that can be recomputed on a resample of its positives and negatives. */
export interface AucResampler {
  readonly positives: number;
  readonly negatives: number;
  /** The AUC on the original sample. */
  readonly estimate: number;
  /** AUC of a resample given how often each positive and each negative was drawn. */
  resampled(positiveCounts: Float64Array, negativeCounts: Float64Array): number;
  /** Leave-one-out AUCs: each positive left out in turn, then each negative. */
  jackknife(): { positives: Float64Array; negatives: Float64Array };
}

/**
 * Resampler for pooled scores (kernel H(x_i - y_j) with H(0) = 1/2). Negatives are sorted
 * once; a replicate then costs O(m + n): for positive i, the drawn negatives below it are a
 * prefix sum up to its rank among the negatives.
 */
export function scoreResampler(positives: Float64Array, negatives: Float64Array): AucResampler {
  const m = positives.length;
  const n = negatives.length;
  const order = Array.from({ length: n }, (_, j) => j).sort(
    (a, b) => negatives[a]! - negatives[b]!,
  );
  const sorted = Float64Array.from(order, (j) => negatives[j]!);
  const below = new Int32Array(m);
  const belowOrEqual = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    below[i] = lowerBound(sorted, positives[i]!);
    belowOrEqual[i] = upperBound(sorted, positives[i]!);
  }
  const rowSums = Float64Array.from(below, (b, i) => b + 0.5 * (belowOrEqual[i]! - b));
  let total = 0;
  for (const value of rowSums) total += value;
  const prefix = new Float64Array(n + 1);

  return {
    positives: m,
    negatives: n,
    estimate: total / (m * n),
    resampled(positiveCounts, negativeCounts) {
      for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + negativeCounts[order[k]!]!;
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const count = positiveCounts[i]!;
        if (count === 0) continue;
        const low = prefix[below[i]!]!;
        sum += count * (low + 0.5 * (prefix[belowOrEqual[i]!]! - low));
      }
      return sum / (m * n);
    },
    jackknife() {
      const columnSums = new Float64Array(n);
      const sortedPositives = Float64Array.from(positives).sort();
      for (let j = 0; j < n; j++) {
        const under = lowerBound(sortedPositives, negatives[j]!);
        const underOrEqual = upperBound(sortedPositives, negatives[j]!);
        columnSums[j] = m - underOrEqual + 0.5 * (underOrEqual - under);
      }
      return {
        positives: Float64Array.from(rowSums, (r) => (total - r) / ((m - 1) * n)),
        negatives: Float64Array.from(columnSums, (c) => (total - c) / (m * (n - 1))),
      };
    },
  };
}

/**
 * Resampler for a general pair kernel (row-major m x n, kernel[i * n + j] the contribution of
 * positive i against negative j): leave-pair-out AUC, where each pair has its own model.
 * A replicate costs O(m n).
 */
export function kernelResampler(kernel: Float64Array, m: number, n: number): AucResampler {
  const rowSums = new Float64Array(m);
  const columnSums = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      rowSums[i] += kernel[i * n + j]!;
      columnSums[j] += kernel[i * n + j]!;
    }
  }
  let total = 0;
  for (const value of rowSums) total += value;

  return {
    positives: m,
    negatives: n,
    estimate: total / (m * n),
    resampled(positiveCounts, negativeCounts) {
      let sum = 0;
      for (let i = 0; i < m; i++) {
        const count = positiveCounts[i]!;
        if (count === 0) continue;
        let row = 0;
        for (let j = 0; j < n; j++) row += kernel[i * n + j]! * negativeCounts[j]!;
        sum += count * row;
      }
      return sum / (m * n);
    },
    jackknife() {
      return {
        positives: Float64Array.from(rowSums, (r) => (total - r) / ((m - 1) * n)),
        negatives: Float64Array.from(columnSums, (c) => (total - c) / (m * (n - 1))),
      };
    },
  };
}

/**
 * `replicates` stratified bootstrap AUCs. Replicate b draws m positive then n negative
 * indices uniformly with replacement from `rng` (in that order), so a seed fixes every value.
 */
export function stratifiedBootstrap(
  resampler: AucResampler,
  replicates: number,
  rng: Rng,
): Float64Array {
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  }
  const m = resampler.positives;
  const n = resampler.negatives;
  const positiveCounts = new Float64Array(m);
  const negativeCounts = new Float64Array(n);
  const values = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    positiveCounts.fill(0);
    negativeCounts.fill(0);
    for (let k = 0; k < m; k++) positiveCounts[rng.int(m)]! += 1;
    for (let k = 0; k < n; k++) negativeCounts[rng.int(n)]! += 1;
    values[b] = resampler.resampled(positiveCounts, negativeCounts);
  }
  return values;
}

/** Number of elements of ascending `sorted` strictly below `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Number of elements of ascending `sorted` below or equal to `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
