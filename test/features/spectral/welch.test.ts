import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import type { Epochs } from '../../../src/ingest/eeg/types.js';
import { createPowerSpectrumPlan } from '../../../src/features/spectral/realFft.js';
import {
  createWelchPlan,
  resolveWelchSettings,
  welchPsd,
  type WelchOptions,
} from '../../../src/features/spectral/welch.js';
import { periodicWindow } from '../../../src/features/spectral/window.js';
import { createRng } from '../../../src/util/rng.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];
const FIXTURES = new URL('../../fixtures/features/', import.meta.url);

interface ReferenceSetting {
  freqs_hz: number[];
  psd_subset: number[][][];
  psd_sum_all: number[];
}
interface ScipySetting extends ReferenceSetting {
  options: { window?: 'hann' | 'hamming'; nperseg?: number; noverlap?: number; nfft?: number };
}
interface MneSetting extends ReferenceSetting {
  iatbayes: WelchOptions;
}
interface Reference<S> {
  epochs: number[];
  channels: number[];
  settings: Record<string, S>;
}

function loadFixture<S>(name: string): Reference<S> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Reference<S>;
}

/** Largest |a - b| / |b| over two equally long lists (|a - b| where b is 0). */
function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const difference = Math.abs((actual[i] as number) - e);
    worst = Math.max(worst, e === 0 ? difference : difference / Math.abs(e));
  }
  return worst;
}

function compareWithReference(epochs: Epochs, options: WelchOptions, reference: {
  epochs: number[];
  channels: number[];
  setting: ReferenceSetting;
}): void {
  const result = welchPsd(epochs, options);
  const { nChannels, nFreqs, psd } = result;
  expect(maxRelativeError(Array.from(result.freqsHz), reference.setting.freqs_hz.map(Number)))
    .toBeLessThan(1e-15);

  const subset: number[] = [];
  const expectedSubset: number[] = [];
  reference.epochs.forEach((epoch, e) => {
    reference.channels.forEach((channel, c) => {
      const start = (epoch * nChannels + channel) * nFreqs;
      subset.push(...psd.subarray(start, start + nFreqs));
      expectedSubset.push(...(reference.setting.psd_subset[e]?.[c] ?? []));
    });
  });
  expect(maxRelativeError(subset, expectedSubset)).toBeLessThan(1e-10);

  const sums = new Float64Array(nFreqs);
  for (let i = 0; i < psd.length; i++) sums[i % nFreqs] += psd[i] as number;
  expect(maxRelativeError(sums, reference.setting.psd_sum_all)).toBeLessThan(1e-10);
}

// Tolerance 1e-10 relative: both sides compute the same float64 sums in different orders
// (pocketfft vs fft.js), which differ by a few ulps times log2(nfft); 1e-10 leaves room for
// that and is far below any modelling difference (a wrong window or scale is off by > 1e-3).
describeShared(SAMPLE, 'Welch PSD on the real eegmmidb epochs', () => {
  const epochs = readEpochsFile(sharedPath(...SAMPLE));

  describe('matches scipy.signal.welch (welch_scipy_reference.py)', () => {
    const reference = loadFixture<ScipySetting>('welch_scipy_reference.json');
    for (const [name, setting] of Object.entries(reference.settings)) {
      it(`with ${name} options ${JSON.stringify(setting.options)}`, () => {
        compareWithReference(epochs, setting.options, {
          epochs: reference.epochs,
          channels: reference.channels,
          setting,
        });
      });
    }
  });

  describe("matches MNE's psd_array_welch (welch_mne_reference.py)", () => {
    const reference = loadFixture<MneSetting>('welch_mne_reference.json');
    for (const [name, setting] of Object.entries(reference.settings)) {
      it(`with ${name}`, () => {
        compareWithReference(epochs, setting.iatbayes, {
          epochs: reference.epochs,
          channels: reference.channels,
          setting,
        });
      });
    }
  });
});

describe('power spectrum plans', () => {
  /** |X_k|^2 straight from the DFT definition, O(n^2). */
  function naivePower(x: Float64Array): Float64Array {
    const n = x.length;
    const out = new Float64Array(Math.floor(n / 2) + 1);
    for (let k = 0; k < out.length; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const angle = (-2 * Math.PI * ((j * k) % n)) / n;
        re += (x[j] as number) * Math.cos(angle);
        im += (x[j] as number) * Math.sin(angle);
      }
      out[k] = re * re + im * im;
    }
    return out;
  }

  for (const n of [2, 3, 4, 5, 6, 7, 8, 12, 45, 64, 100, 127, 256]) {
    it(`agree with the DFT definition for length ${n}`, () => {
      // The naive sum has error ~ n * eps * max|x|^2 relative to the largest bin, so
      // the comparison is scaled by the largest power rather than made bin by bin.
      const rng = createRng(n);
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const expected = naivePower(x);
      const actual = new Float64Array(expected.length);
      createPowerSpectrumPlan(n).power(x, actual);
      const scale = Math.max(...expected);
      for (let k = 0; k < expected.length; k++) {
        expect(Math.abs((actual[k] as number) - (expected[k] as number)) / scale)
          .toBeLessThan(1e-12);
      }
    });
  }
});

