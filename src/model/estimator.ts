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
  /**
   * Optional: each participant's kept-trial EEG epochs, aligned with
   * `features.participantIds`, for methods that learn from trials (EEGNet). Attached by the
   * pipeline only when a study names such a method; other methods ignore it.
   */
  trials?: ParticipantEpochs[];
}

/**
 * One participant's EEG epochs of its kept IAT trials (those the D-score cleaning keeps and
 * that have an epoch), in float32 to halve the memory of float64 epochs. The samples may sit
 * in a SharedArrayBuffer, so worker threads receive them without a copy.
 */
export interface ParticipantEpochs {
  /** (trial, channel, sample) values in C order, in the recording's units (e.g. uV). */
  data: Float32Array;
  nTrials: number;
  nChannels: number;
  nSamples: number;
  /** IAT condition of each trial: 1 = mapping B, 0 = mapping A. */
  mappingB: Uint8Array;
  channelNames: string[];
  sfreqHz: number;
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
  /**
   * Optional fast path for cross-validation: fits one model per fold on `data`'s rows in
   * `fold.train` only (labels of other rows are never read) and returns each fold's
   * predictions for `fold.test`, in that order, as `fit` + `predictProba` on the subsets
   * would. Implemented where all folds can be fitted together (one batched program).
   */
  fitPredictFolds?(
    data: Dataset,
    folds: ReadonlyArray<{ train: Int32Array; test: Int32Array }>,
  ): Promise<Float64Array[]>;
}
