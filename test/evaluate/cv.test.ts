/**
 * Cross-validation splitters and the out-of-fold pipeline. Expected values come from the
 * definitions (hand-countable fold sizes, pair counts), from the known behaviour of a
 * base-rate predictor under pooled leave-one-out (AUC 0, see shared MODEL-NOTES), and from
 * simulation on null data (labels independent of features) where the true AUC is 0.5.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Estimator } from '../../src/model/estimator.js';
import type { FeatureTable } from '../../src/features/types.js';
import { leavePairOutFolds, makeCvPlan, repeatedStratifiedKFold } from '../../src/evaluate/cv.js';
import { crossValidate, outOfFoldAuc } from '../../src/evaluate/crossValidate.js';
import { ShrinkageLda } from '../../src/baselines/lda.js';
import { L2LogisticRegression, topFeaturesByWelchT } from '../../src/baselines/logistic.js';
import { designMatrix } from '../../src/baselines/design.js';
import { createRng, type Rng } from '../../src/util/rng.js';

function nullTable(n: number, p: number, rng: Rng): FeatureTable {
  return {
    participantIds: Array.from({ length: n }, (_, s) => `s${s}`),
    featureNames: Array.from({ length: p }, (_, k) => `f${k}`),
    d: Float64Array.from({ length: n * p }, () => rng.normal()),
    se: new Float64Array(n * p).fill(0.1),
  };
}

function balancedLabels(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, s) => s % 2);
}

/** Predicts the training base rate for everyone: uses no features at all. */
class BaseRate implements Estimator {
  readonly name = 'base-rate';
  private rate = Number.NaN;
  async fit(train: Dataset): Promise<void> {
    this.rate = train.labels!.reduce((a, b) => a + b, 0) / train.labels!.length;
  }
  async predictProba(test: Dataset): Promise<Float64Array> {
    return new Float64Array(test.features.participantIds.length).fill(this.rate);
  }
  toJSON(): unknown { return { rate: this.rate }; }
}

describe('splitters', () => {
  it('stratified k-fold keeps each class spread over the folds, sizes differing by at most one', () => {
    // 13 negatives and 7 positives into 5 folds: each fold has 2-3 negatives and 1-2 positives.
    const labels = Float64Array.from({ length: 20 }, (_, s) => (s < 7 ? 1 : 0));
    const { repeats, assignment } = repeatedStratifiedKFold(labels, 5, 3, createRng(1));
    expect(repeats).toHaveLength(3);
    for (const folds of repeats) {
      const tested = folds.flatMap((fold) => Array.from(fold.test)).sort((a, b) => a - b);
      expect(tested).toEqual(Array.from({ length: 20 }, (_, s) => s));
      for (const fold of folds) {
        const positives = Array.from(fold.test).filter((s) => labels[s] === 1).length;
        expect(positives === 1 || positives === 2).toBe(true);
        expect(fold.test.length === 4).toBe(true);
        expect(fold.train.length + fold.test.length).toBe(20);
      }
    }
    expect(Array.from(assignment[0]!)).not.toEqual(Array.from(assignment[1]!));
  });

  it('gives identical folds for the same seed and different folds for another', () => {
    const labels = balancedLabels(30);
    const a = makeCvPlan({ kind: 'stratified-kfold', folds: 5, repeats: 2 }, labels, createRng(9));
    const b = makeCvPlan({ kind: 'stratified-kfold', folds: 5, repeats: 2 }, labels, createRng(9));
    const c = makeCvPlan({ kind: 'stratified-kfold', folds: 5, repeats: 2 }, labels, createRng(10));
    expect(a.assignment!.map((x) => Array.from(x))).toEqual(b.assignment!.map((x) => Array.from(x)));
    expect(a.assignment!.map((x) => Array.from(x))).not.toEqual(c.assignment!.map((x) => Array.from(x)));
  });

  it('leave-pair-out holds out every positive-negative pair once', () => {
    // 3 positives x 4 negatives = 12 folds, each training on the other 5 participants.
    const labels = Float64Array.from([1, 0, 0, 1, 0, 1, 0]);
    const folds = leavePairOutFolds(labels);
    expect(folds).toHaveLength(12);
    for (const fold of folds) {
      expect(labels[fold.test[0]!]).toBe(1);
      expect(labels[fold.test[1]!]).toBe(0);
      expect(fold.train).toHaveLength(5);
    }
  });
});

