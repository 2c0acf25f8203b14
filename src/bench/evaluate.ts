/**
 * Benchmark of a whole evaluation study on synthetic participant features: 2 tasks x 3
 * modality configurations x 4 methods (the D-score only where 'rt.latency' is present),
 * leave-one-out, 2,000 bootstrap replicates and 200
 * label permutations by default. Reports the wall time and share of each stage and how busy
 * the worker pool kept the cores during the permutation stage.
 *
 * Run: npm run build && node dist/bench/evaluate.js [--permutations N] [--participants N]
 *      [--workers N] [--bootstrap N]
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FeatureTable } from '../features/types.js';
import { baselineMethod } from '../evaluate/methods.js';
import { runStudy, type StudyTask } from '../evaluate/study.js';
import { createRng, type Rng } from '../util/rng.js';

/** Sizes of the benchmark study. */
export interface EvaluateBenchOptions {
  participants?: number;
  permutations?: number;
  bootstrapReplicates?: number;
  workers?: number;
  seed?: number;
}

/** Stage timings of one benchmark run (milliseconds, shares in [0, 1]). */
export interface EvaluateBenchReport {
  cells: number;
  participants: number;
  permutations: number;
  workers: number;
  totalMs: number;
  stages: { stage: string; ms: number; share: number }[];
  /** Summed worker time of the permutations / (permutation wall time x workers). */
  permutationCoreUtilisation: number;
}

/** A simulated IAT + EEG cohort: 2 RT contrasts and 16 channels x 3 bands, 3 informative. */
function syntheticTask(name: string, n: number, rng: Rng): StudyTask {
  const names = ['rt.latency', 'rt.error'];
  for (const band of ['theta', 'alpha', 'beta']) {
    for (let channel = 0; channel < 16; channel++) names.push(`eeg.${band}.ch${channel}`);
  }
  const p = names.length;
  const labels = Float64Array.from({ length: n }, (_, s) => s % 2);
  const d = new Float64Array(n * p);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < p; k++) d[s * p + k] = rng.normal();
    d[s * p] += 0.8 * labels[s]!;
    d[s * p + 2] -= 0.8 * labels[s]!;
    d[s * p + 20] += 0.6 * labels[s]!;
  }
  const features: FeatureTable = {
    participantIds: Array.from({ length: n }, (_, s) => `${name}-${s}`),
    featureNames: names,
    d,
    se: new Float64Array(n * p).fill(0.2),
  };
  return { name, features, labels };
}

/** Runs the benchmark study once and returns its stage shares. */
export async function runEvaluateBench(
  options: EvaluateBenchOptions = {},
): Promise<EvaluateBenchReport> {
  const n = options.participants ?? 40;
  const permutations = options.permutations ?? 200;
  const workers = options.workers ?? availableParallelism();
  const rng = createRng(options.seed ?? 1);
  const results = await runStudy({
    tasks: [
      syntheticTask('cohort-a', n, rng.fork('a')),
      syntheticTask('cohort-b', n, rng.fork('b')),
    ],
    configurations: [
      { name: 'rt', features: ['rt.*'] },
      { name: 'eeg', features: ['eeg.*'] },
      { name: 'rt+eeg', features: ['rt.*', 'eeg.*'] },
    ],
    methods: [
      { ...baselineMethod({ kind: 'dscore' }), configurations: ['rt', 'rt+eeg'] },
      baselineMethod({ kind: 'lda' }),
      baselineMethod({ kind: 'logistic' }),
      baselineMethod({ kind: 'logistic', c: 1 }, 'logistic-c1'),
    ],
    cv: { kind: 'leave-one-out' },
    seed: options.seed ?? 1,
    bootstrapReplicates: options.bootstrapReplicates ?? 2000,
    permutations,
    fcr: false,
    workers,
  });
  const t = results.timings;
  const stages = [
    { stage: 'cross-validation', ms: t.crossValidationMs },
    { stage: 'bootstrap', ms: t.bootstrapMs },
    { stage: 'permutations', ms: t.permutationMs },
    { stage: 'multiplicity', ms: t.multiplicityMs },
  ].map((stage) => ({ ...stage, share: stage.ms / t.totalMs }));
  const workerMs = results.cells.reduce((sum, cell) => sum + cell.timings.permutationMs, 0);
  return {
    cells: results.cells.length,
    participants: n,
    permutations,
    workers,
    totalMs: t.totalMs,
    stages,
    permutationCoreUtilisation:
      workers > 0 && t.permutationMs > 0 ? workerMs / (t.permutationMs * workers) : 0,
  };
}

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : Number(process.argv[index + 1]);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await runEvaluateBench({
    participants: flag('participants'),
    permutations: flag('permutations'),
    bootstrapReplicates: flag('bootstrap'),
    workers: flag('workers'),
  });
  process.stdout.write(
    `evaluate bench: ${report.cells} cells, ${report.participants} ` +
      `participants, ${report.permutations} permutations, ${report.workers} workers\n`,
  );
  for (const stage of report.stages) {
    process.stdout.write(
      `  ${stage.stage.padEnd(18)} ${(stage.ms / 1000).toFixed(2).padStart(9)} s` +
        `  ${(100 * stage.share).toFixed(1).padStart(5)} %\n`,
    );
  }
  process.stdout.write(
    `  total              ${(report.totalMs / 1000).toFixed(2).padStart(9)} s\n`,
  );
  process.stdout.write(
    `  permutation core utilisation ${(100 * report.permutationCoreUtilisation).toFixed(
      0,
    )} % of ${report.workers} cores\n`,
  );
}
