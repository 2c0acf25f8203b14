/**
 * Shrinkage linear discriminant analysis, the same fit as scikit-learn's
 * LinearDiscriminantAnalysis(solver='lsqr', shrinkage='auto'): each class's covariance is the
 * Ledoit-Wolf estimate on that class's standardised features, rescaled, and the within-class
 * covariance is their prior-weighted sum (priors = class shares of the training fold).
 */
import type { Dataset, Estimator } from '../model/estimator.js';
import {
  binaryLabels, columnMeans, designMatrix, fitStandardizer, imputeMissing, sigmoid,
  type DesignMatrix,
} from './design.js';
import { ledoitWolf } from './ledoitWolf.js';
import { solveSymmetric } from './linalg.js';

/** Options of the shrinkage LDA baseline. */
export interface ShrinkageLdaOptions {
  /** Features to use (all columns of the table when omitted). */
  features?: readonly string[];
}

/** The fitted state: the decision function is x . coef + intercept (log posterior odds). */
export interface ShrinkageLdaState {
  featureNames: string[];
  coef: number[];
  intercept: number;
  priors: [number, number];
  /** Training-fold means that replace missing contrasts (train and test alike). */
  imputationMeans: number[];
  imputedTrainingCells: number;
}

/**
 * Class covariance as sklearn's `_cov(X, 'auto')`: standardise the class's rows (divisor n),
 * Ledoit-Wolf on those, then scale back by the standard deviations.
 */
export function classCovariance(matrix: DesignMatrix): Float64Array {
  const p = matrix.columns;
  const standardizer = fitStandardizer(matrix);
  const z = new Float64Array(matrix.values.length);
  for (let s = 0; s < matrix.rows; s++) {
    for (let k = 0; k < p; k++) {
      z[s * p + k] = (matrix.values[s * p + k]! - standardizer.mean[k]!) / standardizer.scale[k]!;
    }
  }
  const { covariance } = ledoitWolf({ rows: matrix.rows, columns: p, values: z });
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      covariance[i * p + j] *= standardizer.scale[i]! * standardizer.scale[j]!;
    }
  }
  return covariance;
}

/** Shrinkage LDA as an Estimator (name 'lda'); predictProba is the LDA posterior of label 1. */
export class ShrinkageLda implements Estimator {
  readonly name = 'lda';
  private state: ShrinkageLdaState | null = null;

  constructor(private readonly options: ShrinkageLdaOptions = {}) {}

  async fit(train: Dataset): Promise<void> {
    const labels = binaryLabels(train, this.name);
    const featureNames = [...(this.options.features ?? train.features.featureNames)];
    const matrix = designMatrix(train.features, featureNames);
    const means = columnMeans(matrix);
    const imputed = imputeMissing(matrix, means, featureNames);
    const p = matrix.columns;

    const classMeans: Float64Array[] = [];
    const priors: number[] = [];
    const pooled = new Float64Array(p * p);
    for (const label of [0, 1]) {
      const rows: number[] = [];
      labels.forEach((value, s) => { if (value === label) rows.push(s); });
      const values = new Float64Array(rows.length * p);
      rows.forEach((s, r) => values.set(matrix.values.subarray(s * p, (s + 1) * p), r * p));
      const classMatrix = { rows: rows.length, columns: p, values };
      classMeans.push(Float64Array.from(columnMeans(classMatrix)));
      const prior = rows.length / labels.length;
      priors.push(prior);
      const covariance = classCovariance(classMatrix);
      for (let k = 0; k < p * p; k++) pooled[k] += prior * covariance[k]!;
    }

    // sklearn solves for each class's coefficients, then takes class 1 minus class 0.
    const perClass = classMeans.map((mean) => solveSymmetric(pooled, mean, p));
    const intercepts = perClass.map((coef, c) => {
      let quadratic = 0;
      for (let k = 0; k < p; k++) quadratic += classMeans[c]![k]! * coef[k]!;
      return -0.5 * quadratic + Math.log(priors[c]!);
    });
    const coef = Array.from({ length: p }, (_, k) => perClass[1]![k]! - perClass[0]![k]!);
    this.state = {
      featureNames,
      coef,
      intercept: intercepts[1]! - intercepts[0]!,
      priors: [priors[0]!, priors[1]!],
      imputationMeans: Array.from(means),
      imputedTrainingCells: imputed,
    };
  }

  /** Decision values x . coef + intercept (log posterior odds of label 1). */
  decisionFunction(test: Dataset): Float64Array {
    const state = this.fitted();
    const matrix = designMatrix(test.features, state.featureNames);
    imputeMissing(matrix, Float64Array.from(state.imputationMeans), state.featureNames);
    const p = matrix.columns;
    const decision = new Float64Array(matrix.rows);
    for (let s = 0; s < matrix.rows; s++) {
      let sum = state.intercept;
      for (let k = 0; k < p; k++) sum += matrix.values[s * p + k]! * state.coef[k]!;
      decision[s] = sum;
    }
    return decision;
  }

  async predictProba(test: Dataset): Promise<Float64Array> {
    return this.decisionFunction(test).map(sigmoid);
  }

  toJSON(): { method: 'lda'; options: ShrinkageLdaOptions; state: ShrinkageLdaState | null } {
    return { method: 'lda', options: this.options, state: this.state };
  }

  private fitted(): ShrinkageLdaState {
    if (this.state === null) throw new Error('lda: predict called before fit');
    return this.state;
  }
}
