/**
 * Benchmark of the EEGNet baseline: training time per cross-validation fold on a simulated
 * cohort at the demo's EEG settings (32 channels, 128 Hz, epochs -0.2 to 0.8 s = 128 samples,
 * every kept trial), with the estimator's default options except `maxEpochs`, so the time per
 * epoch is measured and the time of a full fold (up to 100 epochs) can be read from it.
 *
 * `node dist/bench/eegnet.js [--participants N] [--folds K] [--max-epochs E] [--channels 32|64]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EegNetBaseline, type EegNetOptions } from '../baselines/eegnet/eegnet.js';
import { participantTrialEpochs } from '../baselines/eegnet/trialEpochs.js';
import { subsetDataset } from '../baselines/design.js';
import { loadCohort } from '../ingest/cohort/loadCohort.js';
import { selectBackend } from '../model/backend.js';
import type { Dataset } from '../model/estimator.js';
import { simulateCohort } from '../simulate/simulateCohort.js';
import { createRng } from '../util/rng.js';

export interface EegNetBenchOptions {
  /** Simulated participants (default 20). */
  participants?: number;
  /** Stratified folds timed (default 2 of a 5-fold split). */
  folds?: number;
  /** Epochs per fit (default 3; the estimator's own default is 100 with early stopping). */
  maxEpochs?: number;
  channels?: 32 | 64;
  /** Further estimator options. */
  estimator?: EegNetOptions;
}

/**
 * Times `folds` fits (train on 4/5 of the participants, predict the rest) and returns the
 * mean seconds per fold, per training epoch, per 1,000 training trials and epoch, the
 * backend EEGNet trained on, and the sizes.
 */
export async function benchEegNet(options: EegNetBenchOptions = {}):
  Promise<Record<string, number | string>> {
  const participants = options.participants ?? 20;
  const folds = options.folds ?? 2;
  const maxEpochs = options.maxEpochs ?? 3;
  const channels = options.channels ?? 32;
  const defaultBackend = await selectBackend();
  const dir = mkdtempSync(join(tmpdir(), 'iatbayes-bench-eegnet-'));
  try {
    simulateCohort({ outDir: dir, participants, seed: 11, sfreqHz: 128, channels });
    const cohort = await loadCohort(dir, { eeg: true });
    const ids = cohort.participants.map((p) => p.id);
    const data: Dataset = {
      features: { participantIds: ids, featureNames: [], d: new Float64Array(0),
        se: new Float64Array(0) },
      labels: Float64Array.from(cohort.participants, (p) => p.labels.entrapment ?? 0),
      trials: cohort.participants.map((p) => participantTrialEpochs(p)),
    };
    const rows = ids.map((_, s) => s);
    let fitSeconds = 0;
    let predictSeconds = 0;
    let epochs = 0;
    let trainingTrials = 0;
    let backend = '';
    for (let fold = 0; fold < folds; fold++) {
      // Fold f of 5 by position within each class, so both classes are in every training set.
      const test = rows.filter((s) => rowRank(data.labels!, s) % 5 === fold);
      const train = rows.filter((s) => !test.includes(s));
      const estimator = new EegNetBaseline({ ...options.estimator, maxEpochs },
        createRng(1).fork(fold));
      const began = performance.now();
      await estimator.fit(subsetDataset(data, train));
      const fitted = performance.now();
      await estimator.predictProba(subsetDataset({ features: data.features,
        trials: data.trials! }, test));
      fitSeconds += (fitted - began) / 1000;
      predictSeconds += (performance.now() - fitted) / 1000;
      const summary = estimator.trainingSummary()!;
      epochs += summary.epochsRun;
      trainingTrials += summary.trainingTrials;
      backend = summary.backend;
    }
    const first = data.trials![0]!;
    return {
      participants,
      'trials per participant': Math.round(data.trials!.reduce((n, t) => n + t.nTrials, 0)
        / participants),
      'input (rows x samples)': `${first.nChannels + 1} x ${first.nSamples}`,
      'folds timed': folds,
      'epochs per fit': epochs / folds,
      'training trials per fit': Math.round(trainingTrials / folds),
      'fit seconds per fold': fitSeconds / folds,
      'seconds per epoch': fitSeconds / epochs,
      'seconds per epoch per 1000 trials': fitSeconds / epochs / (trainingTrials / folds / 1000),
      'predict seconds per fold': predictSeconds / folds,
      'training backend': backend,
      'default backend': defaultBackend,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Position of row `s` among the rows of its class (0, 1, ...). */
function rowRank(labels: Float64Array, s: number): number {
  let rank = 0;
  for (let r = 0; r < s; r++) if (labels[r] === labels[s]) rank++;
  return rank;
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : Number(process.argv[index + 1]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const channels = argument('channels');
  const report = await benchEegNet({
    ...(argument('participants') === undefined ? {} : { participants: argument('participants')! }),
    ...(argument('folds') === undefined ? {} : { folds: argument('folds')! }),
    ...(argument('max-epochs') === undefined ? {} : { maxEpochs: argument('max-epochs')! }),
    ...(channels === 32 || channels === 64 ? { channels } : {}),
  });
  for (const [key, value] of Object.entries(report)) {
    process.stdout.write(`${key}: ${typeof value === 'number' ? value.toPrecision(4) : value}\n`);
  }
}
