/**
 * Zero-phase FIR band-pass filtering. The filter is a Hamming-windowed sinc (Oppenheim &
 * Schafer, Discrete-Time Signal Processing, 3rd ed., section 7.5), normalised to unit gain at
 * the passband centre, as scipy.signal.firwin(numtaps, [low, high], pass_zero=False,
 * window='hamming', fs=sfreq) designs it. It is applied forward then backward exactly as
 * scipy.signal.filtfilt(b, [1], x) does: odd extension of 3 x numtaps samples at each end,
 * and each pass starting from the steady state of the extension's first value. The two passes
 * cancel the phase shift and square the magnitude response.
 */
import FFT from 'fft.js';
import { InputError } from '../util/errors.js';
import type { Raw } from '../ingest/eeg/types.js';

/** The part of fft.js's API used here, typed (its bundled declarations use `any`). */
interface ComplexFft {
  transform(out: Float64Array, data: Float64Array): void;
  inverseTransform(out: Float64Array, data: Float64Array): void;
}

/** Band edges in Hz; `lowHz` 0 or null means low-pass only, `highHz` null high-pass only. */
export interface BandPass {
  lowHz: number | null;
  highHz: number | null;
  /** Odd number of taps; default from the transition band (see `defaultNumTaps`). */
  numTaps?: number;
}

/**
 * Default length: 3.3 / transition width x sfreq, the Hamming window's rule for a ~-53 dB
 * stop band (MNE's `filter_length='auto'`), with MNE's automatic transition widths:
 * min(max(0.25 low, 2 Hz), low) below the band and min(max(0.25 high, 2 Hz), nyquist - high)
 * above it. Rounded up to an odd integer.
 */
export function defaultNumTaps(sfreqHz: number, band: BandPass): number {
  const widths: number[] = [];
  if (band.lowHz !== null && band.lowHz > 0) {
    widths.push(Math.min(Math.max(0.25 * band.lowHz, 2), band.lowHz));
  }
  if (band.highHz !== null) {
    widths.push(Math.min(Math.max(0.25 * band.highHz, 2), sfreqHz / 2 - band.highHz));
  }
  const narrowest = Math.min(...widths);
  const taps = Math.ceil((3.3 / narrowest) * sfreqHz);
  return taps % 2 === 0 ? taps + 1 : taps;
}

/** Validates the band against the sampling rate, naming the offending flag. */
function checkBand(sfreqHz: number, band: BandPass): void {
  const nyquist = sfreqHz / 2;
  const low = band.lowHz ?? 0;
  if (band.highHz === null && low <= 0) {
    throw new InputError('a filter needs a low edge, a high edge or both', { field: '--l-freq' });
  }
  if (low < 0 || low >= nyquist) {
    throw new InputError(`low edge ${low} Hz must lie in [0, ${nyquist}) Hz (Nyquist)`, {
      field: '--l-freq',
    });
  }
  if (band.highHz !== null && (band.highHz <= low || band.highHz >= nyquist)) {
    throw new InputError(
      `high edge ${band.highHz} Hz must lie above the low edge ${low} Hz and below ` +
        `${nyquist} Hz (Nyquist)`,
      { field: '--h-freq' },
    );
  }
}

/**
 * Taps of the windowed-sinc filter: h[n] = w[n] (2 f2 sinc(2 f2 m) - 2 f1 sinc(2 f1 m)),
 * m = n - (N-1)/2, f in cycles per sample, w the symmetric Hamming window, then scaled so the
 * response at the passband centre (0 Hz for low-pass, Nyquist for high-pass) is 1.
 */
export function designFir(sfreqHz: number, band: BandPass): Float64Array {
  checkBand(sfreqHz, band);
  const n = band.numTaps ?? defaultNumTaps(sfreqHz, band);
  if (!Number.isInteger(n) || n < 3 || n % 2 === 0) {
    throw new InputError(`filter length ${n} must be an odd integer >= 3`, {
      field: '--filter-taps',
    });
  }
  const f1 = (band.lowHz ?? 0) / sfreqHz;
  const f2 = band.highHz === null ? 0.5 : band.highHz / sfreqHz;
  const sinc = (x: number): number => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  const taps = new Float64Array(n);
  const centre = (n - 1) / 2;
  for (let i = 0; i < n; i += 1) {
    const m = i - centre;
    const ideal = 2 * f2 * sinc(2 * f2 * m) - 2 * f1 * sinc(2 * f1 * m);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1));
    taps[i] = ideal * window;
  }
  const scaleAt = f1 === 0 ? 0 : band.highHz === null ? 0.5 : (f1 + f2) / 2;
  let gain = 0;
  for (let i = 0; i < n; i += 1) {
    gain += (taps[i] as number) * Math.cos(2 * Math.PI * (i - centre) * scaleAt);
  }
  for (let i = 0; i < n; i += 1) taps[i] = (taps[i] as number) / gain;
  return taps;
}

