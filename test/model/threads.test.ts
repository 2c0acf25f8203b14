/**
 * The fused kernel's fits spread over worker threads (src/model/kernelThreads.ts) give exactly
 * the results of one thread: each fit depends only on its own data, noise stream and the
 * shared step-offset sequence. Exact equality is expected (the same float operations in the
 * same order on every thread), so the comparison has no tolerance.
 */
import { describe, expect, it } from 'vitest';
import { fitBatch, fitModel } from '../../src/model/fit.js';
import { kernelParts, runFusedParts } from '../../src/model/kernelThreads.js';
import type { VariationalProblem } from '../../src/model/problem.js';
import { simulateFeatureCohort } from '../../src/simulate/featureCohort.js';

async function foldProblem(participants: number, features: number): Promise<VariationalProblem> {
  const cohort = simulateFeatureCohort({ participants, features, effect: 1.5, seed: 4 });
  const S = cohort.labels.length;
  const masks = Array.from({ length: 5 }, (_, f) =>
    Array.from({ length: S }, (_, s) => (s % 5 === f ? 0 : 1)),
  );
  let problem: VariationalProblem | undefined;
  await fitBatch(
    cohort.table,
    masks.map(() => cohort.labels),
    masks,
    {
      seed: 3,
      settings: { maxSteps: 600, minSteps: 300 },
      threads: 1,
      onProblem: (p) => {
        problem = p;
      },
    },
  );
  return problem as VariationalProblem;
}

describe('fused kernel on several threads', () => {
  it('gives exactly the fits of one thread', async () => {
    const problem = await foldProblem(30, 12);
    expect(problem.batch).toBe(10); // 5 folds x 2 restarts
    const one = await runFusedParts(problem, 1);
    const three = await runFusedParts(problem, 3);
    expect(three.params).toEqual(one.params);
    expect(three.finalElbo).toEqual(one.finalElbo);
    expect(three.steps).toEqual(one.steps);
    expect(three.elboTrace).toEqual(one.elboTrace);
    expect(three.converged).toEqual(one.converged);
  });

  it('splits only batches with enough work to pay for a thread', async () => {
    const small = await foldProblem(30, 12);
    expect(kernelParts(small, 8)).toBe(1);
    const large = await foldProblem(40, 330);
    expect(kernelParts(large, 2)).toBe(2);
    expect(kernelParts(large, 1)).toBe(1);
  });

  it('refuses a thread count that is not a positive integer, naming the option', async () => {
    const cohort = simulateFeatureCohort({ participants: 20, features: 3, effect: 1, seed: 1 });
    for (const threads of [0, 1.5, Number.NaN]) {
      await expect(fitModel(cohort.table, cohort.labels, { threads })).rejects.toThrow(
        /threads.*positive integer/,
      );
    }
  });
});
