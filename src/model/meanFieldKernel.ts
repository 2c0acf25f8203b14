/**
 * A fused ELBO-and-gradient kernel for the mean-field family with the ARD or Gaussian weight
 * prior, and the Adam loop around it, in JavaScript and WebAssembly SIMD. It computes the
 * same Monte Carlo ELBO as the TensorFlow.js program (vi.ts + model.ts: the same noise pool and
 * offsets, the same log joint with delta integrated out), with the gradient derived by hand;
 * test/model/kernel.test.ts checks it against tfjs autodiff.
 *
 * Why: at this model's size the tfjs WASM kernels (batched matMul, strided slices, broadcast
 * multiplies) and ~260 kernel launches per step cost ~3 ms per fit-step even when 40 fits share
 * one batch; the fused loop does the same arithmetic with no intermediate tensors (docs/model.md).
 *
 * Gradient (per draw, u = unconstrained parameters, w[p] = z[p] * scale[p]):
 *   eta_mean[s] = alpha + sum_p w[p] m[s,p],  eta_var[s] = sum_p w[p]^2 v[s,p];
 *   Bernoulli (MacKay): a = sign * eta_mean * t^-1/2, t = 1 + pi eta_var / 8, l = log sigmoid(a),
 *     dl/deta_mean = sigmoid(-a) sign t^-1/2,
 *     dl/deta_var = -sigmoid(-a) sign eta_mean t^-3/2 pi/16;
 *   Gaussian: V = sigma_y^2 + eta_var, r = y - eta_mean, l = -log V / 2 - r^2 / (2V) - log(2 pi)/2,
 *     dl/deta_mean = r / V, dl/dV = -1/(2V) + r^2/(2V^2);
 *   dl/dw[p] = sum_s g_mean[s] m[s,p] + 2 w[p] sum_s g_var[s] v[s,p];
 *   ARD: scale = exp(-u_a / 2), dl/du_a = -dl/dw * w / 2; learned Gaussian scale: exp(u_tau).
 * Reparameterisation: u = mean + exp(logSd) eps, dELBO/dmean = E[g],
 * dELBO/dlogSd = E[g eps sd] + 1.
 *
 * The array work of each step runs in WebAssembly SIMD (wasm/meanFieldKernel.wat): the two
 * [S, P] x [P, K] products (float32, four draws per vector), the exponentials of the ARD scales
 * and variational SDs, the reparameterisation, the gradient reduction over draws and the Adam
 * update (float64, bit-identical to the scalar loops they replaced); the likelihood and the
 * gradient assembly stay in float64 JavaScript.
 */
import type { ParameterLayout } from './layout.js';
import { logGamma } from '../util/logGamma.js';
import type { ModelSettings } from './settings.js';
import { ConvergenceMonitor } from './convergence.js';
import {
  noisePoolSize,
  noiseValues,
  type VariationalProblem,
  type VariationalResult,
} from './problem.js';
import { createRng } from '../util/rng.js';
import { createKernelArena, type KernelArena } from './wasm/kernelArena.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Whether the fused kernel implements these settings (otherwise tfjs autodiff runs). */
export function fusedKernelSupports(settings: ModelSettings): boolean {
  return settings.family === 'mean-field' && settings.prior.kind !== 'horseshoe';
}

/** log(1 + exp(x)) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Work buffers of one kernel, reused across fits and steps (no per-step allocation): the
 * WebAssembly arena (moments, noise pools, variational parameters and Adam state of every fit,
 * per-draw buffers) and two float64 per-draw arrays (row-major K x P) kept in JavaScript.
 */
interface Workspace {
  w: Float64Array;
  scale: Float64Array;
  arena: KernelArena;
}

/**
 * A workspace whose arena holds every fit of the problem: moments, training masks, the initial
 * parameters and the noise pools: `noise` when given (one pool of `noise.size` values per fit),
 * else the problem's own seeded pools, drawn straight into the arena.
 */
