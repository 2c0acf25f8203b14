/**
 * Integration: a simulated cohort written as continuous BrainVision + BIDS events.tsv + the
 * IAT trial log (`iatbayes simulate --eeg brainvision`) is epoched by `iatbayes epochs`, one
 * epoch per trial row, in the trial log's order, with the recording's samples. The expected
 * values come from the recording read back and the events file's onsets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEpochsFile } from '../../src/ingest/eeg/epochsFile.js';
import { readBrainVision } from '../../src/ingest/eeg/brainvision.js';
import { tempFolder } from '../ingest/eeg/synthetic.js';
import { runCli } from '../helpers/runCli.js';

const quiet = runCli;

afterEach(() => {
  process.exitCode = undefined;
});

describe('epochs on a simulated BrainVision cohort', () => {
  it('cuts one epoch per trial of the log, aligned by trial id', async () => {
    const cohort = join(tempFolder(), 'cohort');
    const simulated = await quiet(['simulate', '--out', cohort, '--participants', '2',
      '--eeg', 'brainvision', '--seed', '3', '--quiet']);
    expect(simulated.code, simulated.err).toBe(0);
    const eeg = join(cohort, 'sub-01', 'eeg');
    const vhdr = join(eeg, 'sub-01_task-eiat_eeg.vhdr');
    const events = join(eeg, 'sub-01_task-eiat_events.tsv');
    const trials = join(cohort, 'sub-01', 'beh', 'sub-01_task-eiat_beh.tsv');
    const out = join(cohort, 'epo.json');
    const run = await quiet(['epochs', vhdr, '--events', events, '--trials', trials,
      '--tmin', '-0.2', '--tmax', '0.8', '--out', out, '--quiet']);
    expect(run.code, run.err).toBe(0);

    const trialIds = readFileSync(trials, 'utf8').trim().split('\n').slice(1)
      .map((line) => line.split('\t')[4]);
    const epochs = readEpochsFile(out);
    expect(epochs.trialIds).toEqual(trialIds);

    const raw = readBrainVision(vhdr);
    const onsets = readFileSync(events, 'utf8').trim().split('\n').slice(1)
      .map((line) => line.split('\t'))
      .filter((f) => f[2] === 'stimulus')
      .map((f) => Number(f[0]));
    const first = Math.round(-0.2 * raw.sfreqHz);
    for (const e of [0, 57, trialIds.length - 1]) {
      const start = Math.round((onsets[e] as number) * raw.sfreqHz) + first;
      expect(epochs.data[(e * epochs.nChannels + 3) * epochs.nSamples + 7])
        .toBe(raw.samples[3]?.[start + 7]);
    }
  });
});
