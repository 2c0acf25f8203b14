/**
 * The batched cross-validation path of the Bayesian model (fitPredictFolds: all folds in one
 * batched fit) against the per-fold path (fit on the training subset, predictProba on the test
 * subset). Each fold uses the same seed and noise stream either way and sees only its own
 * training rows (standardisation, population level, likelihood and convergence monitor), so
 * the predictions agree to float32 rounding of the shared data (tolerance 1e-6; measured
 * ~1e-15, the fused kernel computing in float64 over identical inputs).
 */
import { describe, expect, it } from 'vitest';
import { BayesianIatModel } from '../../src/model/bayesianIatModel.js';
import { subsetTable } from '../../src/model/subset.js';
import { simulateFeatureCohort } from '../../src/simulate/featureCohort.js';

describe('BayesianIatModel.fitPredictFolds', () => {
  it('gives the out-of-fold predictions of fitting each fold on its own', async () => {
    const cohort = simulateFeatureCohort({ participants: 24, features: 15, effect: 1.5, seed: 12 });
    const folds = [0, 1, 2].map((f) => {
      const test = Int32Array.from({ length: 8 }, (_, i) => 3 * i + f);
      const train = Int32Array.from({ length: 24 }, (_, s) => s).filter((s) => s % 3 !== f);
      return { train, test };
    });
    const options = { seed: 4, settings: { maxSteps: 400, minSteps: 200, window: 50 } };
    const batched = await new BayesianIatModel(options).fitPredictFolds(
      { features: cohort.table, labels: cohort.labels }, folds);
    for (const [f, fold] of folds.entries()) {
      const alone = new BayesianIatModel(options);
      await alone.fit({
        features: subsetTable(cohort.table, fold.train),
        labels: Float64Array.from(fold.train, (s) => cohort.labels[s]!),
      });
      const test = { features: subsetTable(cohort.table, fold.test) };
      const predicted = await alone.predictProba(test);
      expect(batched[f]!.length).toBe(fold.test.length);
      predicted.forEach((p, i) => expect(Math.abs(p - batched[f]![i]!)).toBeLessThan(1e-6));
    }
  });

  it('never reads the labels of a fold\'s test rows', async () => {
    const cohort = simulateFeatureCohort({ participants: 20, features: 8, effect: 1.5, seed: 2 });
    const fold = {
      train: Int32Array.from({ length: 15 }, (_, s) => s),
      test: Int32Array.of(15, 16, 17, 18, 19),
    };
    const flipped = Float64Array.from(cohort.labels, (y, s) => (s >= 15 ? 1 - y : y));
    const options = { seed: 1, settings: { maxSteps: 200, minSteps: 100, window: 50 } };
    const a = await new BayesianIatModel(options).fitPredictFolds(
      { features: cohort.table, labels: cohort.labels }, [fold]);
    const b = await new BayesianIatModel(options).fitPredictFolds(
      { features: cohort.table, labels: flipped }, [fold]);
    expect(Array.from(a[0]!)).toEqual(Array.from(b[0]!));
  });
});
