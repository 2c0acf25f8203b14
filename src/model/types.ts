/**
 * The fitted model: everything prediction needs, in a JSON-serialisable form (plain arrays),
 * so that a saved model file rebuilds exactly the same predictions.
 */
import type { ModelSettings } from './settings.js';

export const MODEL_SCHEMA_VERSION = 1;

export interface FitDiagnostics {
  /** Windowed ELBO means (nats), one per `settings.window` steps. */
  elboTrace: number[];
  finalElbo: number;
  steps: number;
  converged: boolean;
  /** Final ELBO of each restart (the best was kept). */
  restartElbos: number[];
  /** PSIS k-hat of the variational posterior (NaN when not computed). */
  paretoK: number;
}

export interface FittedModel {
  schemaVersion: number;
  packageVersion: string;
  backend: string;
  seed: number;
  settings: ModelSettings;
  featureNames: string[];
  /** Training participants and, for binary labels, their rate of label 1. */
  trainingParticipants: number;
  baseRate: number | null;
  /** Per-feature centre and scale applied to d and se before modelling. */
  standardisation: { center: number[]; scale: number[] };
  /** Population level on the standardised scale; null with pooling 'none'. */
  population: { mu: number[]; sigma: number[]; muSd: number[] } | null;
  /** Centre and scale of a continuous outcome; null for binary labels. */
  outcomeScale: { center: number; scale: number } | null;
  /** log tau0 of the horseshoe (or 0 when unused). */
  logTau0: number;
  /** Gaussian variational posterior over the unconstrained parameters named here. */
  variational: { names: string[]; mean: number[]; logSd: number[]; factor: number[][] };
  diagnostics: FitDiagnostics;
  /**
   * How the training features and labels were made (modalities, D variant, label rule, cohort),
   * written by the `fit` command so that `predict` rebuilds the same features for new
   * participants. Covered by the file's checksum like every other field.
   */
  provenance?: Record<string, unknown>;
}

/** Per-participant predictions with equal-tailed credible intervals. */
export interface Prediction {
  participantIds: string[];
  /** Posterior mean of p(y = 1), or of the predicted score for a continuous outcome. */
  mean: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Credible level of [lower, upper]. */
  level: number;
}
