/**
 * The fused kernel's fits spread over threads: the batch is cut into contiguous parts of
 * nearly equal size, every part but the last runs in a worker thread and the last on this
 * thread. The results are identical to one thread's (a test): a fit's trajectory depends only
 * on its own data, its noise stream and the step-offset sequence, which every part draws from
 * the same seed.
 *
 * Why: the kernel is single-threaded, and a leave-one-out evaluation is 40+ independent fits
 * (docs/model.md, "Speed"). Worker threads of the evaluation engine (isMainThread false) use
 * one thread: the engine already keeps every core busy with cells and permutations.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { runFusedVariational } from './meanFieldKernel.js';
import type { VariationalProblem, VariationalResult } from './problem.js';
import { tsxWorkerSource } from '../util/tsxWorker.js';

/**
 * Below this many [fit x participant x feature] cells per part a worker's start-up (~0.1 s
 * compiled, ~1 s from TypeScript sources) costs more than the part's share of the work.
 */
const MIN_CELLS_PER_PART = 50_000;

/** Threads used when the caller does not say: every core on the main thread, else one. */
export function defaultKernelThreads(): number {
  return isMainThread ? availableParallelism() : 1;
}

/** The number of parts a problem is cut into with `threads` threads available. */
export function kernelParts(problem: VariationalProblem, threads: number): number {
  const cellsPerFit = problem.participants * problem.layout.features;
  const byWork = Math.floor((problem.batch * cellsPerFit) / MIN_CELLS_PER_PART);
  return Math.max(1, Math.min(Math.floor(threads), problem.batch, byWork));
}

/** Fits [start, end) of a problem as a problem of their own (copies, so they can be sent). */
export function subProblem(
  problem: VariationalProblem,
  start: number,
  end: number,
): VariationalProblem {
  const S = problem.participants;
  const SP = S * problem.layout.features;
  const rows = problem.init.length / problem.batch;
  return {
    ...problem,
    batch: end - start,
    m: problem.m.slice(start * SP, end * SP),
    v: problem.v.slice(start * SP, end * SP),
    y: problem.y.slice(start * S, end * S),
    mask: problem.mask.slice(start * S, end * S),
    logTau0: problem.logTau0.slice(start, end),
    init: problem.init.slice(start * rows, end * rows),
    streams: problem.streams.slice(start, end),
  };
}

/** The results of consecutive parts of a batch as one result. */
export function mergeResults(parts: VariationalResult[]): VariationalResult {
  const params = new Float32Array(parts.reduce((n, part) => n + part.params.length, 0));
  const finalElbo = new Float64Array(parts.reduce((n, part) => n + part.finalElbo.length, 0));
  const steps = new Int32Array(finalElbo.length);
  let paramOffset = 0;
  let fitOffset = 0;
  for (const part of parts) {
    params.set(part.params, paramOffset);
    finalElbo.set(part.finalElbo, fitOffset);
    steps.set(part.steps, fitOffset);
    paramOffset += part.params.length;
    fitOffset += part.finalElbo.length;
  }
  return {
    params,
    finalElbo,
    steps,
    elboTrace: parts.flatMap((part) => part.elboTrace),
    converged: parts.flatMap((part) => part.converged),
    diverged: parts.flatMap((part) => part.diverged),
  };
}

function runInWorker(problem: VariationalProblem): Promise<VariationalResult> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./kernelWorker${ext}`, import.meta.url);
  const worker =
    ext === '.js'
      ? new Worker(url, { workerData: { problem } })
      : new Worker(tsxWorkerSource(url.href), { eval: true, workerData: { problem } });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (result: VariationalResult) => {
      settled = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the model kernel's worker thread exited with code ${code}`));
    });
  });
}

/** Runs the problem's fits on up to `threads` threads (see the module comment). */
export function runFusedThreaded(
  problem: VariationalProblem,
  threads: number,
): Promise<VariationalResult> {
  return runFusedParts(problem, kernelParts(problem, threads));
}

/** Runs the problem's fits in `parts` contiguous parts, all but the last in worker threads. */
export async function runFusedParts(
  problem: VariationalProblem,
  parts: number,
): Promise<VariationalResult> {
  if (parts <= 1) return runFusedVariational(problem);
  const bounds = Array.from({ length: parts + 1 }, (_, i) =>
    Math.round((i * problem.batch) / parts),
  );
  const workers = bounds
    .slice(0, -2)
    .map((start, i) => runInWorker(subProblem(problem, start, bounds[i + 1] as number)));
  // A worker that fails while this thread computes is reported by Promise.all, not as an
  // unhandled rejection.
  for (const promise of workers) promise.catch(() => undefined);
  const last = runFusedVariational(subProblem(problem, bounds[parts - 1] as number, problem.batch));
  return mergeResults([...(await Promise.all(workers)), last]);
}
