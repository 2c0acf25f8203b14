import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, renameSync, symlinkSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpSync } from 'node:fs';
import { simulateCohort } from '../../../src/simulate/simulateCohort.js';
import { loadCohort } from '../../../src/ingest/cohort/loadCohort.js';
import { summariseCohort } from '../../../src/ingest/cohort/summary.js';
import { InputError } from '../../../src/util/errors.js';

let root: string;
let cohortDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cohort-'));
  cohortDir = join(root, 'good');
  simulateCohort({ outDir: cohortDir, participants: 5, seed: 2, sfreqHz: 64 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function copy(name: string): string {
  const dir = join(root, name);
  cpSync(cohortDir, dir, { recursive: true });
  return dir;
}

describe('loadCohort on a simulated cohort', () => {
  it('reads every participant with labels, 120 scored trials and epochs aligned by trial id', async () => {
    const cohort = await loadCohort(cohortDir);
    expect(cohort.participants).toHaveLength(5);
    expect(cohort.labelColumns).toEqual(['entrapment', 'entrapment_score']);
    expect(cohort.groupColumns).toEqual(['site']);
    expect(cohort.problems).toEqual([]);
    const truth = JSON.parse(readFileSync(join(cohortDir, 'truth.json'), 'utf8'));
    for (const [i, p] of cohort.participants.entries()) {
      expect(p.labels.entrapment).toBe(truth.participants[i].binaryLabel);
      expect(p.session!.trials).toHaveLength(120);
      expect(p.epochs!.nEpochs).toBe(120);
      expect(p.alignment!.epochsWithoutTrial).toBe(0);
      expect(p.alignment!.trialsWithoutEpoch).toBe(0);
      const e = 17;
      expect(p.session!.trials[p.alignment!.epochToTrial[e]!]!.trialId).toBe(p.epochs!.trialIds![e]);
    }
    // The 80 single-category trials of each participant are counted, not silently dropped.
    const rows = cohort.exclusions.filter((x) => x.reason.startsWith('not a combined block'));
    expect(rows.reduce((s, x) => s + x.count, 0)).toBe(5 * 80);
    expect(summariseCohort(cohort).labels[0]!.kind).toBe('binary');
  });

  it('reads a long trial CSV plus a participants CSV', async () => {
    const dir = join(root, 'long');
    mkdirSync(dir);
    const beh = readFileSync(join(cohortDir, 'sub-01/beh/sub-01_task-eiat_beh.tsv'), 'utf8');
    const beh2 = readFileSync(join(cohortDir, 'sub-02/beh/sub-02_task-eiat_beh.tsv'), 'utf8');
    const csv = (text: string, header: boolean): string =>
      text.trim().split('\n').slice(header ? 0 : 1).map((l) => l.split('\t').join(',')).join('\n');
    writeFileSync(join(dir, 'trials.csv'), `${csv(beh, true)}\n${csv(beh2, false)}\n`);
    writeFileSync(join(dir, 'people.csv'), 'participant_id,psychosis\nsub-01,1\nsub-02,0\n');
    const cohort = await loadCohort(dir, { trials: 'trials.csv', participants: 'people.csv' });
    expect(cohort.source).toBe('long-csv');
    expect(cohort.participants.map((p) => p.session!.trials.length)).toEqual([120, 120]);
  });
});

describe('loadCohort on bad cohorts', () => {
  it('refuses a folder without participants.tsv, naming the file', async () => {
    const dir = copy('no-participants');
    rmSync(join(dir, 'participants.tsv'));
    await expect(loadCohort(dir)).rejects.toThrow(/participants\.tsv.*missing/);
  });

  it('leaves out a participant whose folder is missing and says so', async () => {
    const dir = copy('missing-folder');
    renameSync(join(dir, 'sub-03'), join(dir, 'moved-away'));
    const cohort = await loadCohort(dir);
    expect(cohort.participants.map((p) => p.id)).toEqual(['sub-01', 'sub-02', 'sub-04', 'sub-05']);
    expect(cohort.excludedParticipants).toEqual([
      { id: 'sub-03', reason: "participant folder 'sub-03/' is missing" },
    ]);
    expect(cohort.problems.some((p) => p.severity === 'error' && p.participantId === 'sub-03')).toBe(true);
  });

  it('refuses path escapes: ../ and absolute names and symlinks leaving the folder', async () => {
    const dir = copy('escape');
    writeFileSync(join(dir, 'cohort.json'), JSON.stringify({ trials: '../good/x.csv', participants: 'participants.tsv' }));
    await expect(loadCohort(dir)).rejects.toThrow(/'\.\.'/);
    writeFileSync(join(dir, 'cohort.json'), JSON.stringify({ trials: '/etc/passwd', participants: 'participants.tsv' }));
    await expect(loadCohort(dir)).rejects.toThrow(/absolute path/);
    writeFileSync(join(dir, 'cohort.json'), '{}');
    rmSync(join(dir, 'sub-02'), { recursive: true });
    symlinkSync(join(cohortDir, 'sub-02'), join(dir, 'sub-02'));
    await expect(loadCohort(dir)).rejects.toThrow(/outside the cohort folder/);
  });

  it('names the file, row and field when a required label column is missing', async () => {
    const dir = copy('no-label');
    await expect(loadCohort(dir, { requiredLabels: ['psychosis'] })).rejects.toThrow(
      /participants\.tsv, row 1, field 'psychosis'/,
    );
    await expect(loadCohort(dir, { requiredLabels: ['psychosis'] })).rejects.toBeInstanceOf(InputError);
  });

  it('names the row of a duplicated participant id', async () => {
    const dir = copy('duplicate');
    const path = join(dir, 'participants.tsv');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, `${[...lines, lines[1]].join('\n')}\n`);
    await expect(loadCohort(dir)).rejects.toThrow(/row 7, field 'participant_id'.*listed twice/);
  });
});
