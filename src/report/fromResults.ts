/**
 * Maps the evaluation stage's results.json (src/evaluate/results.ts) and, when given, fitted
 * models and EEG summaries onto the report's input. This is the only file that knows the
 * results schema; charts and sections read src/report/types.ts.
 */
import type { CellResult, EvaluationResults } from '../evaluate/results.js';
import type { CvScheme } from '../evaluate/cv.js';
import { createRng, type Rng } from '../util/rng.js';
import type {
  CellSummary,
  EegSummary,
  ExclusionCount,
  ModelSummary,
  ParticipantData,
  ParticipantScore,
  ReportInput,
} from './types.js';
import { rocFromScores } from './rocFromScores.js';
import { rocBand } from './rocBand.js';

/** What results.json does not hold but other stages may add. */
export interface ReportExtras {
  title?: string;
  /** One summary per fitted Bayesian model (see modelSummaryFromFitted). */
  models?: ModelSummary[];
  eeg?: EegSummary;
  participants?: ParticipantData[];
  /** Trial, epoch and participant exclusions of ingest and features. */
  exclusions?: ExclusionCount[];
  /** The study configuration as the user wrote it (default: the results' settings). */
  config?: unknown;
  /** tfjs backend the models ran on. */
  backend?: string;
  /** Extra versions (tfjs, vega) to list beside the results' own. */
  versions?: Record<string, string>;
  /** Stage timings (seconds) of stages before evaluation. */
  timings?: { stage: string; seconds: number }[];
  /** How each task's class 1 and class 0 read in words, by task name. */
  labelNames?: Record<string, { positiveName: string; negativeName: string }>;
  /** The cell the summary sentence is about: 'task/configuration/method'. */
  headlineCellId?: string;
  /** Resamples for the ROC bands drawn from out-of-fold scores (default 200). */
  rocBandReplicates?: number;
}

/** "5-fold stratified cross-validation repeated 10 times". */
export function describeCv(scheme: CvScheme): string {
  switch (scheme.kind) {
    case 'leave-one-out':
      return 'leave-one-out cross-validation';
    case 'leave-pair-out':
      return 'leave-pair-out cross-validation';
    case 'stratified-kfold':
      return (
        `${scheme.folds}-fold stratified cross-validation` +
        (scheme.repeats > 1 ? ` repeated ${scheme.repeats} times` : '')
      );
  }
}

/** Out-of-fold scores with a label of 0 or 1; null scores (never predicted) are left out. */
function cellScores(cell: CellResult): ParticipantScore[] {
  const { participantIds, labels, scores } = cell.predictions;
  const out: ParticipantScore[] = [];
  participantIds.forEach((participantId, i) => {
    const score = scores[i];
    const label = labels[i];
    if (score === null || score === undefined || (label !== 0 && label !== 1)) return;
    out.push({ participantId, label, score });
  });
  return out;
}

/**
 * Probability or raw score: the D-score baseline gives raw scores; other methods give
 * probabilities when every score lies in [0, 1].
 * Limitation: results.json does not say which; a method whose raw scores happen to lie in
 * [0, 1] would get a calibration plot it should not have.
 */
function scoreKindOf(
  cell: CellResult,
  scores: readonly ParticipantScore[],
): 'probability' | 'score' {
  if (/d-?score/i.test(cell.method)) return 'score';
  return scores.every((entry) => entry.score >= 0 && entry.score <= 1) ? 'probability' : 'score';
}

/**
 * The permuted AUCs when the results keep them in an optional `permutation.permutedAucs`
 * array (results.json v1 keeps only their mean and SD; an optional field needs no new schema
 * version). Non-numbers (null for NaN) are left out.
 */
function permutedAucs(cell: CellResult): number[] | undefined {
  const stored = (cell.permutation as { permutedAucs?: unknown } | null)?.permutedAucs;
  if (!Array.isArray(stored)) return undefined;
  const values = stored.filter((value): value is number => Number.isFinite(value));
  return values.length > 0 ? values : undefined;
}

