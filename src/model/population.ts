/**
 * Host-side (Float64) preparation of a fit: the training cohort's standardisation of each
 * feature, and the population level (mu[p], sigma[p]) of the hierarchical model.
 *
 * The population level is estimated by its posterior mode (mu ~ N(0, 1), sigma ~ HalfNormal(1),
 * mode taken over mu and log sigma) from the marginal likelihood d[s,p] ~ N(mu[p], sigma[p]^2 +
 * se[s,p]^2), in which delta is integrated out in closed form. The outcome model then sees the
 * conditional moments of each true contrast given its measurement (see `conditionalMoments`).
 * Why a plug-in rather than a variational factor: docs/model.md ("two-stage population level").
 */
import type { FeatureTable } from '../features/types.js';

/** Per-feature training mean and SD of d, applied to d and se before modelling. */
export interface Standardisation {
  center: Float64Array;
  scale: Float64Array;
}

/** Population level per feature, on the standardised scale. */
export interface Population {
  mu: Float64Array;
  sigma: Float64Array;
  /** Posterior SD of mu at the mode (curvature of the log posterior in mu). */
  muSd: Float64Array;
}

/** Training-row mean and SD (n - 1) of each feature's d, ignoring NaN; SD 0 becomes 1. */
export function standardisation(table: FeatureTable, rows: ArrayLike<number>): Standardisation {
  const P = table.featureNames.length;
  const center = new Float64Array(P);
  const scale = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    let n = 0;
    let sum = 0;
    for (let i = 0; i < rows.length; i++) {
      const value = table.d[(rows[i] as number) * P + p] as number;
      if (Number.isNaN(value)) continue;
      n++;
      sum += value;
    }
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) {
      const value = table.d[(rows[i] as number) * P + p] as number;
      if (!Number.isNaN(value)) squares += (value - mean) ** 2;
    }
    const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    center[p] = mean;
    scale[p] = sd > 1e-12 ? sd : 1;
  }
  return { center, scale };
}

/** Log posterior of log sigma with mu profiled out (mu | sigma is Gaussian, closed form). */
function profileLogPosterior(
  x: Float64Array,
  se2: Float64Array,
  count: number,
  logSigma: number,
): { value: number; mu: number; precision: number } {
  const sigma2 = Math.exp(2 * logSigma);
  let precision = 1; // mu ~ N(0, 1)
  let weighted = 0;
  for (let i = 0; i < count; i++) {
    const w = 1 / (sigma2 + (se2[i] as number));
    precision += w;
    weighted += w * (x[i] as number);
  }
  const mu = weighted / precision;
  let value = -0.5 * mu * mu - 0.5 * sigma2 + logSigma; // priors, Jacobian of log sigma
  for (let i = 0; i < count; i++) {
    const v = sigma2 + (se2[i] as number);
    value += -0.5 * Math.log(v) - (0.5 * ((x[i] as number) - mu) ** 2) / v;
  }
  return { value, mu, precision };
}

/**
 * Posterior mode of (mu[p], log sigma[p]) for each feature from the training rows, on the
 * standardised scale; golden-section search over log sigma in [log 1e-3, log 10] (the profile
 * is unimodal in practice; 60 iterations give 1e-11 relative precision in sigma).
 */
export function estimatePopulation(
  table: FeatureTable,
  rows: ArrayLike<number>,
  standard: Standardisation,
): Population {
  const P = table.featureNames.length;
  const mu = new Float64Array(P);
  const sigma = new Float64Array(P);
  const muSd = new Float64Array(P);
  const x = new Float64Array(rows.length);
  const se2 = new Float64Array(rows.length);
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let p = 0; p < P; p++) {
    let count = 0;
    const scale = standard.scale[p] as number;
    for (let i = 0; i < rows.length; i++) {
      const k = (rows[i] as number) * P + p;
      const value = table.d[k] as number;
      if (Number.isNaN(value)) continue;
      x[count] = (value - (standard.center[p] as number)) / scale;
      se2[count] = ((table.se[k] as number) / scale) ** 2;
      count++;
    }
    // Golden-section search: each iteration keeps one interior point and its value.
    let low = Math.log(1e-3);
    let high = Math.log(10);
    let a = high - golden * (high - low);
    let b = low + golden * (high - low);
    let valueA = profileLogPosterior(x, se2, count, a).value;
    let valueB = profileLogPosterior(x, se2, count, b).value;
    for (let iteration = 0; iteration < 60; iteration++) {
      if (valueA < valueB) {
        low = a;
        a = b;
        valueA = valueB;
        b = low + golden * (high - low);
        valueB = profileLogPosterior(x, se2, count, b).value;
      } else {
        high = b;
        b = a;
        valueB = valueA;
        a = high - golden * (high - low);
        valueA = profileLogPosterior(x, se2, count, a).value;
      }
    }
    const best = profileLogPosterior(x, se2, count, (low + high) / 2);
    mu[p] = best.mu;
    sigma[p] = Math.exp((low + high) / 2);
    muSd[p] = 1 / Math.sqrt(best.precision);
  }
  return { mu, sigma, muSd };
}

/**
 * Moments of the true contrast given its measurement, delta | d ~ N(m, v), on the standardised
 * scale: with r = se^2/(sigma^2 + se^2), m = d - r (d - mu) and v = sigma^2 r (Gaussian
 * conjugacy). A missing d (NaN) gives the population prior, m = mu and v = sigma^2. With no
 * pooling (flat population prior) m = d and v = se^2.
 */
export function conditionalMoments(
  table: FeatureTable,
  rows: ArrayLike<number>,
  standard: Standardisation,
  population: Population | undefined,
): { m: Float64Array; v: Float64Array } {
  const P = table.featureNames.length;
  const m = new Float64Array(rows.length * P);
  const v = new Float64Array(rows.length * P);
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i] as number;
    for (let p = 0; p < P; p++) {
      const scale = standard.scale[p] as number;
      const raw = table.d[s * P + p] as number;
      const x = (raw - (standard.center[p] as number)) / scale;
      const se2 = ((table.se[s * P + p] as number) / scale) ** 2;
      const k = i * P + p;
      if (population === undefined) {
        m[k] = Number.isNaN(raw) ? 0 : x;
        v[k] = Number.isNaN(raw) ? 1 : se2;
        continue;
      }
      const mu = population.mu[p] as number;
      const sigma2 = (population.sigma[p] as number) ** 2;
      if (Number.isNaN(raw)) {
        m[k] = mu;
        v[k] = sigma2;
        continue;
      }
      const r = se2 / (sigma2 + se2);
      m[k] = x - r * (x - mu);
      v[k] = sigma2 * r;
    }
  }
  return { m, v };
}
