/**
 * The two-stage population level (src/model/population.ts): for each feature, the posterior
 * mode of (mu, log sigma) under d ~ N(mu, sigma^2 + se^2), mu ~ N(0, 1), sigma ~ HalfNormal(1).
 * Reference: the same log posterior, written here from the model's definition (docs/model.md),
 * maximised over mu in closed form (a precision-weighted mean) and over log sigma on a grid of
 * 200,001 points in [log 1e-3, log 10] refined by a parabola through the best three. The
 * golden-section search must find the same mode: 1e-6 in log sigma is far inside the grid's
 * resolution after refinement (~1e-9) and far outside the 60-iteration search's (~1e-12).
 */
import { describe, expect, it } from 'vitest';
import { estimatePopulation, standardisation } from '../../src/model/population.js';
import { createRng } from '../../src/util/rng.js';

function logPosterior(x: number[], se2: number[], logSigma: number): { value: number; mu: number } {
  const sigma2 = Math.exp(2 * logSigma);
  const w = se2.map((s) => 1 / (sigma2 + s));
  const precision = 1 + w.reduce((a, b) => a + b, 0);
  const mu = x.reduce((a, xi, i) => a + w[i]! * xi, 0) / precision;
  let value = -0.5 * mu * mu - 0.5 * sigma2 + logSigma;
  x.forEach((xi, i) => {
    const v = sigma2 + se2[i]!;
    value += -0.5 * Math.log(v) - (0.5 * (xi - mu) ** 2) / v;
  });
  return { value, mu };
}

describe('population level', () => {
  it('is the posterior mode of (mu, log sigma) for every feature', () => {
    const rng = createRng(12);
    const S = 39;
    const P = 4;
    const truth = [0.2, 0.8, 1.5, 0.05];
    const d = new Float64Array(S * P);
    const se = new Float64Array(S * P);
    for (let s = 0; s < S; s++) {
      for (let p = 0; p < P; p++) {
        se[s * P + p] = 0.2 + 0.6 * rng.uniform();
        d[s * P + p] = 0.3 + truth[p]! * rng.normal() + se[s * P + p]! * rng.normal();
      }
    }
    d[5 * P + 2] = Number.NaN; // a missing contrast is left out of its feature
    const table = {
      participantIds: Array.from({ length: S }, (_, s) => `s${s}`),
      featureNames: ['a', 'b', 'c', 'd'],
      d,
      se,
    };
    const rows = Array.from({ length: S }, (_, s) => s);
    const standard = standardisation(table, rows);
    const population = estimatePopulation(table, rows, standard);
    for (let p = 0; p < P; p++) {
      const x: number[] = [];
      const se2: number[] = [];
      for (let s = 0; s < S; s++) {
        if (Number.isNaN(d[s * P + p]!)) continue;
        x.push((d[s * P + p]! - standard.center[p]!) / standard.scale[p]!);
        se2.push((se[s * P + p]! / standard.scale[p]!) ** 2);
      }
      const lo = Math.log(1e-3);
      const hi = Math.log(10);
      const n = 200_000;
      let best = 0;
      let bestValue = -Infinity;
      const at = (k: number): number => lo + ((hi - lo) * k) / n;
      for (let k = 0; k <= n; k++) {
        const value = logPosterior(x, se2, at(k)).value;
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      const [f0, f1, f2] = [best - 1, best, best + 1].map((k) => logPosterior(x, se2, at(k)).value);
      const h = (hi - lo) / n;
      const vertex = at(best) + (0.5 * h * (f0! - f2!)) / (f0! - 2 * f1! + f2!);
      expect(Math.abs(Math.log(population.sigma[p]!) - vertex)).toBeLessThan(1e-6);
      expect(population.mu[p]).toBeCloseTo(logPosterior(x, se2, vertex).mu, 6);
    }
  });
});
