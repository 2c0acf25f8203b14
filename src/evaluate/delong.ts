/**
 * DeLong, DeLong & Clarke-Pearson (1988) standard error of an AUC, computed by the fast
 * midrank algorithm of Sun & Xu (2014, IEEE Signal Processing Letters 21:1389): the
 * structural components V10 (per positive) and V01 (per negative) come from three midrank
 * vectors in O(N log N) instead of the O(m n) pair table.
 */
import { midranks, splitByClass } from './auc.js';

/** AUC with its DeLong variance and standard error (AUC units). */
export interface DelongResult {
  auc: number;
  variance: number;
  se: number;
  /** V10_i = P(positive i > a random negative), one per positive. */
  v10: Float64Array;
  /** V01_j = P(a random positive > negative j), one per negative. */
  v01: Float64Array;
}

/** Sample variance with divisor (k - 1); 0 for a single value. */
function sampleVariance(values: Float64Array): number {
  const k = values.length;
  if (k < 2) return 0;
  let mean = 0;
  for (const value of values) mean += value;
  mean /= k;
  let sum = 0;
  for (const value of values) sum += (value - mean) ** 2;
  return sum / (k - 1);
}

/**
 * DeLong variance var = S10 / m + S01 / n with S10, S01 the sample variances of the structural
 * components, from the Sun & Xu midranks: V10_i = (Tz_i - Tx_i) / n and
 * V01_j = 1 - (Tz_{m+j} - Ty_j) / m (Tx, Ty within-class and Tz pooled midranks).
 */
export function delong(scores: ArrayLike<number>, labels: ArrayLike<number>): DelongResult {
  const { positives, negatives } = splitByClass(scores, labels);
  const m = positives.length;
  const n = negatives.length;
  const pooled = new Float64Array(m + n);
  pooled.set(positives, 0);
  pooled.set(negatives, m);
  const tz = midranks(pooled);
  const tx = midranks(positives);
  const ty = midranks(negatives);

  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let aucSum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (tz[i]! - tx[i]!) / n;
    aucSum += v10[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (tz[m + j]! - ty[j]!) / m;

  return fromComponents(aucSum / m, v10, v01);
}

/**
 * DeLong variance of a two-sample U-statistic given by its m x n pair kernel (row-major,
 * kernel[i * n + j] in [0, 1] for positive i and negative j). Used for leave-pair-out AUC,
 * where each pair has its own fitted model, so the kernel is not H(x_i - y_j).
 */
export function delongFromKernel(kernel: Float64Array, m: number, n: number): DelongResult {
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const value = kernel[i * n + j]!;
      v10[i] += value / n;
      v01[j] += value / m;
      total += value;
    }
  }
  return fromComponents(total / (m * n), v10, v01);
}

function fromComponents(aucValue: number, v10: Float64Array, v01: Float64Array): DelongResult {
  const variance = sampleVariance(v10) / v10.length + sampleVariance(v01) / v01.length;
  return { auc: aucValue, variance, se: Math.sqrt(variance), v10, v01 };
}
