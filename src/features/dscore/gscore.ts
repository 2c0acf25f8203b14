/**
 * The G-score (Nosek & Sriram 2007; one of the scoring formulas compared by Richetin et al.
 * 2015, PLoS ONE 10(6):e0129601): within a phase, all latencies of both blocks are ranked
 * (ties get their mean rank), each rank r of n becomes the normal quantile
 * probit((r - 0.5) / n), and G = mean quantile of mapping B - mean quantile of mapping A.
 * Unitless; positive when mapping B is slower, like the D-score.
 */
import { probit } from 'simple-statistics';
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
    const q = probit((meanRank - 0.5) / n);
    for (let k = start; k <= end; k++) quantile[order[k] as number] = q;
    start = end + 1;
  }
  const contrast = phaseContrast({ ...trials, values: quantile }, phase);
  if (contrast.nA < 2 || contrast.nB < 2) return null;
  return (contrast.meanB as number) - (contrast.meanA as number);
}
