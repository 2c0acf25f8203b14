/**
 * Interrupted runs and reproducibility, on a small feature-table study (the evaluation
 * fixture, 5 cells, stratified 4-fold x 2, 200 permutations):
 * - `iatbayes evaluate` killed (SIGKILL) part-way, after its checkpoint holds finished units,
 *   then resumed with `--resume`, writes the same results.json as an uninterrupted run;
 * - the same study with 1 and with 2 worker threads writes the same results.json.
 * "The same" means byte-identical after blanking what records how the run went rather than
 * what it found: createdAt, the timings, and settings.workers.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run.js';
import { readStudyFile } from '../../src/pipeline/studyFile.js';
import { silentLogger, type Logger } from '../../src/util/log.js';
import { scratch } from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());
const studyPath = join(folder.dir, 'study.json');

/** results.json text with the run-record fields blanked (see the file comment). */
export function comparable(path: string): string {
  const results = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
    settings: Record<string, unknown>; cells: Record<string, unknown>[] };
  results.createdAt = '';
  results.timings = {};
  results.settings.workers = 0;
  for (const cell of results.cells) cell.timings = {};
  return JSON.stringify(results, null, 1);
}

async function evaluate(out: string, workers: number, options: { resume?: boolean;
  logger?: Logger } = {}): Promise<void> {
  await runPipeline(readStudyFile(studyPath), { evaluateOnly: true, resultsPath: out, workers,
    logger: options.logger ?? silentLogger, resume: options.resume === true });
}

const uninterrupted = join(folder.dir, 'uninterrupted.json');
const runDir = join(folder.dir, 'run');

beforeAll(async () => {
  cpSync(join('test', 'fixtures', 'evaluate', 'study'), folder.dir, { recursive: true });
  const study = JSON.parse(readFileSync(studyPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(studyPath, JSON.stringify({ ...study, name: 'resume', permutations: 200 }));
  await evaluate(uninterrupted, 1);
}, 120_000);

describe('resuming an interrupted evaluation', () => {
  it('a run killed after some cells finished, resumed, equals the uninterrupted run', async () => {
    const out = join(folder.dir, 'killed.json');
    const checkpoint = `${out}.checkpoint.json`;
    const main = resolve('src', 'cli', 'main.ts');
    const script = `import { main } from ${JSON.stringify(main)};\n`
      + `process.exitCode = await main(${JSON.stringify(['evaluate', studyPath, '--out', out,
        '--workers', '1', '--quiet'])});`;
    // A script file, not --eval: worker threads inherit the parent's flags, and
    // --input-type is refused outside --eval.
    const scriptPath = join(folder.dir, 'evaluate-child.mts');
    writeFileSync(scriptPath, script);
    const child = spawn(process.execPath, ['--import', 'tsx', scriptPath], { stdio: 'ignore' });
    const finishedUnits = (): string[] => {
      if (!existsSync(checkpoint)) return [];
      try {
        return Object.keys((JSON.parse(readFileSync(checkpoint, 'utf8')) as {
          entries: Record<string, unknown> }).entries);
      } catch {
        return [];
      }
    };
    // Kill once every cross-validation and at least one permutation chunk is checkpointed.
    const killed = await new Promise<boolean>((done) => {
      const poll = setInterval(() => {
        if (finishedUnits().some((key) => key.startsWith('permutations|'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          done(true);
        }
      }, 20);
      child.on('exit', () => { clearInterval(poll); done(false); });
    });
    await new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done(null);
      else child.on('exit', done);
    });
    expect(killed).toBe(true);
    expect(existsSync(out)).toBe(false);
    const kept = finishedUnits();
    const total = 5 + 5 * 4;
    console.log(`resume: killed with ${kept.length} of ${total} units checkpointed`);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(total);

    // Kept for the `run` test below: the same design, so `run --resume` may use it.
    mkdirSync(runDir, { recursive: true });
    copyFileSync(checkpoint, join(runDir, 'resume.results.json.checkpoint.json'));
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, info: (message) => { lines.push(message); } };
    await evaluate(out, 1, { resume: true, logger });
    expect(lines.some((line) => line.startsWith(`resuming: ${kept.length} finished units`)))
      .toBe(true);
    expect(comparable(out)).toBe(comparable(uninterrupted));
    expect(existsSync(checkpoint)).toBe(false);
  }, 120_000);

  it('run --resume takes the same checkpoint and writes the same results and a report',
    async () => {
      const lines: string[] = [];
      const logger: Logger = { ...silentLogger, info: (message) => { lines.push(message); } };
      const output = await runPipeline(readStudyFile(studyPath), { reportsDir: runDir,
        modelsDir: join(runDir, 'models'), workers: 1, resume: true, logger });
      expect(lines.some((line) => /^resuming: \d+ finished units/.test(line))).toBe(true);
      expect(output.resultsPath).toBe(join(runDir, 'resume.results.json'));
      expect(comparable(output.resultsPath)).toBe(comparable(uninterrupted));
      expect(existsSync(output.reportPath!)).toBe(true);
      expect(existsSync(`${output.resultsPath}.checkpoint.json`)).toBe(false);
    }, 120_000);

  it('refuses to resume from a checkpoint of another design, naming both', async () => {
    const out = join(folder.dir, 'other.json');
    writeFileSync(`${out}.checkpoint.json`, JSON.stringify({
      format: 'iatbayes/study-checkpoint', design: 'f'.repeat(64), entries: {} }));
    await expect(evaluate(out, 1, { resume: true }))
      .rejects.toThrow(/belongs to another study design or other inputs \(design ffffffffffff/);
  });
});

describe('reproducibility', () => {
  it('the same study and seed give the same results.json with 1 and 2 workers', async () => {
    const twoWorkers = join(folder.dir, 'two-workers.json');
    await evaluate(twoWorkers, 2);
    expect(comparable(twoWorkers)).toBe(comparable(uninterrupted));
    expect(JSON.parse(readFileSync(twoWorkers, 'utf8')).settings.workers).toBe(2);
  }, 120_000);
});
