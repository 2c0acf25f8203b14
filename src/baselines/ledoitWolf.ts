/**
 * Ledoit & Wolf (2004, J. Multivariate Analysis 88:365) shrinkage of a sample covariance
 * towards mu I (mu the mean variance), with the shrinkage intensity estimated from the data,
 * as scikit-learn's `ledoit_wolf` computes it (divisor n, data centred first).
 */
import type { DesignMatrix } from './design.js';

/** A shrunk covariance (row-major p x p) and the shrinkage intensity in [0, 1] used. */
export interface ShrunkCovariance {
  covariance: Float64Array;
  shrinkage: number;
}

/**
 * Ledoit-Wolf covariance of the rows of `matrix`: (1 - delta) S + delta mu I with S the
 * covariance (divisor n) and delta = min(beta, d2) / d2, where d2 = ||S - mu I||_F^2 / p and
 * beta = (sum_i ||x_i x_i^T - S||_F^2 / n^2) / p. One feature: no shrinkage.
 */
export function ledoitWolf(matrix: DesignMatrix): ShrunkCovariance {
  const { rows: n, columns: p } = matrix;
  const x = centred(matrix);
  const covariance = new Float64Array(p * p);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < p; i++) {
      const xi = x[s * p + i]!;
      for (let j = i; j < p; j++) covariance[i * p + j] += xi * x[s * p + j]!;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      covariance[i * p + j] /= n;
      covariance[j * p + i] = covariance[i * p + j]!;
    }
  }
  if (p === 1) return { covariance, shrinkage: 0 };

  let trace = 0;
  for (let i = 0; i < p; i++) trace += covariance[i * p + i]!;
  const mu = trace / p;

  // delta_ = ||X^T X||_F^2 / n^2 = ||S||_F^2 ; beta_ = sum_ij (sum_s x_si^2 x_sj^2)
  let deltaRaw = 0;
  for (const value of covariance) deltaRaw += value * value;
  let betaRaw = 0;
  const squares = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let s = 0; s < n; s++) sum += x[s * p + i]! ** 2 * x[s * p + j]! ** 2;
      betaRaw += sum;
    }
    for (let s = 0; s < n; s++) squares[i] += x[s * p + i]! ** 2;
  }
  const beta = (betaRaw / n - deltaRaw) / (p * n);
  const delta = (deltaRaw - 2 * mu * trace + p * mu * mu) / p;
  const bounded = Math.min(beta, delta);
  const shrinkage = bounded === 0 ? 0 : bounded / delta;

  const shrunk = new Float64Array(p * p);
  for (let k = 0; k < p * p; k++) shrunk[k] = (1 - shrinkage) * covariance[k]!;
  for (let i = 0; i < p; i++) shrunk[i * p + i] += shrinkage * mu;
  return { covariance: shrunk, shrinkage };
}

function centred(matrix: DesignMatrix): Float64Array {
  const { rows: n, columns: p, values } = matrix;
  const x = new Float64Array(values.length);
  for (let k = 0; k < p; k++) {
    let mean = 0;
    for (let s = 0; s < n; s++) mean += values[s * p + k]!;
    mean /= n;
    for (let s = 0; s < n; s++) x[s * p + k] = values[s * p + k]! - mean;
  }
  return x;
}
