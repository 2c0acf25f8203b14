/**
 * Squared magnitudes of the discrete Fourier transform of a real signal, for bins
 * k = 0 .. floor(n/2): |X_k|^2 with X_k = sum_j x_j exp(-2 pi i j k / n) (no normalisation,
 * numpy.fft.rfft's convention). A plan holds its FFT tables and work buffers, so repeated
 * calls allocate nothing.
 *
 * Power-of-two lengths use fft.js's radix-4 real transform. Other lengths use Bluestein's
 * chirp-z algorithm (Bluestein 1970; Rabiner, Schafer & Rader 1969), which rewrites the DFT
 * as a convolution evaluated with power-of-two FFTs of length >= 2n - 1.
 */
import FFT from 'fft.js';

/** The part of fft.js's API used here, typed (its bundled declarations use `any`). */
interface Radix4Fft {
  realTransform(out: Float64Array, data: Float64Array): void;
  transform(out: Float64Array, data: Float64Array): void;
  inverseTransform(out: Float64Array, data: Float64Array): void;
}

function createRadix4(size: number): Radix4Fft {
  return new FFT(size) as unknown as Radix4Fft;
}

/** True when n is a power of two (>= 2). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** A reusable |DFT|^2 evaluator for real signals of one length. */
export interface PowerSpectrumPlan {
  /** Transform length n (the input is read from `input[0 .. n)`). */
  readonly size: number;
  /** Number of one-sided bins, floor(n/2) + 1. */
  readonly nBins: number;
  /**
   * Writes |X_k|^2 for k = 0 .. nBins-1 of `input[0 .. n)` into `out[0 .. nBins)`.
   * `input` is not modified.
   */
  power(input: Float64Array, out: Float64Array): void;
  /** Adds |X_k|^2 of `input[0 .. n)` to `sum[k]` for k = 0 .. nBins-1 (Welch averaging). */
  accumulatePower(input: Float64Array, sum: Float64Array): void;
}

/** A plan for length `n` (any integer >= 2). */
export function createPowerSpectrumPlan(n: number): PowerSpectrumPlan {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`FFT length must be an integer >= 2, got ${n}`);
  }
  return isPowerOfTwo(n) ? radix4Plan(n) : bluesteinPlan(n);
}

function radix4Plan(n: number): PowerSpectrumPlan {
  const nBins = Math.floor(n / 2) + 1;
  // fft.js has no size-2 real transform path that is cheaper than a complex one; a size-2
  // DFT is x0 + x1 and x0 - x1, done by hand.
  if (n === 2) {
    return {
      size: n,
      nBins,
      power(input, out) {
        const a = input[0] as number;
        const b = input[1] as number;
        out[0] = (a + b) * (a + b);
        out[1] = (a - b) * (a - b);
      },
      accumulatePower(input, sum) {
        const a = input[0] as number;
        const b = input[1] as number;
        sum[0] = (sum[0] as number) + (a + b) * (a + b);
        sum[1] = (sum[1] as number) + (a - b) * (a - b);
      },
    };
  }
  const fft = createRadix4(n);
  const spectrum = new Float64Array(2 * n);
  const frame = new Float64Array(n);
  const transform = (input: Float64Array): void => {
    // fft.js reads its input's whole length, so a longer view is copied to n values first.
    let source = input;
    if (input.length !== n) {
      frame.set(input.subarray(0, n));
      source = frame;
    }
    fft.realTransform(spectrum, source);
  };
  return {
    size: n,
    nBins,
    power(input, out) {
      transform(input);
      for (let k = 0; k < nBins; k++) {
        const re = spectrum[2 * k] as number;
        const im = spectrum[2 * k + 1] as number;
        out[k] = re * re + im * im;
      }
    },
    accumulatePower(input, sum) {
      transform(input);
      for (let k = 0; k < nBins; k++) {
        const re = spectrum[2 * k] as number;
        const im = spectrum[2 * k + 1] as number;
        sum[k] = (sum[k] as number) + re * re + im * im;
      }
    },
  };
}

function bluesteinPlan(n: number): PowerSpectrumPlan {
  const nBins = Math.floor(n / 2) + 1;
  let m = 2;
  while (m < 2 * n - 1) m *= 2;
  const fft = createRadix4(m);

  // Chirp w_j = exp(-i pi j^2 / n); j^2 is reduced modulo 2n first so the angle stays exact.
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const angle = (Math.PI * ((j * j) % (2 * n))) / n;
    chirpRe[j] = Math.cos(angle);
    chirpIm[j] = -Math.sin(angle);
  }

  // Kernel b_j = conj(w_j) for |j| < n, wrapped circularly, and its transform.
  const kernel = new Float64Array(2 * m);
  for (let j = 0; j < n; j++) {
    kernel[2 * j] = chirpRe[j] as number;
    kernel[2 * j + 1] = -(chirpIm[j] as number);
    if (j > 0) {
      kernel[2 * (m - j)] = chirpRe[j] as number;
      kernel[2 * (m - j) + 1] = -(chirpIm[j] as number);
    }
  }
  const kernelSpectrum = new Float64Array(2 * m);
  fft.transform(kernelSpectrum, kernel);

  const work = new Float64Array(2 * m);
  const workSpectrum = new Float64Array(2 * m);
  const power = new Float64Array(nBins);
  const plan: PowerSpectrumPlan = {
    size: n,
    nBins,
    accumulatePower(input, sum) {
      plan.power(input, power);
      for (let k = 0; k < nBins; k++) sum[k] = (sum[k] as number) + (power[k] as number);
    },
    power(input, out) {
      work.fill(0);
      for (let j = 0; j < n; j++) {
        const x = input[j] as number;
        work[2 * j] = x * (chirpRe[j] as number);
        work[2 * j + 1] = x * (chirpIm[j] as number);
      }
      fft.transform(workSpectrum, work);
      for (let k = 0; k < m; k++) {
        const ar = workSpectrum[2 * k] as number;
        const ai = workSpectrum[2 * k + 1] as number;
        const br = kernelSpectrum[2 * k] as number;
        const bi = kernelSpectrum[2 * k + 1] as number;
        workSpectrum[2 * k] = ar * br - ai * bi;
        workSpectrum[2 * k + 1] = ar * bi + ai * br;
      }
      fft.inverseTransform(work, workSpectrum);
      // X_k = w_k * c_k and |w_k| = 1, so |X_k|^2 = |c_k|^2.
      for (let k = 0; k < nBins; k++) {
        const re = work[2 * k] as number;
        const im = work[2 * k + 1] as number;
        out[k] = re * re + im * im;
      }
    },
  };
  return plan;
}
