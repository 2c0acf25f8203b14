import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import { dpssTapers } from '../../../src/features/spectral/dpss.js';
import {
  createMultitaperPlan,
  type MultitaperOptions,
} from '../../../src/features/spectral/multitaper.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];

interface Reference {
  epochs: number[];
  channels: number[];
  tapers: Record<string, {
    n: number;
    nw: number;
    kmax: number;
    periodic: boolean;
    tapers: number[][];
    ratios: number[];
  }>;
  psd: Record<string, {
    iatbayes: MultitaperOptions;
    freqs_hz: number[];
    psd_subset: number[][][];
    psd_sum_all: number[];
  }>;
}

// Expected values: multitaper_mne_reference.py (scipy 1.10 dpss with norm=2; MNE 1.3
// psd_array_multitaper with adaptive=False, normalization='full').
const reference = JSON.parse(readFileSync(
  new URL('../../fixtures/features/multitaper_mne_reference.json', import.meta.url), 'utf8',
)) as Reference;

describe('DPSS tapers match scipy.signal.windows.dpss', () => {
  for (const [name, expected] of Object.entries(reference.tapers)) {
    it(`for ${name}`, () => {
      // LAPACK's and our eigenvectors are both accurate to ~1e-14 for these well separated
      // eigenvalues; 1e-10 absolute on unit-norm tapers (and relative on ratios near 1)
      // leaves room for rounding and catches any wrong sign or order.
      const result = dpssTapers(expected.n, expected.nw, expected.kmax, expected.periodic);
      for (let k = 0; k < expected.kmax; k++) {
        const row = expected.tapers[k] as number[];
        for (let j = 0; j < expected.n; j++) {
          expect(Math.abs((result.tapers[k * expected.n + j] as number) - (row[j] as number)))
            .toBeLessThan(1e-10);
        }
        const ratio = expected.ratios[k] as number;
        expect(Math.abs((result.ratios[k] as number) - ratio) / ratio).toBeLessThan(1e-10);
      }
    });
  }
});

describeShared(SAMPLE, 'multitaper PSD on the real eegmmidb epochs', () => {
  const epochs = readEpochsFile(sharedPath(...SAMPLE));

  for (const [name, expected] of Object.entries(reference.psd)) {
    it(`matches MNE psd_array_multitaper (${name}) to 1e-10 relative`, () => {
      const plan = createMultitaperPlan(epochs.nSamples, epochs.sfreqHz, expected.iatbayes);
      const nFreqs = plan.freqsHz.length;
      expect(Array.from(plan.freqsHz)).toEqual(expected.freqs_hz);
      const psd = new Float64Array(nFreqs);
      let worst = 0;
      reference.epochs.forEach((epoch, e) => {
        reference.channels.forEach((channel, c) => {
          plan.psdInto(epochs.data, (epoch * epochs.nChannels + channel) * epochs.nSamples,
            psd, 0);
          const want = expected.psd_subset[e]?.[c] as number[];
          for (let k = 0; k < nFreqs; k++) {
            const w = want[k] as number;
            worst = Math.max(worst, Math.abs((psd[k] as number) - w) / w);
          }
        });
      });
      expect(worst).toBeLessThan(1e-10);

      const sums = new Float64Array(nFreqs);
      for (let i = 0; i < epochs.nEpochs * epochs.nChannels; i++) {
        plan.psdInto(epochs.data, i * epochs.nSamples, psd, 0);
        for (let k = 0; k < nFreqs; k++) sums[k] = (sums[k] as number) + (psd[k] as number);
      }
      expected.psd_sum_all.forEach((w, k) => {
        expect(Math.abs((sums[k] as number) - w) / w).toBeLessThan(1e-10);
      });
    });
  }
});

describe('multitaper options', () => {
  it('refuses a bandwidth below one frequency bin (NW < 0.5)', () => {
    expect(() => createMultitaperPlan(128, 128, { bandwidthHz: 0.5 })).toThrow(
      /field 'bandwidth'.*NW = 0.25/,
    );
  });
});
