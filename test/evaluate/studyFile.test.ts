/**
 * The study file reader and the `evaluate` command, on the small table in
 * test/fixtures/evaluate/study/ (made by hand: 30 participants, 6 patients filtered out by the
 * study's filter, one with an empty label, one with an empty rt.error cell). Expected counts
 * are read off that file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readStudyFile } from '../../src/pipeline/studyFile.js';
import { prepareTasks } from '../../src/pipeline/tasks.js';
import { main } from '../../src/cli/main.js';
import type { EvaluationResults } from '../../src/evaluate/results.js';

const studyPath = fileURLToPath(new URL('../fixtures/evaluate/study/study.json', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'iatbayes-evaluate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('study file', () => {
  it('reads the tables, applies the filter and counts every exclusion', async () => {
    const study = readStudyFile(studyPath);
    const task = (await prepareTasks(study))[0]!.task;
    // The table's three features, then the D-score column the pipeline adds from rt.latency.
    expect(task.features.featureNames).toEqual(['rt.latency', 'rt.error', 'eeg.theta.Fz', 'dscore.D2']);
    // 30 rows - 6 patients = 24 kept; the empty label stays as NaN for the engine to count.
    expect(task.features.participantIds).toHaveLength(24);
    expect(task.exclusions).toEqual([{ reason: 'diagnosis not in {control}', count: 6 }]);
    expect(Number.isNaN(task.labels[task.features.participantIds.indexOf('p29')]!)).toBe(true);
    const p07 = task.features.participantIds.indexOf('p07');
    expect(Number.isNaN(task.features.d[p07 * 4 + 1]!)).toBe(true);
    expect(study.methods.map((m) => m.name)).toEqual(['dscore', 'lda', 'logistic']);
  });

  it('names file, row and column of a cell that is not a number', async () => {
    const csv = join(scratch, 'bad.csv');
    writeFileSync(csv, 'participant,y,f\na,1,0.5\nb,0,abc\n');
    const study = join(scratch, 'bad.json');
    writeFileSync(study, JSON.stringify({ tasks: [{ name: 't', features: 'bad.csv',
      labelColumn: 'y', positiveClass: '1' }], configurations: [{ name: 'all', features: ['f'] }],
    methods: ['lda'], cv: { kind: 'leave-one-out' }, seed: 1 }));
    await expect(prepareTasks(readStudyFile(study)))
      .rejects.toThrow(/bad\.csv, row 3, field 'f': expected a number.*'abc'/);
  });
});

describe('iatbayes evaluate', () => {
  it('writes results.json and prints one summary line per cell', async () => {
    const out = join(scratch, 'results.json');
    let printed = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    const status = await main(['evaluate', studyPath, '--out', out, '--workers', '0', '--quiet']);
    spy.mockRestore();
    expect(status).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as EvaluationResults;
    expect(results.schema).toBe('iatbayes/evaluation-results');
    // The D-score baseline runs once, in its own 'D-score' configuration; lda and logistic in
    // both of the study's configurations: 1 + 2 x 2 cells.
    expect(results.cells).toHaveLength(5);
    expect(results.cells.filter((cell) => cell.method === 'dscore').map((c) => c.configuration))
      .toEqual(['D-score']);
    expect(results.tasks[0]!.participants).toBe(23);
    expect(results.tasks[0]!.exclusions).toEqual([
      { reason: 'diagnosis not in {control}', count: 6 }, { reason: 'label missing', count: 1 }]);
    expect(printed.split('\n')[0]).toMatch(/^task\s+configuration\s+method\s+AUC/);
    expect(printed).toMatch(/milk-preference: 1 excluded \(label missing\)/);
  });
});
