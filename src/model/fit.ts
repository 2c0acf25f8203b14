/**
 * Fitting the Bayesian model: one fit (`fitModel`) or many at once on a shared batch axis
 * (`fitBatch`: leave-one-out folds, permutations), each with its own training rows and labels.
 * Host-side preparation (standardisation, population level, tau0) is per fit, from its
 * training rows only; the variational optimisation runs all fits and restarts as one program.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureTable } from '../features/types.js';
import { InputError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/log.js';
import { createRng } from '../util/rng.js';
import { selectBackend } from './backend.js';
import { buildLayout, type ParameterLayout } from './layout.js';
import { logJoint } from './model.js';
import { conditionalMoments, estimatePopulation, standardisation } from './population.js';
import { drawPosterior, logPosteriorDensity, type GaussianPosterior } from './posterior.js';
import { paretoKHat } from './psis.js';
import { horseshoeTau0, POINT_LOG_SD, resolveSettings, type ModelSettings } from './settings.js';
import { MODEL_SCHEMA_VERSION, type FittedModel } from './types.js';
import { validateLabels, validateTable } from './validate.js';
import {
  disposeModelData,
  factorRank,
  modelDataTensors,
  runVariational,
  type VariationalProblem,
} from './vi.js';
import { defaultKernelThreads, kernelParts } from './kernelThreads.js';
import { fusedKernelSupports } from './meanFieldKernel.js';
import { PACKAGE_VERSION } from './version.js';

export interface FitOptions {
  settings?: Partial<ModelSettings>;
  seed?: number;
  logger?: Logger;
  /**
   * Start from this model's variational parameters (same features and settings). Not for
   * cross-validation folds when the model has seen their held-out labels: fits stopped after a
   * few hundred steps keep those labels' imprint (docs/model.md, "Warm starts leak").
   */
  warmStart?: FittedModel;
  /** Compute PSIS k-hat (costs one log-joint evaluation at `posteriorDraws` draws). */
  paretoK?: boolean;
  /** Called with the batched variational problem before it runs (benchmarks export it). */
  onProblem?: (problem: VariationalProblem) => void;
  /**
   * Threads for a batch of fused-kernel fits (folds, restarts); the results do not depend on
   * it. Default: the available parallelism on the main thread, 1 in worker threads.
   */
  threads?: number;
}

/** One fit's host-side data, before batching. */
interface PreparedFit {
  rows: number[];
  standard: ReturnType<typeof standardisation>;
  population: ReturnType<typeof estimatePopulation> | undefined;
  m: Float64Array;
  v: Float64Array;
  y: Float64Array;
  mask: Float64Array;
  baseRate: number | null;
  outcomeScale: { center: number; scale: number } | null;
  logTau0: number;
}

function prepareFit(
  table: FeatureTable,
  labels: Float64Array,
  trainMask: ArrayLike<number | boolean>,
  settings: ModelSettings,
): PreparedFit {
  const S = table.participantIds.length;
  const P = table.featureNames.length;
  const rows: number[] = [];
  for (let s = 0; s < S; s++) if (trainMask[s]) rows.push(s);
  if (rows.length < 2)
    throw new InputError(`a fit needs >= 2 training participants, got ${rows.length}`);
  const standard = standardisation(table, rows);
  const population =
    settings.pooling === 'partial' ? estimatePopulation(table, rows, standard) : undefined;
  const all = Array.from({ length: S }, (_, s) => s);
  const { m, v } = conditionalMoments(table, all, standard, population);
  const mask = new Float64Array(S);
  for (const s of rows) mask[s] = 1;

  let baseRate: number | null = null;
  let outcomeScale: { center: number; scale: number } | null = null;
  const y = new Float64Array(S);
  if (settings.outcome === 'binary') {
    baseRate = rows.reduce((sum, s) => sum + (labels[s] as number), 0) / rows.length;
    for (const s of rows) y[s] = labels[s] as number;
  } else {
    const center = rows.reduce((sum, s) => sum + (labels[s] as number), 0) / rows.length;
    const variance =
      rows.reduce((sum, s) => sum + ((labels[s] as number) - center) ** 2, 0) / (rows.length - 1);
    outcomeScale = { center, scale: variance > 0 ? Math.sqrt(variance) : 1 };
    for (const s of rows) y[s] = ((labels[s] as number) - center) / outcomeScale.scale;
  }
  const prior = settings.prior;
  const logTau0 =
    prior.kind === 'horseshoe'
      ? Math.log(
          horseshoeTau0(
            prior.expectedRelevant,
            P,
            rows.length,
            prior.tau0Rule,
            baseRate ?? undefined,
          ),
        )
      : 0;
  return { rows, standard, population, m, v, y, mask, baseRate, outcomeScale, logTau0 };
}

