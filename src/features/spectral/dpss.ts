/**
 * Discrete prolate spheroidal sequences (Slepian tapers; Slepian 1978, Bell Syst. Tech. J.
 * 57(5)), computed as scipy.signal.windows.dpss does with `norm=2`:
 *
 * - the tapers of length M with time-half-bandwidth NW are the eigenvectors, for the Kmax
 *   largest eigenvalues, of the symmetric tridiagonal matrix with diagonal
 *   ((M - 1 - 2t) / 2)^2 cos(2 pi W) and off-diagonal t (M - t) / 2, W = NW / M (Percival &
 *   Walden 1993, "Spectral Analysis for Physical Applications", section 8.3);
 * - unit L2 norm; even-order tapers have a positive sum, odd-order tapers a positive first
 *   value above max(1e-7, 1/M) in square (Percival & Walden's sign conventions);
 * - the concentration ratios (eigenvalues of the original problem) are
 *   lambda = sum_m r_xx[m] c[m] with the taper's autocorrelation r_xx and c[0] = 2W,
 *   c[m] = sin(2 pi W m) / (pi m) * 2 (Percival & Walden p. 390);
 * - periodic tapers (`periodic: true`, scipy's sym=False) are computed for M = n + 1 and their
 *   last sample is dropped (ratios from the full-length taper).
 *
 * Eigenpairs come from Sturm-sequence bisection and inverse iteration (Wilkinson 1965), both
 * on the tridiagonal matrix directly.
 */

/** Tapers (row-major Kmax x n) and their concentration ratios. */
export interface DpssTapers {
  n: number;
  nTapers: number;
  tapers: Float64Array;
  ratios: Float64Array;
}

/**
 * The `kMax` first DPSS tapers of length `n` with time-half-bandwidth `nw`.
 * Throws RangeError unless 0 < nw < n/2 and 0 < kMax <= n.
 */
export function dpssTapers(n: number, nw: number, kMax: number, periodic: boolean): DpssTapers {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`dpss: n must be >= 2, got ${n}`);
  if (!(nw > 0) || nw >= n / 2) throw new RangeError(`dpss: need 0 < NW < n/2, got NW = ${nw}`);
  if (!Number.isInteger(kMax) || kMax < 1 || kMax > n) {
    throw new RangeError(`dpss: need 1 <= Kmax <= n, got ${kMax}`);
  }
  const m = periodic ? n + 1 : n;
  const w = nw / m;
  const diagonal = new Float64Array(m);
  const offDiagonal = new Float64Array(m - 1); // offDiagonal[t - 1] couples t - 1 and t
  const cos2piW = Math.cos(2 * Math.PI * w);
  for (let t = 0; t < m; t++) diagonal[t] = ((m - 1 - 2 * t) / 2) ** 2 * cos2piW;
  for (let t = 1; t < m; t++) offDiagonal[t - 1] = (t * (m - t)) / 2;

  const tapers = new Float64Array(kMax * n);
  const ratios = new Float64Array(kMax);
  const thresh = Math.max(1e-7, 1 / m);
  for (let k = 0; k < kMax; k++) {
    // k-th largest eigenvalue = the (m - 1 - k)-th smallest (0-based).
    const eigenvalue = kthSmallestEigenvalue(diagonal, offDiagonal, m - 1 - k);
    const vector = inverseIteration(diagonal, offDiagonal, eigenvalue);
    if (k % 2 === 0) {
      if (sum(vector) < 0) negate(vector);
    } else {
      const first = vector.find((value) => value * value > thresh) ?? 0;
      if (first < 0) negate(vector);
    }
    ratios[k] = concentration(vector, w);
    tapers.set(vector.subarray(0, n), k * n);
  }
  return { n, nTapers: kMax, tapers, ratios };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function negate(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) values[i] = -(values[i] as number);
}

/** Number of eigenvalues below x (Sturm sequence count of the LDL^T pivots). */
function countBelow(diagonal: Float64Array, offDiagonal: Float64Array, x: number): number {
  let count = 0;
  let pivot = 1;
  for (let i = 0; i < diagonal.length; i++) {
    const coupling = i === 0 ? 0 : (offDiagonal[i - 1] as number);
    pivot = (diagonal[i] as number) - x - (i === 0 ? 0 : (coupling * coupling) / pivot);
    if (pivot === 0) pivot = -Number.EPSILON * (Math.abs(x) + 1);
    if (pivot < 0) count++;
  }
  return count;
}

