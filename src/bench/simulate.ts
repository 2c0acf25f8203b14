/**
 * Benchmark of the cohort simulator: wall time and bytes written for 40 participants with
 * ready epochs (32 channels, 128 Hz, -0.2..0.8 s), the same without EEG, and the demo study.
 * Run after `npm run build` with `node dist/bench/simulate.js`; prints one JSON line per case.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCohort } from '../simulate/simulateCohort.js';
import { simulateDemoStudy } from '../simulate/demoStudy.js';

/** Total size in bytes of the files under `dir`. */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** Runs each case once and returns its timing and size. */
export function benchSimulate(): Array<{ case: string; seconds: number; megabytes: number }> {
  const cases: Array<[string, (dir: string) => void]> = [
    ['40 participants, epochs 32 ch 128 Hz', (dir) => {
      simulateCohort({ outDir: dir, participants: 40, seed: 1 });
    }],
    ['40 participants, no EEG', (dir) => {
      simulateCohort({ outDir: dir, participants: 40, seed: 1, eeg: 'none' });
    }],
    ['demo study (2 x 40, epochs 64 Hz)', (dir) => {
      simulateDemoStudy(dir);
    }],
    ['demo study (2 x 40, no EEG)', (dir) => {
      simulateDemoStudy(dir, { eeg: 'none' });
    }],
  ];
  return cases.map(([name, run]) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-simulate-'));
    try {
      const start = process.hrtime.bigint();
      run(dir);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return { case: name, seconds, megabytes: folderBytes(dir) / 1e6 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (process.argv[1] !== undefined && /bench[\\/]simulate\.[jt]s$/.test(process.argv[1])) {
  for (const result of benchSimulate()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
