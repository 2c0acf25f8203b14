import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitModel } from '../../src/model/fit.js';
import { drawWeights } from '../../src/model/predict.js';
import { saveModel } from '../../src/model/serialize.js';
import { simulateFeatureCohort } from '../../src/simulate/featureCohort.js';
import { electrodePosition } from '../../src/simulate/montage.js';
import { eegFromModel, modelSummaryFromFitted } from '../../src/report/fromModel.js';
import { main } from '../../src/cli/main.js';
import type { FittedModel } from '../../src/model/types.js';
import { syntheticReportInput } from '../fixtures/report/synthetic.js';
import { resultsFromInput } from '../fixtures/report/resultsFixture.js';

// A small fit (40 participants, the simulator's IAT + EEG feature names) with a short
// optimisation: these tests check how the report reads a fitted model, not the model itself.
let model: FittedModel;

beforeAll(async () => {
  const cohort = simulateFeatureCohort({
    participants: 40, features: 14, naming: 'iat-eeg', effect: 1, seed: 3,
  });
  model = await fitModel(cohort.table, cohort.labels, {
    seed: 4,
    settings: { maxSteps: 200, minSteps: 50, restarts: 1, posteriorDraws: 200 },
  });
});

describe('fitted model in the report', () => {
  it('summarises each weight by the median and quantiles of its own column of draws', async () => {
    const summary = await modelSummaryFromFitted('anxiety', model, 0.9);
    const draws = await drawWeights(model); // the same seeded draws the summary used
    const P = model.featureNames.length;
    expect(summary.weights.map((w) => w.feature)).toEqual(model.featureNames);
    for (const p of [0, P - 1]) {
      const column = Array.from({ length: draws.count }, (_, k) => draws.w[k * P + p]!);
      // median of 200 draws: the average of the 100th and 101st smallest
      const sorted = [...column].sort((a, b) => a - b);
      expect(summary.weights[p]!.median).toBeCloseTo((sorted[99]! + sorted[100]!) / 2, 12);
      const below = column.filter((v) => v < summary.weights[p]!.interval[0]).length;
      const above = column.filter((v) => v > summary.weights[p]!.interval[1]).length;
      // 5 % in each tail of 200 draws: 10, give or take the interpolation between two draws.
      expect(below).toBeGreaterThanOrEqual(9);
      expect(below).toBeLessThanOrEqual(10);
      expect(above).toBeGreaterThanOrEqual(9);
      expect(above).toBeLessThanOrEqual(10);
    }
    expect(summary.elbo[0]!.elbo).toEqual(model.diagnostics.elboTrace);
    expect(model.settings.prior.kind).toBe('ard'); // the model's default prior
    expect(summary.prior).toBe('automatic relevance determination');
  });

  it('places the EEG weights of each band on the 10-10 positions of their channels', async () => {
    const summary = await modelSummaryFromFitted('anxiety', model);
    const eeg = eegFromModel(summary, { theta: [4, 8] })!;
    const eegFeatures = model.featureNames.filter((name) => name.startsWith('eeg.'));
    expect(eeg.bandWeights.flatMap((b) => b.weights)).toHaveLength(eegFeatures.length);
    for (const position of eeg.positions) {
      const electrode = electrodePosition(position.channel)!;
      expect([position.x, position.y]).toEqual([electrode.x, electrode.y]);
    }
    expect(eegFromModel({ ...summary, weights: summary.weights.slice(0, 2) })).toBeUndefined();
  });

  it('is drawn by `iatbayes report --model LABEL=FILE`', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'iatbayes-report-model-'));
    try {
      const resultsPath = join(folder, 'results.json');
      writeFileSync(resultsPath, JSON.stringify(resultsFromInput(syntheticReportInput())));
      const modelPath = join(folder, 'model.json');
      saveModel(model, modelPath);
      const out = join(folder, 'report.html');
      const status = await main([
        'report', resultsPath, '--out', out, '--model', `anxiety=${modelPath}`, '--quiet',
      ]);
      expect(status).toBe(0);
      const document = readFileSync(out, 'utf8');
      for (const chart of ['weights-0', 'topomap', 'elbo-0']) {
        expect(document).toContain(`data-chart="${chart}"`);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
