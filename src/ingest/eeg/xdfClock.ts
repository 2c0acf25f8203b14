/**
 * Clock synchronisation of XDF streams: each stream's time stamps moved onto the recording
 * computer's clock with a robust line fitted to its ClockOffset measurements, as pyxdf does.
 */

/** Huber threshold of the clock-offset fit, in seconds (pyxdf's `winsor_threshold`). */
const CLOCK_HUBER_THRESHOLD_S = 1e-4;
/** ADMM penalty and iteration count of the fit (pyxdf's defaults). */
const CLOCK_ADMM_RHO = 1;
const CLOCK_ADMM_ITERATIONS = 1000;

/**
 * Clock synchronisation as pyxdf does it without reset handling: a line offset(t) = a + b t
 * fitted to the ClockOffset chunks (collection time, offset) with a Huber loss of threshold
 * 0.1 ms, so a few delayed offset measurements do not tilt it, then added to each time stamp.
 * One offset: constant; none: unchanged. The Huber fit runs ADMM as in Boyd et al. 2011,
 * "Distributed optimization and statistical learning via the alternating direction method of
 * multipliers", section 6.1.1, starting from zero (its first step is the least-squares fit).
 * Limitation: pyxdf also detects clock resets (a restarted sender) and fits each segment
 * separately; here one line covers the whole recording.
 */
export function synchronizeClock(stamps: number[], times: number[], values: number[]): number[] {
  if (times.length === 0) return stamps.slice();
  if (times.length === 1) return stamps.map((t) => t + (values[0] as number));
  const [intercept, slope] = huberLine(times, values, CLOCK_HUBER_THRESHOLD_S);
  return stamps.map((t) => t + intercept + slope * t);
}

/**
 * Line y = a + b x minimising sum huber((a + b x_i - y_i) / threshold), by ADMM (Boyd et al.
 * 2011, 6.1.1). x is centred for conditioning, which leaves the fitted values unchanged.
 */
export function huberLine(x: number[], y: number[], threshold: number): [number, number] {
  const n = x.length;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const dx = x.map((v) => v - meanX);
  const sxx = dx.reduce((s, v) => s + v * v, 0);
  // Residuals are measured in units of the threshold, where the Huber corner sits at 1.
  const target = y.map((v) => v / threshold);
  const z = new Float64Array(n);
  const u = new Float64Array(n);
  const fitted = new Float64Array(n);
  let a = 0;
  let b = 0;
  const kappa = 1 + 1 / CLOCK_ADMM_RHO;
  for (let k = 0; k < CLOCK_ADMM_ITERATIONS; k += 1) {
    // x-update: least squares of (target + z - u) on [1, dx] (the columns are orthogonal).
    let sum = 0;
    let cross = 0;
    for (let i = 0; i < n; i += 1) {
      const r = (target[i] as number) + (z[i] as number) - (u[i] as number);
      sum += r;
      cross += (dx[i] as number) * r;
    }
    a = sum / n;
    b = sxx === 0 ? 0 : cross / sxx;
    for (let i = 0; i < n; i += 1) {
      fitted[i] = a + b * (dx[i] as number);
      const d = (fitted[i] as number) - (target[i] as number) + (u[i] as number);
      const shrunk = Math.sign(d) * Math.max(0, Math.abs(d) - kappa);
      z[i] = (CLOCK_ADMM_RHO / (1 + CLOCK_ADMM_RHO)) * d + shrunk / (1 + CLOCK_ADMM_RHO);
      u[i] = d - (z[i] as number);
    }
  }
  // Back to seconds and to the uncentred x.
  const slope = b * threshold;
  return [a * threshold - slope * meanX, slope];
}
