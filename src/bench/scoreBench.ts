/**
 * Benchmark of streaming D-scoring: generates a long-format trial CSV (the cohort layout,
 * 120 combined-block trials per participant, seeded synthetic latencies) in a temporary
 * folder, scores it in a child process (so its peak RSS is the scorer's own), and reports
 * trials per wall-clock second, per CPU second (what one core does, whatever else runs on
 * the machine) and peak memory. Where R with implicitMeasures is installed, times
 * compute_iat (D1, after clean_iat) on the first `rTrials` trials of the same file and
 * prints the throughput ratio. Run alone: `npx tsx src/bench/scoreBench.ts [trials]`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../util/rng.js';

export interface ScoreBenchOptions {
  /** Trials in the generated file (default 10,000,000). */
  trials?: number;
  /** Trials given to R's compute_iat (default 120,000: R holds everything in memory). */
  rTrials?: number;
  seed?: number;
}

export interface ScoreBenchResult {
  trials: number;
  fileBytes: number;
  seconds: number;
  trialsPerSecond: number;
  /** Process CPU time: the throughput per core-second, robust to other load on the machine. */
  cpuSeconds: number;
  trialsPerCpuSecond: number;
  peakRssMb: number;
  participants: number;
  r?: { trials: number; seconds: number; trialsPerSecond: number; ratio: number };
  rSkipped?: string;
}

const TRIALS_PER_PARTICIPANT = 120;
const BLOCKS: Array<[string, number, number]> = [
  ['combined_A_practice', 3, 20], ['combined_A_test', 4, 40],
  ['combined_B_practice', 6, 20], ['combined_B_test', 7, 40],
];
const HEADER = 'participant_id,block,block_name,trial,trial_id,stimulus,latency_ms,correct\n';

/** Writes `trials` trials (whole participants) and returns the file size in bytes. */
export function writeBenchCsv(path: string, trials: number, seed = 1): number {
  const rng = createRng(seed).fork('score-bench');
  const fd = openSync(path, 'w');
  let bytes = writeSync(fd, HEADER);
  const participants = Math.ceil(trials / TRIALS_PER_PARTICIPANT);
  let buffer: string[] = [];
  for (let p = 0; p < participants; p++) {
    const id = `sub-${p + 1}`;
    const effect = 80 + 60 * rng.normal();
    for (const [name, number, count] of BLOCKS) {
      const shift = name.includes('_B_') ? effect : 0;
      for (let t = 0; t < count; t++) {
        const latency = Math.max(150, Math.round(700 + shift + 180 * rng.normal()));
        const correct = rng.uniform() < 0.93 ? 1 : 0;
        const trialId = `b${number}t${t}`;
        buffer.push(`${id},${number},${name},${t},${trialId},s${t % 8},${latency},${correct}\n`);
      }
    }
    if (buffer.length >= 50_000) {
      bytes += writeSync(fd, buffer.join(''));
      buffer = [];
    }
  }
  if (buffer.length > 0) bytes += writeSync(fd, buffer.join(''));
  closeSync(fd);
  return bytes;
}

/** Runs the benchmark and returns its numbers (prints nothing). */
export function benchScore(options: ScoreBenchOptions = {}): ScoreBenchResult {
  const trials = options.trials ?? 10_000_000;
  const rTrials = Math.min(options.rTrials ?? 120_000, trials);
  const folder = mkdtempSync(join(tmpdir(), 'iatbayes-score-bench-'));
  try {
    const csv = join(folder, 'trials.csv');
    const fileBytes = writeBenchCsv(csv, trials, options.seed ?? 1);
    const runner = fileURLToPath(new URL('./scoreRun.js', import.meta.url));
    const child = spawnSync(process.execPath, [...process.execArgv, runner, csv], {
      encoding: 'utf8', maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      throw new Error(`score benchmark child failed (${child.status}): ${child.stderr}`);
    }
    const measured = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
      seconds: number; cpuSeconds: number; peakRssKb: number; participants: number;
      trials: number;
    };
    const result: ScoreBenchResult = {
      trials: measured.trials, fileBytes, seconds: measured.seconds,
      trialsPerSecond: measured.trials / measured.seconds,
      cpuSeconds: measured.cpuSeconds, trialsPerCpuSecond: measured.trials / measured.cpuSeconds,
      peakRssMb: measured.peakRssKb / 1024, participants: measured.participants,
    };
    const r = timeCompute(folder, csv, rTrials);
    if (typeof r === 'string') result.rSkipped = r;
    else result.r = { ...r, ratio: result.trialsPerSecond / r.trialsPerSecond };
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** compute_iat (D1) on the first `trials` trials, timed inside R; a string says why not. */
function timeCompute(folder: string, csv: string, trials: number):
  { trials: number; seconds: number; trialsPerSecond: number } | string {
  const probe = spawnSync('Rscript', ['-e', 'library(implicitMeasures)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'R with implicitMeasures not available';
  const script = join(folder, 'time.R');
  writeFileSync(script, [
    'suppressPackageStartupMessages(library(implicitMeasures))',
    `d <- read.csv("${csv}", nrows = ${trials})`,
    'clean <- clean_iat(d, sbj_id = "participant_id", block_id = "block_name",',
    '  mapA_practice = "combined_A_practice", mapA_test = "combined_A_test",',
    '  mapB_practice = "combined_B_practice", mapB_test = "combined_B_test",',
    '  latency_id = "latency_ms", accuracy_id = "correct")[[1]]',
    't <- system.time(s <- compute_iat(clean, Dscore = "d1"))[["elapsed"]]',
    'cat(nrow(clean), t, "\\n")',
  ].join('\n'));
  const run = spawnSync('Rscript', [script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return `compute_iat failed: ${run.stderr.slice(0, 200)}`;
  const [n, seconds] = run.stdout.trim().split(/\s+/).map(Number) as [number, number];
  return { trials: n, seconds, trialsPerSecond: n / seconds };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const trials = process.argv[2] ? Number(process.argv[2]) : undefined;
  const result = benchScore(trials !== undefined ? { trials } : {});
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
