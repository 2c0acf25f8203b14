/**
 * The model as a log density, written once in TensorFlow.js for a batch of fits (leading axis
 * B) and K draws of the unconstrained parameters u ([B, K, D]). The optimiser in vi.ts and the
 * PSIS diagnostic both evaluate it; it knows nothing of how u was drawn.
 *
 * With delta integrated out (population.ts gives delta | d ~ N(m, v)), the linear predictor
 * eta[s] = alpha + w . delta[s] is Gaussian with mean alpha + w . m[s] and variance
 * sum_p w[p]^2 v[s,p]. A Gaussian outcome integrates exactly; for a Bernoulli outcome
 * E[sigmoid(eta)] uses the probit approximation sigmoid(mean / sqrt(1 + pi var / 8))
 * (MacKay 1992, doi:10.1162/neco.1992.4.5.720), see docs/model.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParameterLayout, Block } from './layout.js';
import type { ModelSettings } from './settings.js';
import { logGamma } from '../util/logGamma.js';

/** Data of a batch of fits, as float32 tensors. */
export interface ModelData {
  /** Conditional means m and variances v of delta given d: [B, S, P]. */
  m: tf.Tensor3D;
  v: tf.Tensor3D;
  /** Labels (0/1, or standardised scores) and training weights (1 = in the fit): [B, 1, S]. */
  y: tf.Tensor3D;
  mask: tf.Tensor3D;
  /** Horseshoe global scale tau0 per fit: [B, 1, 1]. */
  logTau0: tf.Tensor3D;
  /** Local scale groups x features map, when scales are factorised: [L, P]. */
  localToFeature?: tf.Tensor2D;
}

/** The parameters the likelihood needs, per fit and draw. */
/** The part of the data that maps parameters to weights. */
export type ScaleData = Pick<ModelData, 'logTau0' | 'localToFeature'>;

export interface Constrained {
  alpha: tf.Tensor3D; // [B, K, 1]
  w: tf.Tensor3D; // [B, K, P]
  sigmaY?: tf.Tensor3D; // [B, K, 1]
}

const LOG_2_OVER_PI = Math.log(2 / Math.PI);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function block(u: tf.Tensor3D, b: Block): tf.Tensor3D {
  return tf.slice(u, [0, 0, b.offset], [-1, -1, b.length]);
}

/** Log local scales per feature, [B, K, P] (sums of band and channel log scales if grouped). */
function featureLogLocal(u: tf.Tensor3D, layout: ParameterLayout, data: ScaleData): tf.Tensor3D {
  const local = block(u, layout.logLocal as Block);
  if (data.localToFeature === undefined) return local;
  const [B, K, L] = local.shape;
  const flat = tf.matMul(tf.reshape(local, [B * K, L]), data.localToFeature);
  return tf.reshape(flat, [B, K, layout.features]);
}

/** log of the horseshoe's global scale tau, [B, K, 1]. */
function logTau(u: tf.Tensor3D, layout: ParameterLayout, data: ScaleData): tf.Tensor3D {
  return layout.logTau ? block(u, layout.logTau) : data.logTau0;
}

/** Maps unconstrained draws to alpha, w (and sigma_y). */
export function constrain(
  u: tf.Tensor3D,
  layout: ParameterLayout,
  settings: ModelSettings,
  data: ScaleData,
): Constrained {
  const alpha = block(u, layout.alpha);
  const z = block(u, layout.z);
  let logScale: tf.Tensor;
  const prior = settings.prior;
  if (prior.kind === 'horseshoe') {
    // Regularised local scale: lambda~^2 = c^2 lambda^2 / (c^2 + tau^2 lambda^2), in logs.
    const logLambda2 = tf.mul(featureLogLocal(u, layout, data), 2);
    const lt = logTau(u, layout, data);
    const logC2 = block(u, layout.logSlab as Block);
    const logTilde2 = tf.sub(
      logLambda2,
      tf.softplus(tf.sub(tf.add(tf.mul(lt, 2), logLambda2), logC2)),
    );
    logScale = tf.add(lt, tf.mul(logTilde2, 0.5));
  } else if (prior.kind === 'ard') {
    logScale = tf.mul(block(u, layout.logPrecision as Block), -0.5);
  } else if (prior.scale === 'learned') {
    logScale = block(u, layout.logTau as Block);
  } else {
    logScale = tf.fill([1, 1, 1], Math.log(prior.scale)) as tf.Tensor3D;
  }
  const w = tf.mul(z, tf.exp(logScale)) as tf.Tensor3D;
  const result: Constrained = { alpha, w };
  if (layout.logSigmaY) result.sigmaY = tf.exp(block(u, layout.logSigmaY));
  return result;
}

