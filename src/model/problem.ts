/**
 * A batch of variational fits as plain typed arrays (what both optimisers, the tfjs program
 * and the fused kernel, take in and give back), and the per-fit noise pools of their Monte
 * Carlo ELBO. Free of TensorFlow.js so that kernel worker threads load it cheaply.
 */
import type { ParameterLayout } from './layout.js';
import type { ModelSettings } from './settings.js';
import { createRng } from '../util/rng.js';

/** Inputs of a batch of variational fits (float32, row-major). */
export interface VariationalProblem {
  layout: ParameterLayout;
  settings: ModelSettings;
  batch: number;
  participants: number;
  /** [B, S, P] conditional moments of delta, [B, S] labels and training weights. */
  m: Float32Array;
  v: Float32Array;
  y: Float32Array;
  mask: Float32Array;
  /** log tau0 per fit. */
  logTau0: Float32Array;
  /** Initial variational parameters [B, 2 + R, D]: means, log SDs, then R factor rows. */
  init: Float32Array;
  /** A label per fit naming its noise stream; equal labels and seed give equal noise. */
  streams: string[];
  seed: number;
}

export interface VariationalResult {
  /** Final variational parameters [B, 2 + R, D]. */
  params: Float32Array;
  /** Windowed ELBO means per fit, one per `window` steps. */
  elboTrace: number[][];
  finalElbo: Float64Array;
  steps: Int32Array;
  converged: boolean[];
  /** Fits stopped because their ELBO stopped being finite (their last finite window is kept). */
  diverged: boolean[];
}

/** Length of each fit's noise pool for steps that take `chunk` normals (8 steps' worth). */
export function noisePoolSize(chunk: number): number {
  return Math.max(8 * chunk, 32768);
}

/** Per-fit pools [B, N] of standard normals, each from its own seeded stream (host values). */
export function noiseValues(
  problem: VariationalProblem,
  chunk: number,
  into?: Float32Array,
): { values: Float32Array; size: number } {
  const size = noisePoolSize(chunk);
  const values = into ?? new Float32Array(problem.batch * size);
  if (values.length !== problem.batch * size) {
    throw new RangeError(`noise pools need ${problem.batch * size} values, got ${values.length}`);
  }
  problem.streams.forEach((stream, b) => {
    const rng = createRng(problem.seed).fork(`noise/${stream}`);
    for (let i = 0; i < size; i++) values[b * size + i] = rng.normal();
  });
  return { values, size };
}
