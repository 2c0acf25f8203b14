/**
 * Piscina worker: runs the observed cross-validation of a cell (export crossValidateCell) or
 * a range of its label permutations (default export). The method travels as its module URL,
 * export name and JSON options, and is rebuilt here.
 */
import { resolveFactory, type MethodSpec } from './methods.js';
import {
  runCrossValidationJob, runPermutationJob, type CrossValidationJob, type PermutationJob,
  type PermutationJobResult,
} from './permutations.js';
import type { OutOfFold } from './crossValidate.js';

/** A job for the worker: the permutations and the method to refit. */
export interface WorkerPermutationJob extends PermutationJob {
  method: Omit<MethodSpec, 'create'>;
}

export default async function permutationTask(job: WorkerPermutationJob):
  Promise<PermutationJobResult> {
  return runPermutationJob(job, await resolveFactory(job.method));
}

/** A cell's observed cross-validation, with the method to build. */
export interface WorkerCrossValidationJob extends CrossValidationJob {
  method: Omit<MethodSpec, 'create'>;
}

export async function crossValidateCell(job: WorkerCrossValidationJob):
  Promise<{ outOfFold: OutOfFold; elapsedMs: number }> {
  return runCrossValidationJob(job, await resolveFactory(job.method));
}
