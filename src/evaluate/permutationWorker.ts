/**
 * Piscina worker: runs a range of label permutations of one cell. The method travels as its
 * module URL, export name and JSON options, and is rebuilt here.
 */
import { resolveFactory, type MethodSpec } from './methods.js';
import { runPermutationJob, type PermutationJob, type PermutationJobResult } from './permutations.js';

/** A job for the worker: the permutations and the method to refit. */
export interface WorkerPermutationJob extends PermutationJob {
  method: Omit<MethodSpec, 'create'>;
}

export default async function permutationTask(job: WorkerPermutationJob):
  Promise<PermutationJobResult> {
  return runPermutationJob(job, await resolveFactory(job.method));
}
