import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitModel } from '../../src/model/fit.js';
import { drawWeights } from '../../src/model/predict.js';

interface ArdFixture {
  x: number[]; y: number[]; n: number; p: number; coef: number[]; intercept: number; noiseSd: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/model/ard.json', import.meta.url), 'utf8'),
) as ArdFixture;

describe('Gaussian outcome with an ARD prior', () => {
  it('agrees with scikit-learn ARDRegression on the same data', async () => {
    // Reference: sklearn.linear_model.ARDRegression (defaults: Gamma(1e-6, 1e-6) hyperpriors),
    // test/fixtures/model/make_reference.py (ard). Same prior; sklearn maximises the evidence
    // over the precisions (type-II ML) while we integrate them under mean-field VI. The
    // coefficients' posterior SD is about noise/sqrt(n) = 0.08: we accept differences of one
    // posterior SD for the relevant coefficients and 0.05 for the pruned ones.
    const { n, p } = fixture;
    const table = {
      participantIds: Array.from({ length: n }, (_, i) => `p${i}`),
      featureNames: Array.from({ length: p }, (_, j) => `x${j}`),
      d: Float64Array.from(fixture.x),
      se: new Float64Array(n * p), // exact measurements: delta = d
    };
    const model = await fitModel(table, Float64Array.from(fixture.y), {
      settings: {
        outcome: 'continuous', pooling: 'none', prior: { kind: 'ard', shape: 1e-6, rate: 1e-6 },
        maxSteps: 1500, restarts: 1,
      },
      seed: 1,
      paretoK: false,
    });
    const draws = await drawWeights(model, 2000);
    const scaleY = model.outcomeScale!.scale;
    let intercept = model.outcomeScale!.center;
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let c = 0; c < draws.count; c++) mean += draws.w[c * p + j]! / draws.count;
      const coef = (mean * scaleY) / model.standardisation.scale[j]!;
      intercept -= coef * model.standardisation.center[j]!;
      const reference = fixture.coef[j]!;
      const tolerance = Math.abs(reference) > 0.1 ? 0.08 : 0.05;
      expect(Math.abs(coef - reference)).toBeLessThan(tolerance);
    }
    let alpha = 0;
    for (let c = 0; c < draws.count; c++) alpha += draws.alpha[c]! / draws.count;
    expect(Math.abs(intercept + alpha * scaleY - fixture.intercept)).toBeLessThan(0.08);
  });
});
