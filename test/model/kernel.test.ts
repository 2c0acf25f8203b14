/**
 * The fused mean-field kernel against TensorFlow.js autodiff of the same Monte Carlo ELBO
 * (same noise, same parameters): the hand-derived gradient must equal the autodiff gradient.
 * Tolerance: tfjs computes in float32 (relative rounding ~1e-7 per op, sums over 40 x 30
 * terms), the kernel's matrix products too (WebAssembly SIMD) and the rest in float64, so
 * agreement to 1e-4 relative to the gradient's scale is what float32 allows; a wrong term in
 * the derivation, or a draw mixed up in the SIMD layout, gives errors of order 1.
 */
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { buildLayout } from '../../src/model/layout.js';
import { fusedElboGradient } from '../../src/model/meanFieldKernel.js';
import { resolveSettings, type ModelSettings } from '../../src/model/settings.js';
import { autodiffElboGradient, noiseValues, type VariationalProblem } from '../../src/model/vi.js';
import { createRng } from '../../src/util/rng.js';

function randomProblem(partial: Partial<ModelSettings>, seed: number): VariationalProblem {
  const settings = resolveSettings({ draws: 4, ...partial });
  const S = 40;
  const P = 30;
  const B = 2;
  const names = Array.from({ length: P }, (_, p) => `f${p}`);
  const layout = buildLayout(names, settings);
  const D = layout.size;
  const rng = createRng(seed);
  const m = Float32Array.from({ length: B * S * P }, () => rng.normal());
  const v = Float32Array.from({ length: B * S * P }, () => 0.05 + 0.3 * rng.uniform());
  const y = Float32Array.from({ length: B * S }, () =>
    settings.outcome === 'binary' ? (rng.uniform() < 0.5 ? 1 : 0) : rng.normal());
  const mask = Float32Array.from({ length: B * S }, (_, i) => (i % S === 3 ? 0 : 1));
  const init = new Float32Array(B * 2 * D);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < D; i++) {
      init[b * 2 * D + i] = 0.7 * rng.normal();
      init[b * 2 * D + D + i] = Math.log(0.05 + 0.3 * rng.uniform());
    }
  }
  return {
    layout, settings, batch: B, participants: S, m, v, y, mask,
    logTau0: new Float32Array(B), init, streams: ['a', 'b'], seed,
  };
}

const cases: Array<[string, Partial<ModelSettings>]> = [
  ['ARD prior, binary outcome', { prior: { kind: 'ard', shape: 1e-6, rate: 1e-6 } }],
  ['ARD prior, continuous outcome', { outcome: 'continuous' }],
  ['learned Gaussian scale, binary outcome', { prior: { kind: 'gaussian', scale: 'learned' } }],
  ['fixed Gaussian scale, continuous outcome',
    { outcome: 'continuous', prior: { kind: 'gaussian', scale: 2 } }],
  // 6 draws fill one and a half SIMD vectors: the padding draws must not leak into the gradient
  ['ARD prior, binary outcome, 6 draws', { draws: 6 }],
];

describe('fused mean-field kernel', () => {
  for (const [label, partial] of cases) {
    it(`has the autodiff ELBO and gradient (${label})`, async () => {
      await selectBackend();
      const problem = randomProblem(partial, 7);
      const chunk = problem.settings.draws * problem.layout.size;
      const noise = noiseValues(problem, chunk);
      const offset = 1234;
      const fused = fusedElboGradient(problem, problem.init, noise, offset);
      const auto = autodiffElboGradient(problem, problem.init, noise, offset);
      for (let b = 0; b < problem.batch; b++) {
        const difference = Math.abs(fused.elbo[b]! - auto.elbo[b]!);
        expect(difference).toBeLessThan(1e-5 * Math.abs(fused.elbo[b]!));
      }
      let scale = 0;
      for (const g of fused.grad) scale = Math.max(scale, Math.abs(g));
      let worst = 0;
      fused.grad.forEach((g, i) => { worst = Math.max(worst, Math.abs(g - auto.grad[i]!)); });
      expect(worst / scale).toBeLessThan(1e-4);
    });
  }
});
