import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import {
  bandPower,
  createBandPowerPlan,
  DEFAULT_BANDS,
  parseBands,
} from '../../../src/features/spectral/bands.js';
import { welchPsd } from '../../../src/features/spectral/welch.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];

interface BandReference {
  epochs: number[];
  channels: number[];
  settings: {
    defaults: {
      band_power: Record<string, number[][]>;
      relative_band_power: Record<string, number[][]>;
    };
  };
}

// Expected values: welch_scipy_reference.py, numpy's log10 of the mean (or summed, for
// relative power over 1-45 Hz) scipy.signal.welch density over fmin <= f < fmax. The PSDs
// agree to 1e-10 relative, so the log10 values agree to 1e-10 / ln(10) absolute; 1e-10 is
// the test's bound.
describeShared(SAMPLE, 'band power on the real eegmmidb epochs', () => {
  const epochs = readEpochsFile(sharedPath(...SAMPLE));
  const reference = JSON.parse(
    readFileSync(new URL('../../fixtures/features/welch_scipy_reference.json', import.meta.url),
      'utf8'),
  ) as BandReference;

  for (const relative of [false, true]) {
    it(`matches numpy on scipy's PSD (${relative ? 'relative' : 'absolute'} power)`, () => {
      const result = bandPower(welchPsd(epochs), { relative });
      const expected = relative
        ? reference.settings.defaults.relative_band_power
        : reference.settings.defaults.band_power;
      const nBands = result.bands.length;
      result.bands.forEach((band, b) => {
        reference.epochs.forEach((epoch, e) => {
          reference.channels.forEach((channel, c) => {
            const actual = result.values[(epoch * epochs.nChannels + channel) * nBands + b];
            const want = expected[band.name]?.[e]?.[c] as number;
            expect(Math.abs((actual as number) - want)).toBeLessThan(1e-10);
          });
        });
      });
    });
  }
});

describe('band power by hand', () => {
  const freqs = Float64Array.from({ length: 9 }, (_, k) => k * 2); // 0, 2, ..., 16 Hz
  const psd = Float64Array.from([5, 1, 3, 10, 10, 100, 1000, 7, 7]);

  it('averages the density over bins with lo <= f < hi and takes log10', () => {
    // 'a' 2-6 Hz holds the 2 and 4 Hz bins (1 and 3): mean 2. 'b' 6-12 Hz holds 6, 8, 10 Hz
    // (10, 10, 100): mean 40.
    const plan = createBandPowerPlan(freqs, {
      bands: [{ name: 'a', loHz: 2, hiHz: 6 }, { name: 'b', loHz: 6, hiHz: 12 }],
    });
    const out = new Float64Array(2);
    plan.apply(psd, 0, out, 0, 1);
    expect(out[0]).toBeCloseTo(Math.log10(2), 14);
    expect(out[1]).toBeCloseTo(Math.log10(40), 14);
  });

  it('gives relative power as log10 of band sum over total-range sum', () => {
    // Total 2-12 Hz = 1 + 3 + 10 + 10 + 100 = 124; band 'a' sums to 4.
    const plan = createBandPowerPlan(freqs, {
      bands: [{ name: 'a', loHz: 2, hiHz: 6 }, { name: 'b', loHz: 6, hiHz: 12 }],
      relative: true,
    });
    const out = new Float64Array(2);
    plan.apply(psd, 0, out, 0, 1);
    expect(plan.totalRangeHz).toEqual([2, 12]);
    expect(out[0]).toBeCloseTo(Math.log10(4 / 124), 14);
    expect(out[1]).toBeCloseTo(Math.log10(120 / 124), 14);
  });

  it('refuses a band with no bin at the resolution', () => {
    expect(() =>
      createBandPowerPlan(freqs, { bands: [{ name: 'narrow', loHz: 2.5, hiHz: 3.5 }] }),
    ).toThrow(/band 'narrow' 2.5-3.5 Hz contains no frequency bin at 2 Hz resolution/);
  });

  it('refuses a band above the Nyquist frequency', () => {
    expect(() =>
      createBandPowerPlan(freqs, { bands: [{ name: 'high', loHz: 10, hiHz: 40 }] }),
    ).toThrow(/reaches above the highest frequency, 16 Hz/);
  });
});

describe('band syntax', () => {
  it('parses name:lo-hi lists with decimals', () => {
    expect(parseBands('theta:4-8, alpha:8-12.5')).toEqual([
      { name: 'theta', loHz: 4, hiHz: 8 },
      { name: 'alpha', loHz: 8, hiHz: 12.5 },
    ]);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_BANDS.map((b) => `${b.name}:${b.loHz}-${b.hiHz}`).join(',')).toBe(
      'delta:1-4,theta:4-8,alpha:8-13,beta:13-30,gamma:30-45',
    );
  });

  it('refuses lo >= hi', () => {
    expect(() => parseBands('alpha:13-8')).toThrow(/0 <= lo < hi for band 'alpha'/);
  });

  it('refuses overlapping bands', () => {
    expect(() => parseBands('theta:4-9,alpha:8-13')).toThrow(/overlapping 'alpha'/);
  });

  it('refuses unknown syntax', () => {
    expect(() => parseBands('alpha=8..13')).toThrow(/expected name:lo-hi.*'alpha=8..13'/);
  });

  it('refuses a repeated name', () => {
    expect(() => parseBands('a:1-2,a:3-4')).toThrow(/'a' twice/);
  });
});
