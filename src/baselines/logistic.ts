/**
 * L2-penalised logistic regression on training-fold-standardised features, with the penalty
 * chosen by an inner stratified cross-validation on the training fold only (nested CV).
 * The objective is scikit-learn's LogisticRegression(penalty='l2', C):
 * sum_i logloss(y_i, b + x_i . w) + ||w||^2 / (2 C), intercept b not penalised, minimised
 * here by Newton's method with backtracking to a gradient norm below `tolerance`. With more
 * features than rows each Newton step is solved in the rows' dimension (wideNewtonStep).
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
import { choleskySolve } from './linalg.js';
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

/**
 * Newton's method for the penalised logistic objective on `x` (already standardised).
 * Returns [w_1..w_p, b]. Converges from zero (or from `start`) for any C > 0 because the
 * objective is strictly
 * convex (the penalty for w, and the Bernoulli curvature for b).
 */
export function fitPenalisedLogistic(
  x: DesignMatrix,
  labels: Float64Array,
  c: number,
  tolerance = 1e-10,
  start?: Float64Array,
): Float64Array {
  const { rows: n, columns: p } = x;
  const q = p + 1;
  // A warm start (the solution at a nearby C) only shortens the path to the same optimum.
  let beta = start === undefined ? new Float64Array(q) : Float64Array.from(start);
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const eta = linear(x, s, b);
      loss += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - labels[s]! * eta;
    }
    let penalty = 0;
    for (let k = 0; k < p; k++) penalty += b[k]! ** 2;
    return loss + penalty / (2 * c);
  };

  let current = objective(beta);
  const system = p > n ? wideNewtonSystem(x, labels, c) : primalNewtonSystem(x, labels, c);
  for (let iteration = 0; iteration < 200; iteration++) {
    const { gradient, solve } = system(beta);
    let gradientNorm = 0;
    for (const g of gradient) gradientNorm = Math.max(gradientNorm, Math.abs(g));
    if (gradientNorm < tolerance) break;
    const step = solve();
    if (step === null) throw new Error('logistic: Hessian not positive definite');
    // Near the optimum the decrease falls below the objective's rounding error, so an increase
    // within that noise still accepts the (quadratically convergent) Newton step.
    const noise = 1e-13 * Math.max(1, Math.abs(current));
    let size = 1;
    let candidate = beta;
    let value = current;
    for (let halving = 0; halving < 60; halving++) {
      candidate = beta.map((b, k) => b - size * step[k]!);
      value = objective(candidate);
      if (value <= current + noise) break;
      size /= 2;
    }
    if (value > current + noise) break;
    let stepNorm = 0;
    let betaNorm = 0;
    for (let k = 0; k < q; k++) {
      stepNorm = Math.max(stepNorm, Math.abs(size * step[k]!));
      betaNorm = Math.max(betaNorm, Math.abs(beta[k]!));
    }
    beta = candidate;
    current = value;
    if (stepNorm <= 1e-15 * Math.max(1, betaNorm)) break;
  }
  return beta;
}

/** The gradient at beta and a solver for the Newton step H^-1 g (null if H is not SPD). */
type NewtonSystem = (beta: Float64Array) => {
  gradient: Float64Array;
  solve: () => Float64Array | null;
};

/** From the full (p + 1) x (p + 1) Hessian, for p <= n: O(n p^2 + p^3) per step. */
function primalNewtonSystem(x: DesignMatrix, labels: Float64Array, c: number): NewtonSystem {
  const { rows: n, columns: p } = x;
  const q = p + 1;
  // Rows with a trailing 1 for the intercept, so the Hessian loop has no branch.
  const augmented = new Float64Array(n * q);
  for (let s = 0; s < n; s++) {
    augmented.set(x.values.subarray(s * p, (s + 1) * p), s * q);
    augmented[s * q + p] = 1;
  }
  return (beta) => {
    const gradient = new Float64Array(q);
    const hessian = new Float64Array(q * q);
    for (let s = 0; s < n; s++) {
      const probability = sigmoid(linear(x, s, beta));
      const residual = probability - labels[s]!;
      const weight = probability * (1 - probability);
      const row = s * q;
      for (let i = 0; i < q; i++) {
        const xi = augmented[row + i]!;
        gradient[i] += residual * xi;
        const weighted = weight * xi;
        const base = i * q;
        for (let j = 0; j <= i; j++) hessian[base + j] += weighted * augmented[row + j]!;
      }
    }
    for (let k = 0; k < p; k++) {
      gradient[k] += beta[k]! / c;
      hessian[k * q + k] += 1 / c;
    }
    for (let i = 0; i < q; i++)
      for (let j = 0; j < i; j++) hessian[j * q + i] = hessian[i * q + j]!;
    return { gradient, solve: () => choleskySolve(hessian, gradient, q) };
  };
}

/** G = X X^T (n x n) of the rows of x. */
function rowGram(x: DesignMatrix): Float64Array {
  const { rows: n, columns: p, values } = x;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += values[i * p + k]! * values[j * p + k]!;
      gram[i * n + j] = sum;
      gram[j * n + i] = sum;
    }
  }
  return gram;
}

