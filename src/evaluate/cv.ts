/**
 * Cross-validation splitters over participants (rows of a FeatureTable). Every split is a
 * pure function of the labels and a seeded Rng, so each method of a study sees the same folds
 * and comparisons between methods are paired.
 *
 * - leave-one-out: one participant held out per fold (leave-one-participant-out).
 * - repeated stratified k-fold: each repeat deals each class round-robin into k folds after a
 *   seeded shuffle.
 * - leave-pair-out (Airola et al. 2011, Computational Statistics & Data Analysis 55:1828):
 *   every positive-negative pair is held out in turn; the AUC is the share of pairs whose
 *   positive outscored its negative. Unlike pooled leave-one-out it is not biased downwards
 *   by the change in the training base rate from fold to fold.
 */
import { stratifiedFoldOf } from '../baselines/stratifiedFolds.js';
import type { Rng } from '../util/rng.js';

/** Which cross-validation a study uses. */
export type CvScheme =
  | { kind: 'leave-one-out' }
  | { kind: 'stratified-kfold'; folds: number; repeats: number }
  | { kind: 'leave-pair-out' };

/** Participants (row indices) to train on and to predict. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** All folds of a scheme: `repeats[r]` partitions the participants (leave-pair-out: pairs). */
export interface CvPlan {
  scheme: CvScheme;
  repeats: Fold[][];
  /** Fold index of each participant in each repeat; null for leave-pair-out. */
  assignment: Int32Array[] | null;
}

/** n folds, fold i testing participant i. */
export function leaveOneOutFolds(n: number): Fold[] {
  return Array.from({ length: n }, (_, i) => foldFromTest(n, [i]));
}

/** `repeats` stratified k-fold partitions, repeat r shuffled by rng.fork(`repeat-${r}`). */
export function repeatedStratifiedKFold(
  labels: ArrayLike<number>,
  folds: number,
  repeats: number,
  rng: Rng,
): { repeats: Fold[][]; assignment: Int32Array[] } {
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  }
  const assignment: Int32Array[] = [];
  const all: Fold[][] = [];
  for (let r = 0; r < repeats; r++) {
    const foldOf = stratifiedFoldOf(labels, folds, rng.fork(`repeat-${r}`));
    assignment.push(foldOf);
    all.push(
      Array.from({ length: folds }, (_, f) => {
        const test: number[] = [];
        foldOf.forEach((value, s) => {
          if (value === f) test.push(s);
        });
        return foldFromTest(labels.length, test);
      }),
    );
  }
  return { repeats: all, assignment };
}

/** One fold per (positive, negative) pair, positives in row order outer; test = [pos, neg]. */
export function leavePairOutFolds(labels: ArrayLike<number>): Fold[] {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let s = 0; s < labels.length; s++) (labels[s] === 1 ? positives : negatives).push(s);
  const folds: Fold[] = [];
  for (const i of positives)
    for (const j of negatives) folds.push(foldFromTest(labels.length, [i, j]));
  return folds;
}

/** The folds of `scheme` for these labels. */
export function makeCvPlan(scheme: CvScheme, labels: ArrayLike<number>, rng: Rng): CvPlan {
  switch (scheme.kind) {
    case 'leave-one-out': {
      const folds = leaveOneOutFolds(labels.length);
      const assignment = Int32Array.from({ length: labels.length }, (_, s) => s);
      return { scheme, repeats: [folds], assignment: [assignment] };
    }
    case 'stratified-kfold': {
      const { repeats, assignment } = repeatedStratifiedKFold(
        labels,
        scheme.folds,
        scheme.repeats,
        rng,
      );
      return { scheme, repeats, assignment };
    }
    case 'leave-pair-out':
      return { scheme, repeats: [leavePairOutFolds(labels)], assignment: null };
  }
}

function foldFromTest(n: number, testRows: number[]): Fold {
  const held = new Set(testRows);
  const train: number[] = [];
  for (let s = 0; s < n; s++) if (!held.has(s)) train.push(s);
  return { train: Int32Array.from(train), test: Int32Array.from(testRows) };
}