function workspace(
  problem: VariationalProblem,
  noise?: { values: Float32Array; size: number },
): Workspace {
  const { layout, settings, batch: B, participants: S } = problem;
  const D = layout.size;
  const P = layout.features;
  const K = settings.draws;
  const arena = createKernelArena({
    fits: B,
    participants: S,
    features: P,
    draws: K,
    parameters: D,
    poolSize: noise?.size ?? noisePoolSize(K * D),
  });
  const SP = S * P;
  for (let b = 0; b < B; b++) {
    arena.setFit(
      b,
      problem.m.subarray(b * SP, (b + 1) * SP),
      problem.v.subarray(b * SP, (b + 1) * SP),
      problem.mask.subarray(b * S, (b + 1) * S),
    );
  }
  if (noise === undefined) noiseValues(problem, K * D, arena.noise);
  else arena.noise.set(noise.values);
  arena.theta.set(problem.init);
  return { w: new Float64Array(K * P), scale: new Float64Array(K * P), arena };
}

/** One fit: its index in the arena, [S] labels and training mask. */
interface FitData {
  index: number;
  y: Float32Array;
  mask: Float32Array;
}

function fitData(problem: VariationalProblem, b: number): FitData {
  const S = problem.participants;
  return {
    index: b,
    y: problem.y.subarray(b * S, (b + 1) * S),
    mask: problem.mask.subarray(b * S, (b + 1) * S),
  };
}

/**
 * Weights w = z * scale of each draw in the arena's u (into ws.w, ws.scale, and w, w^2 in the
 * arena's [P, stride] layout) for the non-horseshoe priors.
 */
function drawWeights(
  layout: ParameterLayout,
  settings: ModelSettings,
  ws: Workspace,
  K: number,
): void {
  const P = layout.features;
  const D = layout.size;
  const prior = settings.prior;
  const ard = prior.kind === 'ard';
  const aOffset = layout.logPrecision ? layout.logPrecision.offset : 0;
  const zOffset = layout.z.offset;
  const { scale, w, arena } = ws;
  const { u, stride, w: arenaW, w2: arenaW2, expScratch } = arena;
  if (ard) {
    for (let k = 0; k < K; k++) {
      for (let p = 0; p < P; p++) expScratch[k * P + p] = -0.5 * (u[k * D + aOffset + p] as number);
    }
    arena.exp(K * P);
  }
  for (let k = 0; k < K; k++) {
    let shared = 0;
    if (prior.kind === 'gaussian') {
      shared =
        prior.scale === 'learned'
          ? (u[k * D + (layout.logTau as { offset: number }).offset] as number)
          : Math.log(prior.scale);
    }
    const sharedScale = Math.exp(shared);
    const base = k * D;
    const kp = k * P;
    for (let p = 0; p < P; p++) {
      const scaleP = ard ? (expScratch[kp + p] as number) : sharedScale;
      const wp = (u[base + zOffset + p] as number) * scaleP;
      scale[kp + p] = scaleP;
      w[kp + p] = wp;
      arenaW[p * stride + k] = wp;
      arenaW2[p * stride + k] = wp * wp;
    }
  }
}

/**
 * Log likelihood of the training labels summed over the K draws in the arena's u, with its
 * gradient with respect to each draw's eta mean and variance (the arena's gMean, gVar,
 * [S, stride]).
 */
