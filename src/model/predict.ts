/**
 * Prediction for new participants from a fitted model. Their d and se are standardised with
 * the training cohort's centre and scale; delta is integrated out given the population level
 * (Gaussian, closed form); for each posterior draw the probability of label 1 is
 * sigmoid(mean / sqrt(1 + pi var / 8)) of the linear predictor's Gaussian (the same probit
 * approximation as in training), and the prediction is the average over draws, with an
 * equal-tailed credible interval from the draws' quantiles.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureTable } from '../features/types.js';
import { InputError } from '../util/errors.js';
import { createRng } from '../util/rng.js';
import { selectBackend } from './backend.js';
import { buildLayout } from './layout.js';
import { constrain } from './model.js';
import { conditionalMoments } from './population.js';
import { standardNormals, transformNormals, type GaussianPosterior } from './posterior.js';
import type { FittedModel, Prediction } from './types.js';
import { validateTable } from './validate.js';

/** Posterior draws of the intercept and weights (and sigma_y), on the standardised scale. */
export interface WeightDraws {
  count: number;
  alpha: Float64Array;
  /** Row-major [count, P]. */
  w: Float64Array;
  sigmaY: Float64Array | null;
}

function posteriorOf(model: FittedModel): GaussianPosterior {
  const D = model.variational.mean.length;
  const R = model.variational.factor.length;
  const factor = new Float64Array(R * D);
  model.variational.factor.forEach((row, r) => factor.set(row, r * D));
  return {
    mean: Float64Array.from(model.variational.mean),
    logSd: Float64Array.from(model.variational.logSd),
    factor,
    rank: R,
  };
}

/**
 * The standard normals of a model's prediction draws: a fresh generator from the model's seed
 * (stream 'predict'), so every model with the same seed and dimensions uses the same normals
 * (common random numbers across folds). The last set is kept: the folds of a cross-validation
 * (and of each permutation) share it, which saves drawing them again (~0.6 M normals per
 * fold at 40 x 330) and changes no number.
 */
let lastNormals: { key: string; normals: Float64Array } | undefined;

function predictionNormals(seed: number, count: number, D: number, R: number): Float64Array {
  const key = `${seed}|${count}|${D}|${R}`;
  if (lastNormals?.key !== key) {
    lastNormals = { key, normals: standardNormals(count, D, R, createRng(seed).fork('predict')) };
  }
  return lastNormals.normals;
}

/** Draws `count` (alpha, w) pairs from the model's variational posterior (seeded). */
export async function drawWeights(model: FittedModel, count?: number): Promise<WeightDraws> {
  await selectBackend();
  const n = count ?? model.settings.posteriorDraws;
  const layout = buildLayout(model.featureNames, model.settings);
  const q = posteriorOf(model);
  const draws = transformNormals(q, n, predictionNormals(model.seed, n, q.mean.length, q.rank));
  const P = model.featureNames.length;
  const out = tf.tidy(() => {
    const u = tf.tensor3d(Float32Array.from(draws), [1, n, layout.size]);
    const data = {
      logTau0: tf.fill([1, 1, 1], model.logTau0) as tf.Tensor3D,
      ...(layout.localToFeature
        ? {
            localToFeature: tf.tensor2d(layout.localToFeature, [
              layout.localToFeature.length / P,
              P,
            ]),
          }
        : {}),
    };
    const c = constrain(u, layout, model.settings, data);
    return [c.alpha, c.w, c.sigmaY ?? tf.zeros([1, n, 1])];
  });
  const [alpha, w, sigmaY] = out.map((t) => Float64Array.from(t.dataSync()));
  tf.dispose(out);
  return {
    count: n,
    alpha: alpha as Float64Array,
    w: w as Float64Array,
    sigmaY: layout.logSigmaY ? (sigmaY as Float64Array) : null,
  };
}

/** Throws an InputError unless `table` has exactly the model's features, in order. */
export function checkFeatures(
  model: FittedModel,
  table: FeatureTable,
  source = 'feature table',
): void {
  const expected = model.featureNames;
  const found = table.featureNames;
  const missing = expected.filter((name) => !found.includes(name));
  const extra = found.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0 || expected.some((name, p) => found[p] !== name)) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.slice(0, 5).join(', ')}`);
    if (extra.length > 0) parts.push(`unexpected ${extra.slice(0, 5).join(', ')}`);
    if (parts.length === 0) parts.push('same names in a different order');
    throw new InputError(
      `features do not match the model's ${expected.length} features (${parts.join('; ')})`,
      { file: source, field: 'featureNames' },
    );
  }
}