function nextPowerOfTwo(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

/**
 * y[k] = sum_j taps[j] x[k - j] for k = 0..len(x)-1, with x before its start held at x[0]
 * (scipy's lfilter with zi = lfilter_zi(b, 1) * x[0]). FFT convolution for long filters.
 */
export function firSteadyStart(x: Float64Array, taps: Float64Array): Float64Array {
  const nTaps = taps.length;
  const first = x[0] as number;
  const out = new Float64Array(x.length);
  if (nTaps <= 64) {
    for (let k = 0; k < x.length; k += 1) {
      let sum = 0;
      for (let j = 0; j < nTaps; j += 1) {
        sum += (taps[j] as number) * (k - j >= 0 ? (x[k - j] as number) : first);
      }
      out[k] = sum;
    }
    return out;
  }
  // Convolve [x0 repeated nTaps-1 times, x] with the taps; keep the fully overlapped part.
  // Limitation: one FFT over the whole signal (no overlap-add), so memory grows with the
  // recording: about 64 bytes per sample per channel while it runs (an hour at 1 kHz: ~0.5 GB).
  const padded = x.length + nTaps - 1;
  const size = nextPowerOfTwo(padded + nTaps - 1);
  const fft = new FFT(size) as unknown as ComplexFft;
  const signal = new Float64Array(2 * size);
  for (let i = 0; i < nTaps - 1; i += 1) signal[2 * i] = first;
  for (let i = 0; i < x.length; i += 1) signal[2 * (i + nTaps - 1)] = x[i] as number;
  const kernel = new Float64Array(2 * size);
  for (let j = 0; j < nTaps; j += 1) kernel[2 * j] = taps[j] as number;
  const a = new Float64Array(2 * size);
  const b = new Float64Array(2 * size);
  fft.transform(a, signal);
  fft.transform(b, kernel);
  for (let i = 0; i < size; i += 1) {
    const [ar, ai] = [a[2 * i] as number, a[2 * i + 1] as number];
    const [br, bi] = [b[2 * i] as number, b[2 * i + 1] as number];
    const re = ar * br - ai * bi;
    const im = ar * bi + ai * br;
    a[2 * i] = re;
    a[2 * i + 1] = im;
  }
  fft.inverseTransform(signal, a);
  for (let k = 0; k < x.length; k += 1) out[k] = signal[2 * (k + nTaps - 1)] as number;
  return out;
}

/** scipy.signal.filtfilt(taps, [1], x) with its defaults (padtype 'odd', padlen 3 x taps). */
export function filtfiltFir(x: Float64Array, taps: Float64Array, label = 'signal'): Float64Array {
  const edge = 3 * taps.length;
  if (x.length <= edge) {
    throw new InputError(
      `${label} has ${x.length} samples; a ${taps.length}-tap zero-phase filter needs more ` +
        `than ${edge} (filter the continuous recording, or use fewer taps)`,
      { field: '--filter-taps' },
    );
  }
  const n = x.length;
  const extended = new Float64Array(n + 2 * edge);
  const x0 = x[0] as number;
  const xn = x[n - 1] as number;
  for (let i = 0; i < edge; i += 1) {
    extended[i] = 2 * x0 - (x[edge - i] as number);
    extended[edge + n + i] = 2 * xn - (x[n - 2 - i] as number);
  }
  extended.set(x, edge);
  const forward = firSteadyStart(extended, taps);
  forward.reverse();
  const backward = firSteadyStart(forward, taps);
  backward.reverse();
  return backward.slice(edge, edge + n);
}

/** Filters every non-stim channel of a recording (stim codes are left as they are). */
export function filterRaw(raw: Raw, band: BandPass): Raw {
  const taps = designFir(raw.sfreqHz, band);
  const samples = raw.samples.map((channel, c) =>
    raw.channels[c]?.type === 'stim' ? channel : filtfiltFir(channel, taps,
      `channel '${raw.channels[c]?.name}'`));
  return { ...raw, samples };
}