function logLikelihoods(
  layout: ParameterLayout,
  settings: ModelSettings,
  data: FitData,
  ws: Workspace,
  K: number,
): number {
  const D = layout.size;
  const S = data.y.length;
  const { arena } = ws;
  const { eta, etaVar, gMean, gVar, stride } = arena;
  const binary = settings.outcome === 'binary';
  arena.forward(data.index);
  let total = 0;
  for (let s = 0; s < S; s++) {
    const weight = data.mask[s] as number;
    const row = s * stride;
    if (weight === 0) {
      for (let k = 0; k < K; k++) gMean[row + k] = gVar[row + k] = 0;
      continue;
    }
    for (let k = 0; k < K; k++) {
      const mean = (ws.arena.u[k * D + layout.alpha.offset] as number) + (eta[row + k] as number);
      const variance = etaVar[row + k] as number;
      if (binary) {
        const sign = 2 * (data.y[s] as number) - 1;
        const t = 1 + (Math.PI / 8) * variance;
        const kappa = 1 / Math.sqrt(t);
        const a = sign * mean * kappa;
        total -= weight * softplus(-a);
        const dA = weight / (1 + Math.exp(a));
        gMean[row + k] = dA * sign * kappa;
        gVar[row + k] = (-dA * sign * mean * kappa * Math.PI) / (16 * t);
      } else {
        const logSigmaY = ws.arena.u[
          k * D + (layout.logSigmaY as { offset: number }).offset
        ] as number;
        const sigmaY = Math.exp(logSigmaY);
        const v = sigmaY * sigmaY + variance;
        const r = (data.y[s] as number) - mean;
        total -= weight * (0.5 * Math.log(v) + (r * r) / (2 * v) + HALF_LOG_2PI);
        gMean[row + k] = (weight * r) / v;
        gVar[row + k] = weight * (-0.5 / v + (r * r) / (2 * v * v));
      }
    }
  }
  return total;
}

/** Log joint densities at the K draws in the arena's u, summed; their gradients go to its gu. */
function logJointsAndGradients(
  layout: ParameterLayout,
  settings: ModelSettings,
  data: FitData,
  ws: Workspace,
  K: number,
): number {
  const P = layout.features;
  const D = layout.size;
  const S = data.y.length;
  const { w, scale, arena } = ws;
  const { u, gu } = arena;
  const { dw, dv, gMean, gVar, stride } = arena;
  const zOffset = layout.z.offset;
  const prior = settings.prior;
  drawWeights(layout, settings, ws, K);
  let total = logLikelihoods(layout, settings, data, ws, K);

  // dl/dw[p] = sum_s g_mean[s] m[s,p] + 2 w[p] sum_s g_var[s] v[s,p]
  arena.backward(data.index);

  const s2 = settings.interceptScale ** 2;
  const aOffset = layout.logPrecision ? layout.logPrecision.offset : 0;
  gu.fill(0);
  for (let k = 0; k < K; k++) {
    const base = k * D;
    const kp = k * P;
    const alpha = u[base + layout.alpha.offset] as number;
    let gAlpha = 0;
    for (let s = 0; s < S; s++) gAlpha += gMean[s * stride + k] as number;
    total += (-0.5 * (alpha * alpha)) / s2 - (HALF_LOG_2PI + 0.5 * Math.log(s2));
    gu[base + layout.alpha.offset] = gAlpha - alpha / s2;
    let gShared = 0;
    for (let p = 0; p < P; p++) {
      const z = u[base + zOffset + p] as number;
      const wp = w[kp + p] as number;
      const gw = (dw[p * stride + k] as number) + 2 * wp * (dv[p * stride + k] as number);
      total += -0.5 * z * z - HALF_LOG_2PI;
      gu[base + zOffset + p] = gw * (scale[kp + p] as number) - z;
      if (prior.kind === 'ard') {
        const logA = u[base + aOffset + p] as number;
        const scaleP = scale[kp + p] as number;
        const a = 1 / (scaleP * scaleP);
        total += prior.shape * logA - prior.rate * a;
        gu[base + aOffset + p] = -0.5 * gw * wp + prior.shape - prior.rate * a;
      } else {
        gShared += gw * wp;
      }
    }
    if (prior.kind === 'ard') {
      total += P * (prior.shape * Math.log(prior.rate) - logGamma(prior.shape));
    } else if (prior.kind === 'gaussian' && prior.scale === 'learned') {
      const offset = (layout.logTau as { offset: number }).offset;
      const x = u[base + offset] as number;
      total += Math.log(2 / Math.PI) - softplus(2 * x) + x;
      gu[base + offset] = gShared + 1 - 2 / (1 + Math.exp(-2 * x));
    }
    if (layout.logSigmaY) {
      const offset = layout.logSigmaY.offset;
      const x = u[base + offset] as number;
      const sigma2 = Math.exp(2 * x);
      let gLogSigmaY = 0;
      for (let s = 0; s < S; s++) gLogSigmaY += (gVar[s * stride + k] as number) * 2 * sigma2;
      total += -0.5 * sigma2 + x + 0.5 * Math.log(2 / Math.PI);
      gu[base + offset] = gLogSigmaY - sigma2 + 1;
    }
  }
  return total;
}

