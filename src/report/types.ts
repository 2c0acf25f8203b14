/**
 * What the HTML report draws, as plain records. The evaluation results (results.json) are
 * mapped onto these by `fromResults` (src/report/fromResults.ts), so the chart and page code
 * depends only on this file. Every string here may come from a user's files and is escaped
 * wherever it is written.
 */

/** A closed interval [lower, upper] on the scale of the quantity it bounds. */
export type Interval = readonly [lower: number, upper: number];

/** One group of participants the study drew from ("lab A 2023", "clinic"). */
export interface CohortSummary {
  name: string;
  nParticipants: number;
}

/** A psychometric label predicted by the models, with its class balance. */
export interface LabelSummary {
  name: string;
  /** Participants with the label = 1 (e.g. "high anxiety"). */
  nPositive: number;
  /** Participants with the label = 0. */
  nNegative: number;
  /** How class 1 and class 0 read in words ("high trait anxiety", "low trait anxiety"). */
  positiveName?: string;
  negativeName?: string;
}

/** A receiver operating characteristic curve: false and true positive rates, both in [0, 1]. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Pointwise bootstrap band of the TPR on the same FPR grid as `fpr` (e.g. 95 %). */
  band?: { fpr: number[]; lower: number[]; upper: number[]; level: number };
}

/** Out-of-fold score of one participant in one cell. */
export interface ParticipantScore {
  participantId: string;
  /** The true label, 0 or 1. */
  label: 0 | 1;
  /** The method's score: a probability of label 1, or a raw score such as the D-score. */
  score: number;
}

/** One reliability-diagram bin: mean predicted probability and observed rate of label 1. */
export interface CalibrationBin {
  meanPredicted: number;
  observedRate: number;
  count: number;
}

/**
 * One cell of the comparison: a method predicting a label from a set of features, evaluated
 * out of fold. AUC is the area under the ROC curve (0.5 = chance).
 */
export interface CellSummary {
  /** Unique key of the cell (used for anchors and to find the headline). */
  id: string;
  /** Method name ('bayes', 'lda', 'logistic', 'dscore'). */
  method: string;
  /** Label name (matches a LabelSummary.name). */
  label: string;
  /** Feature set or modality ("behaviour", "behaviour + EEG"), when cells differ in it. */
  featureSet?: string;
  /** Task name when the study has several IATs. */
  task?: string;
  /** Participants evaluated and how many of them have label 1. */
  n: number;
  nPositive: number;
  auc: number;
  /** Plain (per-cell) confidence interval of the AUC. */
  ci: Interval;
  /** False-coverage-rate adjusted interval (Benjamini & Yekutieli 2005). */
  ciAdjusted?: Interval;
  /** Confidence level of `ci` (e.g. 0.95). */
  ciLevel: number;
  /** One-sided permutation p-value of AUC > 0.5, and its Benjamini-Hochberg q-value. */
  p: number;
  q?: number;
  /** What `scores` mean: a probability (calibration is drawn) or another score. */
  scoreKind: 'probability' | 'score';
  /** Name of the score on an axis ("P(high anxiety)", "D-score"). */
  scoreName?: string;
  scores?: ParticipantScore[];
  roc?: RocCurve;
  calibration?: CalibrationBin[];
  /** AUCs under label permutation, when the results keep them. */
  permutationNull?: number[];
  /** Mean and SD of the permuted AUCs and their count, when only these are kept. */
  permutationSummary?: { mean: number; sd: number; count: number };
  /** True for the cell named in advance as the study's main question. */
  primary?: boolean;
}

/** Posterior summary of one model weight (on standardised features). */
export interface PosteriorWeight {
  feature: string;
  /** Posterior median (robust to the heavy tails of ARD posteriors). */
  median: number;
  /** Central credible interval of the weight. */
  interval: Interval;
  /** Posterior probability that the weight is non-zero / in the slab, when the prior is sparse. */
  inclusion?: number;
}

