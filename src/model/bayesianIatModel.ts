/**
 * The sparse hierarchical Bayesian model behind the shared Estimator interface, so that
 * evaluation code treats it like every baseline (fit, predictProba, toJSON / fromJSON).
 */
import type { Dataset, Estimator } from './estimator.js';
import { fitBatch, fitModel, type FitOptions } from './fit.js';
import { predict } from './predict.js';
import { parseModel, serialiseModel } from './serialize.js';
import type { FittedModel } from './types.js';
import { InputError } from '../util/errors.js';
import { subsetTable } from './subset.js';

/** Folds fitted per batch by fitPredictFolds (about 100 MB of buffers at 40 x 330). */
const FOLDS_PER_BATCH = 64;

export class BayesianIatModel implements Estimator {
  readonly name = 'bayes';
  private fitted: FittedModel | undefined;

  constructor(private readonly options: FitOptions = {}) {}

  /** Fits on all participants of `train` (labels required). */
  async fit(train: Dataset): Promise<void> {
    if (!train.labels) throw new InputError('training data have no labels', { field: 'labels' });
    this.fitted = await fitModel(train.features, train.labels, this.options);
  }

  /** Posterior mean p(y = 1) per participant (or predicted score, continuous outcome). */
  async predictProba(test: Dataset): Promise<Float64Array> {
    return (await predict(this.model(), test.features)).mean;
  }

  /**
   * Cross-validation in one batched fit: every fold is fitted on its training rows (cold start,
   * the same settings, seed and noise stream as `fit` on that subset, so each fold's result
   * does not depend on the other folds) and predicts its test rows. Not warm-started from a
   * full-data fit: that fit has seen the test labels, and an optimiser stopped after a few
   * hundred steps does not forget them (docs/model.md, "Warm starts leak").
   */
  async fitPredictFolds(
    data: Dataset,
    folds: ReadonlyArray<{ train: Int32Array; test: Int32Array }>,
  ): Promise<Float64Array[]> {
    if (!data.labels) throw new InputError('training data have no labels', { field: 'labels' });
    const S = data.features.participantIds.length;
    const masks = folds.map((fold) => {
      const mask = new Uint8Array(S);
      for (const s of fold.train) mask[s] = 1;
      return mask;
    });
    const labels = folds.map((fold) => {
      // Only training labels reach the fit; test rows get a placeholder the mask ignores.
      const own = new Float64Array(S);
      for (const s of fold.train) own[s] = data.labels![s] as number;
      return own;
    });
    // Folds are independent, so chunking only bounds memory (leave-pair-out has hundreds).
    const predictions: Float64Array[] = [];
    for (let start = 0; start < folds.length; start += FOLDS_PER_BATCH) {
      const end = Math.min(start + FOLDS_PER_BATCH, folds.length);
      const streams = Array.from({ length: end - start }, () => 'fit');
      const models = await fitBatch(data.features, labels.slice(start, end),
        masks.slice(start, end), { ...this.options, streams });
      for (const [i, model] of models.entries()) {
        const test = subsetTable(data.features, folds[start + i]!.test);
        predictions.push((await predict(model, test)).mean);
      }
    }
    return predictions;
  }

  /** The fitted model; throws if `fit` has not run. */
  model(): FittedModel {
    if (!this.fitted) throw new Error('BayesianIatModel: fit() must run before prediction');
    return this.fitted;
  }

  /** The checksummed model file content as an object. */
  toJSON(): unknown {
    return JSON.parse(serialiseModel(this.model())) as unknown;
  }

  /** Rebuilds an estimator from `toJSON()` output (checks schema and checksum). */
  static fromJSON(json: unknown, options: FitOptions = {}): BayesianIatModel {
    const estimator = new BayesianIatModel(options);
    estimator.fitted = parseModel(JSON.stringify(json), 'model JSON');
    return estimator;
  }
}
