/**
 * The whole pipeline end to end on a tiny simulated cohort with EEG: `iatbayes run STUDY.json`
 * writes results.json, one model per configuration and the HTML report, and accounts for every
 * participant. Sizes are the smallest that keep every stage meaningful (both classes in every
 * fold, EEG features, permutations), so the test takes tens of seconds, not minutes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { EvaluationResults } from '../../src/evaluate/results.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'iatbayes-pipeline-'));
  simulateCohort({
    outDir: join(folder, 'eiat'), participants: 20, seed: 11, channels: 32, sfreqHz: 64,
  });
  writeFileSync(join(folder, 'study.json'), JSON.stringify({
    name: 'tiny',
    seed: 5,
    tasks: [{ name: 'eiat', cohort: 'eiat', label: 'entrapment', positive: 1 }],
    configurations: [
      { name: 'RT', modalities: ['rt'] },
      { name: 'RT+EEG', modalities: ['rt', 'eeg-spectral'] },
    ],
    features: { bands: 'theta:4-8,alpha:8-13,beta:13-30' },
    methods: ['dscore', 'lda', 'bayes'],
    cv: { scheme: 'stratified-kfold', k: 4, repeats: 1 },
    primary: { task: 'eiat', configuration: 'RT+EEG', method: 'bayes' },
    bootstrap: 2000,
    permutations: 3,
  }));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('iatbayes run', () => {
  it('writes results, models and a report, and accounts for every participant', async () => {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const status = await main(['run', join(folder, 'study.json'), '--quiet', '--workers', '1',
      '--reports-dir', join(folder, 'reports'), '--models-dir', join(folder, 'models')]);
    spy.mockRestore();
    expect(status).toBe(0);

    const results = JSON.parse(readFileSync(join(folder, 'reports', 'tiny.results.json'), 'utf8')) as
      EvaluationResults;
    // D-score once, lda and bayes in each of the two configurations.
    expect(results.cells.map((c) => `${c.configuration}/${c.method}`)).toEqual([
      'D-score/dscore', 'RT/lda', 'RT/bayes', 'RT+EEG/lda', 'RT+EEG/bayes',
    ]);
    const task = results.tasks[0]!;
    const excluded = task.exclusions.reduce((sum, e) => sum + e.count, 0);
    expect(task.participants + excluded).toBe(20);
    for (const cell of results.cells) {
      expect(cell.auc).toBeGreaterThanOrEqual(0);
      expect(cell.auc).toBeLessThanOrEqual(1);
      expect(cell.permutation?.permutations).toBe(3);
    }
    expect(results.cells.find((c) => c.configuration === 'RT+EEG')!.features
      .some((name) => name.startsWith('eeg.theta.'))).toBe(true);

    for (const name of ['tiny-eiat-RT.json', 'tiny-eiat-RT_EEG.json']) {
      expect(existsSync(join(folder, 'models', name)), name).toBe(true);
    }
    const html = readFileSync(join(folder, 'reports', 'tiny.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(stdout).toMatch(/report: .*tiny\.html/);
    // The summary sentence is about the study's primary comparison and names the label's classes.
    expect(html).toMatch(/the bayes method from RT\+EEG told the two groups apart/);
    expect(html).toMatch(/entrapment = 1/);
  });
});
