/**
 * The G-score (Nosek & Sriram 2007; one of the scoring formulas compared by Richetin et al.
 * 2015, PLoS ONE 10(6):e0129601): within a phase, all latencies of both blocks are ranked
 * (ties get their mean rank), each rank r of n becomes the normal quantile
 * probit((r - 0.5) / n), and G = mean quantile of mapping B - mean quantile of mapping A.
 * Unitless; positive when mapping B is slower, like the D-score.
 */
import { phaseContrast, type ContrastTrials } from '../contrast.js';

/** G of one phase (0 practice, 1 test, -1 both pooled); null with fewer than 2 per block. */
export function gScorePhase(trials: ContrastTrials, phase: 0 | 1 | -1): number | null {
  const members: number[] = [];
  for (let i = 0; i < trials.values.length; i++) {
    if (phase === -1 || (trials.isTest[i] as number) === phase) members.push(i);
  }
  const n = members.length;
  const order = [...members].sort(
    (a, b) => (trials.values[a] as number) - (trials.values[b] as number),
  );
  const quantile = new Float64Array(trials.values.length);
  let start = 0;
  while (start < n) {
    let end = start;
    const value = trials.values[order[start] as number] as number;
    while (end + 1 < n && (trials.values[order[end + 1] as number] as number) === value) end++;
    const meanRank = (start + end) / 2 + 1;
    const q = normalQuantile((meanRank - 0.5) / n);
    for (let k = start; k <= end; k++) quantile[order[k] as number] = q;
    start = end + 1;
  }
  const contrast = phaseContrast({ ...trials, values: quantile }, phase);
  if (contrast.nA < 2 || contrast.nB < 2) return null;
  return (contrast.meanB as number) - (contrast.meanA as number);
}

const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269,
  -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
  -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/**
 * Standard normal quantile (inverse CDF) for p in (0, 1), by P. J. Acklam's rational
 * approximation (relative error below 1.2e-9 over the whole range). simple-statistics'
 * `probit` is accurate only to about 3e-4, too coarse for scores compared to 1e-9.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const low = 0.02425;
  const poly = (k: number[], x: number): number => k.reduce((acc, c) => acc * x + c, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}
