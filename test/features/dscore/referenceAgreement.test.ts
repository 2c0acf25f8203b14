/**
 * D1-D6 and their practice/test halves against implicitMeasures' compute_iat on every real
 * dataset in ../shared/data/iat. Expected numbers: test/fixtures/iat/reference/*.csv, written
 * by test/fixtures/iat/make_reference.R with R 4.2.2 and implicitMeasures (see the fixture
 * README). Tolerance 1e-9: both sides compute the same sums in double precision; the only
 * differences are summation order and R's long-double mean, worth ~1e-15 relative.
 * compute_iat never excludes a participant, so the fast-participant rule is turned off here.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, repoRoot, sharedPath } from '../../helpers/sharedData.js';
import { scoreIatFile } from '../../../src/features/dscore/scoreFile.js';
import { readConfigFile } from '../../../src/ingest/iat/read.js';
import type { IatReadConfigInput } from '../../../src/ingest/iat/config.js';
import type { ScoreReport } from '../../../src/features/dscore/scoreIat.js';
import type { DVariant } from '../../../src/features/dscore/types.js';

const TOLERANCE = 1e-9;
const VARIANTS: DVariant[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

function readReference(name: string): Map<string, Record<string, number | null>> {
  const text = readFileSync(`${repoRoot}/test/fixtures/iat/reference/${name}.csv`, 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header as string).split(',');
  const rows = new Map<string, Record<string, number | null>>();
  for (const line of lines) {
    const cells = line.split(',');
    const row: Record<string, number | null> = {};
    columns.forEach((column, i) => {
      if (i > 0) row[column] = cells[i] === 'NA' ? null : Number(cells[i]);
    });
    rows.set(cells[0] as string, row);
  }
  return rows;
}

function compare(report: ScoreReport, name: string): number {
  const reference = readReference(name);
  expect(report.participants.map((p) => p.id).sort()).toEqual([...reference.keys()].sort());
  let compared = 0;
  for (const participant of report.participants) {
    const expected = reference.get(participant.id) as Record<string, number | null>;
    for (const variant of VARIANTS) {
      const score = participant.variants[variant];
      const key = variant.toLowerCase();
      const pairs: Array<[number | null | undefined, number | null | undefined, string]> = [
        [score?.d, expected[key], key],
        [score?.practice, expected[`${key}_practice`], `${key}_practice`],
        [score?.test, expected[`${key}_test`], `${key}_test`],
      ];
      for (const [ours, theirs, label] of pairs) {
        const where = `${name} participant ${participant.id} ${label}`;
        if (theirs === null) {
          expect(ours ?? null, where).toBeNull();
        } else {
          expect(ours, where).not.toBeNull();
          expect(Math.abs((ours as number) - (theirs as number)), where).toBeLessThan(TOLERANCE);
          compared++;
        }
      }
    }
  }
  return compared;
}

const noExclusion = { fastExclusion: { enabled: false, thresholdMs: 300, maxProportion: 0.1 } };
const cases: Array<{ name: string; folder: string; file: string; layers: IatReadConfigInput[] }> = [
  {
    name: 'implicitmeasures-chocolate', folder: 'implicitmeasures-chocolate', file: 'trials.csv',
    layers: [readConfigFile(`${repoRoot}/test/fixtures/iat/chocolate.config.json`)],
  },
  { name: 'hussey-race-flowers', folder: 'hussey-race-flowers', file: 'trials.csv', layers: [] },
  {
    name: 'hussey-race-flowers-pilot', folder: 'hussey-race-flowers',
    file: 'pilot1_inquisit_raw.csv', layers: [],
  },
  {
    name: 'martin-gender-science', folder: 'martin-gender-science', file: 'trials.csv',
    layers: [{ pairing: { mappingA: ['Math/Male', 'Language Arts/Female'] } }],
  },
  {
    name: 'splithalfr-ethnicity', folder: 'splithalfr-ethnicity', file: 'attempts.csv',
    layers: [],
  },
];

for (const c of cases) {
  describeShared(['iat', c.folder, c.file], `D1-D6 on ${c.name} (reference: compute_iat)`, () => {
    it('equals implicitMeasures compute_iat for every participant, variant and half', async () => {
      const report = await scoreIatFile(sharedPath('iat', c.folder, c.file), c.layers, noExclusion);
      const compared = compare(report, c.name);
      expect(compared).toBeGreaterThan(report.participants.length * 17);
    });
  });
}
