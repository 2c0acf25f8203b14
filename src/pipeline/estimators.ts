/**
 * Every method a study can name, behind one factory with JSON options: the three baselines and
 * the Bayesian model. Method specs point worker threads at `createStudyEstimator`, so the
 * permutation stage can rebuild any method, the Bayesian model included, inside a worker.
 */
import { EegNetBaseline, type EegNetOptions } from '../baselines/eegnet/eegnet.js';
import { createBaselineEstimator, type BaselineOptions } from '../baselines/factories.js';
import { sourceExtension, type MethodSpec } from '../evaluate/methods.js';
import { BayesianIatModel } from '../model/bayesianIatModel.js';
import type { Estimator } from '../model/estimator.js';
import type { FitOptions } from '../model/fit.js';
import type { Rng } from '../util/rng.js';

/** A method of a study and its options, as JSON. */
export type StudyMethodOptions =
  | BaselineOptions
  | { kind: 'bayes'; settings?: FitOptions['settings'] }
  | ({ kind: 'eegnet' } & EegNetOptions);

export const METHOD_KINDS = ['dscore', 'lda', 'logistic', 'bayes', 'eegnet'] as const;

/**
 * A fresh, unfitted estimator. The Bayesian model's seed is drawn from `context.rng`, which the
 * study engine forks per cell and fold, so a fold's fit is the same in any worker.
 */
export function createStudyEstimator(
  options: StudyMethodOptions,
  context: { rng: Rng },
): Estimator {
  if (options.kind === 'bayes') {
    return new BayesianIatModel({
      seed: context.rng.int(2 ** 31),
      ...(options.settings !== undefined ? { settings: options.settings } : {}),
    });
  }
  if (options.kind === 'eegnet') {
    // EEGNet reads Dataset.trials, which the pipeline attaches when a study names it.
    const { kind: _kind, ...eegnetOptions } = options;
    return new EegNetBaseline(eegnetOptions, context.rng);
  }
  return createBaselineEstimator(options, context);
}

/** The MethodSpec the study engine runs, usable in worker threads. */
export function studyMethod(options: StudyMethodOptions, name: string = options.kind): MethodSpec {
  return {
    name,
    module: new URL(`./estimators${sourceExtension()}`, import.meta.url).href,
    exportName: 'createStudyEstimator',
    options,
  };
}
