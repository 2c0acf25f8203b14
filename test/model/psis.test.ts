import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGeneralizedPareto, paretoKHat } from '../../src/model/psis.js';
import { createRng } from '../../src/util/rng.js';

interface PsisFixture {
  cases: { trueK: number; sample: number[]; k: number; sigma: number; scipyMleK: number }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/model/psis.json', import.meta.url), 'utf8'),
) as PsisFixture;

describe('generalized Pareto fit (Zhang & Stephens 2009)', () => {
  it('matches the numpy implementation of the paper on samples of known shape', () => {
    // Expected values: test/fixtures/model/make_reference.py (psis), the same estimator in
    // float64 numpy; only summation order differs, hence 1e-9.
    for (const c of fixture.cases) {
      const fit = fitGeneralizedPareto(Float64Array.from(c.sample).sort());
      expect(fit.k).toBeCloseTo(c.k, 9);
      expect(fit.sigma).toBeCloseTo(c.sigma, 9);
    }
  });

  it('agrees with scipy maximum likelihood and the true shape within sampling error', () => {
    // 400 draws: the SD of a shape estimate is about (1 + k)/sqrt(n) = 0.06-0.1; the prior
    // pulls towards 0.5 by 10/(n + 10) of the distance. 0.1 covers both.
    for (const c of fixture.cases) {
      const fit = fitGeneralizedPareto(Float64Array.from(c.sample).sort());
      expect(Math.abs(fit.k - c.scipyMleK)).toBeLessThan(0.1);
      expect(Math.abs(fit.k - c.trueK)).toBeLessThan(0.1);
    }
  });
});

describe('PSIS k-hat', () => {
  it('is small for exact importance ratios and large for heavy-tailed ones', () => {
    const rng = createRng(1);
    // q = p: all ratios equal (up to noise), k-hat well below 0.5.
    const good = Float64Array.from({ length: 2000 }, () => 1e-3 * rng.normal());
    expect(paretoKHat(good)).toBeLessThan(0.5);
    // Ratios from q = N(0, 1) to p = N(0, 3^2): weights grow like exp(x^2 (1 - 1/9)/2); the
    // tail shape is 1 - 1/9 ~ 0.9 (Vehtari et al. 2024, sec. 3), far above 0.7.
    const heavy = Float64Array.from({ length: 2000 }, () => {
      const x = rng.normal();
      return (x * x * (1 - 1 / 9)) / 2 - Math.log(3);
    });
    expect(paretoKHat(heavy)).toBeGreaterThan(0.7);
  });
});
