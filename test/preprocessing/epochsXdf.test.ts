/**
 * Epochs from a real XDF recording with a marker stream (bci4als_openbci16_markers.xdf: 30
 * `1111` trial-start markers, README of ../shared/data/eeg/xdf). Marker onsets on the EEG
 * sample axis are checked against the Python parser (test/fixtures/eeg/xdf_reference.json);
 * the epochs must hold the recording's samples from round(onset x 125) - 25 on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readXdf } from '../../src/ingest/eeg/xdf.js';
import { epochTrials } from '../../src/preprocessing/epochTrials.js';
import { markersFromAnnotations } from '../../src/preprocessing/markers.js';
import { describeShared, repoRoot, sharedPath } from '../helpers/sharedData.js';

interface XdfReference {
  files: { file: string; markers?: { value: string; onsetS: number }[] }[];
}

describeShared(['eeg', 'xdf'], 'epochs around the XDF trial-start markers', () => {
  const raw = readXdf(sharedPath('eeg', 'xdf', 'bci4als_openbci16_markers.xdf'));
  const markers = markersFromAnnotations(raw, /^1111\./);
  const trials = markers.map((_, i) => ({ trialId: `trial${i + 1}`, source: `row ${i + 2}` }));

  it('finds the 30 trial starts where the Python parser puts them', () => {
    const reference = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'eeg',
      'xdf_reference.json'), 'utf8')) as XdfReference;
    const expected = reference.files.find((f) => f.file === 'bci4als_openbci16_markers.xdf')
      ?.markers?.filter((m) => m.value.startsWith('1111.')).map((m) => m.onsetS)
      .sort((a, b) => a - b);
    expect(markers.map((m) => m.onsetS)).toEqual(expected);
    expect(markers).toHaveLength(30);
  });

  it('cuts one epoch per trial holding the recording samples of its window', () => {
    const result = epochTrials(raw, markers, trials, { tminS: -0.2, tmaxS: 0.8 });
    expect(result.epochs.nEpochs).toBe(30);
    expect(result.epochs.nSamples).toBe(126);
    const { nChannels, nSamples, data } = result.epochs;
    markers.forEach((m, e) => {
      const start = Math.round(m.onsetS * 125) - 25;
      for (const c of [0, 5, 15]) {
        expect(data[(e * nChannels + c) * nSamples]).toBe(raw.samples[c]?.[start]);
      }
    });
  });

  it('refuses 29 trials for 30 markers, naming the marker left over', () => {
    expect(() => epochTrials(raw, markers, trials.slice(0, 29), { tminS: -0.2, tmaxS: 0.8 }))
      .toThrow(/30 markers but 29 trials \(the first 29 agree\); first marker without a trial/);
  });
});
