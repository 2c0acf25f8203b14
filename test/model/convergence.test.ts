/**
 * The convergence rule (src/model/convergence.ts): a fit stopped by the predictive rule gives
 * the predictions of a fit run four times longer, on a posterior with a proper optimum
 * (Gaussian weight prior with a fixed scale, so the ELBO is bounded and its optimum unique).
 * Tolerance: the rule stops when no training participant's predictive moved by more than
 * 0.005 between window averages (after step-size halving on ELBO plateaus; at a constant step
 * size the window averages still move by 0.03-0.04). Measured: stopped at 1,000 of the 2,000
 * allowed steps, largest difference from the 4,000-step fit 0.028 (seed 2); the bound 0.05
 * allows for other seeds. Without the step-size halving the rule does not fire before the cap,
 * and a rule stopping at the first windows misses by 0.07-0.24 (the window changes above).
 */
import { describe, expect, it } from 'vitest';
import { fitModel } from '../../src/model/fit.js';
import { predict } from '../../src/model/predict.js';
import type { ModelSettings } from '../../src/model/settings.js';
import { simulateFeatureCohort } from '../../src/simulate/featureCohort.js';

describe('predictive convergence rule', () => {
  it('stops early with the predictions of a fit run four times longer', async () => {
    const cohort = simulateFeatureCohort({ participants: 30, features: 20, effect: 1.5, seed: 4 });
    const settings: Partial<ModelSettings> = {
      prior: { kind: 'gaussian', scale: 1 }, restarts: 1, tolerance: 0, predictiveTolerance: 0.005,
    };
    const stopped = await fitModel(cohort.table, cohort.labels, {
      seed: 2, paretoK: false, settings,
    });
    expect(stopped.diagnostics.converged).toBe(true);
    const steps = stopped.diagnostics.steps;
    const long = await fitModel(cohort.table, cohort.labels, {
      seed: 2, paretoK: false,
      settings: { ...settings, predictiveTolerance: 0, maxSteps: 4 * steps, minSteps: 4 * steps },
    });
    const a = (await predict(stopped, cohort.table)).mean;
    const b = (await predict(long, cohort.table)).mean;
    let worst = 0;
    a.forEach((p, s) => { worst = Math.max(worst, Math.abs(p - b[s]!)); });
    expect(steps).toBeLessThan(2000);
    expect(worst).toBeLessThan(0.05);
  });

  it('stops a diverging fit at its last finite window, with a warning', async () => {
    // Adam at a step size of 1.2 overflows the ELBO of this ARD fit after many finite windows
    // (measured with seed 2: at step 1,470); the fit must come back usable and say so.
    const cohort = simulateFeatureCohort({ participants: 40, features: 30, effect: 1.5, seed: 1 });
    const warnings: string[] = [];
    const logger = {
      info: () => undefined, debug: () => undefined, progress: () => undefined,
      warn: (message: string) => { warnings.push(message); },
      error: () => undefined,
    };
    const model = await fitModel(cohort.table, cohort.labels, {
      seed: 2, paretoK: false, logger,
      settings: { restarts: 1, learningRate: 1.2, window: 10, maxSteps: 3000, minSteps: 3000 },
    });
    expect(model.diagnostics.steps).toBeLessThan(3000);
    expect(model.diagnostics.elboTrace.length).toBeGreaterThan(10);
    expect(model.diagnostics.converged).toBe(false);
    expect(warnings.some((w) => w.includes('last finite window'))).toBe(true);
    const trace = model.diagnostics.elboTrace;
    expect(Number.isFinite(model.diagnostics.finalElbo)).toBe(true);
    expect(model.diagnostics.finalElbo).toBe(trace[trace.length - 1]);
    expect(model.variational.mean.every(Number.isFinite)).toBe(true);
    expect(model.variational.logSd.every(Number.isFinite)).toBe(true);
    const probabilities = (await predict(model, cohort.table)).mean;
    expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});
