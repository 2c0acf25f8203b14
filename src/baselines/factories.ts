/**
 * The baselines by name, behind one factory with JSON options, so a study file or a worker
 * thread can name a baseline without holding a function: `createBaselineEstimator(options,
 * context)` is the export that method specs point worker threads at.
 */
import type { Estimator } from '../model/estimator.js';
import { InputError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { DScoreBaseline, type DScoreOptions } from './dscore.js';
import { ShrinkageLda, type ShrinkageLdaOptions } from './lda.js';
import { L2LogisticRegression, type LogisticOptions } from './logistic.js';

/** A baseline and its options, as JSON. */
export type BaselineOptions =
  | ({ kind: 'dscore' } & DScoreOptions)
  | ({ kind: 'lda' } & ShrinkageLdaOptions)
  | ({ kind: 'logistic' } & LogisticOptions);

/** A fresh, unfitted baseline; `context.rng` seeds the logistic regression's inner folds. */
export function createBaselineEstimator(options: BaselineOptions,
  context: { rng: Rng }): Estimator {
  switch (options.kind) {
    case 'dscore':
      return new DScoreBaseline(options);
    case 'lda':
      return new ShrinkageLda(options);
    case 'logistic':
      return new L2LogisticRegression(options, context.rng);
    default:
      throw new InputError(`unknown baseline '${(options as { kind: string }).kind}'; expected `
        + 'dscore, lda or logistic', { field: 'kind' });
  }
}
