/**
 * Fuzz tests of iatbayes's own file formats: study files (parsed, then their tasks read and
 * the evaluation design built), model files (parsed, then used to predict), results.json
 * (validated, then turned into the report's input) and the features CSV. Byte mutations
 * (truncations, bit flips, hostile fields) and JSON mutations (a value anywhere replaced by a
 * wrong type, a huge, an empty or a huge value; for model files with the checksum recomputed,
 * as a hand-edited file would have) must each give a result or an InputError, never another
 * exception. The number of cases is printed and is part of each test's name.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStudyFile } from '../../src/pipeline/studyFile.js';
import { prepareTasks } from '../../src/pipeline/tasks.js';
import { studyDesign } from '../../src/pipeline/design.js';
import { runStudy } from '../../src/evaluate/study.js';
import { parseModel, serialiseModel } from '../../src/model/serialize.js';
import { fitModel } from '../../src/model/fit.js';
import { predict } from '../../src/model/predict.js';
import type { FittedModel } from '../../src/model/types.js';
import { readResults } from '../../src/report/readResults.js';
import { fromResults } from '../../src/report/fromResults.js';
import { featureTableToCsv, readFeatureCsv } from '../../src/features/featureCsv.js';
import type { FeatureTable } from '../../src/features/types.js';
import { silentLogger } from '../../src/util/log.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { resultsFromInput } from '../fixtures/report/resultsFixture.js';
import { syntheticReportInput } from '../fixtures/report/synthetic.js';
import {
  byteMutation, expectResolveOrInputError, expectReturnOrInputError, jsonMutation, newTally,
  report, RUNS, scratch,
} from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());

const textOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('study files under fuzzing', () => {
  const dir = join(folder.dir, 'study');
  cpSync(join('test', 'fixtures', 'evaluate', 'study'), dir, { recursive: true });
  const studyPath = join(dir, 'study.json');
  const seedText = readFileSync(studyPath, 'utf8');
  const document = JSON.parse(seedText) as unknown;
  const readAll = async (): Promise<unknown> => {
    const study = readStudyFile(studyPath);
    const prepared = await prepareTasks(study, silentLogger);
    return studyDesign(study, prepared, silentLogger, 0);
  };

  it('has a seed study that reads', async () => {
    await expect(readAll()).resolves.toBeDefined();
  });

  it(`study file: ${RUNS} mutated files each read or give an InputError`, async () => {
    const tally = newTally();
    const seed = new Uint8Array(Buffer.from(seedText));
    await fc.assert(fc.asyncProperty(byteMutation, async (mutation) => {
      writeFileSync(studyPath, mutation.apply(seed));
      await expectResolveOrInputError(tally, `study, ${mutation.describe}`, readAll);
    }), { numRuns: RUNS, seed: 9 });
    writeFileSync(studyPath, seedText);
    report('study file bytes', tally);
  });

  it(`study file: ${RUNS} wrong-typed, huge and empty values each read or give an InputError`,
    async () => {
      const tally = newTally();
      await fc.assert(fc.asyncProperty(jsonMutation(document), async (mutation) => {
        writeFileSync(studyPath, JSON.stringify(mutation.document));
        await expectResolveOrInputError(tally, `study, ${mutation.describe}`, readAll);
      }), { numRuns: RUNS, seed: 9 });
      writeFileSync(studyPath, seedText);
      report('study file JSON', tally);
    });

  it(`features CSV of a study task: ${RUNS} mutated files each read or give an InputError`,
    async () => {
      const tablePath = join(dir, 'features.csv');
      const seed = new Uint8Array(readFileSync(tablePath));
      const tally = newTally();
      await fc.assert(fc.asyncProperty(byteMutation, async (mutation) => {
        writeFileSync(tablePath, mutation.apply(seed));
        await expectResolveOrInputError(tally, `task table, ${mutation.describe}`, readAll);
      }), { numRuns: RUNS, seed: 9 });
      writeFileSync(tablePath, seed);
      report('study task table', tally);
    });
});

describe('study files with a cohort task under fuzzing', () => {
  const dir = join(folder.dir, 'cohort-study');
  simulateCohort({ outDir: join(dir, 'eiat'), participants: 8, seed: 9, eeg: 'none' });
  // A second rating to compare with (the 'greater than' label rule): 50 for everyone.
  const table = join(dir, 'eiat', 'participants.tsv');
  writeFileSync(table, readFileSync(table, 'utf8').trim().split('\n')
    .map((line, k) => `${line}\t${k === 0 ? 'baseline' : '50'}`).join('\n'));
  const studyPath = join(dir, 'study.json');
  const document = {
    name: 'fuzz', seed: 1,
    tasks: [{ name: 'eiat', cohort: 'eiat', label: 'entrapment', positive: 1,
      filter: { site: ['site1', 'site2'] } },
    { name: 'ratings', cohort: 'eiat', label: { greater: 'entrapment_score', than: 'baseline' } }],
    configurations: [{ name: 'RT', modalities: ['rt'] }],
    methods: ['dscore', { kind: 'lda', name: 'lda' }],
    features: { variant: 'D2', perPhase: false },
    cv: { scheme: 'stratified-kfold', k: 2, repeats: 1 },
    bootstrap: 2000, permutations: 0, q: 0.05, fcr: false,
  };
  const readAll = async (): Promise<unknown> => {
    const study = readStudyFile(studyPath);
    const prepared = await prepareTasks(study, silentLogger);
    // The evaluation itself too (no permutations, 8 participants): method options are
    // checked when its estimators are built.
    return runStudy({ ...studyDesign(study, prepared, silentLogger, 0), permutations: 0 });
  };
  const runs = Math.max(20, Math.round((2 * RUNS) / 3));

  it(`cohort study file: ${runs} wrong-typed, huge and empty values each evaluate or give `
    + 'an InputError', async () => {
    writeFileSync(studyPath, JSON.stringify(document));
    await readAll();
    const tally = newTally();
    await fc.assert(fc.asyncProperty(jsonMutation(document), async (mutation) => {
      writeFileSync(studyPath, JSON.stringify(mutation.document));
      await expectResolveOrInputError(tally, `cohort study, ${mutation.describe}`, readAll);
    }), { numRuns: runs, seed: 9 });
    report('cohort study file JSON', tally);
  }, 120_000);
});

/** Four participants x two features, made by hand (values need not mean anything here). */
function smallTable(): FeatureTable {
  return {
    participantIds: ['a', 'b', 'c', 'd', 'e', 'f'],
    featureNames: ['rt.latency', 'eeg.theta.Fz'],
    d: Float64Array.from([0.4, -0.2, 0.1, 0.3, -0.5, 0.9, 0.2, 0.0, -0.3, 0.6, 0.7, -0.1]),
    se: Float64Array.from([0.1, 0.2, 0.15, 0.1, 0.2, 0.3, 0.1, 0.1, 0.2, 0.25, 0.1, 0.2]),
  };
}

