/**
 * The evaluation engine's cross-validation uses an estimator's batched fitPredictFolds when it
 * has one. Reference: the engine's own per-fold path (fit + predictProba on each fold's
 * subsets) run with the same model hidden behind an estimator without fitPredictFolds. Both
 * fit each fold on the same rows with the same seed and noise stream, so the out-of-fold
 * predictions agree to float32 rounding (tolerance 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/evaluate/crossValidate.js';
import { makeCvPlan } from '../../src/evaluate/cv.js';
import { BayesianIatModel } from '../../src/model/bayesianIatModel.js';
import type { Dataset, Estimator } from '../../src/model/estimator.js';
import { simulateFeatureCohort } from '../../src/simulate/featureCohort.js';
import { createRng } from '../../src/util/rng.js';

/** The Bayesian model without its batched path: the engine must fit it fold by fold. */
function perFoldOnly(model: BayesianIatModel): Estimator {
  return {
    name: model.name,
    fit: (train: Dataset) => model.fit(train),
    predictProba: (test: Dataset) => model.predictProba(test),
    toJSON: () => model.toJSON(),
  };
}

describe('crossValidate with the batched Bayesian path', () => {
  it('gives the same out-of-fold predictions as the per-fold path', async () => {
    const cohort = simulateFeatureCohort({ participants: 24, features: 12, effect: 1.5, seed: 21 });
    const data = { features: cohort.table, labels: cohort.labels };
    const scheme = { kind: 'stratified-kfold', folds: 4, repeats: 1 } as const;
    const plan = makeCvPlan(scheme, cohort.labels, createRng(3));
    const options = { seed: 9, settings: { maxSteps: 300, minSteps: 150, window: 50 } };
    const batched = await crossValidate(
      data, plan, () => new BayesianIatModel(options), createRng(5));
    const single = await crossValidate(
      data, plan, () => perFoldOnly(new BayesianIatModel(options)), createRng(5));
    expect(batched.scores.some((x) => Number.isNaN(x))).toBe(false);
    batched.scores.forEach((p, s) => expect(Math.abs(p - single.scores[s]!)).toBeLessThan(1e-6));
  });
});
