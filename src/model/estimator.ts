/**
 * One interface for every method (the Bayesian model and each baseline), as scikit-learn's
 * fit / predict_proba, so that evaluation code never asks which model it holds.
 */
import type { FeatureTable } from '../features/types.js';

/** Participants with their features and, for training, their labels. */
export interface Dataset {
  features: FeatureTable;
  /** One label per participant: 0/1 for binary outcomes, real values for continuous ones. */
  labels?: Float64Array;
}

export interface Estimator {
  /** Short method name used in tables ('bayes', 'lda', 'logistic', 'dscore'). */
  readonly name: string;
  /** Learns from the training participants only (standardisation included). */
  fit(train: Dataset): Promise<void>;
  /** Probability of label 1 (or the predicted score for continuous outcomes) per participant. */
  predictProba(test: Dataset): Promise<Float64Array>;
  /** A JSON-serialisable description of the fitted state, enough to rebuild it. */
  toJSON(): unknown;
}
