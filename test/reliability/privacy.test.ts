/**
 * Privacy: nothing leaves the machine (no network code in src/, no remote resource in the
 * report), and `--pseudonymise SALT` replaces every participant ID consistently in what
 * evaluate, run, report, features and predict write or print. The participants here carry
 * the distinctive IDs ZXQ-ID-nn, so any leak is found by a plain text search; the same
 * commands without the option are checked to show those IDs (so the search can fail).
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../src/util/pseudonymise.js';
import { longCohortWithIds, runCli } from './cli.js';
import { scratch } from './fuzz.js';

const SALT = 'test-salt';
const pseudonym = createPseudonymiser(SALT);
const folder = scratch();
afterAll(() => folder.remove());

const studyDir = join(folder.dir, 'study');
const cohort = join(folder.dir, 'cohort');
const COHORT_IDS = Array.from({ length: 12 }, (_, k) => `ZXQ-ID-${String(k).padStart(2, '0')}`);

beforeAll(() => {
  cpSync(join('test', 'fixtures', 'evaluate', 'study'), studyDir, { recursive: true });
  const table = readFileSync(join(studyDir, 'features.csv'), 'utf8');
  writeFileSync(join(studyDir, 'features.csv'), table.replace(/^p(\d\d),/gm, 'ZXQ-ID-$1,'));
  const study = JSON.parse(readFileSync(join(studyDir, 'study.json'), 'utf8')) as object;
  writeFileSync(join(studyDir, 'study.json'), JSON.stringify({ ...study, name: 'privacy',
    permutations: 0 }));
  longCohortWithIds(cohort, COHORT_IDS);
});

/** Every file under `dir` as text, with the command's stdout and stderr. */
function everything(dir: string, run: { stdout: string; stderr: string }): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  return [...files, run.stdout, run.stderr].join('\n');
}

describe('nothing leaves the machine', () => {
  it('no module in src/ opens a network connection', () => {
    const network = new RegExp(['\\bfetch\\(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon',
      "from '(node:)?(http|https|http2|net|tls|dgram|dns)'",
      "require\\('(node:)?(http|https|http2|net|tls|dgram|dns)'\\)"].join('|'));
    const offenders = readdirSync('src', { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => network.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
    expect(network.test("const r = await fetch('https://x')")).toBe(true);
  });
});

describe('--pseudonymise', () => {
  it('evaluate and report: no participant ID in results.json, report or output', async () => {
    const plainDir = join(folder.dir, 'plain');
    const plain = await runCli(['evaluate', join(studyDir, 'study.json'), '--out',
      join(plainDir, 'results.json'), '--workers', '0', '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(everything(plainDir, plain)).toContain('ZXQ-ID-01');

    const dir = join(folder.dir, 'pseudonymised');
    const results = join(dir, 'results.json');
    const evaluated = await runCli(['evaluate', join(studyDir, 'study.json'), '--out', results,
      '--workers', '0', '--json', '--pseudonymise', SALT]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const reported = await runCli(['report', results, '--out', join(dir, 'report.html'),
      '--pseudonymise', SALT]);
    expect(reported.code, reported.stderr).toBe(0);
    expect(everything(dir, evaluated)).not.toMatch(/ZXQ-ID/);
    expect(everything(dir, reported)).not.toMatch(/ZXQ-ID/);
    // The report loads nothing from elsewhere: no remote script, style, image or font.
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\/|@import/i);

    const json = JSON.parse(readFileSync(results, 'utf8')) as { tasks: { participantIds:
      string[] }[]; cells: { predictions: { participantIds: string[] } }[] };
    expect(json.tasks[0]!.participantIds).toContain(pseudonym('ZXQ-ID-01'));
    for (const cell of json.cells) {
      expect(cell.predictions.participantIds).toEqual(json.tasks[0]!.participantIds);
    }
  }, 120_000);

  it('run: no participant ID in results, report or output; a drawn salt is printed', async () => {
    const dir = join(folder.dir, 'run');
    const run = await runCli(['run', join(studyDir, 'study.json'), '--reports-dir', dir,
      '--models-dir', join(dir, 'models'), '--workers', '0', '--pseudonymise']);
    expect(run.code, run.stderr).toBe(0);
    const salt = /pseudonymised with salt ([0-9a-f]{32})/.exec(run.stderr)?.[1];
    expect(salt).toBeDefined();
    const text = everything(dir, run);
    expect(text).not.toMatch(/ZXQ-ID/);
    expect(text).toContain(createPseudonymiser(salt!)('ZXQ-ID-01'));
  }, 120_000);

  it('features and predict: no participant ID in the CSV, JSON or warnings', async () => {
    const dir = join(folder.dir, 'features');
    const features = await runCli(['features', cohort, '--out', join(dir, 'features.csv'),
      '--json', '--pseudonymise', SALT]);
    expect(features.code, features.stderr).toBe(0);
    expect(everything(dir, features)).not.toMatch(/ZXQ-ID/);
    expect(features.stdout).toContain(pseudonym('ZXQ-ID-03'));

    const model = join(folder.dir, 'model.json');
    const fit = await runCli(['fit', cohort, '--label', 'entrapment', '--out', model, '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    const predictDir = join(folder.dir, 'predict');
    const predicted = await runCli(['predict', cohort, '--model', model, '--out',
      join(predictDir, 'p.csv'), '--pseudonymise', SALT]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(everything(predictDir, predicted)).not.toMatch(/ZXQ-ID/);
    expect(readFileSync(join(predictDir, 'p.csv'), 'utf8')).toContain(pseudonym('ZXQ-ID-03'));
  }, 120_000);

  it('gives the same pseudonym to the same ID and different ones to different IDs', () => {
    expect(pseudonym('ZXQ-ID-01')).toBe(createPseudonymiser(SALT)('ZXQ-ID-01'));
    expect(pseudonym('ZXQ-ID-01')).not.toBe(pseudonym('ZXQ-ID-02'));
    expect(createPseudonymiser('other')('ZXQ-ID-01')).not.toBe(pseudonym('ZXQ-ID-01'));
    expect(pseudonym('ZXQ-ID-01')).toMatch(/^p-[0-9a-f]{16}$/);
  });
});
