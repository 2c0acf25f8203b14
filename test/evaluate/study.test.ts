/**
 * The study engine on tiny synthetic studies. Expected values come from the definitions:
 * permutation p = (b + 1) / (P + 1) recomputed from the null AUCs, BH q-values recomputed
 * from the cells' p-values, FCR level 1 - R q / m, and identity of results across worker
 * counts (each permutation is seeded by its own index, not by the worker that runs it).
 */
import { describe, expect, it } from 'vitest';
import type { FeatureTable } from '../../src/features/types.js';
import { runStudy, type StudyDesign } from '../../src/evaluate/study.js';
import { baselineMethod } from '../../src/evaluate/methods.js';
import { benjaminiHochberg } from '../../src/evaluate/multiplicity.js';
import { ShrinkageLda } from '../../src/baselines/lda.js';
import type { EvaluationResults } from '../../src/evaluate/results.js';
import { createRng } from '../../src/util/rng.js';

function syntheticTask(name: string, n: number, effect: number, seed: number) {
  const rng = createRng(seed);
  const labels = Float64Array.from({ length: n }, (_, s) => s % 2);
  const names = ['rt.latency', 'rt.error', 'eeg.theta.Fz', 'eeg.alpha.Pz'];
  const d = new Float64Array(n * names.length);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < names.length; k++) d[s * names.length + k] = rng.normal();
    d[s * names.length] += effect * labels[s]!;
    d[s * names.length + 2] -= effect * labels[s]!;
  }
  const features: FeatureTable = { participantIds: Array.from({ length: n }, (_, s) => `${name}-${s}`),
    featureNames: names, d, se: new Float64Array(n * names.length).fill(0.2) };
  return { name, features, labels };
}

function design(workers: number): StudyDesign {
  return {
    tasks: [syntheticTask('strong', 24, 1.5, 1), syntheticTask('null', 24, 0, 2)],
    configurations: [{ name: 'rt', features: ['rt.*'] }, { name: 'rt+eeg', features: ['rt.*', 'eeg.*'] }],
    methods: [baselineMethod({ kind: 'dscore' }), baselineMethod({ kind: 'lda' })],
    cv: { kind: 'stratified-kfold', folds: 4, repeats: 2 },
    seed: 12345,
    permutations: 19,
    workers,
  };
}

function withoutTimings(results: EvaluationResults): unknown {
  return {
    ...results,
    createdAt: null,
    settings: { ...results.settings, workers: null },
    timings: null,
    cells: results.cells.map((cell) => ({ ...cell, timings: null })),
  };
}

