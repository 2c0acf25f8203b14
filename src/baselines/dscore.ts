/**
 * The D-score baseline: one feature (by default the IAT latency D-score, 'rt.latency') used
 * directly as the score, with no training, so its AUC is the field's standard. The expected
 * sign is configuration: +1 when a larger D should mean label 1, -1 when a smaller one should.
 */
import type { Dataset, Estimator } from '../model/estimator.js';
import { InputError } from '../util/errors.js';
import { columnMeans, designMatrix, sigmoid } from './design.js';

/** Options of the D-score baseline. */
export interface DScoreOptions {
  /** The feature used as the score (default 'rt.latency'). */
  feature?: string;
  /** +1: larger D predicts label 1 (default); -1: smaller D predicts label 1. */
  sign?: 1 | -1;
}

/** D-score baseline as an Estimator (name 'dscore'). */
export class DScoreBaseline implements Estimator {
  readonly name = 'dscore';
  readonly feature: string;
  readonly sign: 1 | -1;
  /** Training-fold mean of the feature, the score given to a test participant without it. */
  private imputationMean: number | null = null;

  constructor(options: DScoreOptions = {}) {
    this.feature = options.feature ?? 'rt.latency';
    this.sign = options.sign ?? 1;
    if (this.sign !== 1 && this.sign !== -1) {
      throw new InputError(`dscore: sign must be 1 or -1, found ${String(this.sign)}`,
        { field: 'sign' });
    }
  }

  /** Nothing is learned from labels; only the training mean used for missing D-scores. */
  async fit(train: Dataset): Promise<void> {
    this.imputationMean = columnMeans(designMatrix(train.features, [this.feature]))[0]!;
  }

  /**
   * sigmoid(sign x D): a monotone transform of the D-score, so the ranking (and AUC) is that of
   * sign x D. Not a calibrated probability.
   */
  async predictProba(test: Dataset): Promise<Float64Array> {
    if (this.imputationMean === null) throw new Error('dscore: predict called before fit');
    const fill = this.imputationMean;
    return designMatrix(test.features, [this.feature]).values
      .map((d) => sigmoid(this.sign * (Number.isNaN(d) ? fill : d)));
  }

  toJSON(): { method: 'dscore'; feature: string; sign: 1 | -1; imputationMean: number | null } {
    return { method: 'dscore', feature: this.feature, sign: this.sign,
      imputationMean: this.imputationMean };
  }
}
