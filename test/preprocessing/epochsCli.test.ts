/**
 * `iatbayes epochs` end to end: on the real BrainVision recording its output file holds the
 * values MNE's Epochs gives (test/fixtures/eeg/mne_epochs_reference.json); on synthetic
 * recordings a marker/trial mismatch is an error naming where the sequences diverge.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEpochsFile } from '../../src/ingest/eeg/epochsFile.js';
import { describeShared, repoRoot, sharedPath } from '../helpers/sharedData.js';
import { tempFolder, writeBrainVision } from '../ingest/eeg/synthetic.js';
import { runCli } from '../helpers/runCli.js';

const run = runCli;

afterEach(() => {
  process.exitCode = undefined;
});

describeShared(['eeg', 'brainvision'], 'epochs command on test.vhdr, against MNE', () => {
  it('writes epochs with trial ids whose values are MNE Epochs values', async () => {
    const reference = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'eeg',
      'mne_epochs_reference.json'), 'utf8')) as { values: [number, string, number, number][] };
    const folder = tempFolder();
    const trials = join(folder, 'trials.csv');
    writeFileSync(trials, 'trial_id,block\nb1t1,1\nb1t2,1\nb1t3,1\nb1t4,1\nb1t5,1\n');
    const out = join(folder, 'epo.json');
    const { code, out: stdout } = await run(['epochs', sharedPath('eeg', 'brainvision',
      'test.vhdr'), '--events', 'annotations', '--marker', '^Stimulus/S255$', '--trials', trials,
    '--tmin', '-0.1', '--tmax', '0.3', '--baseline', ':0', '--reference', 'average', '--out',
    out, '--json', '--quiet']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ nTrials: 5, nEpochs: 5, dropped: [] });
    const epochs = readEpochsFile(out);
    expect(epochs.trialIds).toEqual(['b1t1', 'b1t2', 'b1t3', 'b1t4', 'b1t5']);
    for (const [e, name, s, value] of reference.values) {
      const c = epochs.channelNames.indexOf(name);
      if (epochs.units[c] !== 'µV') continue; // EEG channels: µV here, volts in MNE
      const ours = epochs.data[(e * epochs.nChannels + c) * epochs.nSamples + s] as number;
      expect(Math.abs(ours * 1e-6 - value))
        .toBeLessThanOrEqual(1e-9 * Math.max(1e-6, Math.abs(value)));
    }
  });
});

/** 2-channel, 100 Hz, 3 s recording with stimulus markers at 0.5, 1.5, 2.5 s. */
function syntheticSession(): { vhdr: string; folder: string } {
  const folder = tempFolder();
  const data = new Float32Array(2 * 300).map((_, i) => Math.sin(i / 7));
  const vhdr = writeBrainVision(folder, {
    channels: [{ name: 'Cz' }, { name: 'Pz' }],
    data: new Uint8Array(data.buffer),
    binaryFormat: 'IEEE_FLOAT_32',
    intervalUs: 10000,
    markers: ['Mk1=Stimulus,S 13,51,1,0', 'Mk2=Stimulus,S 13,151,1,0', 'Mk3=Stimulus,S 14,251,1,0'],
  });
  writeFileSync(join(folder, 'events.tsv'), 'onset\tduration\ttrial_type\tvalue\ttrial_id\n' +
    '0.5\t0\tstimulus\t13\tb3t1\n0.9\t0\tresponse\t20\tb3t1\n1.5\t0\tstimulus\t13\tb3t2\n' +
    '2.5\t0\tstimulus\t14\tb4t1\n');
  return { vhdr, folder };
}

describe('epochs command: markers must match the trials', () => {
  it('cuts one epoch per trial from events.tsv, locked to the stimulus', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.tsv'), 'participant_id\tblock\ttrial_id\n' +
      'sub-01\t3\tb3t1\nsub-01\t3\tb3t2\nsub-01\t4\tb4t1\n');
    const out = join(folder, 'e.json');
    const { code, out: stdout } = await run(['epochs', vhdr, '--events',
      join(folder, 'events.tsv'), '--trials', join(folder, 'trials.tsv'), '--tmin', '-0.2',
      '--tmax', '0.4', '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/trials: 3, kept: 3, dropped: 0/);
    const epochs = readEpochsFile(out);
    expect([epochs.nEpochs, epochs.nChannels, epochs.nSamples]).toEqual([3, 2, 61]);
    expect(epochs.tminS).toBeCloseTo(-0.2, 12);
    // Epoch 1 starts at sample 150 - 20 = 130 of Cz: Math.fround(sin(2 * 130 / 7)).
    expect(epochs.data[61 * 2]).toBe(Math.fround(Math.sin((2 * 130) / 7)));
  });

  it('names the first trial whose id differs from its marker', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.csv'), 'trial_id\nb3t1\nb3t9\nb4t1\n');
    const { code, err } = await run(['epochs', vhdr, '--events', join(folder, 'events.tsv'),
      '--trials', join(folder, 'trials.csv'), '--out', join(folder, 'e.json')]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp("diverge at position 2: marker \\(.*events\\.tsv row 4\\) " +
      "has trial_id 'b3t2', trial \\(.*trials\\.csv row 3\\) has 'b3t9'"));
  });

  it('names the first marker whose code differs from the trial log', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.csv'), 'trial_id,code\nx1,13\nx2,14\nx3,14\n');
    const { code, err } = await run(['epochs', vhdr, '--events', 'annotations', '--trials',
      join(folder, 'trials.csv'), '--code-column', 'code', '--out', join(folder, 'e.json')]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp("diverge at position 2: marker \\(event 2 of .*" +
      "'Stimulus/S 13' at 1\\.5 s\\)\\) has code 'Stimulus/S 13', trial x2 .* expects '14'"));
  });

  it('asks for a .json header path in --out', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.csv'), 'trial_id\na\nb\nc\n');
    const { code, err } = await run(['epochs', vhdr, '--events', 'annotations', '--trials',
      join(folder, 'trials.csv'), '--out', join(folder, 'e.bin')]);
    expect(code).toBe(2);
    expect(err).toMatch(/--out '.*e\.bin' must name the epochs header \(\.json\)/);
  });

  it('says how many markers and trials there are when the counts differ', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.csv'), 'trial_id\na\nb\n');
    const { code, err } = await run(['epochs', vhdr, '--events', 'annotations', '--trials',
      join(folder, 'trials.csv'), '--out', join(folder, 'e.json')]);
    expect(code).toBe(2);
    expect(err).toMatch(
      /3 markers but 2 trials \(the first 2 agree\); first marker without a trial: event 3/,
    );
  });

  it('reports epochs dropped at the recording edge and keeps the rest', async () => {
    const { vhdr, folder } = syntheticSession();
    writeFileSync(join(folder, 'trials.csv'), 'trial_id\na\nb\nc\n');
    const { code, out } = await run(['epochs', vhdr, '--events', 'annotations', '--trials',
      join(folder, 'trials.csv'), '--tmin', '-0.6', '--tmax', '0.1', '--out',
      join(folder, 'e.json'), '--json', '--quiet']);
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { nEpochs: number; dropped: { trialId: string }[] };
    expect(summary.nEpochs).toBe(2);
    expect(summary.dropped.map((d) => d.trialId)).toEqual(['a']);
  });
});