describe('study engine', () => {
  let one: EvaluationResults;

  it('gives identical results with 1 and 2 worker threads', async () => {
    one = await runStudy(design(1));
    const two = await runStudy(design(2));
    expect(withoutTimings(two)).toEqual(withoutTimings(one));
    expect(one.cells).toHaveLength(8);
  });

  it('writes every cell with AUC, SE, intervals, p, q and predictions', () => {
    for (const cell of one.cells) {
      expect(cell.auc).toBeGreaterThanOrEqual(0);
      expect(cell.delongSe).toBeGreaterThan(0);
      expect(cell.ci.reported[0]).toBeLessThanOrEqual(cell.ci.reported[1]);
      expect(cell.repeatAucs).toHaveLength(2);
      expect(cell.predictions.scores).toHaveLength(24);
      expect(cell.bootstrapReplicates).toBe(10000);
      expect(cell.permutation!.permutations).toBe(19);
      expect(cell.permutation!.p).toBe((cell.permutation!.exceedances + 1) / 20);
    }
    const strong = one.cells.find((c) => c.task === 'strong' && c.method === 'lda'
      && c.configuration === 'rt+eeg')!;
    expect(strong.auc).toBeGreaterThan(0.8);
    expect(strong.permutation!.p).toBe(0.05);
    expect(strong.features).toEqual(['rt.latency', 'rt.error', 'eeg.theta.Fz', 'eeg.alpha.Pz']);
  });

  it('computes BH q-values across all cells and FCR intervals for the selected ones', () => {
    const q = benjaminiHochberg(one.cells.map((c) => c.permutation!.p));
    one.cells.forEach((cell, k) => expect(cell.qBh).toBeCloseTo(q[k]!, 15));
    const selected = one.cells.filter((c) => c.selected);
    expect(one.selection.selected).toBe(selected.length);
    expect(one.selection.tested).toBe(8);
    if (selected.length > 0) {
      expect(one.selection.fcrLevel).toBeCloseTo(1 - (selected.length * 0.05) / 8, 15);
      for (const cell of selected) {
        expect(cell.fcrCi!.level).toBe(one.selection.fcrLevel);
        // A wider level gives a wider percentile interval on the same replicates.
        expect(cell.fcrCi!.percentile[0]).toBeLessThanOrEqual(cell.ci.percentile[0]);
        expect(cell.fcrCi!.percentile[1]).toBeGreaterThanOrEqual(cell.ci.percentile[1]);
      }
    }
    for (const cell of one.cells.filter((c) => !c.selected)) expect(cell.fcrCi).toBeNull();
  });

  it('records the same fold assignment for every method of a task', () => {
    const task = one.tasks.find((t) => t.name === 'strong')!;
    expect(task.foldAssignment).toHaveLength(2);
    expect(task.foldAssignment![0]).toHaveLength(24);
  });

  it('runs in-process factories, counts missing labels as exclusions, and uses leave-pair-out', async () => {
    const task = syntheticTask('t', 14, 2, 3);
    task.labels[13] = Number.NaN;
    const results = await runStudy({
      tasks: [task],
      configurations: [{ name: 'all', features: ['rt.latency', 'eeg.theta.Fz'] }],
      methods: [{ name: 'lda-inline', create: () => new ShrinkageLda() }],
      cv: { kind: 'leave-pair-out' },
      seed: 1,
      permutations: 4,
      fcr: false,
      workers: 0,
    });
    expect(results.tasks[0]!.exclusions).toEqual([{ reason: 'label missing', count: 1 }]);
    const cell = results.cells[0]!;
    // 7 positives x 6 negatives held out in turn.
    expect(cell.predictions.pairs!.positiveScores).toHaveLength(42);
    expect(results.tasks[0]!.foldAssignment).toBeNull();
    expect(results.settings.bootstrapReplicates).toBe(2000);
  });

  it('refuses fewer than 10,000 bootstrap replicates when FCR intervals are requested', async () => {
    await expect(runStudy({ ...design(0), bootstrapReplicates: 2000 }))
      .rejects.toThrow(/at least 10000 bootstrap replicates/);
  });

  it('names a configuration feature that matches nothing', async () => {
    await expect(runStudy({ ...design(0), configurations: [{ name: 'x', features: ['erp.*'] }] }))
      .rejects.toThrow(/in task 'strong': feature 'erp\.\*' matches nothing/);
  });
});

describe('study engine with pooled and in-process methods together', () => {
  it('runs portable methods in the pool and the others on the main thread, and says so', async () => {
    const results = await runStudy({
      tasks: [syntheticTask('mixed', 16, 1, 4)],
      configurations: [{ name: 'rt', features: ['rt.*'] }],
      methods: [baselineMethod({ kind: 'lda' }), { name: 'lda-inline', create: () => new ShrinkageLda() }],
      cv: { kind: 'leave-one-out' },
      seed: 3,
      permutations: 6,
      fcr: false,
      workers: 1,
    });
    expect(results.warnings).toEqual(["method 'lda-inline' has no module, so it ran on the main thread"]);
    // LDA has no randomness and both cells use the task's folds, so the AUCs are equal.
    expect(results.cells[0]!.auc).toBe(results.cells[1]!.auc);
    expect(results.cells[1]!.permutation!.permutations).toBe(6);
  });
});