describe('features CSV under fuzzing', () => {
  const path = join(folder.dir, 'features.csv');
  const seed = new Uint8Array(Buffer.from(featureTableToCsv(smallTable())));

  it(`features CSV: ${RUNS} mutated files each read or give an InputError`, () => {
    const tally = newTally();
    fc.assert(fc.property(byteMutation, (mutation) => {
      writeFileSync(path, mutation.apply(seed));
      expectReturnOrInputError(tally, `features CSV, ${mutation.describe}`,
        () => readFeatureCsv(path));
    }), { numRuns: RUNS, seed: 9 });
    report('features CSV', tally);
  });
});

describe('model files under fuzzing', () => {
  let model: FittedModel;
  const table = smallTable();
  beforeAll(async () => {
    model = await fitModel(table, Float64Array.from([1, 0, 1, 0, 1, 0]), { seed: 3 });
  }, 120_000);
  const use = async (text: string): Promise<unknown> => predict(parseModel(text, 'm.json'), table);

  it(`model file: ${RUNS} mutated files each load or give an InputError`, async () => {
    const seed = new Uint8Array(Buffer.from(serialiseModel(model)));
    await use(textOf(seed));
    const tally = newTally();
    await fc.assert(fc.asyncProperty(byteMutation, async (mutation) => {
      await expectResolveOrInputError(tally, `model, ${mutation.describe}`,
        () => use(textOf(mutation.apply(seed))));
    }), { numRuns: RUNS, seed: 9 });
    report('model file bytes', tally);
  });

  it(`model file with its checksum recomputed: ${RUNS} wrong-typed, huge and empty values each `
    + 'load and predict or give an InputError', async () => {
    const tally = newTally();
    await fc.assert(fc.asyncProperty(jsonMutation(model), async (mutation) => {
      const edited = mutation.document as FittedModel;
      const checksum = createHash('sha256').update(JSON.stringify(edited)).digest('hex');
      await expectResolveOrInputError(tally, `model, ${mutation.describe}`,
        () => use(JSON.stringify({ checksum, model: edited })));
    }), { numRuns: RUNS, seed: 9 });
    report('model file JSON (checksum recomputed)', tally);
  });
});

describe('results.json under fuzzing', () => {
  const path = join(folder.dir, 'results.json');
  const document = resultsFromInput(syntheticReportInput());
  const seedText = JSON.stringify(document);
  const use = (): unknown => fromResults(readResults(path), { rocBandReplicates: 5 });

  it(`results.json: ${RUNS} mutated files each validate or give an InputError`, () => {
    writeFileSync(path, seedText);
    use();
    const seed = new Uint8Array(Buffer.from(seedText));
    const tally = newTally();
    fc.assert(fc.property(byteMutation, (mutation) => {
      writeFileSync(path, mutation.apply(seed));
      expectReturnOrInputError(tally, `results, ${mutation.describe}`, use);
    }), { numRuns: RUNS, seed: 9 });
    report('results.json bytes', tally);
  });

  it(`results.json: ${RUNS} wrong-typed, huge and empty values each validate and map to the `
    + 'report, or give an InputError', () => {
    const tally = newTally();
    fc.assert(fc.property(jsonMutation(document), (mutation) => {
      writeFileSync(path, JSON.stringify(mutation.document));
      expectReturnOrInputError(tally, `results, ${mutation.describe}`, use);
    }), { numRuns: RUNS, seed: 9 });
    report('results.json JSON', tally);
  });
});
