/**
 * Every command that writes CSV (score --out, features --out, predict --out) neutralises
 * cells a spreadsheet would run as a formula (OWASP "CSV injection": cells starting with
 * = + - @, tab or carriage return), here with participant IDs that are formulas. A cell that
 * is a plain number ("+1", "-0.42") stays a number: a spreadsheet reads it as one, and runs
 * nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureTableToCsv, readFeatureCsv } from '../../src/features/featureCsv.js';
import { csvCell } from '../../src/util/csv.js';
import { longCohortWithIds, runCli } from './cli.js';
import { scratch } from './fuzz.js';

const HOSTILE = ["=cmd|' /C calc'!A0", '+1', '-1+1', '@SUM(1+1)', '=HYPERLINK("http://x")',
  '-2+3+cmd|" /C calc"!A0'];
const IDS = [...HOSTILE, 'ok-1', 'ok-2', 'ok-3', 'ok-4', 'ok-5', 'ok-6'];
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const folder = scratch();
const cohort = join(folder.dir, 'cohort');
afterAll(() => folder.remove());
beforeAll(() => longCohortWithIds(cohort, IDS));

/** The cells of a CSV file that a spreadsheet would evaluate as a formula. */
function formulaCells(path: string): string[] {
  const rows = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
  return rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell));
}

/** The first column of a CSV file's data rows. */
function firstColumn(path: string): string[] {
  const rows = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
  return rows.slice(1).map((row) => row[0]!);
}

const guarded = HOSTILE.map((id) => (PLAIN_NUMBER.test(id) ? id : `'${id}`));

describe('CSV exports with formula participant IDs', () => {
  it('csvCell quotes each hostile ID and keeps plain numbers', () => {
    expect(HOSTILE.map((id) => csvCell(id))).toEqual(["'=cmd|' /C calc'!A0", '+1', "'-1+1",
      "'@SUM(1+1)", '"\'=HYPERLINK(""http://x"")"', '"\'-2+3+cmd|"" /C calc""!A0"']);
  });

  it('score --out writes no formula cell', async () => {
    const out = join(folder.dir, 'scores.csv');
    const run = await runCli(['score', join(cohort, 'trials.tsv'), '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(formulaCells(out)).toEqual([]);
    expect(firstColumn(out)).toEqual(expect.arrayContaining(guarded));
  });

  it('features --out writes no formula cell', async () => {
    const out = join(folder.dir, 'features.csv');
    const run = await runCli(['features', cohort, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(formulaCells(out)).toEqual([]);
    expect(firstColumn(out)).toEqual(expect.arrayContaining(guarded));
  });

  it('predict --out writes no formula cell', async () => {
    const model = join(folder.dir, 'model.json');
    const fit = await runCli(['fit', cohort, '--label', 'entrapment', '--out', model, '--seed', '1',
      '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    const out = join(folder.dir, 'predictions.csv');
    const run = await runCli(['predict', cohort, '--model', model, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(formulaCells(out)).toEqual([]);
    expect(firstColumn(out)).toEqual(expect.arrayContaining(guarded));
  }, 120_000);
});

describe('reading back a guarded features CSV', () => {
  it('gives the original participant IDs (the guard quote is removed on reading)', () => {
    const path = join(folder.dir, 'roundtrip.csv');
    const table = { participantIds: HOSTILE, featureNames: ['rt.latency'],
      d: Float64Array.from(HOSTILE, (_, k) => k / 10),
      se: new Float64Array(HOSTILE.length).fill(0.1) };
    writeFileSync(path, featureTableToCsv(table));
    expect(formulaCells(path)).toEqual([]);
    expect(readFeatureCsv(path).participantIds).toEqual(HOSTILE);
  });
});
