import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import type { Epochs } from '../../../src/ingest/eeg/types.js';
import {
  createErpPlan,
  erpMeans,
  roundHalfEven,
} from '../../../src/features/erp/erpMeans.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];

interface ErpReference {
  tmin_s: number;
  epochs: number[];
  windows: Record<string, {
    first_time_s: number;
    n_samples: number;
    means_subset: number[][];
    means_sum_over_epochs: number[];
  }>;
}

// Expected values: erp_mne_reference.py (MNE 1.3 EpochsArray.apply_baseline((None, 0)), then
// crop(start, end, include_tmax=False) and the mean over time), on the real samples with
// tmin reinterpreted as -0.1875 s. Both sides sum the same float64 samples in different
// orders; with samples up to 620 uV the rounding differences are ~1e-13 uV, so 1e-10 uV
// absolute is the bound.
describeShared(SAMPLE, 'ERP means on the real eegmmidb epochs', () => {
  const reference = JSON.parse(
    readFileSync(new URL('../../fixtures/features/erp_mne_reference.json', import.meta.url),
      'utf8'),
  ) as ErpReference;
  const epochs: Epochs = { ...readEpochsFile(sharedPath(...SAMPLE)), tminS: reference.tmin_s };

  it('selects the same samples as MNE crop(include_tmax=False)', () => {
    const plan = createErpPlan(epochs);
    plan.windows.forEach((window, w) => {
      const [first, end] = plan.windowSamples[w] as [number, number];
      const expected = reference.windows[window.name];
      expect(end - first).toBe(expected?.n_samples);
      expect(reference.tmin_s + first / epochs.sfreqHz).toBeCloseTo(
        expected?.first_time_s as number, 12);
    });
    expect(plan.baselineSamples).toEqual([0, 25]); // -0.1875 s to 0 s inclusive
  });

  it('matches MNE apply_baseline + crop + mean with the default baseline and windows', () => {
    const result = erpMeans(epochs);
    const nWindows = result.windows.length;
    result.windows.forEach((window, w) => {
      const expected = reference.windows[window.name];
      reference.epochs.forEach((epoch, e) => {
        for (let c = 0; c < epochs.nChannels; c++) {
          const actual = result.values[(epoch * epochs.nChannels + c) * nWindows + w] as number;
          expect(Math.abs(actual - (expected?.means_subset[e]?.[c] as number)))
            .toBeLessThan(1e-10);
        }
      });
      for (let c = 0; c < epochs.nChannels; c++) {
        let sum = 0;
        for (let e = 0; e < epochs.nEpochs; e++) {
          sum += result.values[(e * epochs.nChannels + c) * nWindows + w] as number;
        }
        expect(Math.abs(sum - (expected?.means_sum_over_epochs[c] as number)))
          .toBeLessThan(1e-9);
      }
    });
  });
});

describe('ERP means by hand', () => {
  // 10 Hz, tmin -0.2 s: samples at -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4 s.
  const epochs: Epochs = {
    channelNames: ['Cz'],
    units: ['uV'],
    sfreqHz: 10,
    tminS: -0.2,
    nEpochs: 1,
    nChannels: 1,
    nSamples: 7,
    data: Float64Array.from([1, 2, 3, 10, 20, 40, 80]),
    trialIds: ['t1'],
  };

  it('subtracts the mean of tmin..0 s (inclusive) from the mean of [start, end)', () => {
    // Baseline: samples at -0.2, -0.1, 0.0 -> mean (1 + 2 + 3) / 3 = 2.
    // Window 0.1-0.3 s: samples at 0.1 and 0.2 (0.3 is excluded) -> mean 15; 15 - 2 = 13.
    // Window 0.3-0.5 s: samples at 0.3, 0.4 -> mean 60; 60 - 2 = 58.
    const result = erpMeans(epochs, {
      windows: [{ name: 'a', startS: 0.1, endS: 0.3 }, { name: 'b', startS: 0.3, endS: 0.5 }],
    });
    expect(Array.from(result.values)).toEqual([13, 58]);
  });

  it('skips the correction when the baseline is null', () => {
    const result = erpMeans(epochs, {
      windows: [{ name: 'a', startS: 0.1, endS: 0.3 }],
      baselineS: null,
    });
    expect(Array.from(result.values)).toEqual([15]);
  });

  it('refuses a window that reaches past the epoch end', () => {
    expect(() => erpMeans(epochs)).toThrow(
      /field 'windows'.*window 'late' 0.5-0.8 s covers samples \[7, 10\)/,
    );
  });

  it('refuses the default baseline for epochs that start at the event', () => {
    expect(() => erpMeans({ ...epochs, tminS: 0 }, {
      windows: [{ name: 'a', startS: 0.1, endS: 0.3 }],
    })).toThrow(/field 'baseline'.*tmin = 0 s/);
  });

  it('rounds window edges half to even, as Python and MNE do', () => {
    expect([0.5, 1.5, 2.5, 62.5, -0.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([
      0, 2, 2, 62, 0, 2, 3,
    ]);
  });
});
