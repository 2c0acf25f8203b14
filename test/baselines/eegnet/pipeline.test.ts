/**
 * EEGNet through a study: the study file names the eegnet method, the pipeline attaches the
 * trial epochs to the task, the engine runs EEGNet in its own configuration, both its
 * cross-validation and its permutations in the worker pool (the epochs reach the worker
 * threads in shared memory). Tiny and quick: 12 participants, 32 Hz, 1 training epoch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../../src/evaluate/study.js';
import { selectBackend } from '../../../src/model/backend.js';
import { EEGNET_CONFIGURATION, studyDesign } from '../../../src/pipeline/design.js';
import { parseStudy } from '../../../src/pipeline/studyFile.js';
import { prepareTasks } from '../../../src/pipeline/tasks.js';
import { simulateCohort } from '../../../src/simulate/simulateCohort.js';
import { silentLogger } from '../../../src/util/log.js';

let dir = '';

beforeAll(async () => {
  await selectBackend();
  dir = mkdtempSync(join(tmpdir(), 'iatbayes-eegnet-study-'));
  simulateCohort({ outDir: join(dir, 'cohort'), participants: 12, seed: 5, sfreqHz: 32 });
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('a study naming eegnet', () => {
  it('attaches kept-trial epochs and evaluates EEGNet in its own configuration', async () => {
    const study = parseStudy({
      name: 'eegnet-study',
      tasks: [{ name: 'eiat', cohort: join(dir, 'cohort'), label: 'entrapment', positive: 1 }],
      configurations: [{ name: 'RT', modalities: ['rt'] }],
      methods: ['lda', { kind: 'eegnet', options: { maxEpochs: 1, maxTrialsPerParticipant: 6,
        validationFraction: 0.3 } }],
      cv: { scheme: 'kfold', k: 2, repeats: 1 },
      permutations: 2,
    }, join(dir, 'study.json'));
    const prepared = await prepareTasks(study, silentLogger);
    const trials = prepared[0]!.task.trials!;
    expect(trials).toHaveLength(prepared[0]!.task.features.participantIds.length);
    expect(trials[0]!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(trials[0]!.nTrials).toBeGreaterThan(0);

    const design = studyDesign(study, prepared, silentLogger, 1);
    expect(design.configurations.map((c) => c.name)).toEqual(['RT', EEGNET_CONFIGURATION]);
    const results = await runStudy(design);
    const cell = results.cells.find((c) => c.method === 'eegnet')!;
    expect(cell.configuration).toBe(EEGNET_CONFIGURATION);
    expect(cell.predictions.scores.every((score) => score !== null && score > 0 && score < 1))
      .toBe(true);
    expect(cell.permutation?.permutations).toBe(2);
    expect(results.cells.filter((c) => c.method === 'lda').map((c) => c.configuration))
      .toEqual(['RT']);
  }, 240_000);
});
