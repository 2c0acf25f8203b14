import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastTrialsOf, contrastScore } from '../../src/features/contrast.js';
import { cleanSession } from '../../src/features/dscore/clean.js';
import { scoreIat } from '../../src/features/dscore/scoreIat.js';
import { featureTableToCsv, readFeatureCsv } from '../../src/features/featureCsv.js';
import { buildParticipantTable } from '../../src/features/participantTable.js';
import { epochFeatures } from '../../src/features/spectral/epochFeatures.js';
import { loadCohort } from '../../src/ingest/cohort/loadCohort.js';
import type { Cohort } from '../../src/ingest/cohort/types.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { writeFileAtomic } from '../../src/util/atomicWrite.js';
import { InputError } from '../../src/util/errors.js';

let folder: string;
let cohort: Cohort;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'iatbayes-table-'));
  simulateCohort({ outDir: join(folder, 'cohort'), participants: 6, seed: 5, channels: 32 });
  cohort = await loadCohort(join(folder, 'cohort'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function column(table: { featureNames: string[]; d: Float64Array }, name: string): number[] {
  const p = table.featureNames.indexOf(name);
  const n = table.featureNames.length;
  return Array.from({ length: table.d.length / n }, (_, s) => table.d[s * n + p] as number);
}

describe('participants x features table', () => {
  it('gives rt.latency equal to the D-score of the chosen variant, participant by participant', () => {
    // The D-score code (checked against implicitMeasures to 1e-9) and the feature table run
    // the same cleaning and contrast, so equality is exact, not approximate.
    for (const variant of ['D2', 'D4'] as const) {
      const { table } = buildParticipantTable(cohort, { modalities: ['rt'], variant });
      const scores = scoreIat(cohort.participants.map((p) => p.session!), { variants: [variant] });
      const byId = new Map(scores.participants.map((p) => [p.id, p.variants[variant]?.d]));
      const latency = column(table, 'rt.latency');
      table.participantIds.forEach((id, s) => expect(latency[s]).toBe(byId.get(id)));
    }
  });

  it('computes each EEG contrast from the epochs of the kept trials', () => {
    const { table } = buildParticipantTable(cohort, { modalities: ['eeg-spectral'] });
    const participant = cohort.participants.find((p) => p.id === table.participantIds[0])!;
    const kept = cleanSession(participant.session!, 'D2').trials.map((t) => t.trial);
    const features = epochFeatures(participant.epochs!, { erp: false });
    const f = features.featureNames.indexOf('eeg.theta.Fz');
    const trials = [];
    const values = [];
    for (let e = 0; e < features.nEpochs; e++) {
      const trial = participant.session!.trials[participant.alignment!.epochToTrial[e]!];
      if (trial === undefined || !kept.includes(trial)) continue;
      trials.push(trial);
      values.push(features.values[e * features.nFeatures + f]!);
    }
    const expected = contrastScore(contrastTrialsOf(trials, values)).d;
    expect(trials.length).toBeGreaterThan(100);
    expect(column(table, 'eeg.theta.Fz')[0]).toBe(expected);
  });

  it('reports the trials and epochs each participant contributed', () => {
    const { table, contributions } = buildParticipantTable(cohort, { modalities: ['eeg-spectral'] });
    expect(contributions.map((c) => c.participantId)).toEqual(table.participantIds);
    for (const entry of contributions) {
      const participant = cohort.participants.find((p) => p.id === entry.participantId)!;
      expect(entry.trialsTotal).toBe(participant.session!.trials.length);
      expect(entry.trialsKept).toBe(cleanSession(participant.session!, 'D2').trials.length);
      expect(entry.epochsTotal).toBe(participant.epochs!.nEpochs);
      // Only epochs of kept trials enter the contrasts: never more than either count.
      expect(entry.epochsKept).toBeGreaterThan(0);
      expect(entry.epochsKept).toBeLessThanOrEqual(Math.min(entry.trialsKept, entry.epochsTotal!));
    }
  });

  it('names practice and test halves when asked for per-phase features', () => {
    const { table } = buildParticipantTable(cohort, { modalities: ['rt'], perPhase: true });
    expect(table.featureNames).toEqual([
      'rt.latency.practice', 'rt.latency.test', 'rt.error.practice', 'rt.error.test',
    ]);
  });

  it('excludes a participant without EEG, with a reason, unless told to keep it', () => {
    const withoutEeg: Cohort = {
      ...cohort,
      participants: cohort.participants.map((p, i) =>
        i === 0 ? { ...p, epochs: null, alignment: null } : p),
    };
    const dropped = buildParticipantTable(withoutEeg, { modalities: ['rt', 'eeg-erp'] });
    const id = cohort.participants[0]!.id;
    expect(dropped.table.participantIds).not.toContain(id);
    expect(dropped.exclusions.some((e) => e.participantId === id && /no EEG/.test(e.reason)))
      .toBe(true);

    const kept = buildParticipantTable(withoutEeg, { modalities: ['rt', 'eeg-erp'], missingEeg: 'keep' });
    const s = kept.table.participantIds.indexOf(id);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(column(kept.table, 'rt.latency')[s]!)).toBe(true);
    expect(Number.isNaN(column(kept.table, 'erp.P3.Pz')[s]!)).toBe(true);
  });

  it('refuses an unknown modality naming it', () => {
    expect(() => buildParticipantTable(cohort, { modalities: ['fmri' as never] }))
      .toThrow(/unknown modality 'fmri'/);
  });
});

describe('features CSV', () => {
  it('round-trips a table, missing values included', () => {
    const { table } = buildParticipantTable(cohort, { modalities: ['rt'] });
    table.d[1] = NaN;
    const path = join(folder, 'features.csv');
    writeFileAtomic(path, featureTableToCsv(table));
    const back = readFeatureCsv(path);
    expect(back.participantIds).toEqual(table.participantIds);
    expect(back.featureNames).toEqual(table.featureNames);
    expect(Array.from(back.d)).toEqual(Array.from(table.d));
    expect(Array.from(back.se)).toEqual(Array.from(table.se));
  });

  it('names the row and column of a cell that is not a number', () => {
    const path = join(folder, 'bad.csv');
    writeFileAtomic(path, 'participant_id,rt.latency,rt.latency.se\np1,0.3,0.1\np2,abc,0.1\n');
    expect(() => readFeatureCsv(path)).toThrow(InputError);
    expect(() => readFeatureCsv(path)).toThrow(/row 3, field 'rt.latency'.*'abc'/);
  });
});