/**
 * Initial variational parameters of one fit: the intercept at the training base rate, weights
 * at zero, local scales at 1 and the slab at its prior scale, SDs small; restarts > 0 jitter
 * the means by N(0, 0.5^2) from the seed so that restarts explore different optima.
 */
function initialParameters(
  layout: ParameterLayout,
  settings: ModelSettings,
  prepared: PreparedFit,
  restart: number,
  seed: number,
  stream: string,
): Float32Array {
  const D = layout.size;
  const R = factorRank(settings);
  const init = new Float32Array((2 + R) * D);
  const mean = init.subarray(0, D);
  const logSd = init.subarray(D, 2 * D);
  logSd.fill(Math.log(0.1));
  for (const block of layout.pointEstimates) {
    logSd.fill(POINT_LOG_SD, block.offset, block.offset + block.length);
  }
  if (prepared.baseRate !== null) {
    const rate = Math.min(Math.max(prepared.baseRate, 0.02), 0.98);
    mean[layout.alpha.offset] = Math.log(rate / (1 - rate));
  }
  const prior = settings.prior;
  if (layout.logSlab && prior.kind === 'horseshoe') {
    mean[layout.logSlab.offset] = 2 * Math.log(prior.slabScale);
  }
  if (layout.logTau) mean[layout.logTau.offset] = prepared.logTau0;
  if (layout.logSigmaY) mean[layout.logSigmaY.offset] = Math.log(0.8);
  if (restart > 0) {
    const rng = createRng(seed).fork(`init/${stream}/${restart}`);
    for (let i = 0; i < D; i++) mean[i] = (mean[i] as number) + 0.5 * rng.normal();
  }
  const factor = init.subarray(2 * D);
  if (R > 0) {
    const rng = createRng(seed).fork(`factor/${stream}/${restart}`);
    for (let i = 0; i < factor.length; i++) factor[i] = 0.01 * rng.normal();
  }
  return init;
}

function warmParameters(
  model: FittedModel,
  layout: ParameterLayout,
  settings: ModelSettings,
): Float32Array {
  const D = layout.size;
  const R = factorRank(settings);
  if (model.variational.names.length !== D || model.variational.factor.length !== R) {
    throw new InputError("warm-start model does not have this fit's parameters and family");
  }
  const init = new Float32Array((2 + R) * D);
  init.set(model.variational.mean, 0);
  init.set(model.variational.logSd, D);
  model.variational.factor.forEach((row, r) => init.set(row, (2 + r) * D));
  return init;
}

/** Gaussian posterior of one fit from the packed parameters [2 + R, D]. */
function unpackPosterior(packed: Float32Array, D: number, R: number): GaussianPosterior {
  return {
    mean: Float64Array.from(packed.subarray(0, D)),
    logSd: Float64Array.from(packed.subarray(D, 2 * D)),
    factor: Float64Array.from(packed.subarray(2 * D, (2 + R) * D)),
    rank: R,
  };
}

/**
 * PSIS k-hat of one fitted posterior: log p(u, y) - log q(u) at `posteriorDraws` draws.
 */
