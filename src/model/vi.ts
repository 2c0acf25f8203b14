/**
 * Variational inference for a batch of fits at once: a Gaussian family over the unconstrained
 * parameters (mean-field, or diagonal plus low rank), the reparameterised ELBO with K draws,
 * and Adam, all fits sharing one leading batch axis so that each step is a few large tensor
 * operations whatever the number of fits (leave-one-out folds, restarts, permutations).
 *
 * Each fit only sees its own data and noise stream and Adam is elementwise, so a fit gives the
 * same result alone or in a batch (up to float32 summation order). A fit stops (its parameters
 * freeze) by the rule of convergence.ts, or at the step cap. The ELBO and the window sums of the
 * parameters are read back to the host once per window only.
 *
 * References: Kucukelbir et al. 2017, ADVI, JMLR 18(14); Kingma & Ba 2015, Adam;
 * Ong, Nott & Smith 2018 (low-rank Gaussian variational family), doi:10.1080/10618600.2017.1390472.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParameterLayout } from './layout.js';
import { logJoint, type ModelData } from './model.js';
import type { ModelSettings } from './settings.js';
import { createRng } from '../util/rng.js';
import { noiseValues, type VariationalProblem, type VariationalResult } from './problem.js';
import { ConvergenceMonitor } from './convergence.js';
import { fusedKernelSupports } from './meanFieldKernel.js';
import { runFusedThreaded } from './kernelThreads.js';

export { noiseValues, type VariationalProblem, type VariationalResult } from './problem.js';

/** Number of covariance factor rows R of the family (0 for mean-field). */
export function factorRank(settings: ModelSettings): number {
  return settings.family === 'low-rank' ? Math.max(1, Math.floor(settings.rank)) : 0;
}

/**
 * log det of a batch of small symmetric positive definite matrices [B, R, R] by an unrolled
 * Cholesky factorisation (R is the family's rank, 1-8), returning [B].
 */
function logDetSmall(c: tf.Tensor3D, R: number): tf.Tensor1D {
  const at = (i: number, j: number): tf.Tensor1D =>
    tf.reshape(tf.slice(c, [0, i, j], [-1, 1, 1]), [-1]);
  const lower: tf.Tensor1D[][] = [];
  let logDet: tf.Tensor1D = tf.zerosLike(at(0, 0));
  for (let j = 0; j < R; j++) {
    lower.push([]);
    let diagonal = at(j, j);
    for (let k = 0; k < j; k++) diagonal = tf.sub(diagonal, tf.square(lower[j]![k]!));
    const ljj = tf.sqrt(diagonal);
    for (let i = 0; i <= j; i++) lower[j]!.push(ljj);
    logDet = tf.add(logDet, tf.mul(tf.log(ljj), 2));
    for (let i = j + 1; i < R; i++) {
      if (lower[i] === undefined) lower[i] = [];
      let value = at(i, j);
      for (let k = 0; k < j; k++) value = tf.sub(value, tf.mul(lower[i]![k]!, lower[j]![k]!));
      lower[i]![j] = tf.div(value, ljj);
    }
  }
  return logDet;
}

/** A variable from a fresh tensor, disposing that tensor (tf.variable copies, it would leak). */
function ownedVariable(initial: tf.Tensor, trainable: boolean): tf.Variable {
  const variable = tf.variable(initial, trainable);
  initial.dispose();
  return variable;
}

/** Makes the data tensors of a problem; the caller disposes them. */
export function modelDataTensors(problem: VariationalProblem): ModelData {
  const { batch: B, participants: S, layout } = problem;
  const P = layout.features;
  const data: ModelData = {
    m: tf.tensor3d(problem.m, [B, S, P]),
    v: tf.tensor3d(problem.v, [B, S, P]),
    y: tf.tensor3d(problem.y, [B, 1, S]),
    mask: tf.tensor3d(problem.mask, [B, 1, S]),
    logTau0: tf.tensor3d(problem.logTau0, [B, 1, 1]),
  };
  if (layout.localToFeature) {
    const L = (layout.logLocal as { length: number }).length;
    data.localToFeature = tf.tensor2d(layout.localToFeature, [L, P]);
  }
  return data;
}

export function disposeModelData(data: ModelData): void {
  tf.dispose([data.m, data.v, data.y, data.mask, data.logTau0]);
  if (data.localToFeature) data.localToFeature.dispose();
}