/** The index-th smallest eigenvalue (0-based) by bisection to full precision. */
function kthSmallestEigenvalue(diagonal: Float64Array, offDiagonal: Float64Array,
  index: number): number {
  // Gershgorin bounds hold every eigenvalue.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < diagonal.length; i++) {
    const radius = (i > 0 ? Math.abs(offDiagonal[i - 1] as number) : 0) +
      (i < diagonal.length - 1 ? Math.abs(offDiagonal[i] as number) : 0);
    lo = Math.min(lo, (diagonal[i] as number) - radius);
    hi = Math.max(hi, (diagonal[i] as number) + radius);
  }
  for (let iteration = 0; iteration < 200; iteration++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (countBelow(diagonal, offDiagonal, mid) > index) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Unit eigenvector for an eigenvalue known to full precision: a few solves of
 * (T - lambda I) y = x with Gaussian elimination and partial pivoting (tridiagonal LU with
 * one extra superdiagonal), normalising each time.
 */
function inverseIteration(diagonal: Float64Array, offDiagonal: Float64Array,
  eigenvalue: number): Float64Array {
  const m = diagonal.length;
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(diagonal[i] as number));
  for (let i = 0; i < m - 1; i++) scale = Math.max(scale, Math.abs(offDiagonal[i] as number));
  const tiny = Number.EPSILON * scale;

  // Factor (T - lambda I) = P L U; U has diagonal u0 and superdiagonals u1, u2.
  const u0 = new Float64Array(m);
  const u1 = new Float64Array(m);
  const u2 = new Float64Array(m);
  const multiplier = new Float64Array(m);
  const swapped = new Uint8Array(m);
  let a = (diagonal[0] as number) - eigenvalue; // current row's diagonal
  let b = m > 1 ? (offDiagonal[0] as number) : 0; // current row's superdiagonal
  for (let i = 0; i < m - 1; i++) {
    const below = offDiagonal[i] as number; // T[i+1][i]
    const nextDiagonal = (diagonal[i + 1] as number) - eigenvalue;
    const nextSuper = i + 1 < m - 1 ? (offDiagonal[i + 1] as number) : 0;
    if (Math.abs(a) >= Math.abs(below)) {
      const l = a === 0 ? 0 : below / a;
      u0[i] = a;
      u1[i] = b;
      u2[i] = 0;
      multiplier[i] = l;
      a = nextDiagonal - l * b;
      b = nextSuper;
    } else {
      const l = a / below;
      u0[i] = below;
      u1[i] = nextDiagonal;
      u2[i] = nextSuper;
      multiplier[i] = l;
      swapped[i] = 1;
      a = b - l * nextDiagonal;
      b = -l * nextSuper;
    }
  }
  u0[m - 1] = a;
  for (let i = 0; i < m; i++) if (Math.abs(u0[i] as number) < tiny) u0[i] = tiny;

  let x = new Float64Array(m).fill(1 / Math.sqrt(m));
  // Alternating signs break symmetry with eigenvectors that are odd about the centre.
  for (let i = 0; i < m; i += 2) x[i] = -(x[i] as number) * (1 + i / m);
  for (let iteration = 0; iteration < 4; iteration++) {
    const y = Float64Array.from(x);
    for (let i = 0; i < m - 1; i++) {
      if (swapped[i] === 1) {
        const top = y[i] as number;
        y[i] = y[i + 1] as number;
        y[i + 1] = top - (multiplier[i] as number) * (y[i] as number);
      } else {
        y[i + 1] = (y[i + 1] as number) - (multiplier[i] as number) * (y[i] as number);
      }
    }
    for (let i = m - 1; i >= 0; i--) {
      let value = y[i] as number;
      if (i + 1 < m) value -= (u1[i] as number) * (y[i + 1] as number);
      if (i + 2 < m) value -= (u2[i] as number) * (y[i + 2] as number);
      y[i] = value / (u0[i] as number);
    }
    let norm = 0;
    for (const value of y) norm += value * value;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) y[i] = (y[i] as number) / norm;
    x = y;
  }
  return x;
}

/** Energy concentration in [-W, W] from the taper's autocorrelation. */
function concentration(vector: Float64Array, w: number): number {
  const m = vector.length;
  let ratio = 0;
  for (let lag = 0; lag < m; lag++) {
    let autocorrelation = 0;
    for (let i = 0; i + lag < m; i++) {
      autocorrelation += (vector[i] as number) * (vector[i + lag] as number);
    }
    const weight = lag === 0 ? 2 * w : (2 * Math.sin(2 * Math.PI * w * lag)) / (Math.PI * lag);
    ratio += autocorrelation * weight;
  }
  return ratio;
}