function posteriorParetoK(
  q: GaussianPosterior,
  prepared: PreparedFit,
  layout: ParameterLayout,
  settings: ModelSettings,
  seed: number,
): number {
  const count = settings.posteriorDraws;
  const draws = drawPosterior(q, count, createRng(seed).fork('psis'));
  const logQ = logPosteriorDensity(q, draws);
  const problem = toProblem([prepared], layout, settings, [new Float32Array(0)], ['psis'], seed);
  const data = modelDataTensors(problem);
  const logP = tf.tidy(() => {
    const u = tf.tensor3d(Float32Array.from(draws), [1, count, layout.size]);
    return logJoint(u, layout, settings, data);
  });
  const values = logP.dataSync();
  logP.dispose();
  disposeModelData(data);
  const ratios = new Float64Array(count);
  for (let c = 0; c < count; c++) ratios[c] = (values[c] as number) - (logQ[c] as number);
  return paretoKHat(ratios);
}

function toProblem(
  fits: PreparedFit[],
  layout: ParameterLayout,
  settings: ModelSettings,
  inits: Float32Array[],
  streams: string[],
  seed: number,
): VariationalProblem {
  const B = fits.length;
  const S = (fits[0] as PreparedFit).y.length;
  const P = layout.features;
  const problem: VariationalProblem = {
    layout,
    settings,
    batch: B,
    participants: S,
    seed,
    streams,
    m: new Float32Array(B * S * P),
    v: new Float32Array(B * S * P),
    y: new Float32Array(B * S),
    mask: new Float32Array(B * S),
    logTau0: new Float32Array(B),
    init: new Float32Array(inits.reduce((n, x) => n + x.length, 0)),
  };
  let initOffset = 0;
  fits.forEach((fit, b) => {
    problem.m.set(fit.m, b * S * P);
    problem.v.set(fit.v, b * S * P);
    problem.y.set(fit.y, b * S);
    problem.mask.set(fit.mask, b * S);
    problem.logTau0[b] = fit.logTau0;
    const init = inits[b] as Float32Array;
    problem.init.set(init, initOffset);
    initOffset += init.length;
  });
  return problem;
}

/**
 * Fits the model once per entry of `labelsPerFit` / `trainMasks` (participants with a truthy
 * mask entry train that fit), all in one batched variational program, and returns one
 * FittedModel per fit. Fit i's noise stream is `streams[i]` (default its index), so a fit
 * gives the same result alone or in any batch with the same seed and stream label.
 */