/** One optimisation run's evidence lower bound per iteration (nats). */
export interface ElboTrace {
  /** Which fit ("fold 1", "full data"). */
  name: string;
  elbo: number[];
}

/** A Pareto-smoothed importance sampling shape estimate (Vehtari et al. 2024). */
export interface ParetoKhat {
  /** The fit it belongs to ("fold 1", "full data"). */
  fit: string;
  khat: number;
}

/** What the Bayesian model learned for one label. */
export interface ModelSummary {
  label: string;
  /** The weights' prior in words ("regularised horseshoe"), for the methods paragraph. */
  prior?: string;
  credibleLevel: number;
  weights: PosteriorWeight[];
  elbo: ElboTrace[];
  paretoKhat: ParetoKhat[];
}

/** An electrode and its 2-D position on the flattened scalp (x to the right ear, y to the nose). */
export interface ElectrodePosition {
  channel: string;
  x: number;
  y: number;
}

/** Model weights of one frequency band's EEG features, one per channel. */
export interface BandWeights {
  band: string;
  /** Band edges in Hz, when known. */
  rangeHz?: Interval;
  label: string;
  weights: { channel: string; weight: number }[];
}

/** A group-average spectrum of one condition (e.g. mapping A / B) at one channel or averaged. */
export interface GroupSpectrum {
  condition: string;
  channel: string;
  freqHz: number[];
  /** Power in dB (10 log10 of µV²/Hz). */
  powerDb: number[];
}

/** A group-average event-related potential of one condition at one channel. */
export interface GroupErp {
  condition: string;
  channel: string;
  timeMs: number[];
  amplitudeUv: number[];
}

/** EEG content of the report; absent when the study had no EEG. */
export interface EegSummary {
  montageName: string;
  positions: ElectrodePosition[];
  bandWeights: BandWeights[];
  spectra: GroupSpectrum[];
  erps: GroupErp[];
}

/** A count of things left out, with the reason (trial, block, epoch or participant level). */
export interface ExclusionCount {
  level: string;
  reason: string;
  count: number;
}

/** How much data one participant contributed. */
export interface ParticipantData {
  participantId: string;
  trialsKept: number;
  trialsTotal: number;
  epochsKept?: number;
  epochsTotal?: number;
}

/** How long one pipeline stage took (seconds of wall time). */
export interface StageTiming {
  stage: string;
  seconds: number;
}

/** Everything needed to rerun the analysis and say how it was done. */
export interface Reproducibility {
  seed: number;
  /** Package and runtime versions ("iatbayes": "0.1.0", "node": "20.19.0", ...). */
  versions: Record<string, string>;
  /** tfjs backend the model ran on ("wasm", "cpu", "tensorflow"). */
  backend: string;
  timings: StageTiming[];
  /** The study configuration as given (shown as JSON). */
  config: unknown;
  /** ISO 8601 time the results were produced. */
  createdAt?: string;
  /** Cross-validation description ("5-fold stratified, repeated 10 times"). */
  crossValidation?: string;
  /** Number of label permutations and bootstrap resamples. */
  nPermutations?: number;
  nBootstrap?: number;
  /** How the AUC intervals were made ("percentile bootstrap", "BCa bootstrap"). */
  intervalMethod?: string;
}

/** The complete input of the report. */
export interface ReportInput {
  title: string;
  cohorts: CohortSummary[];
  /** Distinct participants over all cohorts, when cohorts overlap (default: their sum). */
  totalParticipants?: number;
  labels: LabelSummary[];
  cells: CellSummary[];
  /** Id of the cell the summary sentence is about; defaults to the primary or first cell. */
  headlineCellId?: string;
  models: ModelSummary[];
  eeg?: EegSummary;
  exclusions: ExclusionCount[];
  participants: ParticipantData[];
  reproducibility: Reproducibility;
}