/** Log HalfCauchy(0, scale) density of exp(x), with the Jacobian of x = log scale-variable. */
function logHalfCauchyOfLog(x: tf.Tensor, logScale: number | tf.Tensor): tf.Tensor {
  const shifted = tf.sub(x, logScale);
  return tf.add(tf.sub(tf.sub(LOG_2_OVER_PI, logScale), tf.softplus(tf.mul(shifted, 2))), shifted);
}

function sumLast(x: tf.Tensor): tf.Tensor2D {
  return tf.sum(x, 2) as tf.Tensor2D;
}

/** Log prior density of the unconstrained parameters, [B, K] (constants included). */
export function logPrior(
  u: tf.Tensor3D,
  layout: ParameterLayout,
  settings: ModelSettings,
  data: ModelData,
): tf.Tensor2D {
  const alpha = block(u, layout.alpha);
  const z = block(u, layout.z);
  const s = settings.interceptScale;
  let total = tf
    .sub(tf.mul(tf.square(alpha), -0.5 / (s * s)), HALF_LOG_2PI + Math.log(s))
    .squeeze([2]) as tf.Tensor2D;
  total = tf.add(total, sumLast(tf.sub(tf.mul(tf.square(z), -0.5), HALF_LOG_2PI)));
  const prior = settings.prior;
  if (prior.kind === 'horseshoe') {
    total = tf.add(total, sumLast(logHalfCauchyOfLog(block(u, layout.logLocal as Block), 0)));
    if (layout.logTau) {
      total = tf.add(total, sumLast(logHalfCauchyOfLog(block(u, layout.logTau), data.logTau0)));
    }
    // c^2 ~ InvGamma(a, b), a = nu/2, b = nu s^2/2; density of log c^2 with its Jacobian.
    const a = prior.slabDf / 2;
    const b = (prior.slabDf * prior.slabScale ** 2) / 2;
    const logC2 = block(u, layout.logSlab as Block);
    const slab = tf.sub(tf.mul(logC2, -a), tf.mul(tf.exp(tf.neg(logC2)), b));
    total = tf.add(total, tf.add(sumLast(slab), a * Math.log(b) - logGamma(a)));
  } else if (prior.kind === 'ard') {
    // a[p] ~ Gamma(shape, rate); density of log a[p] with its Jacobian.
    const logA = block(u, layout.logPrecision as Block);
    const k = prior.shape * Math.log(prior.rate) - logGamma(prior.shape);
    const density = tf.sub(tf.mul(logA, prior.shape), tf.mul(tf.exp(logA), prior.rate));
    total = tf.add(total, tf.add(sumLast(density), k * layout.features));
  } else if (prior.scale === 'learned') {
    total = tf.add(total, sumLast(logHalfCauchyOfLog(block(u, layout.logTau as Block), 0)));
  }
  if (layout.logSigmaY) {
    // sigma_y ~ HalfNormal(1) on the standardised outcome, with the Jacobian of log sigma_y.
    const x = block(u, layout.logSigmaY);
    const density = tf.add(tf.mul(tf.exp(tf.mul(x, 2)), -0.5), x);
    total = tf.add(total, tf.add(sumLast(density), 0.5 * Math.log(2 / Math.PI)));
  }
  return total;
}

/** Log likelihood of the training labels given the parameters, [B, K]. */
export function logLikelihood(
  params: Constrained,
  settings: ModelSettings,
  data: ModelData,
): tf.Tensor2D {
  const etaMean = tf.add(tf.matMul(params.w, data.m, false, true), params.alpha); // [B, K, S]
  const etaVar = tf.matMul(tf.square(params.w), data.v, false, true);
  let perParticipant: tf.Tensor;
  if (settings.outcome === 'binary') {
    const sign = tf.sub(tf.mul(data.y, 2), 1);
    const kappa = tf.rsqrt(tf.add(tf.mul(etaVar, Math.PI / 8), 1));
    // log sigmoid(x) = -softplus(-x); tf.logSigmoid's gradient fails on the wasm backend.
    perParticipant = tf.neg(tf.softplus(tf.neg(tf.mul(tf.mul(etaMean, kappa), sign))));
  } else {
    const variance = tf.add(tf.square(params.sigmaY as tf.Tensor3D), etaVar);
    const residual2 = tf.square(tf.sub(data.y, etaMean));
    perParticipant = tf.neg(
      tf.add(
        tf.add(tf.mul(tf.log(variance), 0.5), tf.div(residual2, tf.mul(variance, 2))),
        HALF_LOG_2PI,
      ),
    );
  }
  return tf.sum(tf.mul(perParticipant, data.mask), 2);
}

/** Log joint density (prior plus likelihood) of draws u, [B, K]. */
export function logJoint(
  u: tf.Tensor3D,
  layout: ParameterLayout,
  settings: ModelSettings,
  data: ModelData,
): tf.Tensor2D {
  const params = constrain(u, layout, settings, data);
  return tf.add(logPrior(u, layout, settings, data), logLikelihood(params, settings, data));
}

