/**
 * Reliability-diagram bins of predicted probabilities (DeGroot & Fienberg 1983, "The
 * comparison and evaluation of forecasters", The Statistician 32:12). Used only when the
 * results carry out-of-fold probabilities but no bins of their own.
 */
import type { CalibrationBin, ParticipantScore } from './types.js';

/**
 * Splits [0, 1] into `nBins` equal-width bins (edges k / nBins computed as k * (1 / nBins); a
 * probability on an inner edge goes to the lower bin) and returns, for each non-empty bin, the
 * mean predicted probability, the observed rate of label 1 and the count; the same bins as
 * scikit-learn's `calibration_curve(strategy='uniform')`.
 */
export function calibrationBins(
  scores: readonly ParticipantScore[],
  nBins = 10,
): CalibrationBin[] {
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new RangeError(`nBins must be a positive integer, got ${nBins}`);
  }
  const sumPredicted = new Float64Array(nBins);
  const sumObserved = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (const { score, label } of scores) {
    if (!(score >= 0 && score <= 1)) {
      throw new RangeError(`calibration needs probabilities in [0, 1], got ${score}`);
    }
    const bin = binIndex(score, nBins);
    sumPredicted[bin]! += score;
    sumObserved[bin]! += label;
    count[bin]! += 1;
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b]! === 0) continue;
    bins.push({
      meanPredicted: sumPredicted[b]! / count[b]!,
      observedRate: sumObserved[b]! / count[b]!,
      count: count[b]!,
    });
  }
  return bins;
}

/** Number of inner edges strictly below `probability` (numpy `searchsorted`, side 'left'). */
function binIndex(probability: number, nBins: number): number {
  const step = 1 / nBins;
  let bin = 0;
  while (bin < nBins - 1 && (bin + 1) * step < probability) bin++;
  return bin;
}
