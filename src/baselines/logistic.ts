/**
 * L2-penalised logistic regression on training-fold-standardised features, with the penalty
 * chosen by an inner stratified cross-validation on the training fold only (nested CV).
 * The objective is scikit-learn's LogisticRegression(penalty='l2', C):
 * sum_i logloss(y_i, b + x_i . w) + ||w||^2 / (2 C), intercept b not penalised, minimised
 * by Newton's method (penalisedNewton.ts).
 */
import type { Dataset, Estimator } from '../model/estimator.js';
import type { FeatureTable } from '../features/types.js';
import { createRng, type Rng } from '../util/rng.js';
import {
  binaryLabels,
  columnMeans,
  designMatrix,
  fitStandardizer,
  imputeMissing,
  sigmoid,
  standardize,
  subsetDataset,
  type DesignMatrix,
} from './design.js';
import { fitPenalisedLogistic } from './penalisedNewton.js';
import { stratifiedFoldOf } from './stratifiedFolds.js';

/** Options of the logistic-regression baseline. */
export interface LogisticOptions {
  /** Features to use (all columns of the table when omitted). */
  features?: readonly string[];
  /** A fixed inverse penalty C; when given, no inner cross-validation is run. */
  c?: number;
  /** Candidate C values for the inner CV (default 10^-3 .. 10^3, one per decade). */
  cGrid?: readonly number[];
  /** Inner folds (default 5, reduced to the smaller class count of the training fold). */
  innerFolds?: number;
  /** Keep only the k features with the largest |Welch t| on the training fold (default: all). */
  maxFeatures?: number;
  /** Newton stopping rule on the gradient's max-norm (default 1e-10). */
  tolerance?: number;
  /** Seed of the inner folds when no rng is passed to the constructor (default 0). */
  seed?: number;
}

/** What is learned before the weights: kept features, their imputation means and scale. */
export interface Preprocessing {
  featureNames: string[];
  mean: number[];
  scale: number[];
  imputationMeans: number[];
}

/** Imputes, standardises and selects the columns of `features` as `steps` says. */
export function applyPreprocessing(features: FeatureTable, steps: Preprocessing): DesignMatrix {
  const raw = designMatrix(features, steps.featureNames);
  imputeMissing(raw, Float64Array.from(steps.imputationMeans), steps.featureNames);
  return standardize(raw, {
    mean: Float64Array.from(steps.mean),
    scale: Float64Array.from(steps.scale),
  });
}

/** The fitted state, on the standardised scale of the selected features. */
export interface LogisticState extends Preprocessing {
  coef: number[];
  intercept: number;
  c: number;
  /** Mean inner-CV log loss per candidate C (empty when C was fixed). */
  innerLoss: { c: number; logLoss: number }[];
  imputedTrainingCells: number;
}

const DEFAULT_C_GRID = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

/** Indices of the k columns with the largest |Welch t| between the classes (ties: first). */
export function topFeaturesByWelchT(x: DesignMatrix, labels: Float64Array, k: number): number[] {
  const scores = Array.from({ length: x.columns }, (_, column) => {
    const stats = [0, 1].map((label) => {
      let sum = 0;
      let count = 0;
      for (let s = 0; s < x.rows; s++) {
        if (labels[s] === label) {
          sum += x.values[s * x.columns + column]!;
          count++;
        }
      }
      const mean = sum / count;
      let squares = 0;
      for (let s = 0; s < x.rows; s++) {
        if (labels[s] === label) squares += (x.values[s * x.columns + column]! - mean) ** 2;
      }
      return { mean, variance: count > 1 ? squares / (count - 1) : 0, count };
    });
    const se = Math.sqrt(
      stats[0]!.variance / stats[0]!.count + stats[1]!.variance / stats[1]!.count,
    );
    const difference = Math.abs(stats[1]!.mean - stats[0]!.mean);
    return se === 0 ? (difference === 0 ? 0 : Number.POSITIVE_INFINITY) : difference / se;
  });
  return scores
    .map((score, column) => ({ score, column }))
    .sort((a, b) => b.score - a.score || a.column - b.column)
    .slice(0, k)
    .map((item) => item.column)
    .sort((a, b) => a - b);
}

/** L2 logistic regression as an Estimator (name 'logistic'). */
export class L2LogisticRegression implements Estimator {
  readonly name = 'logistic';
  private state: LogisticState | null = null;
  private readonly rng: Rng;

  constructor(
    private readonly options: LogisticOptions = {},
    rng?: Rng,
  ) {
    this.rng = rng ?? createRng(options.seed ?? 0);
  }

  async fit(train: Dataset): Promise<void> {
    this.fitSync(train);
  }

  /** The fit itself, synchronous. */
  fitSync(train: Dataset): void {
    const labels = binaryLabels(train, this.name);
    const prepared = this.preprocess(train, labels);
    const innerLoss = this.options.c === undefined ? this.innerCrossValidation(train, labels) : [];
    const c = this.options.c ?? chooseC(innerLoss);
    const beta = fitPenalisedLogistic(prepared.x, labels, c, this.options.tolerance);
    const p = prepared.steps.featureNames.length;
    this.state = {
      ...prepared.steps,
      coef: Array.from(beta.subarray(0, p)),
      intercept: beta[p]!,
      c,
      innerLoss,
      imputedTrainingCells: prepared.imputed,
    };
  }

