/**
 * Periodic (DFT-even) tapering windows for spectral estimation, as scipy.signal.get_window
 * builds them by default (`fftbins=True`): the symmetric window of length n + 1 with its last
 * point dropped, so w[j] = a - (1 - a) cos(2 pi j / n) for j = 0 .. n-1.
 * Reference: Harris (1978), "On the use of windows for harmonic analysis with the discrete
 * Fourier transform", Proc. IEEE 66(1), section 4.
 */

/** Window families supported by the Welch estimator. */
export type WindowName = 'hann' | 'hamming';

/** The window names accepted on the command line and in options. */
export const WINDOW_NAMES: readonly WindowName[] = ['hann', 'hamming'];

/**
 * Periodic window of length `n`: Hann (a = 0.5) or Hamming (a = 0.54, the coefficients
 * scipy and MNE use).
 */
export function periodicWindow(name: WindowName, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`window length must be a positive integer, got ${n}`);
  }
  const a = name === 'hann' ? 0.5 : 0.54;
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) w[j] = a - (1 - a) * Math.cos((2 * Math.PI * j) / n);
  return w;
}