export async function fitBatch(
  table: FeatureTable,
  labelsPerFit: Float64Array[],
  trainMasks: ArrayLike<number | boolean>[],
  options: FitOptions & { streams?: string[] } = {},
): Promise<FittedModel[]> {
  const logger = options.logger ?? silentLogger;
  const backend = await selectBackend({ logger });
  const settings = resolveSettings(options.settings);
  const seed = options.seed ?? 0;
  validateTable(table);
  const threads = options.threads ?? defaultKernelThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InputError(`expected a positive integer, found ${threads}`, { field: 'threads' });
  }
  if (labelsPerFit.length !== trainMasks.length || labelsPerFit.length === 0) {
    throw new InputError(
      `expected as many label vectors as training masks (>= 1), found ${labelsPerFit.length} and ` +
        `${trainMasks.length}`,
    );
  }
  if (settings.window > settings.maxSteps) {
    throw new InputError(
      `window (${settings.window}) must not exceed maxSteps (${settings.maxSteps})`,
    );
  }
  labelsPerFit.forEach((labels, i) =>
    validateLabels(labels, table, settings.outcome, `labels of fit ${i}`),
  );
  const layout = buildLayout(table.featureNames, settings);
  const R = factorRank(settings);
  const D = layout.size;
  const streams = options.streams ?? labelsPerFit.map((_, i) => String(i));
  const prepared = labelsPerFit.map((labels, i) =>
    prepareFit(table, labels, trainMasks[i] as ArrayLike<number>, settings),
  );
  const restarts = options.warmStart ? 1 : Math.max(1, settings.restarts);

  const fits: PreparedFit[] = [];
  const inits: Float32Array[] = [];
  const runStreams: string[] = [];
  prepared.forEach((fit, i) => {
    for (let r = 0; r < restarts; r++) {
      fits.push(fit);
      inits.push(
        options.warmStart
          ? warmParameters(options.warmStart, layout, settings)
          : initialParameters(layout, settings, fit, r, seed, streams[i] as string),
      );
      runStreams.push(`${streams[i]}/${r}`);
    }
  });
  // A warm start begins at (or next to) the optimum: two windows are enough to see it stay there.
  const runSettings = options.warmStart
    ? { ...settings, minSteps: Math.min(settings.minSteps, 2 * settings.window) }
    : settings;
  const problem = toProblem(fits, layout, runSettings, inits, runStreams, seed);
  options.onProblem?.(problem);
  const started = Date.now();
  const result = await runVariational(problem, threads);
  const engine =
    settings.engine !== 'tfjs' && fusedKernelSupports(settings)
      ? `the fused WebAssembly kernel (${kernelParts(problem, threads)} thread(s))`
      : `tfjs ${backend}`;
  logger.info(
    `fitted ${prepared.length} model(s) x ${restarts} restart(s) with ${engine} in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (max ${Math.max(...result.steps)} steps)`,
  );

  return prepared.map((fit, i) => {
    let best = i * restarts;
    const restartElbos: number[] = [];
    for (let r = 0; r < restarts; r++) {
      const elbo = result.finalElbo[i * restarts + r] as number;
      restartElbos.push(elbo);
      const bestElbo = result.finalElbo[best] as number;
      if (Number.isNaN(bestElbo) || elbo > bestElbo) best = i * restarts + r;
    }
    if (result.diverged[best]) {
      const kept = (result.elboTrace[best] as number[]).length > 0
        ? 'the parameters of its last finite window are kept'
        : 'no window was finite, so it keeps its initial parameters';
      logger.warn(
        `fit ${streams[i]}: the ELBO stopped being finite within ${result.steps[best]} steps ` +
          `(overflow); ${kept} and it is marked not converged (a smaller learningRate or ` +
          'maxSteps avoids it)',
      );
    }
    const packed = result.params.subarray(best * (2 + R) * D, (best + 1) * (2 + R) * D);
    const q = unpackPosterior(packed, D, R);
    const paretoK = options.paretoK ? posteriorParetoK(q, fit, layout, settings, seed) : Number.NaN;
    if (paretoK > 0.7) {
      logger.warn(
        `fit ${streams[i]}: PSIS k-hat ${paretoK.toFixed(2)} > 0.7, the variational ` +
          'posterior is a poor approximation (means may be usable, uncertainties are not)',
      );
    }
    const model: FittedModel = {
      schemaVersion: MODEL_SCHEMA_VERSION,
      packageVersion: PACKAGE_VERSION,
      backend,
      seed,
      settings,
      featureNames: [...table.featureNames],
      trainingParticipants: fit.rows.length,
      baseRate: fit.baseRate,
      standardisation: { center: [...fit.standard.center], scale: [...fit.standard.scale] },
      population: fit.population
        ? {
            mu: [...fit.population.mu],
            sigma: [...fit.population.sigma],
            muSd: [...fit.population.muSd],
          }
        : null,
      outcomeScale: fit.outcomeScale,
      logTau0: fit.logTau0,
      variational: {
        names: [...layout.names],
        mean: [...q.mean],
        logSd: [...q.logSd],
        factor: Array.from({ length: R }, (_, r) => [...q.factor.subarray(r * D, (r + 1) * D)]),
      },
      diagnostics: {
        elboTrace: result.elboTrace[best] as number[],
        finalElbo: result.finalElbo[best] as number,
        steps: result.steps[best] as number,
        converged: result.converged[best] as boolean,
        restartElbos,
        paretoK,
      },
    };
    return model;
  });
}

/** Fits the model on every participant of `table` with `labels` (one fit, with restarts). */
export async function fitModel(
  table: FeatureTable,
  labels: Float64Array,
  options: FitOptions = {},
): Promise<FittedModel> {
  const mask = new Uint8Array(table.participantIds.length).fill(1);
  const [model] = await fitBatch(table, [labels], [mask], {
    paretoK: true,
    ...options,
    streams: ['fit'],
  });
  return model as FittedModel;
}
