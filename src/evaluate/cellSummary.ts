/**
 * One cell's summary from its out-of-fold predictions: the AUC (never flipped), its DeLong
 * standard error, stratified-bootstrap percentile and BCa intervals, the warnings a reader needs
 * (an AUC far below 0.5, BCa undefined) and the predictions as results.json stores them.
 */
import { stratifiedBootstrap, type AucResampler } from './bootstrap.js';
import { outOfFoldAuc, outOfFoldResampler, type OutOfFold } from './crossValidate.js';
import type { CvPlan } from './cv.js';
import { delong, delongFromKernel } from './delong.js';
import { bcaInterval, percentileInterval } from './intervals.js';
import type { CellResult, IntervalResult } from './results.js';
import type { FeatureTable } from '../features/types.js';
import { createRng } from '../util/rng.js';

/** What a cell summary needs of its task. */
export interface CellTask {
  name: string;
  features: FeatureTable;
  labels: Float64Array;
  positives: number;
  negatives: number;
}

export interface CellSettings {
  cellKey: string;
  configuration: string;
  method: string;
  featureNames: string[];
  replicates: number;
  level: number;
  seed: number;
}

/** AUC, DeLong SE and bootstrap intervals of one cell's out-of-fold predictions. */
export function summariseCell(
  outOfFold: OutOfFold,
  task: CellTask,
  plan: CvPlan,
  settings: CellSettings,
): { cell: CellResult; cellBootstrap: CellBootstrap } {
  const labels = task.labels;
  const aucValue = outOfFoldAuc(outOfFold, labels);
  const se =
    outOfFold.pairs !== null
      ? delongFromKernel(outOfFold.pairs.kernel, task.positives, task.negatives).se
      : delong(outOfFold.scores, labels).se;
  const repeatAucs =
    outOfFold.repeatScores.length > 1
      ? outOfFold.repeatScores.map((scores) => outOfFoldAuc({ ...outOfFold, scores }, labels))
      : [];

  const resampler = outOfFoldResampler(outOfFold, labels);
  const bootstrap = stratifiedBootstrap(
    resampler,
    settings.replicates,
    createRng(settings.seed).fork('bootstrap').fork(settings.cellKey),
  );
  const cellBootstrap = { bootstrap, resampler };
  const ci = intervalAt(aucValue, cellBootstrap, settings.level);

  const warnings: string[] = [];
  if (ci.bcaUndefinedReason !== null) {
    warnings.push(`BCa undefined (${ci.bcaUndefinedReason}); the percentile interval is reported`);
  }
  if (aucValue < 0.3) {
    warnings.push(
      `AUC ${aucValue.toFixed(3)} is far below 0.5: a symptom, not a result ` +
        (plan.scheme.kind === 'leave-one-out'
          ? '(pooled leave-one-out gives a base-rate predictor an AUC near 0; try leave-pair-out)'
          : '(check the predictions for a model that learned only the base rate)'),
    );
  }
  const ids = task.features.participantIds;
  const toNullable = (values: Float64Array): (number | null)[] =>
    Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  const cell: CellResult = {
    task: task.name,
    configuration: settings.configuration,
    method: settings.method,
    features: settings.featureNames,
    auc: aucValue,
    repeatAucs,
    delongSe: se,
    ci,
    bootstrapReplicates: settings.replicates,
    permutation: null,
    qBh: null,
    qBy: null,
    selected: false,
    fcrCi: null,
    predictions: {
      participantIds: [...ids],
      labels: Array.from(labels),
      scores: toNullable(outOfFold.scores),
      repeatScores: outOfFold.kind === 'pooled' ? outOfFold.repeatScores.map(toNullable) : [],
      pairs:
        outOfFold.pairs === null
          ? null
          : {
              positives: Array.from(outOfFold.pairs.positives, (s) => ids[s]!),
              negatives: Array.from(outOfFold.pairs.negatives, (s) => ids[s]!),
              positiveScores: Array.from(outOfFold.pairs.positiveScores),
              negativeScores: Array.from(outOfFold.pairs.negativeScores),
            },
    },
    timings: { crossValidationMs: 0, bootstrapMs: 0, permutationMs: 0 },
    warnings,
  };
  return { cell, cellBootstrap };
}

/** A cell's bootstrap distribution, kept for the FCR intervals of stage 3. */
export interface CellBootstrap {
  bootstrap: Float64Array;
  resampler: AucResampler;
}

/** Percentile and BCa intervals of a cell at `level`, from its bootstrap. */
export function intervalAt(
  estimate: number,
  { bootstrap, resampler }: CellBootstrap,
  level: number,
): IntervalResult {
  const percentile = percentileInterval(bootstrap, level);
  const jackknife = resampler.jackknife();
  const bca = bcaInterval(estimate, bootstrap, [jackknife.positives, jackknife.negatives], level);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    level,
    percentile,
    bca: bca.interval,
    bcaUndefinedReason: bca.undefinedReason,
    reported: bca.interval ?? percentile,
    reportedMethod: bca.interval === null ? 'percentile' : 'bca',
    biasCorrection: finite(bca.biasCorrection),
    acceleration: finite(bca.acceleration),
  };
}
