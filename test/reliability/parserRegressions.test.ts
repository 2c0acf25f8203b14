/**
 * Regression tests for the parser bugs the fuzz tests found: each input below used to escape
 * as a TypeError or RangeError from deep inside the program; each must now be an InputError
 * naming the file and field.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStudyFile } from '../../src/pipeline/studyFile.js';
import { prepareTasks } from '../../src/pipeline/tasks.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { silentLogger } from '../../src/util/log.js';
import { parseModel } from '../../src/model/serialize.js';
import { fitModel } from '../../src/model/fit.js';
import { validateResults } from '../../src/report/readResults.js';
import { InputError } from '../../src/util/errors.js';
import { resultsFromInput } from '../fixtures/report/resultsFixture.js';
import { syntheticReportInput } from '../fixtures/report/synthetic.js';
import { scratch } from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());

describe('results.json fields the report reads', () => {
  const good = resultsFromInput(syntheticReportInput());
  type Loose = Record<string, unknown> & { settings: Record<string, unknown>;
    cells: (Record<string, unknown> & { predictions: { scores: unknown[] } })[] };
  const edited = (edit: (doc: Loose) => void): unknown => {
    const doc = structuredClone(good) as unknown as Loose;
    edit(doc);
    return doc;
  };

  it('refuses versions: null (was a TypeError in fromResults)', () => {
    expect(() => validateResults(edited((d) => { d.versions = null; }), 'r.json'))
      .toThrow(/r\.json, field 'versions': expected an object, found null/);
  });

  it('refuses a cell without its permutation field (was a TypeError reading nullMean)', () => {
    expect(() => validateResults(edited((d) => { delete d.cells[0]!.permutation; }), 'r.json'))
      .toThrow(/field 'cells\[0\]\.permutation': expected an object or null/);
  });

  it('refuses a seed the random generator cannot take (was a RangeError)', () => {
    expect(() => validateResults(edited((d) => { d.settings.seed = -1; }), 'r.json'))
      .toThrow(InputError);
  });

  it('refuses a score that is not a number, naming its position', () => {
    expect(() => validateResults(edited((d) => { d.cells[0]!.predictions.scores[2] = 'x'; }),
      'r.json')).toThrow(/cells\[0\]\.predictions\.scores\[2\]': expected a number or null/);
  });
});

describe('model files edited by hand with a recomputed checksum', () => {
  const envelope = (model: unknown): string => JSON.stringify({
    checksum: createHash('sha256').update(JSON.stringify(model)).digest('hex'), model });

  it('refuses a null seed and a short standardisation (were a RangeError and NaN predictions)',
    async () => {
      const table = { participantIds: ['a', 'b', 'c', 'd'], featureNames: ['f'],
        d: Float64Array.from([0.1, -0.2, 0.3, -0.4]), se: Float64Array.from([0.1, 0.1, 0.1, 0.1]) };
      const model = await fitModel(table, Float64Array.from([1, 0, 1, 0]), { seed: 1 });
      expect(parseModel(envelope(model), 'm.json').seed).toBe(1);
      expect(() => parseModel(envelope({ ...model, seed: null }), 'm.json'))
        .toThrow(/m\.json, field 'model\.seed': expected an integer/);
      expect(() => parseModel(envelope({ ...model, standardisation: { center: [], scale: [1] } }),
        'm.json')).toThrow(/'model\.standardisation\.center': expected an array of 1 numbers/);
      expect(() => parseModel(envelope({ ...model, variational: { ...model.variational,
        names: ['alpha'] } }), 'm.json')).toThrow(/field 'model\.variational\.names'/);
    }, 60_000);
});

describe('study files with a feature-table task', () => {
  it('refuses filter.values: null (was a TypeError while reading the table)', () => {
    const dir = join(folder.dir, 'study');
    cpSync(join('test', 'fixtures', 'evaluate', 'study'), dir, { recursive: true });
    const path = join(dir, 'study.json');
    const study = JSON.parse(readFileSync(path, 'utf8'));
    study.tasks[0].filter.values = null;
    writeFileSync(path, JSON.stringify(study));
    expect(() => readStudyFile(path))
      .toThrow(/field 'tasks\[0\]\.filter\.values': expected an array of strings, found null/);
  });
});

describe('study files with a cohort task', () => {
  const dir = join(folder.dir, 'cohort-study');
  simulateCohort({ outDir: join(dir, 'eiat'), participants: 6, seed: 9, eeg: 'none' });
  const write = (filter: unknown): string => {
    const path = join(dir, 'study.json');
    writeFileSync(path, JSON.stringify({ name: 's', tasks: [{ name: 'eiat', cohort: 'eiat',
      label: 'entrapment', filter: { site: filter } }], methods: ['lda'] }));
    return path;
  };

  it('refuses filter values that are not strings or numbers (was a plain Error later)', () => {
    expect(() => readStudyFile(write([[]])))
      .toThrow(/'tasks\[0\]\.filter\.site': expected a non-empty array of strings or numbers/);
  });

  it('refuses a filter that leaves nobody, with the reasons (was "withDscoreColumn" Error)',
    async () => {
      const study = readStudyFile(write(['nowhere']));
      await expect(prepareTasks(study, silentLogger)).rejects.toThrow(new RegExp("task 'eiat': "
        + 'no participant is left after its filter and label rule \\(of 6: \\d filtered out'));
    });
});
