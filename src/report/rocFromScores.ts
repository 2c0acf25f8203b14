/**
 * The empirical ROC curve of scores against 0/1 labels, one point per distinct score threshold
 * (Fawcett 2006, "An introduction to ROC analysis", Pattern Recognit. Lett. 27:861, Alg. 1).
 * Used only to draw a cell whose results carry scores but no curve; the AUC, its interval and
 * the bootstrap band always come from the evaluation stage.
 */
import type { ParticipantScore, RocCurve } from './types.js';

/**
 * False and true positive rates (both in [0, 1]) at every distinct threshold, from (0, 0) to
 * (1, 1). Tied scores move the curve diagonally, as scikit-learn's `roc_curve` with
 * `drop_intermediate=False`. Returns undefined when either class is empty.
 */
export function rocFromScores(scores: readonly ParticipantScore[]): RocCurve | undefined {
  const sorted = [...scores].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((entry) => entry.label === 1).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return undefined;

  const fpr = [0];
  const tpr = [0];
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.label === 1) truePositives++;
    else falsePositives++;
    const lastOfTie = i === sorted.length - 1 || sorted[i + 1]!.score !== sorted[i]!.score;
    if (lastOfTie) {
      fpr.push(falsePositives / negatives);
      tpr.push(truePositives / positives);
    }
  }
  return { fpr, tpr };
}