/** The noise pools as a [B, N] tensor. */
function noisePool(
  problem: VariationalProblem, chunk: number,
): { pool: tf.Tensor2D; size: number } {
  const { values, size } = noiseValues(problem, chunk);
  return { pool: tf.tensor2d(values, [problem.batch, size]), size };
}

/**
 * The negative summed ELBO of a batch as a function of the packed parameters [B, rows, D]
 * (draws from the pool at `offset`); each fit's ELBO is kept in `stash.elbo`.
 */
function negativeElbo(
  problem: VariationalProblem,
  data: ModelData,
  pool: tf.Tensor2D,
  offset: number,
  stash: { elbo?: tf.Tensor1D },
): (x: tf.Tensor) => tf.Scalar {
  const { layout, settings, batch: B } = problem;
  const D = layout.size;
  const R = factorRank(settings);
  const K = settings.draws;
  const chunk = K * (D + R);
  const entropyConstant = 0.5 * D * (1 + Math.log(2 * Math.PI));
  return (x: tf.Tensor) => {
    const params = x as tf.Tensor3D;
    const mean = tf.slice(params, [0, 0, 0], [-1, 1, -1]);
    const logSd = tf.slice(params, [0, 1, 0], [-1, 1, -1]);
    const noise = tf.reshape(tf.slice(pool, [0, offset], [-1, chunk]), [B, K, D + R]);
    let u = tf.add(mean, tf.mul(tf.exp(logSd), tf.slice(noise, [0, 0, 0], [-1, -1, D])));
    let entropy = tf.add(tf.sum(logSd, [1, 2]), entropyConstant);
    if (R > 0) {
      const factor = tf.slice(params, [0, 2, 0], [-1, R, -1]);
      u = tf.add(u, tf.matMul(tf.slice(noise, [0, 0, D], [-1, -1, R]), factor));
      const scaled = tf.mul(factor, tf.exp(tf.mul(logSd, -2)));
      const core = tf.add(tf.matMul(scaled, factor, false, true), tf.eye(R).expandDims(0));
      entropy = tf.add(entropy, tf.mul(logDetSmall(core as tf.Tensor3D, R), 0.5));
    }
    const elbo = tf.add(tf.mean(logJoint(u as tf.Tensor3D, layout, settings, data), 1), entropy);
    stash.elbo = tf.keep(elbo as tf.Tensor1D);
    return tf.neg(tf.sum(elbo)) as tf.Scalar;
  };
}

/** 0 where a log SD is held fixed (point estimates), 1 elsewhere: [1, rows, D]. */
function updateMask(layout: ParameterLayout, rows: number): tf.Tensor3D {
  const D = layout.size;
  const mask = new Float32Array(rows * D).fill(1);
  for (const block of layout.pointEstimates) {
    mask.fill(0, D + block.offset, D + block.offset + block.length);
  }
  return tf.tensor3d(mask, [1, rows, D]);
}

/** ELBO and its autodiff gradient for every fit at one pool offset (for tests). */
export function autodiffElboGradient(
  problem: VariationalProblem,
  params: Float32Array,
  noise: { values: Float32Array; size: number },
  offset: number,
): { elbo: Float32Array; grad: Float32Array } {
  const rows = 2 + factorRank(problem.settings);
  const data = modelDataTensors(problem);
  const pool = tf.tensor2d(noise.values, [problem.batch, noise.size]);
  const stash: { elbo?: tf.Tensor1D } = {};
  const grad = tf.tidy(() => {
    const x = tf.tensor3d(params, [problem.batch, rows, problem.layout.size]);
    const mask = updateMask(problem.layout, rows);
    return tf.mul(tf.neg(tf.grad(negativeElbo(problem, data, pool, offset, stash))(x)), mask);
  });
  const result = {
    elbo: stash.elbo!.dataSync() as Float32Array,
    grad: grad.dataSync() as Float32Array,
  };
  tf.dispose([grad, pool, stash.elbo!]);
  disposeModelData(data);
  return result;
}

/**
 * Runs Adam on the ELBO of every fit in the batch until each has converged or the step cap,
 * and returns the final (last-window averaged) variational parameters with the ELBO traces.
 * Mean-field fits with an ARD or Gaussian prior run on the fused kernel unless
 * `settings.engine` is 'tfjs'; everything else runs the TensorFlow.js autodiff program.
 * The fused kernel's fits are spread over up to `threads` threads (kernelThreads.ts; the same
 * results as one thread); the tfjs program runs on this thread.
 */
