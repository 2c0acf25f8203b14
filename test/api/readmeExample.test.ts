import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const folder = mkdtempSync(join(tmpdir(), 'iatbayes-api-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('library API', () => {
  it('exports every entry point the README names', () => {
    const named = [
      'readIatFile', 'scoreIat', 'readRaw', 'readEpochsFile', 'epochTrials', 'loadCohort',
      'buildParticipantTable', 'BayesianIatModel', 'fitModel', 'predict', 'saveModel',
      'loadModel', 'ShrinkageLda', 'L2LogisticRegression', 'DScoreBaseline', 'runStudy',
      'readStudyFile', 'runPipeline', 'renderReport', 'writeReport', 'simulateCohort', 'createRng',
    ];
    for (const name of named) expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  });

  it('runs the README example: cohort -> table -> fitted model -> probabilities', async () => {
    api.simulateCohort({ outDir: join(folder, 'eiat'), participants: 20, seed: 2, eeg: 'none' });
    const cohort = await api.loadCohort(join(folder, 'eiat'));
    const { table } = api.buildParticipantTable(cohort, { modalities: ['rt'] });
    const labels = Float64Array.from(table.participantIds,
      (id) => cohort.participants.find((p) => p.id === id)!.labels.entrapment!);
    const model = new api.BayesianIatModel({ seed: 1 });
    await model.fit({ features: table, labels });
    const probabilities = await model.predictProba({ features: table });
    expect(probabilities.length).toBe(table.participantIds.length);
    for (const p of probabilities) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });
});
