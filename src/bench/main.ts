/**
 * `npm run bench`: runs every registered benchmark and prints one table of what each
 * measured. To add one, append an entry to `benches` whose `run` returns named numbers or
 * strings. `node dist/bench/main.js NAME...` runs only the named benches.
 */
import { benchScore } from './scoreBench.js';

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
      lines.push(`${bench.name.padEnd(10)} ${metric.padEnd(34)} ${format(value)}`);
    }
  }
  process.stdout.write(`${'bench'.padEnd(10)} ${'metric'.padEnd(34)} value\n${lines.join('\n')}\n`);
}

await main(process.argv.slice(2));
