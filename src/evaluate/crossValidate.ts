/**
 * Runs one method through a cross-validation plan and collects its out-of-fold predictions.
 * Each fold builds a fresh estimator from the factory and fits it on the training
 * participants' rows only (features, standard errors and labels); the test rows reach the
 * estimator only through predictProba, without labels.
 */
import type { Dataset, Estimator } from '../model/estimator.js';
import { subsetDataset } from '../baselines/design.js';
import type { Rng } from '../util/rng.js';
import { aucTwoSample } from './auc.js';
import { kernelResampler, scoreResampler, type AucResampler } from './bootstrap.js';
import type { CvPlan } from './cv.js';

/** Makes a fresh, unfitted estimator; `rng` is the fold's own stream for any randomness. */
export type EstimatorFactory = (context: { rng: Rng }) => Estimator;

/** Out-of-fold predictions of one method under one plan. */
export interface OutOfFold {
  kind: 'pooled' | 'pairs';
  /** Per participant: mean of its out-of-fold predictions over repeats (pairs: over pairs). */
  scores: Float64Array;
  /** Pooled schemes: per repeat, each participant's out-of-fold prediction. */
  repeatScores: Float64Array[];
  /** Leave-pair-out: positive i against negative j, row-major m x n. */
  pairs: PairPredictions | null;
}

/** Predictions of each leave-pair-out fold. */
export interface PairPredictions {
  /** Row indices of the positives and negatives, in kernel order. */
  positives: Int32Array;
  negatives: Int32Array;
  /** Prediction for the positive / the negative of pair (i, j), row-major m x n. */
  positiveScores: Float64Array;
  negativeScores: Float64Array;
  /** H(positive score - negative score) with H(0) = 1/2, row-major m x n. */
  kernel: Float64Array;
}

/** Fits and predicts every fold of `plan` (fold (r, f) uses rng.fork(`r${r}f${f}`)). */
export async function crossValidate(
  data: Dataset,
  plan: CvPlan,
  factory: EstimatorFactory,
  rng: Rng,
): Promise<OutOfFold> {
  const n = data.features.participantIds.length;
  const repeatScores: Float64Array[] = [];
  const pairPredictions: number[][] = [];
  for (let r = 0; r < plan.repeats.length; r++) {
    const scores = new Float64Array(n).fill(Number.NaN);
    const folds = plan.repeats[r]!;
    // Estimators that fit all folds at once (the Bayesian model's batched VI) do so here.
    const batched = factory({ rng: rng.fork(`r${r}f0`) });
    const batchedPredictions = batched.fitPredictFolds
      ? await batched.fitPredictFolds(data, folds)
      : undefined;
    for (let f = 0; f < folds.length; f++) {
      const fold = folds[f]!;
      const estimator = batchedPredictions ? batched : factory({ rng: rng.fork(`r${r}f${f}`) });
      let predicted = batchedPredictions?.[f];
      if (predicted === undefined) {
        await estimator.fit(subsetDataset(data, Array.from(fold.train)));
        const test = subsetDataset(
          data.trials === undefined
            ? { features: data.features }
            : { features: data.features, trials: data.trials },
          Array.from(fold.test),
        );
        predicted = await estimator.predictProba(test);
      }
      if (predicted.length !== fold.test.length) {
        throw new Error(
          `${estimator.name}: predicted ${predicted.length} values for ` +
            `${fold.test.length} test participants`,
        );
      }
      if (plan.scheme.kind === 'leave-pair-out') pairPredictions.push(Array.from(predicted));
      else
        fold.test.forEach((s, k) => {
          scores[s] = predicted[k]!;
        });
    }
    repeatScores.push(scores);
  }
  if (plan.scheme.kind === 'leave-pair-out') {
    return pairsOutOfFold(data.labels!, plan, pairPredictions);
  }
  const mean = new Float64Array(n);
  for (const scores of repeatScores)
    for (let s = 0; s < n; s++) mean[s] += scores[s]! / repeatScores.length;
  return { kind: 'pooled', scores: mean, repeatScores, pairs: null };
}

function pairsOutOfFold(labels: Float64Array, plan: CvPlan, predictions: number[][]): OutOfFold {
  // Same order as leavePairOutFolds: positives in row order outer, negatives inner.
  const positives: number[] = [];
  const negatives: number[] = [];
  labels.forEach((label, s) => (label === 1 ? positives : negatives).push(s));
  if (
    predictions.length !== positives.length * negatives.length ||
    plan.repeats[0]!.length !== predictions.length
  ) {
    throw new Error('leave-pair-out: folds do not match the labels');
  }
  const m = positives.length;
  const n = negatives.length;
  const positiveScores = new Float64Array(m * n);
  const negativeScores = new Float64Array(m * n);
  const kernel = new Float64Array(m * n);
  const sums = new Float64Array(labels.length);
  const counts = new Float64Array(labels.length);
  predictions.forEach(([forPositive, forNegative], k) => {
    positiveScores[k] = forPositive!;
    negativeScores[k] = forNegative!;
    kernel[k] = forPositive! > forNegative! ? 1 : forPositive === forNegative ? 0.5 : 0;
    const i = positives[Math.floor(k / n)]!;
    const j = negatives[k % n]!;
    sums[i] += forPositive!;
    counts[i]++;
    sums[j] += forNegative!;
    counts[j]++;
  });
  return {
    kind: 'pairs',
    scores: sums.map((sum, s) => sum / counts[s]!),
    repeatScores: [],
    pairs: {
      positives: Int32Array.from(positives),
      negatives: Int32Array.from(negatives),
      positiveScores,
      negativeScores,
      kernel,
    },
  };
}

/** Resampler (AUC, bootstrap, jackknife) for out-of-fold predictions. */
export function outOfFoldResampler(outOfFold: OutOfFold, labels: Float64Array): AucResampler {
  if (outOfFold.pairs !== null) {
    const { kernel, positives, negatives } = outOfFold.pairs;
    return kernelResampler(kernel, positives.length, negatives.length);
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  outOfFold.scores.forEach((score, s) => (labels[s] === 1 ? positives : negatives).push(score));
  return scoreResampler(Float64Array.from(positives), Float64Array.from(negatives));
}

/** The cross-validated AUC (pooled: of the per-participant mean scores; pairs: Airola's). */
export function outOfFoldAuc(outOfFold: OutOfFold, labels: Float64Array): number {
  if (outOfFold.pairs !== null) {
    let total = 0;
    for (const value of outOfFold.pairs.kernel) total += value;
    return total / outOfFold.pairs.kernel.length;
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  outOfFold.scores.forEach((score, s) => (labels[s] === 1 ? positives : negatives).push(score));
  return aucTwoSample(Float64Array.from(positives), Float64Array.from(negatives));
}
