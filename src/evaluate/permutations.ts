/**
 * The two kinds of work the study engine hands to worker threads (or runs in-process): the
 * observed cross-validation of a cell, and ranges of label permutations of it.
 *
 * One label permutation of the whole cross-validation pipeline: shuffle the labels, rebuild
 * the folds for the shuffled labels, refit every fold, and take the cross-validated AUC.
 * Permutation i of a cell draws only from createRng(seed).fork('permutation').fork(cell)
 * .fork(i), so its result does not depend on which thread runs it or in what order.
 */
import type { FeatureTable } from '../features/types.js';
import type { Dataset, ParticipantEpochs } from '../model/estimator.js';
import { createRng, shuffleInPlace } from '../util/rng.js';
import { crossValidate, outOfFoldAuc, type EstimatorFactory } from './crossValidate.js';
import { makeCvPlan, type CvScheme } from './cv.js';
import type { OutOfFold } from './crossValidate.js';

/** The observed cross-validation of one cell (structured-clone friendly). */
export interface CrossValidationJob {
  features: FeatureTable;
  labels: Float64Array;
  cv: CvScheme;
  seed: number;
  /** The task's name seeds its folds, so every method of the task gets the same folds. */
  taskName: string;
  cellKey: string;
  /** Per-participant trial epochs (EEGNet); shared memory, so not copied into workers. */
  trials?: ParticipantEpochs[];
}

/** The dataset of a job: features and labels, with the trial epochs when it carries them. */
function jobDataset(job: { features: FeatureTable; trials?: ParticipantEpochs[] },
  labels: Float64Array): Dataset {
  return job.trials === undefined ? { features: job.features, labels }
    : { features: job.features, labels, trials: job.trials };
}

/** The folds of a task: createRng(seed).fork('folds').fork(task name). */
export function taskCvPlan(cv: CvScheme, labels: Float64Array, seed: number, taskName: string) {
  return makeCvPlan(cv, labels, createRng(seed).fork('folds').fork(taskName));
}

/** Cross-validates one cell on its task's folds; fits draw from fork('fit').fork(cell). */
export async function runCrossValidationJob(job: CrossValidationJob, factory: EstimatorFactory):
  Promise<{ outOfFold: OutOfFold; elapsedMs: number }> {
  const began = performance.now();
  const plan = taskCvPlan(job.cv, job.labels, job.seed, job.taskName);
  const outOfFold = await crossValidate(jobDataset(job, job.labels), plan,
    factory, createRng(job.seed).fork('fit').fork(job.cellKey));
  return { outOfFold, elapsedMs: performance.now() - began };
}

/** A range of permutations of one cell, as sent to a worker (structured-clone friendly). */
export interface PermutationJob {
  features: FeatureTable;
  labels: Float64Array;
  cv: CvScheme;
  seed: number;
  cellKey: string;
  /** Permutation indices start..end-1. */
  start: number;
  end: number;
  /** Per-participant trial epochs (EEGNet), as in CrossValidationJob. */
  trials?: ParticipantEpochs[];
}

/** The permuted AUCs of a job, in index order, and the time spent. */
export interface PermutationJobResult {
  aucs: Float64Array;
  elapsedMs: number;
}

/** Runs permutations start..end-1 of a cell with the method's factory. */
export async function runPermutationJob(job: PermutationJob,
  factory: EstimatorFactory): Promise<PermutationJobResult> {
  const began = performance.now();
  const cellRng = createRng(job.seed).fork('permutation').fork(job.cellKey);
  const aucs = new Float64Array(job.end - job.start);
  for (let index = job.start; index < job.end; index++) {
    const rng = cellRng.fork(index);
    const labels = Float64Array.from(shuffleInPlace(Array.from(job.labels), rng.fork('labels')));
    const plan = makeCvPlan(job.cv, labels, rng.fork('folds'));
    const outOfFold = await crossValidate(jobDataset(job, labels), plan, factory,
      rng.fork('fit'));
    aucs[index - job.start] = outOfFoldAuc(outOfFold, labels);
  }
  return { aucs, elapsedMs: performance.now() - began };
}
