/**
 * The sparse hierarchical Bayesian model behind the shared Estimator interface, so that
 * evaluation code treats it like every baseline (fit, predictProba, toJSON / fromJSON).
 */
import type { Dataset, Estimator } from './estimator.js';
import { fitModel, type FitOptions } from './fit.js';
import { predict } from './predict.js';
import { parseModel, serialiseModel } from './serialize.js';
import type { FittedModel } from './types.js';
import { InputError } from '../util/errors.js';

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
