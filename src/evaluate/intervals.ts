/**
 * Bootstrap confidence intervals from a bootstrap distribution: the percentile interval and
 * Efron's (1987, JASA 82:171) bias-corrected and accelerated (BCa) interval, with the
 * acceleration from the jackknife. For several independent samples (positives and negatives
 * of an AUC) the acceleration sums each sample's jackknife terms, as scipy.stats.bootstrap
 * does (Efron & Tibshirani 1993, 14.3 and 15.4).
 */
import { normalCdf, normalQuantile } from './normal.js';

/**
 * Quantile `q` (0..1) of ascending `sorted` with linear interpolation between order statistics
 * (Hyndman & Fan type 7; numpy's and scipy.stats.quantile's default).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const last = sorted.length - 1;
  const h = last * q;
  const below = Math.floor(h);
  if (below >= last) return sorted[last]!;
  if (below < 0) return sorted[0]!;
  const fraction = h - below;
  const a = sorted[below]!;
  const b = sorted[below + 1]!;
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

/** A two-sided interval [lower, upper] in the statistic's units. */
export type Interval = [number, number];

/** Percentile interval at `level` (e.g. 0.95): the (1-level)/2 and (1+level)/2 quantiles. */
export function percentileInterval(replicates: Float64Array, level: number): Interval {
  checkLevel(level);
  const sorted = Float64Array.from(replicates).sort();
  const alpha = (1 - level) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

/** A BCa interval, or why it is undefined. */
export interface BcaResult {
  /** The interval, or null where BCa is undefined (see `undefinedReason`). */
  interval: Interval | null;
  /** Bias correction z0 = Phi^-1(share of replicates below the estimate, ties counting 1/2). */
  biasCorrection: number;
  /** Jackknife acceleration a. */
  acceleration: number;
  /** Adjusted lower and upper quantile levels. */
  alphaLower: number;
  alphaUpper: number;
  undefinedReason: string | null;
}

/**
 * Efron's BCa interval. z0 = Phi^-1(p0) with p0 = (#{theta* < theta} + #{theta* <= theta}) /
 * (2B); a = sum_j sum_i U_ji^3 / n_j^3 / (6 (sum_j sum_i U_ji^2 / n_j^2)^(3/2)) with
 * U_ji = (n_j - 1)(mean_i theta_(j,-i) - theta_(j,-i)); the interval is the
 * Phi(z0 + (z0 + z_alpha) / (1 - a (z0 + z_alpha))) quantiles of the replicates.
 * Undefined (interval null) when every replicate lies on one side of the estimate, when the
 * jackknife values do not vary, or when an adjusted level is not a number.
 */
export function bcaInterval(estimate: number, replicates: Float64Array,
  jackknifeBySample: readonly Float64Array[], level: number): BcaResult {
  checkLevel(level);
  const count = replicates.length;
  let below = 0;
  let belowOrEqual = 0;
  for (const value of replicates) {
    if (value < estimate) below++;
    if (value <= estimate) belowOrEqual++;
  }
  const biasCorrection = normalQuantile((below + belowOrEqual) / (2 * count));

  let numerator = 0;
  let denominator = 0;
  for (const values of jackknifeBySample) {
    const n = values.length;
    let mean = 0;
    for (const value of values) mean += value;
    mean /= n;
    let cubes = 0;
    let squares = 0;
    for (const value of values) {
      const u = (n - 1) * (mean - value);
      cubes += u ** 3;
      squares += u ** 2;
    }
    numerator += cubes / n ** 3;
    denominator += squares / n ** 2;
  }
  const acceleration = numerator / 6 / denominator ** 1.5;

  const zAlpha = normalQuantile((1 - level) / 2);
  const adjust = (z: number): number => {
    const shifted = biasCorrection + z;
    return normalCdf(biasCorrection + shifted / (1 - acceleration * shifted));
  };
  const alphaLower = adjust(zAlpha);
  const alphaUpper = adjust(-zAlpha);

  let undefinedReason: string | null = null;
  if (!Number.isFinite(biasCorrection)) {
    undefinedReason = 'every bootstrap replicate lies on one side of the estimate';
  } else if (!Number.isFinite(acceleration)) {
    undefinedReason = 'the jackknife values do not vary, so the acceleration is undefined';
  } else if (Number.isNaN(alphaLower) || Number.isNaN(alphaUpper)) {
    undefinedReason = 'the adjusted quantile levels are not numbers';
  }
  let interval: Interval | null = null;
  if (undefinedReason === null) {
    const sorted = Float64Array.from(replicates).sort();
    interval = [quantileSorted(sorted, alphaLower), quantileSorted(sorted, alphaUpper)];
  }
  return { interval, biasCorrection, acceleration, alphaLower, alphaUpper, undefinedReason };
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }
}
