/**
 * Epoching against MNE 1.3 `Epochs` on the real BrainVision recording (average reference,
 * baseline (None, 0), peak-to-peak rejection; test/fixtures/eeg/mne_epochs_reference.json and
 * the script beside it), plus hand-calculated synthetic cases. Value tolerance: both sides
 * subtract float64 means of int16 x 0.5 values; 1e-9 relative to MNE's volts is a few ulps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrainVision } from '../../src/ingest/eeg/brainvision.js';
import type { Raw } from '../../src/ingest/eeg/types.js';
import { epochRaw, onsetToSample } from '../../src/preprocessing/epoch.js';
import { markersFromAnnotations } from '../../src/preprocessing/markers.js';
import { rereference } from '../../src/preprocessing/reference.js';
import { describeShared, repoRoot, sharedPath } from '../helpers/sharedData.js';

interface EpochsReference {
  eventSamples: number[];
  times: [number, number];
  nTimes: number;
  channelNames: string[];
  values: [number, string, number, number][];
  rejectThresholdV: number;
  keptAfterReject: number[];
}

const reference = JSON.parse(readFileSync(
  join(repoRoot, 'test', 'fixtures', 'eeg', 'mne_epochs_reference.json'), 'utf8',
)) as EpochsReference;

describeShared(['eeg', 'brainvision'], 'epochs of test.vhdr, against MNE Epochs', () => {
  const raw = rereference(readBrainVision(sharedPath('eeg', 'brainvision', 'test.vhdr')),
    'average');
  const markers = markersFromAnnotations(raw, /^Stimulus\/S255$/);
  const anchors = markers.map((m, i) => ({ sample: onsetToSample(m.onsetS, raw.sfreqHz),
    trialId: `t${i}` }));
  const options = { tminS: -0.1, tmaxS: 0.3, baseline: [null, 0] as [null, number] };

  it('finds the event samples MNE finds and the same window', () => {
    expect(anchors.map((a) => a.sample)).toEqual(reference.eventSamples);
    const { epochs } = epochRaw(raw, anchors, options);
    expect(epochs.nSamples).toBe(reference.nTimes);
    expect(epochs.tminS).toBeCloseTo(reference.times[0], 12);
    expect(epochs.channelNames).toEqual(reference.channelNames);
  });

  it('gives MNE values after average reference and baseline correction', () => {
    const { epochs } = epochRaw(raw, anchors, options);
    for (const [e, name, s, value] of reference.values) {
      const c = epochs.channelNames.indexOf(name);
      const ours = epochs.data[(e * epochs.nChannels + c) * epochs.nSamples + s] as number;
      // EEG channels are µV here and volts in MNE; misc channels keep their units in both,
      // except the µ-prefixed µS / uS channels which MNE scales to S.
      const unit = epochs.units[c] ?? '';
      const scale = /^[uµ]/.test(unit) ? 1e-6 : 1;
      expect(Math.abs(ours * scale - value), `${e} ${name} ${s}`)
        .toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(value), scale));
    }
  });

  it('drops the epochs MNE rejects at the same peak-to-peak threshold, with reasons', () => {
    const result = epochRaw(raw, anchors, {
      ...options,
      rejectPeakToPeak: reference.rejectThresholdV * 1e6,
    });
    expect(result.epochs.trialIds).toEqual(reference.keptAfterReject.map((i) => `t${i}`));
    expect(result.dropped).toHaveLength(anchors.length - reference.keptAfterReject.length);
    for (const d of result.dropped) expect(d.reason).toMatch(/peak-to-peak .* exceeds/);
  });
});

function syntheticRaw(): Raw {
  // Channel A = sample index; channel B = 100 at sample 5, else 0; a stim channel.
  const n = 20;
  return {
    file: 'synthetic',
    format: 'edf',
    channels: [
      { name: 'A', type: 'eeg', unit: 'uV' },
      { name: 'B', type: 'eeg', unit: 'uV' },
      { name: 'STI', type: 'stim', unit: '' },
    ],
    sfreqHz: 10,
    samples: [
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => (i === 5 ? 100 : 0)),
      new Float64Array(n),
    ],
    startTime: null,
    events: [],
  };
}

describe('epochRaw on a synthetic recording', () => {
  it('cuts round(tmin*sfreq)..round(tmax*sfreq) around the event, both ends included', () => {
    const { epochs } = epochRaw(syntheticRaw(), [{ sample: 10, trialId: 'x' }],
      { tminS: -0.2, tmaxS: 0.3 });
    expect(epochs.channelNames).toEqual(['A', 'B']);
    expect(Array.from(epochs.data.subarray(0, 6))).toEqual([8, 9, 10, 11, 12, 13]);
  });

  it('subtracts the mean of the baseline samples (hand calculation: mean of 8, 9, 10 = 9)', () => {
    const { epochs } = epochRaw(syntheticRaw(), [{ sample: 10, trialId: 'x' }],
      { tminS: -0.2, tmaxS: 0.3, baseline: [null, 0] });
    expect(Array.from(epochs.data.subarray(0, 6))).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('counts epochs outside the recording and over the threshold, with their reasons', () => {
    const result = epochRaw(syntheticRaw(), [
      { sample: 1, trialId: 'early' },
      { sample: 5, trialId: 'spike' },
      { sample: 12, trialId: 'good' },
    ], { tminS: -0.2, tmaxS: 0.3, rejectPeakToPeak: 50 });
    expect(result.epochs.trialIds).toEqual(['good']);
    expect(result.dropped).toEqual([
      { trialId: 'early', reason: 'window samples -1..4 fall outside the recording (0..19)' },
      { trialId: 'spike', reason: "peak-to-peak 100.0 on channel 'B' exceeds 50" },
    ]);
  });

  it('re-references to named channels: A - B sample by sample', () => {
    const raw = rereference(syntheticRaw(), ['B']);
    expect(raw.samples[0]?.[5]).toBe(5 - 100);
    expect(raw.samples[1]?.[5]).toBe(0);
  });
});