export async function runVariational(
  problem: VariationalProblem, threads: number,
): Promise<VariationalResult> {
  if (problem.settings.engine !== 'tfjs' && fusedKernelSupports(problem.settings)) {
    return runFusedThreaded(problem, threads);
  }
  return runAutodiffVariational(problem);
}

function runAutodiffVariational(problem: VariationalProblem): VariationalResult {
  const { layout, settings, batch: B } = problem;
  const D = layout.size;
  const R = factorRank(settings);
  const K = settings.draws;
  const rows = 2 + R;
  const chunk = K * (D + R);
  const data = modelDataTensors(problem);
  const { pool, size: poolSize } = noisePool(problem, chunk);
  const offsets = createRng(problem.seed).fork('offsets');
  const theta = ownedVariable(tf.tensor3d(problem.init, [B, rows, D]), true);
  const moment1 = ownedVariable(tf.zeros([B, rows, D]), false);
  const moment2 = ownedVariable(tf.zeros([B, rows, D]), false);
  const thetaSum = ownedVariable(tf.zeros([B, rows, D]), false);
  const elboSum = ownedVariable(tf.zeros([B]), false);
  const elboSquares = ownedVariable(tf.zeros([B]), false);
  const monitor = new ConvergenceMonitor(problem, rows);
  let active = tf.tensor3d(monitor.active, [B, 1, 1]);
  let stepScale = tf.tensor3d(monitor.stepScale, [B, 1, 1]);
  const mask = updateMask(layout, rows);

  const beta1 = 0.9;
  const beta2 = 0.999;
  const steps = new Int32Array(B);
  let step = 0;
  let windowCount = 0;
  while (step < settings.maxSteps && monitor.anyActive()) {
    step++;
    windowCount++;
    const offset = offsets.int(poolSize - chunk + 1);
    const correction =
      (settings.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    tf.tidy(() => {
      const stash: { elbo?: tf.Tensor1D } = {};
      const objective = negativeElbo(problem, data, pool, offset, stash);
      const { grad: rawGrad } = tf.valueAndGrad(objective)(theta);
      const grad = tf.mul(rawGrad, mask);
      const m1 = tf.add(tf.mul(moment1, beta1), tf.mul(grad, 1 - beta1));
      const m2 = tf.add(tf.mul(moment2, beta2), tf.mul(tf.square(grad), 1 - beta2));
      moment1.assign(tf.add(moment1, tf.mul(tf.sub(m1, moment1), active)));
      moment2.assign(tf.add(moment2, tf.mul(tf.sub(m2, moment2), active)));
      const update = tf.div(m1, tf.add(tf.sqrt(m2), 1e-8));
      theta.assign(tf.sub(theta, tf.mul(update, tf.mul(tf.mul(active, stepScale), correction))));
      thetaSum.assign(tf.add(thetaSum, theta));
      const elbo = stash.elbo as tf.Tensor1D;
      const activeElbo = tf.mul(elbo, tf.reshape(active, [B]));
      elboSum.assign(tf.add(elboSum, activeElbo));
      elboSquares.assign(tf.add(elboSquares, tf.square(activeElbo)));
      elbo.dispose();
    });
    for (let b = 0; b < B; b++) if (monitor.active[b]! > 0) steps[b]! += 1;
    if (step % settings.window !== 0 && step < settings.maxSteps) continue;

    monitor.endWindow(
      step, windowCount, elboSum.dataSync(), elboSquares.dataSync(), thetaSum.dataSync());
    windowCount = 0;
    tf.tidy(() => {
      elboSum.assign(tf.zerosLike(elboSum));
      elboSquares.assign(tf.zerosLike(elboSquares));
      thetaSum.assign(tf.zerosLike(thetaSum));
    });
    tf.dispose([active, stepScale]);
    active = tf.tensor3d(monitor.active, [B, 1, 1]);
    stepScale = tf.tensor3d(monitor.stepScale, [B, 1, 1]);
  }

  tf.dispose([
    theta, moment1, moment2, thetaSum, elboSum, elboSquares, active, stepScale, pool, mask,
  ]);
  disposeModelData(data);
  return monitor.result(steps);
}
