/**
 * Zero-phase FIR filter against scipy.signal (firwin + filtfilt), reference values in
 * test/fixtures/eeg/scipy_filter_reference.json (script beside it). Tolerance 1e-9: both
 * sides sum ~800 products in float64 (ours via FFT), so they agree to ~1e-12 of the signal's
 * size (~20); 1e-9 leaves room for FFT rounding and nothing more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designFir, filtfiltFir, defaultNumTaps } from '../../src/preprocessing/filter.js';
import { InputError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/sharedData.js';

interface FilterReference {
  sfreqHz: number;
  nSamples: number;
  cases: { name: string; lowHz: number | null; highHz: number | null; numTaps: number;
    taps: number[]; samples: [number, number][] }[];
}

const reference = JSON.parse(readFileSync(
  join(repoRoot, 'test', 'fixtures', 'eeg', 'scipy_filter_reference.json'), 'utf8',
)) as FilterReference;

/** The script's input signal, from the same formula. */
function inputSignal(): Float64Array {
  return Float64Array.from({ length: reference.nSamples }, (_, i) => {
    const t = i / reference.sfreqHz;
    return Math.sin(2 * Math.PI * 3 * t) + 0.5 * Math.sin(2 * Math.PI * 60 * t) +
      (0.3 * ((i * 7919) % 101)) / 101 + 20;
  });
}

describe('zero-phase FIR filter, against scipy.signal', () => {
  for (const c of reference.cases) {
    const band = { lowHz: c.lowHz, highHz: c.highHz, numTaps: c.numTaps };

    it(`designs the taps firwin designs (${c.name})`, () => {
      const taps = designFir(reference.sfreqHz, band);
      c.taps.forEach((v, i) => expect(Math.abs((taps[i] as number) - v)).toBeLessThan(1e-15));
    });

    it(`filters as filtfilt does (${c.name})`, () => {
      const y = filtfiltFir(inputSignal(), designFir(reference.sfreqHz, band));
      for (const [k, v] of c.samples) expect(Math.abs((y[k] as number) - v)).toBeLessThan(1e-9);
    });
  }

  it('chooses MNE-like default lengths: 3.3 / transition width x sfreq, odd', () => {
    // 1-40 Hz at 250 Hz: transition min(max(0.25, 2), 1) = 1 Hz -> 825 taps.
    expect(defaultNumTaps(250, { lowHz: 1, highHz: 40 })).toBe(825);
    // 40 Hz low-pass: transition 10 Hz -> 82.5 -> 83.
    expect(defaultNumTaps(250, { lowHz: null, highHz: 40 })).toBe(83);
  });

  it('refuses a band above Nyquist and a signal too short for the filter', () => {
    expect(() => designFir(100, { lowHz: 1, highHz: 60 })).toThrow(/below 50 Hz \(Nyquist\)/);
    const taps = designFir(250, { lowHz: null, highHz: 30, numTaps: 101 });
    expect(() => filtfiltFir(new Float64Array(200), taps)).toThrow(InputError);
  });
});