  /**
   * Learns imputation, standardisation and (with maxFeatures) selection from `train`, and
   * returns the training design on that scale.
   */
  private preprocess(
    train: Dataset,
    labels: Float64Array,
  ): {
    steps: Preprocessing;
    x: DesignMatrix;
    imputed: number;
  } {
    const names = [...(this.options.features ?? train.features.featureNames)];
    const raw = designMatrix(train.features, names);
    const imputationMeans = columnMeans(raw);
    const imputed = imputeMissing(raw, imputationMeans, names);
    const standardizer = fitStandardizer(raw);
    let x = standardize(raw, standardizer);
    let kept = names.map((_, k) => k);
    const maxFeatures = this.options.maxFeatures;
    if (maxFeatures !== undefined && maxFeatures < names.length) {
      kept = topFeaturesByWelchT(x, labels, maxFeatures);
      x = selectColumns(x, kept);
    }
    const steps: Preprocessing = {
      featureNames: kept.map((k) => names[k]!),
      mean: kept.map((k) => standardizer.mean[k]!),
      scale: kept.map((k) => standardizer.scale[k]!),
      imputationMeans: kept.map((k) => imputationMeans[k]!),
    };
    return { steps, x, imputed };
  }

  /**
   * Mean held-out log loss of each candidate C over inner stratified folds of the training
   * fold. Imputation, standardisation and feature selection are relearned on each inner
   * training part; the C path is fitted in ascending order, each fit warm-started from the
   * previous one.
   */
  private innerCrossValidation(train: Dataset, labels: Float64Array): LogisticState['innerLoss'] {
    let positives = 0;
    labels.forEach((label) => {
      positives += label;
    });
    const smaller = Math.min(positives, labels.length - positives);
    const folds = Math.min(this.options.innerFolds ?? 5, smaller);
    const grid = [...(this.options.cGrid ?? DEFAULT_C_GRID)].sort((a, b) => a - b);
    if (folds < 2) return grid.length === 1 ? [{ c: grid[0]!, logLoss: Number.NaN }] : [];
    const foldOf = stratifiedFoldOf(labels, folds, this.rng.fork('inner-folds'));

    const loss = new Float64Array(grid.length);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      foldOf.forEach((fold, s) => (fold === f ? testRows : trainRows).push(s));
      const innerTrain = subsetDataset(train, trainRows);
      const prepared = this.preprocess(innerTrain, innerTrain.labels!);
      const test = applyPreprocessing(subsetDataset(train, testRows).features, prepared.steps);
      let warm: Float64Array | undefined;
      grid.forEach((c, g) => {
        warm = fitPenalisedLogistic(
          prepared.x,
          innerTrain.labels!,
          c,
          this.options.tolerance,
          warm,
        );
        const p = test.columns;
        testRows.forEach((s, r) => {
          let eta = warm![p]!;
          for (let k = 0; k < p; k++) eta += test.values[r * p + k]! * warm![k]!;
          const probability = Math.min(Math.max(sigmoid(eta), 1e-15), 1 - 1e-15);
          loss[g] -=
            labels[s]! * Math.log(probability) + (1 - labels[s]!) * Math.log(1 - probability);
        });
      });
    }
    return grid.map((c, g) => ({ c, logLoss: loss[g]! / labels.length }));
  }

  /** Decision values: log odds of label 1, intercept + standardised x . coef. */
  decisionFunction(test: Dataset): Float64Array {
    const state = this.fitted();
    const x = applyPreprocessing(test.features, state);
    const p = x.columns;
    const decision = new Float64Array(x.rows);
    for (let s = 0; s < x.rows; s++) {
      let eta = state.intercept;
      for (let k = 0; k < p; k++) eta += x.values[s * p + k]! * state.coef[k]!;
      decision[s] = eta;
    }
    return decision;
  }

  async predictProba(test: Dataset): Promise<Float64Array> {
    return this.decisionFunction(test).map(sigmoid);
  }

  toJSON(): { method: 'logistic'; options: LogisticOptions; state: LogisticState | null } {
    return { method: 'logistic', options: this.options, state: this.state };
  }

  private fitted(): LogisticState {
    if (this.state === null) throw new Error('logistic: predict called before fit');
    return this.state;
  }
}

/** The C with the smallest inner log loss; ties go to the smaller C (stronger penalty). */
function chooseC(innerLoss: LogisticState['innerLoss']): number {
  if (innerLoss.length === 0) return 1;
  let best = innerLoss[0]!;
  for (const candidate of innerLoss) {
    if (candidate.logLoss < best.logLoss - 1e-12) best = candidate;
  }
  return best.c;
}

function selectColumns(x: DesignMatrix, columns: number[]): DesignMatrix {
  const values = new Float64Array(x.rows * columns.length);
  for (let s = 0; s < x.rows; s++) {
    columns.forEach((column, k) => {
      values[s * columns.length + k] = x.values[s * x.columns + column]!;
    });
  }
  return { rows: x.rows, columns: columns.length, values };
}