describe('Welch estimator identities', () => {
  it("satisfies Parseval's identity for one segment: sum(P) * df = sum(frame^2) / sum(w^2)", () => {
    // With one segment and even nfft, doubling every bin but DC and Nyquist makes the
    // one-sided sum equal the two-sided one, so the identity is exact up to rounding.
    const rng = createRng(21);
    const n = 128;
    const fs = 250;
    const x = Float64Array.from({ length: n }, () => 3 + rng.normal());
    const settings = resolveWelchSettings(n, fs, { window: 'hann' });
    const psd = new Float64Array(settings.freqsHz.length);
    createWelchPlan(settings).psdInto(x, 0, psd, 0);
    const w = periodicWindow('hann', n);
    const mean = x.reduce((s, v) => s + v, 0) / n;
    let energy = 0;
    let windowEnergy = 0;
    for (let j = 0; j < n; j++) {
      energy += ((x[j] as number) - mean) ** 2 * (w[j] as number) ** 2;
      windowEnergy += (w[j] as number) ** 2;
    }
    const total = psd.reduce((s, v) => s + v, 0) * (fs / n);
    expect(Math.abs(total - energy / windowEnergy) / (energy / windowEnergy)).toBeLessThan(1e-12);
  });

  it('puts a bin-centred sine of amplitude A at its frequency with power A^2 / 2', () => {
    // A 10 Hz sine sampled at 128 Hz over 128 samples lies exactly on bin 10. With a Hann
    // window its power spreads over bins 9, 10, 11 in the ratio 1/4 : 1 : 1/4 of the
    // amplitude spectrum (1/16 : 1/4 : 1/16 after squaring and normalising by sum w^2 =
    // 3n/8), and those three bins hold all of A^2 / 2.
    const n = 128;
    const fs = 128;
    const amplitude = 5;
    const x = Float64Array.from({ length: n }, (_, j) =>
      amplitude * Math.sin((2 * Math.PI * 10 * j) / fs),
    );
    const settings = resolveWelchSettings(n, fs, {});
    const psd = new Float64Array(settings.freqsHz.length);
    createWelchPlan(settings).psdInto(x, 0, psd, 0);
    const df = fs / n;
    const nearBins = ((psd[9] as number) + (psd[10] as number) + (psd[11] as number)) * df;
    expect(nearBins).toBeCloseTo(amplitude ** 2 / 2, 10);
    expect((psd[10] as number) * df).toBeCloseTo((amplitude ** 2 / 2) * (2 / 3), 10);
    expect(psd[20] as number).toBeLessThan(1e-20);
  });

  it('drops an incomplete tail: samples after the last full segment do not change the PSD', () => {
    const rng = createRng(5);
    const x = Float64Array.from({ length: 100 }, () => rng.normal());
    // Segments [0, 40) and [40, 80); samples 80..99 cannot fill a third one.
    const options = { nperseg: 40, noverlap: 0 };
    const short = resolveWelchSettings(100, 100, options);
    expect(short.nSegments).toBe(2);
    const a = new Float64Array(short.freqsHz.length);
    createWelchPlan(short).psdInto(x, 0, a, 0);
    const y = Float64Array.from(x);
    for (let j = 80; j < 100; j++) y[j] = 1000 * rng.normal();
    const b = new Float64Array(short.freqsHz.length);
    createWelchPlan(short).psdInto(y, 0, b, 0);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('Welch option checks', () => {
  it('defaults to scipy: nperseg = min(256, n), noverlap = nperseg / 2, nfft = nperseg', () => {
    expect(resolveWelchSettings(512, 256)).toMatchObject({
      window: 'hann',
      nperseg: 256,
      noverlap: 128,
      nfft: 256,
      nSegments: 3,
    });
    expect(resolveWelchSettings(128, 128)).toMatchObject({ nperseg: 128, noverlap: 64 });
  });

  it('refuses nperseg longer than the epoch', () => {
    expect(() => resolveWelchSettings(128, 128, { nperseg: 200 })).toThrow(
      /field 'nperseg'.*at most the epoch length \(128 samples\), found 200/,
    );
  });

  it('refuses noverlap >= nperseg', () => {
    expect(() => resolveWelchSettings(128, 128, { nperseg: 64, noverlap: 64 })).toThrow(
      /noverlap/,
    );
  });

  it('refuses nfft < nperseg', () => {
    expect(() => resolveWelchSettings(128, 128, { nperseg: 64, nfft: 32 })).toThrow(/nfft/);
  });
});
