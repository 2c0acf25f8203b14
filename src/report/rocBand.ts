/**
 * A pointwise bootstrap band for an empirical ROC curve: participants are resampled with
 * replacement within each class (the stratified bootstrap, as the evaluation stage resamples
 * for its AUC intervals), the curve is recomputed, and at each false positive rate of a fixed
 * grid the band spans the (1 - level) / 2 and (1 + level) / 2 percentiles of the resampled
 * true positive rates (Macskassy & Provost 2004, "Confidence bands for ROC curves", ROCAI
 * workshop, "pointwise vertical averaging" bands).
 *
 * Limitation: the band is pointwise, not simultaneous: it covers the true TPR at each FPR
 * separately, so the whole curve may leave it at some FPR more often than 1 - level.
 */
import type { Rng } from '../util/rng.js';
import type { ParticipantScore, RocCurve } from './types.js';
import { rocFromScores } from './rocFromScores.js';

/**
 * TPR of a piecewise-linear ROC curve at false positive rate `fpr`: on a vertical segment
 * (tied negatives) the highest TPR, elsewhere linear between neighbouring points.
 */
export function tprAtFpr(curve: RocCurve, fpr: number): number {
  const { fpr: x, tpr: y } = curve;
  let last = 0;
  while (last + 1 < x.length && x[last + 1]! <= fpr) last++;
  if (last + 1 >= x.length || x[last]! === fpr) return y[last]!;
  const span = x[last + 1]! - x[last]!;
  return y[last]! + ((y[last + 1]! - y[last]!) * (fpr - x[last]!)) / span;
}

/** Linear-interpolation percentile of sorted values (numpy's default, "type 7"). */
function percentile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Options of rocBand. */
export interface RocBandOptions {
  rng: Rng;
  /** Bootstrap resamples (default 200). */
  replicates?: number;
  /** Coverage of each pointwise interval (default 0.95). */
  level?: number;
  /** Points of the FPR grid from 0 to 1 (default 51). */
  gridPoints?: number;
}

/** The band on an even FPR grid, or undefined when a class is empty. */
export function rocBand(
  scores: readonly ParticipantScore[],
  options: RocBandOptions,
): NonNullable<RocCurve['band']> | undefined {
  const replicates = options.replicates ?? 200;
  const level = options.level ?? 0.95;
  const gridPoints = options.gridPoints ?? 51;
  const positives = scores.filter((entry) => entry.label === 1);
  const negatives = scores.filter((entry) => entry.label === 0);
  if (positives.length === 0 || negatives.length === 0 || replicates < 2) return undefined;

  const grid = Array.from({ length: gridPoints }, (_, i) => i / (gridPoints - 1));
  const tprs = grid.map(() => new Float64Array(replicates));
  for (let b = 0; b < replicates; b++) {
    const sample: ParticipantScore[] = [];
    for (const group of [positives, negatives]) {
      for (let i = 0; i < group.length; i++) sample.push(group[options.rng.int(group.length)]!);
    }
    const curve = rocFromScores(sample)!;
    grid.forEach((fpr, g) => {
      tprs[g]![b] = tprAtFpr(curve, fpr);
    });
  }
  const tail = (1 - level) / 2;
  const lower: number[] = [];
  const upper: number[] = [];
  for (const values of tprs) {
    values.sort();
    lower.push(percentile(values, tail));
    upper.push(percentile(values, 1 - tail));
  }
  return { fpr: grid, lower, upper, level };
}
