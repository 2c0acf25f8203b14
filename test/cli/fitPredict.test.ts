import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';

let folder: string;
let cohort: string;

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await runCli(argv);
  return { code, stdout: out, stderr: err };
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'iatbayes-fit-'));
  cohort = join(folder, 'cohort');
  // Behaviour only keeps the test to seconds; the EEG path of the table is tested elsewhere.
  simulateCohort({ outDir: cohort, participants: 24, seed: 9, eeg: 'none' });
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('fit and predict commands', () => {
  it('fit writes a model file that predict applies to the cohort, with intervals', async () => {
    const model = join(folder, 'model.json');
    const fit = await run(['fit', cohort, '--label', 'entrapment', '--out', model, '--seed', '3',
      '--quiet', '--json']);
    expect(fit.stderr).not.toMatch(/internal error/);
    expect(fit.code).toBe(0);
    const summary = JSON.parse(fit.stdout) as { features: number; participants: number };
    expect(summary.features).toBe(2);
    const file = JSON.parse(readFileSync(model, 'utf8')) as { model: { provenance: unknown } };
    expect(file.model.provenance).toMatchObject({ modalities: ['rt'], label: { column: 'entrapment' } });

    const predicted = await run(['predict', cohort, '--model', model, '--json', '--quiet']);
    expect(predicted.code).toBe(0);
    const output = JSON.parse(predicted.stdout) as {
      participants: Array<{ id: string; probability: number; lower: number; upper: number }>;
      excluded: Array<{ id: string }>;
    };
    // Every participant is either predicted or listed as excluded with its reason.
    expect(output.participants.length + output.excluded.length).toBe(24);
    for (const p of output.participants) {
      expect(p.probability).toBeGreaterThan(0);
      expect(p.probability).toBeLessThan(1);
      expect(p.lower).toBeLessThanOrEqual(p.probability);
      expect(p.upper).toBeGreaterThanOrEqual(p.probability);
    }
  });

  it('gives the same model file for the same seed', async () => {
    const first = join(folder, 'a.json');
    const second = join(folder, 'b.json');
    await run(['fit', cohort, '--label', 'entrapment', '--out', first, '--seed', '4', '--quiet']);
    await run(['fit', cohort, '--label', 'entrapment', '--out', second, '--seed', '4', '--quiet']);
    const strip = (path: string): unknown => {
      const { model } = JSON.parse(readFileSync(path, 'utf8')) as { model: Record<string, unknown> };
      return { ...model, provenance: undefined };
    };
    expect(strip(first)).toEqual(strip(second));
  });

  it('refuses a model file that was altered, naming the file and the checksum', async () => {
    const model = join(folder, 'altered.json');
    await run(['fit', cohort, '--label', 'entrapment', '--out', model, '--seed', '3', '--quiet']);
    writeFileSync(model, readFileSync(model, 'utf8').replace('"seed": 3', '"seed": 4'));
    const predicted = await run(['predict', cohort, '--model', model]);
    expect(predicted.code).toBe(2);
    expect(predicted.stderr).toMatch(/altered\.json.*checksum/);
  });

  it('keeps --bands in the model file, for predict to rebuild the same EEG features', async () => {
    const model = join(folder, 'bands.json');
    const fit = await run(['fit', cohort, '--label', 'entrapment', '--out', model, '--seed', '3',
      '--bands', 'theta:4-8,alpha:8-13', '--quiet']);
    expect(fit.code).toBe(0);
    const file = JSON.parse(readFileSync(model, 'utf8')) as { model: { provenance: unknown } };
    expect(file.model.provenance).toMatchObject({
      features: { spectral: { bands: [
        { name: 'theta', loHz: 4, hiHz: 8 }, { name: 'alpha', loHz: 8, hiHz: 13 },
      ] } },
    });
    const bad = await run(['fit', cohort, '--label', 'entrapment', '--out', join(folder, 'y.json'),
      '--bands', 'theta:x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bands.*theta:x/);
  });

  it('names a label column that does not exist', async () => {
    const result = await run(['fit', cohort, '--label', 'nosuchlabel', '--out', join(folder, 'x.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nosuchlabel/);
  });
});
