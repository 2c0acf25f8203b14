/**
 * `npm run bench`: runs every registered benchmark and prints one table of what each
 * measured. To add one, append an entry to `benches` whose `run` returns named numbers or
 * strings. `node dist/bench/main.js NAME...` runs only the named benches.
 */
import { benchScore } from './scoreBench.js';
import { benchFeatures } from './features.js';
import { benchSimulate } from './simulate.js';
import { runEvaluateBench } from './evaluate.js';
import { benchPipeline } from './pipeline.js';
import { benchEegNet } from './eegnet.js';
import { benchLeaveOneOut } from './model.js';

/** One benchmark: a name, a line saying what it measures, and the run itself. */
export interface Bench {
  name: string;
  describe: string;
  run: () => Promise<Record<string, number | string>> | Record<string, number | string>;
}

/** Environment: IATBAYES_BENCH_SCORE_TRIALS overrides the 10-million-trial default. */
const scoreTrials = Number(process.env.IATBAYES_BENCH_SCORE_TRIALS ?? 10_000_000);

export const benches: Bench[] = [
  {
    name: 'score',
    describe: `streaming D1-D6 scoring of a ${scoreTrials.toLocaleString('en')}-trial long CSV`,
    run: () => {
      const result = benchScore({ trials: scoreTrials });
      const row: Record<string, number | string> = {
        trials: result.trials,
        participants: result.participants,
        'file MB': result.fileBytes / 1e6,
        seconds: result.seconds,
        'trials/s (wall clock)': result.trialsPerSecond,
        'CPU seconds': result.cpuSeconds,
        'trials per CPU second': result.trialsPerCpuSecond,
        'peak RSS MB': result.peakRssMb,
      };
      if (result.r) {
        row['R compute_iat trials'] = result.r.trials;
        row['R compute_iat trials/s (D1 only)'] = result.r.trialsPerSecond;
        row['speed ratio iatbayes/R'] = result.r.ratio;
      } else {
        row.R = result.rSkipped ?? 'not run';
      }
      return row;
    },
  },
  {
    name: 'features',
    describe: 'EEG features of 40 participants x 200 trials x 64 channels x 1 s at 256 Hz',
    run: () => {
      const result = benchFeatures({ write: (line) => process.stderr.write(`${line}\n`) });
      return {
        seconds: result.seconds,
        'trial epochs/s': result.epochsPerSecond,
        'channel-epochs/s': result.channelEpochsPerSecond,
        'raw FFTs/s (same run)': result.rawFftPerSecond,
        'ratio pipeline / raw FFT': result.pipelineOverRawFft,
      };
    },
  },
  {
    name: 'simulate',
    describe: 'cohort simulator: time and size of the output',
    run: () =>
      Object.fromEntries(
        benchSimulate().flatMap((result) => [
          [`${result.case}: seconds`, result.seconds],
          [`${result.case}: MB`, result.megabytes],
        ]),
      ),
  },
  {
    name: 'evaluate',
    describe:
      'study engine on synthetic features: 2 tasks x 3 configurations x baselines, LOO, ' +
      '2,000 bootstraps, 200 permutations',
    run: async () => {
      const report = await runEvaluateBench();
      const row: Record<string, number | string> = {
        cells: report.cells,
        workers: report.workers,
        'total s': report.totalMs / 1000,
      };
      for (const stage of report.stages) row[`share ${stage.stage}`] = stage.share;
      row['permutation core utilisation'] = report.permutationCoreUtilisation;
      return row;
    },
  },
  {
    name: 'model',
    describe:
      'Bayesian model: leave-one-out of 40 x 330 (batched folds, all cores) against 40 ' +
      'sequential 2,000-step fits of the same ELBO compiled in jax (where python3 has jax), ' +
      'the ELBO at equal work, and LDA / logistic AUCs on the same folds',
    run: () => benchLeaveOneOut(40, 330, 1.2),
  },
  {
    name: 'eegnet',
    describe: 'EEGNet-8,2 training time per fold on simulated trial epochs',
    run: () => benchEegNet(),
  },
  {
    name: 'pipeline',
    describe:
      'npm start: the demo study through every stage (IATBAYES_BENCH_PERMUTATIONS and ' +
      'IATBAYES_BENCH_CV=loo select the full study)',
    run: () => benchPipeline(),
  },
];

function format(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return value >= 100 ? value.toFixed(0) : value.toPrecision(4);
}

async function main(names: string[]): Promise<void> {
  const selected = names.length === 0 ? benches : benches.filter((b) => names.includes(b.name));
  if (selected.length === 0) {
    const known = benches.map((b) => b.name).join(', ');
    process.stderr.write(`no bench named ${names.join(', ')}; have ${known}\n`);
    process.exitCode = 2;
    return;
  }
  const lines: string[] = [];
  for (const bench of selected) {
    process.stderr.write(`bench ${bench.name}: ${bench.describe} ...\n`);
    const result = await bench.run();
    for (const [metric, value] of Object.entries(result)) {
      lines.push(`${bench.name.padEnd(10)} ${metric.padEnd(44)} ${format(value)}`);
    }
  }
  process.stdout.write(`${'bench'.padEnd(10)} ${'metric'.padEnd(44)} value\n${lines.join('\n')}\n`);
}

await main(process.argv.slice(2));