/**
 * Gradient and Newton step for p > n in O(n^2 p + n^3) instead of O(n p^2 + p^3): with
 * omega = p(1 - p), Omega = sum omega, eliminating the unpenalised intercept leaves
 * (I / C + X^T M X) dw = h, M = diag(omega) - omega omega^T / Omega, h = g_w - X^T omega g_b /
 * Omega. M = B^T B with B = (I - s s^T) diag(sqrt omega), s = sqrt(omega / Omega), so by the
 * Woodbury identity dw = C h - C^2 X^T B^T (I + C B G B^T)^-1 B X h with G = X X^T, an n x n
 * positive definite solve; then db = (g_b - omega^T X dw) / Omega. Same step as the primal
 * Hessian's, up to rounding.
 */
function wideNewtonSystem(x: DesignMatrix, labels: Float64Array, c: number): NewtonSystem {
  const gram = rowGram(x);
  return (beta) => {
    const gradient = wideGradient(x, labels, c, beta);
    return { gradient: gradient.gradient, solve: () => wideNewtonStep(x, c, gram, gradient) };
  };
}

/** Gradient at beta, with the weights omega = p (1 - p) and their sum the step needs. */
function wideGradient(
  x: DesignMatrix,
  labels: Float64Array,
  c: number,
  beta: Float64Array,
): { gradient: Float64Array; omega: Float64Array; total: number } {
  const { rows: n, columns: p, values } = x;
  const gradient = new Float64Array(p + 1);
  const omega = new Float64Array(n);
  let gB = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const probability = sigmoid(linear(x, s, beta));
    const residual = probability - labels[s]!;
    omega[s] = probability * (1 - probability);
    total += omega[s]!;
    gB += residual;
    for (let k = 0; k < p; k++) gradient[k] += residual * values[s * p + k]!;
  }
  for (let k = 0; k < p; k++) gradient[k] += beta[k]! / c;
  gradient[p] = gB;
  return { gradient, omega, total };
}

function wideNewtonStep(
  x: DesignMatrix,
  c: number,
  gram: Float64Array,
  { gradient, omega, total }: { gradient: Float64Array; omega: Float64Array; total: number },
): Float64Array | null {
  const { rows: n, columns: p, values } = x;
  const gB = gradient[p]!;
  if (!(total > 1e-300)) return null;

  // h = g_w - X^T omega g_b / Omega
  const h = Float64Array.from(gradient.subarray(0, p));
  for (let s = 0; s < n; s++) {
    const weight = (omega[s]! * gB) / total;
    for (let k = 0; k < p; k++) h[k] -= values[s * p + k]! * weight;
  }
  const root = omega.map(Math.sqrt);
  const unit = root.map((r) => r / Math.sqrt(total));
  // B t = D t - s (s^T D t) with D = diag(sqrt omega)
  const applyB = (t: Float64Array): Float64Array => {
    const dt = t.map((value, s) => value * root[s]!);
    let projection = 0;
    for (let s = 0; s < n; s++) projection += unit[s]! * dt[s]!;
    return dt.map((value, s) => value - unit[s]! * projection);
  };
  // I + C B G B^T, with B G B^T = Q - s q^T - q s^T + (s^T q) s s^T, Q = D G D, q = Q s
  const core = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) core[i * n + j] = root[i]! * gram[i * n + j]! * root[j]!;
  }
  const qs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) qs[i] += core[i * n + j]! * unit[j]!;
  }
  let alpha = 0;
  for (let i = 0; i < n; i++) alpha += unit[i]! * qs[i]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const projected =
        core[i * n + j]! - unit[i]! * qs[j]! - qs[i]! * unit[j]! + alpha * unit[i]! * unit[j]!;
      core[i * n + j] = (i === j ? 1 : 0) + c * projected;
    }
  }
  const xh = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += values[s * p + k]! * h[k]!;
    xh[s] = sum;
  }
  const z = choleskySolve(core, applyB(xh), n);
  if (z === null) return null;
  // B^T z = D (z - s (s^T z))
  let projection = 0;
  for (let s = 0; s < n; s++) projection += unit[s]! * z[s]!;
  const btz = z.map((value, s) => root[s]! * (value - unit[s]! * projection));
  const step = new Float64Array(p + 1);
  for (let k = 0; k < p; k++) step[k] = c * h[k]!;
  for (let s = 0; s < n; s++) {
    const weight = c * c * btz[s]!;
    for (let k = 0; k < p; k++) step[k] -= values[s * p + k]! * weight;
  }
  let omegaXdw = 0;
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += values[s * p + k]! * step[k]!;
    omegaXdw += omega[s]! * sum;
  }
  step[p] = (gB - omegaXdw) / total;
  return step;
}

function linear(x: DesignMatrix, s: number, beta: Float64Array): number {
  const p = x.columns;
  let eta = beta[p]!;
  for (let k = 0; k < p; k++) eta += x.values[s * p + k]! * beta[k]!;
  return eta;
}

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
