import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { fitBatch, fitModel } from '../../src/model/fit.js';
import { predict, score } from '../../src/model/predict.js';
import { loadModel, saveModel } from '../../src/model/serialize.js';
import { BayesianIatModel } from '../../src/model/bayesianIatModel.js';
import { rocAuc, simulateFeatureCohort } from '../../src/simulate/featureCohort.js';
import { InputError } from '../../src/util/errors.js';
import type { ModelSettings } from '../../src/model/settings.js';

/** Short fits: these tests check behaviour, not statistical quality (that is the bench's). */
const QUICK: Partial<ModelSettings> = { maxSteps: 300, minSteps: 100, window: 50, restarts: 1 };

describe('backend selection', () => {
  it('picks wasm (or tfjs-node when installed) and says so in the log', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: () => undefined, progress: () => undefined };
    const name = await selectBackend({ logger });
    expect(['tensorflow', 'wasm']).toContain(name);
    expect(tf.getBackend()).toBe(name);
  });
});

describe('fitModel', () => {
  const cohort = simulateFeatureCohort({ participants: 30, features: 12, effect: 1.5, seed: 3 });

  it('gives identical variational parameters for the same seed and different ones for another', async () => {
    const a = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 5, paretoK: false });
    const b = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 5, paretoK: false });
    const c = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 6, paretoK: false });
    expect(a.variational.mean).toEqual(b.variational.mean);
    expect(a.variational.mean).not.toEqual(c.variational.mean);
  });

  it('leaves no tensors behind after a fit and a prediction', async () => {
    await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 1, paretoK: false });
    const before = tf.memory().numTensors;
    const model = await fitModel(cohort.table, cohort.labels, {
      settings: { ...QUICK, family: 'low-rank', rank: 2 }, seed: 1,
    });
    await predict(model, cohort.table);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('records an ELBO trace that rises from the initialisation and a finite PSIS k-hat', async () => {
    const model = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 2 });
    const trace = model.diagnostics.elboTrace;
    expect(trace.length).toBeGreaterThanOrEqual(2);
    expect(trace[trace.length - 1]!).toBeGreaterThan(trace[0]!);
    expect(Number.isFinite(model.diagnostics.paretoK)).toBe(true);
  });

  it('ranks participants exactly as the D-score with only the latency feature and a flat prior', async () => {
    // Flat prior: no pooling (delta | d ~ N(d, se^2)) and w ~ N(0, 100^2). The score is then
    // E[alpha] + E[w] d, an affine function of d, so its AUC equals d's AUC (or 1 - it).
    const S = 30;
    const one = simulateFeatureCohort({ participants: S, features: 1, relevant: [0], effect: 1.5, seed: 9 });
    one.table.featureNames = ['rt.latency'];
    const model = await fitModel(one.table, one.labels, {
      settings: { ...QUICK, pooling: 'none', prior: { kind: 'gaussian', scale: 100 } },
      seed: 4,
      paretoK: false,
    });
    const scores = await score(model, one.table);
    const dAuc = rocAuc(one.table.d, one.labels);
    expect(rocAuc(scores, one.labels)).toBeCloseTo(dAuc > 0.5 ? dAuc : 1 - dAuc, 12);
    const order = (x: ArrayLike<number>) =>
      Array.from({ length: S }, (_, i) => i).sort((i, j) => (x[i] as number) - (x[j] as number));
    const byScore = order(scores);
    const byD = order(one.table.d);
    expect(byScore).toEqual(dAuc > 0.5 ? byD : [...byD].reverse());
  });
});

describe('fitBatch', () => {
  const cohort = simulateFeatureCohort({ participants: 24, features: 10, effect: 1.5, seed: 8 });

  it('gives each fit the same result alone as in a batch with other fits', async () => {
    const masks = [0, 1, 2].map((left) => Array.from({ length: 24 }, (_, s) => (s === left ? 0 : 1)));
    const labels = masks.map(() => cohort.labels);
    const batch = await fitBatch(cohort.table, labels, masks, { settings: QUICK, seed: 3 });
    const alone = await fitBatch(cohort.table, [labels[1]!], [masks[1]!], {
      settings: QUICK, seed: 3, streams: ['1'],
    });
    // float32 sums in a batched matmul may round differently; 2e-3 after 300 Adam steps of
    // size 0.02 is far below the differences between folds (checked next).
    const a = batch[1]!.variational.mean;
    const b = alone[0]!.variational.mean;
    a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(2e-3));
    const other = batch[0]!.variational.mean;
    expect(Math.max(...a.map((x, i) => Math.abs(x - other[i]!)))).toBeGreaterThan(1e-2);
  });
});

describe('model files', () => {
  const cohort = simulateFeatureCohort({ participants: 20, features: 5, seed: 2 });

  it('round-trips through a file to identical predictions', async () => {
    const model = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 1, paretoK: false });
    const path = join(mkdtempSync(join(tmpdir(), 'iatbayes-model-')), 'm.json');
    saveModel(model, path);
    const loaded = loadModel(path, cohort.table);
    expect((await predict(loaded, cohort.table)).mean).toEqual((await predict(model, cohort.table)).mean);
    const estimator = BayesianIatModel.fromJSON(JSON.parse(readFileSync(path, 'utf8')));
    expect(await estimator.predictProba({ features: cohort.table })).toEqual(
      (await predict(model, cohort.table)).mean,
    );
  });

  it('refuses a file whose features, schema or checksum do not fit, naming the problem', async () => {
    const model = await fitModel(cohort.table, cohort.labels, { settings: QUICK, seed: 1, paretoK: false });
    const folder = mkdtempSync(join(tmpdir(), 'iatbayes-model-'));
    const path = join(folder, 'm.json');
    saveModel(model, path);
    const renamed = { ...cohort.table, featureNames: ['f1', 'f2', 'f3', 'f4', 'other'] };
    expect(() => loadModel(path, renamed)).toThrow(/missing f5; unexpected other/);
    expect(() => loadModel(path, renamed)).toThrow(InputError);

    const text = readFileSync(path, 'utf8');
    writeFileSync(join(folder, 'v.json'), text.replace('"schemaVersion": 1', '"schemaVersion": 99'));
    expect(() => loadModel(join(folder, 'v.json'))).toThrow(/schema version 1, found 99/);
    writeFileSync(join(folder, 'c.json'), text.replace('"seed": 1', '"seed": 2'));
    expect(() => loadModel(join(folder, 'c.json'))).toThrow(/checksum mismatch/);
  });
});

describe('input checks', () => {
  const cohort = simulateFeatureCohort({ participants: 10, features: 3, seed: 2 });

  it('rejects a non-binary label and a negative standard error with their participant', async () => {
    const labels = Float64Array.from(cohort.labels);
    labels[4] = 2;
    await expect(fitModel(cohort.table, labels, { settings: QUICK })).rejects.toThrow(
      /row 5.*'sim0005': expected a 0\/1 label, found 2/,
    );
    const se = Float64Array.from(cohort.table.se);
    se[7] = -1;
    await expect(fitModel({ ...cohort.table, se }, cohort.labels, { settings: QUICK })).rejects.toThrow(
      /row 3, field 'f2'.*se = -1/,
    );
  });
});
