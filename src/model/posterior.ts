/**
 * The fitted Gaussian variational posterior over the unconstrained parameters, on the host
 * (Float64): draws and log density. Covariance diag(s^2) + F^T F with F the R x D factor
 * (R = 0 for mean-field); log density by the Woodbury identity and the matrix determinant
 * lemma, so only R x R matrices are factorised.
 */
import type { Rng } from '../util/rng.js';

export interface GaussianPosterior {
  mean: Float64Array;
  logSd: Float64Array;
  /** R rows of length D, row-major. */
  factor: Float64Array;
  rank: number;
}

/** Draws `count` parameter vectors u ~ q, row-major [count, D]. */
export function drawPosterior(q: GaussianPosterior, count: number, rng: Rng): Float64Array {
  return transformNormals(q, count, standardNormals(count, q.mean.length, q.rank, rng));
}

/**
 * The standard normals `drawPosterior` takes from `rng` for `count` draws of a D-dimensional
 * posterior of rank R, in the order it uses them: per draw, R for the factor, then D.
 */
export function standardNormals(count: number, D: number, R: number, rng: Rng): Float64Array {
  const normals = new Float64Array(count * (R + D));
  for (let i = 0; i < normals.length; i++) normals[i] = rng.normal();
  return normals;
}

/**
 * Draws u = mean + sd e + F^T e2 from standard normals laid out as `standardNormals` gives
 * them (so drawPosterior(q, n, rng) = transformNormals(q, n, standardNormals(n, D, R, rng))).
 */
export function transformNormals(
  q: GaussianPosterior,
  count: number,
  normals: Float64Array,
): Float64Array {
  const D = q.mean.length;
  const R = q.rank;
  const draws = new Float64Array(count * D);
  const sd = q.logSd.map(Math.exp);
  for (let c = 0; c < count; c++) {
    const base = c * (R + D);
    for (let i = 0; i < D; i++) {
      let value = (q.mean[i] as number) + (sd[i] as number) * (normals[base + R + i] as number);
      for (let r = 0; r < R; r++) {
        value += (normals[base + r] as number) * (q.factor[r * D + i] as number);
      }
      draws[c * D + i] = value;
    }
  }
  return draws;
}

/** Cholesky factor (lower, row-major) of a small SPD matrix. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (l[j * n + k] as number) ** 2;
    l[j * n + j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < n; i++) {
      let value = a[i * n + j] as number;
      for (let k = 0; k < j; k++) value -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = value / (l[j * n + j] as number);
    }
  }
  return l;
}

/** log q(u) for each row of `draws` ([count, D]). */
export function logPosteriorDensity(q: GaussianPosterior, draws: Float64Array): Float64Array {
  const D = q.mean.length;
  const R = q.rank;
  const count = draws.length / D;
  const inverseVariance = q.logSd.map((x) => Math.exp(-2 * x));
  // C = I + F S^-2 F^T (R x R) and its Cholesky factor.
  const core = new Float64Array(R * R);
  for (let a = 0; a < R; a++) {
    for (let b = 0; b < R; b++) {
      let sum = a === b ? 1 : 0;
      for (let i = 0; i < D; i++) {
        sum +=
          (q.factor[a * D + i] as number) *
          (q.factor[b * D + i] as number) *
          (inverseVariance[i] as number);
      }
      core[a * R + b] = sum;
    }
  }
  const lower = cholesky(core, R);
  let logDet = 0;
  for (let i = 0; i < D; i++) logDet += 2 * (q.logSd[i] as number);
  for (let r = 0; r < R; r++) logDet += 2 * Math.log(lower[r * R + r] as number);
  const constant = -0.5 * (D * Math.log(2 * Math.PI) + logDet);

  const out = new Float64Array(count);
  const projected = new Float64Array(R);
  for (let c = 0; c < count; c++) {
    let quadratic = 0;
    projected.fill(0);
    for (let i = 0; i < D; i++) {
      const r = (draws[c * D + i] as number) - (q.mean[i] as number);
      const scaled = r * (inverseVariance[i] as number);
      quadratic += r * scaled;
      for (let a = 0; a < R; a++) projected[a]! += (q.factor[a * D + i] as number) * scaled;
    }
    // Subtract g^T C^-1 g with g = F S^-2 r, by forward substitution with the Cholesky factor.
    for (let a = 0; a < R; a++) {
      let value = projected[a] as number;
      for (let b = 0; b < a; b++) value -= (lower[a * R + b] as number) * (projected[b] as number);
      projected[a] = value / (lower[a * R + a] as number);
      quadratic -= (projected[a] as number) ** 2;
    }
    out[c] = constant - 0.5 * quadratic;
  }
  return out;
}
