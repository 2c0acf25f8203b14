/**
 * The results.json of a study run (schema 'iatbayes/evaluation-results', version 1). The HTML
 * report and resumed runs read this file, so its shape is explicit here and documented field
 * by field in docs/evaluation.md. Any change that removes or renames a field, or changes a
 * field's meaning, increments RESULTS_SCHEMA_VERSION; adding an optional field does not.
 *
 * Numbers are plain JSON numbers; a value that is not a number (NaN, infinite) is written as
 * null. AUCs are dimensionless in [0, 1], times are milliseconds of wall clock.
 */
import type { CvScheme } from './cv.js';

export const RESULTS_SCHEMA = 'iatbayes/evaluation-results';
export const RESULTS_SCHEMA_VERSION = 1;

/** A confidence interval of the cross-validated AUC from the participant bootstrap. */
export interface IntervalResult {
  /** Coverage, e.g. 0.95; for FCR intervals 1 - R q / m. */
  level: number;
  percentile: [number, number];
  /** Efron's BCa interval, or null where BCa is undefined (see bcaUndefinedReason). */
  bca: [number, number] | null;
  bcaUndefinedReason: string | null;
  /** The interval to quote: BCa when defined, else the percentile interval. */
  reported: [number, number];
  reportedMethod: 'bca' | 'percentile';
  /** BCa bias correction z0 and jackknife acceleration a (null when not finite). */
  biasCorrection: number | null;
  acceleration: number | null;
}

/** Label-permutation test of the whole cross-validation pipeline. */
export interface PermutationResult {
  /** (b + 1) / (P + 1), b = permuted AUCs >= observed (one-sided, fixed direction). */
  p: number;
  exceedances: number;
  permutations: number;
  /** Mean and SD of the permuted AUCs: the pipeline's own null (0.5 if unbiased). */
  nullMean: number;
  nullSd: number;
}

/** Predictions of one cell, per participant, in the task's participant order. */
export interface CellPredictions {
  participantIds: string[];
  labels: number[];
  /** Mean out-of-fold prediction (over repeats, or over the pairs it was held out in). */
  scores: (number | null)[];
  /** Pooled schemes: out-of-fold prediction per repeat (repeat x participant). */
  repeatScores: (number | null)[][];
  /** Leave-pair-out: row-major positives x negatives predictions of each held-out pair. */
  pairs: {
    positives: string[];
    negatives: string[];
    positiveScores: number[];
    negativeScores: number[];
  } | null;
}

/** One task x configuration x method. */
export interface CellResult {
  task: string;
  configuration: string;
  method: string;
  /** The features this cell's models saw (the configuration resolved against the task). */
  features: string[];
  /** Cross-validated AUC: label 1 scoring higher counts as success; never flipped. */
  auc: number;
  /** Pooled schemes: AUC of each repeat's out-of-fold predictions. */
  repeatAucs: number[];
  /** DeLong (1988) standard error by Sun & Xu (2014); leave-pair-out: from the pair kernel. */
  delongSe: number;
  ci: IntervalResult;
  bootstrapReplicates: number;
  permutation: PermutationResult | null;
  /** Benjamini-Hochberg and Benjamini-Yekutieli q-values across every cell of the study. */
  qBh: number | null;
  qBy: number | null;
  /** BH q <= the study's q. */
  selected: boolean;
  /** FCR-adjusted interval (level 1 - R q / m), for selected cells only. */
  fcrCi: IntervalResult | null;
  predictions: CellPredictions;
  timings: { crossValidationMs: number; bootstrapMs: number; permutationMs: number };
  /** Things to look at (e.g. an AUC far below 0.5, a BCa fallback). */
  warnings: string[];
}

/** A task (cohort x label) as evaluated. */
export interface TaskSummary {
  name: string;
  participants: number;
  positives: number;
  negatives: number;
  /** Participants left out before evaluation, counted by reason. */
  exclusions: { reason: string; count: number }[];
  /** Fold of each participant in each repeat (identical for every method); null for LPO. */
  foldAssignment: number[][] | null;
  participantIds: string[];
}

/** The whole results.json document. */
export interface EvaluationResults {
  schema: typeof RESULTS_SCHEMA;
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  createdAt: string;
  versions: { iatbayes: string; node: string; schema: number };
  settings: {
    seed: number;
    cv: CvScheme;
    bootstrapReplicates: number;
    permutations: number;
    q: number;
    fcr: boolean;
    confidenceLevel: number;
    workers: number;
  };
  tasks: TaskSummary[];
  configurations: { name: string; features: string[] }[];
  methods: {
    name: string;
    module: string | null;
    exportName: string | null;
    options: unknown;
    /** Configurations the method ran in; null = all. */
    configurations: string[] | null;
  }[];
  cells: CellResult[];
  selection: {
    q: number;
    /** Cells with a permutation p-value (m). */
    tested: number;
    /** Cells with BH q <= q (R). */
    selected: number;
    /** 1 - R q / m, or null when nothing is selected or FCR intervals were not requested. */
    fcrLevel: number | null;
  };
  timings: {
    totalMs: number;
    crossValidationMs: number;
    bootstrapMs: number;
    permutationMs: number;
    multiplicityMs: number;
  };
  warnings: string[];
}