function cellSummary(cell: CellResult, rng: Rng, replicates: number): CellSummary {
  const scores = cellScores(cell);
  const kind = scoreKindOf(cell, scores);
  const id = `${cell.task}/${cell.configuration}/${cell.method}`;
  const curve = rocFromScores(scores);
  const band =
    curve === undefined
      ? undefined
      : rocBand(scores, { rng: rng.fork(id), replicates, level: cell.ci.level });
  const summary: CellSummary = {
    id,
    method: cell.method,
    label: cell.task,
    featureSet: cell.configuration,
    n: scores.length,
    nPositive: scores.filter((entry) => entry.label === 1).length,
    auc: cell.auc ?? Number.NaN,
    ci: cell.ci.reported,
    ciLevel: cell.ci.level,
    p: cell.permutation?.p ?? Number.NaN,
    scoreKind: kind,
    scoreName:
      kind === 'probability'
        ? 'Predicted probability of label 1'
        : /d-?score/i.test(cell.method)
          ? 'D-score'
          : 'Score',
    scores,
  };
  if (cell.fcrCi !== null) summary.ciAdjusted = cell.fcrCi.reported;
  if (cell.qBh !== null) summary.q = cell.qBh;
  if (curve !== undefined) summary.roc = band === undefined ? curve : { ...curve, band };
  const permuted = permutedAucs(cell);
  if (permuted !== undefined) summary.permutationNull = permuted;
  if (cell.permutation !== null) {
    summary.permutationSummary = {
      mean: cell.permutation.nullMean,
      sd: cell.permutation.nullSd,
      count: cell.permutation.permutations,
    };
  }
  return summary;
}

/**
 * The report input for `results` (and `extras`). ROC bands are resampled from the cells'
 * out-of-fold scores with a generator forked from the results' seed, so the same results give
 * the same picture.
 */
export function fromResults(results: EvaluationResults, extras: ReportExtras = {}): ReportInput {
  const rng = createRng(results.settings.seed).fork('report:roc-band');
  const replicates = extras.rocBandReplicates ?? 200;
  const distinct = new Set(results.tasks.flatMap((task) => task.participantIds));
  const exclusions: ExclusionCount[] = [
    ...(extras.exclusions ?? []),
    ...results.tasks.flatMap((task) =>
      task.exclusions.map((exclusion) => ({
        level: `participant (${task.name})`,
        reason: exclusion.reason,
        count: exclusion.count,
      })),
    ),
  ];
  const ms = results.timings;
  return {
    title: extras.title ?? 'iatbayes study report',
    cohorts: results.tasks.map((task) => ({ name: task.name, nParticipants: task.participants })),
    totalParticipants: distinct.size > 0 ? distinct.size : undefined,
    labels: results.tasks.map((task) => ({
      name: task.name,
      nPositive: task.positives,
      nNegative: task.negatives,
      ...(extras.labelNames?.[task.name] ?? {}),
    })),
    ...(extras.headlineCellId === undefined ? {} : { headlineCellId: extras.headlineCellId }),
    cells: results.cells.map((cell) => cellSummary(cell, rng, replicates)),
    models: extras.models ?? [],
    eeg: extras.eeg,
    exclusions,
    participants: extras.participants ?? [],
    reproducibility: {
      seed: results.settings.seed,
      versions: {
        ...results.versions,
        schema: String(results.versions.schema),
        ...(extras.versions ?? {}),
      } as Record<string, string>,
      backend: extras.backend ?? 'not recorded',
      timings: [
        ...(extras.timings ?? []),
        { stage: 'cross-validation', seconds: ms.crossValidationMs / 1000 },
        { stage: 'bootstrap', seconds: ms.bootstrapMs / 1000 },
        { stage: 'permutations', seconds: ms.permutationMs / 1000 },
        { stage: 'multiplicity', seconds: ms.multiplicityMs / 1000 },
      ],
      config: extras.config ?? {
        settings: results.settings,
        configurations: results.configurations,
        methods: results.methods,
      },
      createdAt: results.createdAt,
      crossValidation: describeCv(results.settings.cv),
      nPermutations: results.settings.permutations,
      nBootstrap: results.settings.bootstrapReplicates,
      intervalMethod: results.cells.every((cell) => cell.ci.reportedMethod === 'bca')
        ? 'bias-corrected and accelerated (BCa) bootstrap'
        : 'bias-corrected and accelerated (BCa) bootstrap, percentile where BCa is undefined,',
    },
  };
}
