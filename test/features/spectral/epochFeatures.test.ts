import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import type { Epochs } from '../../../src/ingest/eeg/types.js';
import { epochFeatures } from '../../../src/features/spectral/epochFeatures.js';
import { bandPower } from '../../../src/features/spectral/bands.js';
import { epochsPsd } from '../../../src/features/spectral/spectrum.js';
import { createRng } from '../../../src/util/rng.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/features/${name}`, import.meta.url), 'utf8'));

describeShared(SAMPLE, 'epoch features of the real eegmmidb epochs', () => {
  // tmin reinterpreted as -0.1875 s, as erp_mne_reference.py does, to have a baseline.
  const epochs: Epochs = { ...readEpochsFile(sharedPath(...SAMPLE)), tminS: -0.1875 };
  const matrix = epochFeatures(epochs);

  it('names 5 bands x 64 channels, then 3 windows x 64 channels', () => {
    expect(matrix.nFeatures).toBe(5 * 64 + 3 * 64);
    expect(matrix.featureNames[0]).toBe('eeg.delta.Fc5.');
    expect(matrix.featureNames[64 + 10]).toBe('eeg.theta.Cz..');
    expect(matrix.featureNames[5 * 64]).toBe('erp.N2.Fc5.');
    expect(matrix.featureNames.at(-1)).toBe('erp.late.Iz..');
  });

  it('puts scipy-derived band power and MNE-derived ERP means under their names', () => {
    // Expected: welch_scipy_reference.json (defaults, band_power) and erp_mne_reference.json;
    // tolerance 1e-10 absolute as in the band-power and ERP tests.
    const scipy = fixture('welch_scipy_reference.json') as {
      settings: { defaults: { band_power: Record<string, number[][]> } };
    };
    const mne = fixture('erp_mne_reference.json') as {
      windows: Record<string, { means_subset: number[][] }>;
    };
    const value = (epoch: number, name: string): number =>
      matrix.values[epoch * matrix.nFeatures + matrix.featureNames.indexOf(name)] as number;
    // Reference subsets: epochs [0, 5, 19]; scipy channels [0, 10, 33, 50, 63].
    expect(Math.abs(value(5, 'eeg.alpha.Cz..') -
      (scipy.settings.defaults.band_power.alpha?.[1]?.[1] as number))).toBeLessThan(1e-10);
    expect(Math.abs(value(19, 'eeg.gamma.Iz..') -
      (scipy.settings.defaults.band_power.gamma?.[2]?.[4] as number))).toBeLessThan(1e-10);
    expect(Math.abs(value(5, 'erp.P3.Pz..') -
      (mne.windows.P3?.means_subset[1]?.[50] as number))).toBeLessThan(1e-10);
  });
});

describe('epoch feature families', () => {
  const rng = createRng(9);
  const epochs: Epochs = {
    channelNames: ['Fz', 'Pz'],
    units: ['uV', 'uV'],
    sfreqHz: 100,
    tminS: -0.2,
    nEpochs: 3,
    nChannels: 2,
    nSamples: 100,
    data: Float64Array.from({ length: 600 }, () => rng.normal()),
    trialIds: ['b3t01', 'b3t02', 'b3t03'],
  };

  it('leaves out ERP features when erp is false and keeps the trial ids', () => {
    const matrix = epochFeatures(epochs, { erp: false });
    expect(matrix.featureNames).toEqual([
      'eeg.delta.Fz', 'eeg.delta.Pz', 'eeg.theta.Fz', 'eeg.theta.Pz', 'eeg.alpha.Fz',
      'eeg.alpha.Pz', 'eeg.beta.Fz', 'eeg.beta.Pz', 'eeg.gamma.Fz', 'eeg.gamma.Pz',
    ]);
    expect(matrix.trialIds).toEqual(['b3t01', 'b3t02', 'b3t03']);
  });

  it('computes ERP features alone with custom windows', () => {
    const matrix = epochFeatures(epochs, {
      spectral: false,
      erp: { windows: [{ name: 'P3', startS: 0.3, endS: 0.5 }] },
    });
    expect(matrix.featureNames).toEqual(['erp.P3.Fz', 'erp.P3.Pz']);
    // Epoch 1, channel Pz by hand: mean of samples 50..69 minus mean of samples 0..20.
    const pz = epochs.data.subarray(300, 400);
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    const expected = mean(pz.subarray(50, 70)) - mean(pz.subarray(0, 21));
    expect(matrix.values[1 * 2 + 1]).toBeCloseTo(expected, 12);
  });

  it('uses the multitaper PSD when spectral.method is multitaper', () => {
    const viaSpectrum = epochFeatures(epochs, { erp: false, spectral: { method: 'multitaper' } });
    const viaWelch = epochFeatures(epochs, { erp: false });
    expect(Array.from(viaSpectrum.values)).not.toEqual(Array.from(viaWelch.values));
    const power = bandPower(epochsPsd(epochs, { method: 'multitaper' }));
    // Same arithmetic in the same order, so the values are identical; features are
    // band-major (band, channel) while bandPower is (epoch, channel, band).
    expect(viaSpectrum.values[1 * 10 + 2 * 2 + 1]).toBe(power.values[(1 * 2 + 1) * 5 + 2]);
  });

  it('refuses duplicate channel names, which would give duplicate feature names', () => {
    expect(() => epochFeatures({ ...epochs, channelNames: ['Fz', 'Fz'] })).toThrow(
      /'Fz' twice/,
    );
  });
});