describe('pooled leave-one-out versus leave-pair-out on null data', () => {
  it('a base-rate predictor gets pooled LOO AUC 0 but leave-pair-out AUC 0.5', async () => {
    // Leaving out a positive lowers the training rate, so every positive scores below every
    // negative (AUC exactly 0); in leave-pair-out both held-out participants share one rate.
    const table = nullTable(20, 2, createRng(2));
    const labels = balancedLabels(20);
    const data = { features: table, labels };
    const factory = (): Estimator => new BaseRate();
    const loo = await crossValidate(data, makeCvPlan({ kind: 'leave-one-out' }, labels,
      createRng(0)), factory, createRng(0));
    const lpo = await crossValidate(data, makeCvPlan({ kind: 'leave-pair-out' }, labels,
      createRng(0)), factory, createRng(0));
    expect(outOfFoldAuc(loo, labels)).toBe(0);
    expect(outOfFoldAuc(lpo, labels)).toBe(0.5);
  });

  it('shrinkage LDA on null data: pooled LOO is biased below 0.5, leave-pair-out is not', async () => {
    // 40 null datasets of 16 participants x 2 features. Monte Carlo SE of each mean is about
    // 0.02, so the bounds below are several SEs from where a biased or unbiased method lands.
    const rng = createRng(77);
    let looSum = 0;
    let lpoSum = 0;
    const datasets = 40;
    for (let k = 0; k < datasets; k++) {
      const labels = balancedLabels(16);
      const data = { features: nullTable(16, 2, rng.fork(k)), labels };
      const factory = (): Estimator => new ShrinkageLda();
      looSum += outOfFoldAuc(await crossValidate(data, makeCvPlan({ kind: 'leave-one-out' },
        labels, rng), factory, rng), labels);
      lpoSum += outOfFoldAuc(await crossValidate(data, makeCvPlan({ kind: 'leave-pair-out' },
        labels, rng), factory, rng), labels);
    }
    expect(looSum / datasets).toBeLessThan(0.4);
    expect(Math.abs(lpoSum / datasets - 0.5)).toBeLessThan(0.07);
  });
});

describe('no leakage from test participants', () => {
  it('fits only on training rows and predicts test rows without their labels', async () => {
    const seen: { train: string[]; test: string[]; testHasLabels: boolean }[] = [];
    class Spy extends BaseRate {
      override async fit(train: Dataset): Promise<void> {
        seen.push({ train: [...train.features.participantIds], test: [], testHasLabels: false });
        await super.fit(train);
      }
      override async predictProba(test: Dataset): Promise<Float64Array> {
        const last = seen[seen.length - 1]!;
        last.test = [...test.features.participantIds];
        last.testHasLabels = test.labels !== undefined;
        return super.predictProba(test);
      }
    }
    const labels = balancedLabels(12);
    await crossValidate({ features: nullTable(12, 2, createRng(1)), labels },
      makeCvPlan({ kind: 'stratified-kfold', folds: 3, repeats: 2 }, labels, createRng(1)),
      () => new Spy(), createRng(1));
    expect(seen).toHaveLength(6);
    for (const fold of seen) {
      expect(fold.train.filter((id) => fold.test.includes(id))).toEqual([]);
      expect(fold.train.length + fold.test.length).toBe(12);
      expect(fold.testHasLabels).toBe(false);
    }
  });

  it('feature selection inside the fold stays near 0.5 on null data; selection on all data does not', async () => {
    // 40 participants x 200 null features, top-5 by |t| then logistic regression (C = 1),
    // stratified 5-fold. Selecting on all participants first (the leak) finds features that
    // separate the held-out participants by chance, so its CV AUC is far above 0.5.
    const rng = createRng(2024);
    let honest = 0;
    let leaky = 0;
    const datasets = 4;
    for (let k = 0; k < datasets; k++) {
      const labels = balancedLabels(40);
      const table = nullTable(40, 200, rng.fork(`data-${k}`));
      const plan = makeCvPlan({ kind: 'stratified-kfold', folds: 5, repeats: 1 }, labels,
        rng.fork(`folds-${k}`));
      const inside = await crossValidate({ features: table, labels }, plan,
        () => new L2LogisticRegression({ c: 1, maxFeatures: 5 }), rng);
      honest += outOfFoldAuc(inside, labels);

      const chosen = topFeaturesByWelchT(designMatrix(table), labels, 5)
        .map((column) => table.featureNames[column]!);
      const outside = await crossValidate({ features: table, labels }, plan,
        () => new L2LogisticRegression({ c: 1, features: chosen }), rng);
      leaky += outOfFoldAuc(outside, labels);
    }
    expect(leaky / datasets).toBeGreaterThan(0.75);
    expect(Math.abs(honest / datasets - 0.5)).toBeLessThan(0.15);
  });
});