/** Linear-interpolation quantile (type 7, the default of R and numpy) of sorted values. */
export function quantile(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return (
    (sorted[low] as number) +
    (position - low) * ((sorted[high] as number) - (sorted[low] as number))
  );
}

/**
 * Mean and variance of each participant's standardised contrasts given their d and se, under
 * the model's own standardisation and population level (delta integrated out, docs/model.md).
 */
function participantMoments(
  model: FittedModel,
  table: FeatureTable,
): ReturnType<typeof conditionalMoments> {
  const standard = {
    center: Float64Array.from(model.standardisation.center),
    scale: Float64Array.from(model.standardisation.scale),
  };
  const population = model.population
    ? {
        mu: Float64Array.from(model.population.mu),
        sigma: Float64Array.from(model.population.sigma),
        muSd: Float64Array.from(model.population.muSd),
      }
    : undefined;
  const rows = Array.from({ length: table.participantIds.length }, (_, s) => s);
  return conditionalMoments(table, rows, standard, population);
}

/**
 * Per-participant posterior predictive: p(y = 1) for a binary outcome, or the predicted score
 * (on the label's own scale) for a continuous one, with a `level` credible interval.
 */
export async function predict(
  model: FittedModel,
  table: FeatureTable,
  options: { level?: number; draws?: WeightDraws } = {},
): Promise<Prediction> {
  validateTable(table);
  checkFeatures(model, table);
  const level = options.level ?? 0.95;
  const draws = options.draws ?? (await drawWeights(model));
  const S = table.participantIds.length;
  const P = model.featureNames.length;
  const { m, v } = participantMoments(model, table);
  const binary = model.settings.outcome === 'binary';
  const outcome = model.outcomeScale ?? { center: 0, scale: 1 };

  const mean = new Float64Array(S);
  const lower = new Float64Array(S);
  const upper = new Float64Array(S);
  const perDraw = new Float64Array(draws.count);
  for (let s = 0; s < S; s++) {
    for (let c = 0; c < draws.count; c++) {
      let etaMean = draws.alpha[c] as number;
      let etaVar = 0;
      for (let p = 0; p < P; p++) {
        const w = draws.w[c * P + p] as number;
        etaMean += w * (m[s * P + p] as number);
        etaVar += w * w * (v[s * P + p] as number);
      }
      perDraw[c] = binary
        ? 1 / (1 + Math.exp(-etaMean / Math.sqrt(1 + (Math.PI * etaVar) / 8)))
        : outcome.center + outcome.scale * etaMean;
    }
    let sum = 0;
    for (let c = 0; c < draws.count; c++) sum += perDraw[c] as number;
    mean[s] = sum / draws.count;
    const sorted = perDraw.slice().sort();
    lower[s] = quantile(sorted, (1 - level) / 2);
    upper[s] = quantile(sorted, (1 + level) / 2);
  }
  return { participantIds: [...table.participantIds], mean, lower, upper, level };
}

/**
 * The model's score: the posterior mean of the linear predictor alpha + w . E[delta | d]
 * (log-odds for a binary outcome). With one feature, no pooling and a flat weight prior it is
 * an increasing or decreasing affine function of d, so it ranks participants as d does.
 */
export async function score(model: FittedModel, table: FeatureTable): Promise<Float64Array> {
  validateTable(table);
  checkFeatures(model, table);
  const draws = await drawWeights(model);
  const S = table.participantIds.length;
  const P = model.featureNames.length;
  const wMean = new Float64Array(P);
  let alphaMean = 0;
  for (let c = 0; c < draws.count; c++) {
    alphaMean += (draws.alpha[c] as number) / draws.count;
    for (let p = 0; p < P; p++) wMean[p]! += (draws.w[c * P + p] as number) / draws.count;
  }
  const { m } = participantMoments(model, table);
  const out = new Float64Array(S).fill(alphaMean);
  for (let s = 0; s < S; s++)
    for (let p = 0; p < P; p++) out[s]! += (wMean[p] as number) * (m[s * P + p] as number);
  return out;
}