/**
 * Monte Carlo ELBO of fit b at its parameters in the arena (theta: means then log SDs, 2D
 * values) with the K x D standard normals at `poolOffset` of its noise pool; the gradient with
 * respect to the parameters is left in the arena's grad (2D values).
 */
function elboAndGradient(
  b: number,
  poolOffset: number,
  layout: ParameterLayout,
  settings: ModelSettings,
  data: FitData,
  ws: Workspace,
): number {
  const D = layout.size;
  const L = 2 * D;
  const K = settings.draws;
  const { arena } = ws;
  const { theta, grad } = arena;
  let entropy = 0.5 * D * (1 + Math.log(2 * Math.PI));
  for (let i = 0; i < D; i++) entropy += theta[b * L + D + i] as number;
  arena.setSd(b);
  arena.reparameterise(b, poolOffset);
  const total = logJointsAndGradients(layout, settings, data, ws, K);
  arena.reduceGradient(b, poolOffset);
  for (const block of layout.pointEstimates) {
    grad.fill(0, D + block.offset, D + block.offset + block.length);
  }
  return total / K + entropy;
}

/** ELBO and its gradient for every fit of a problem at one pool offset (for tests). */
export function fusedElboGradient(
  problem: VariationalProblem,
  params: Float32Array,
  noise: { values: Float32Array; size: number },
  offset: number,
): { elbo: Float64Array; grad: Float64Array } {
  const { layout, settings, batch: B } = problem;
  const L = 2 * layout.size;
  const ws = workspace(problem, noise);
  ws.arena.theta.set(params);
  const elbo = new Float64Array(B);
  const grad = new Float64Array(B * L);
  for (let b = 0; b < B; b++) {
    elbo[b] = elboAndGradient(b, offset, layout, settings, fitData(problem, b), ws);
    grad.set(ws.arena.grad, b * L);
  }
  return { elbo, grad };
}

/**
 * Adam on the negative ELBO of every fit until the convergence monitor stops it or the step
 * cap; each fit is updated on its own, so its result does not depend on the batch it is in.
 */
export function runFusedVariational(problem: VariationalProblem): VariationalResult {
  const { layout, settings, batch: B } = problem;
  const D = layout.size;
  const K = settings.draws;
  const chunk = K * D;
  const poolSize = noisePoolSize(chunk);
  const offsets = createRng(problem.seed).fork('offsets');
  const elboSums = new Float64Array(B);
  const elboSquares = new Float64Array(B);
  const ws = workspace(problem);
  const { paramSums } = ws.arena;
  const data = Array.from({ length: B }, (_, b) => fitData(problem, b));
  const monitor = new ConvergenceMonitor(problem, 2);
  const steps = new Int32Array(B);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  let windowCount = 0;
  while (step < settings.maxSteps && monitor.anyActive()) {
    step++;
    windowCount++;
    const offset = offsets.int(poolSize - chunk + 1);
    const correction = (settings.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    for (let b = 0; b < B; b++) {
      if (monitor.active[b] === 0) continue;
      const elbo = elboAndGradient(b, offset, layout, settings, data[b] as FitData, ws);
      elboSums[b] = (elboSums[b] as number) + elbo;
      elboSquares[b] = (elboSquares[b] as number) + elbo * elbo;
      ws.arena.adam(b, correction * (monitor.stepScale[b] as number), beta1, beta2);
      steps[b] = (steps[b] as number) + 1;
    }
    if (step % settings.window !== 0 && step < settings.maxSteps) continue;
    monitor.endWindow(step, windowCount, elboSums, elboSquares, paramSums);
    paramSums.fill(0);
    elboSums.fill(0);
    elboSquares.fill(0);
    windowCount = 0;
  }
  return monitor.result(steps);
}
