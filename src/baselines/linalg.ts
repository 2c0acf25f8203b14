/**
 * Small dense linear algebra on row-major Float64Array matrices, enough for the baselines
 * (p up to a few hundred): Cholesky solves for symmetric positive definite systems and a
 * symmetric eigendecomposition (cyclic Jacobi) for the minimum-norm least-squares fallback.
 */

/** Solves A x = b for symmetric positive definite A (p x p); null if A is not SPD. */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * p + i] = Math.sqrt(sum);
      } else {
        l[i * p + j] = sum / l[j * p + j]!;
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * y[k]!;
    y[i] = sum / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * x[k]!;
    x[i] = sum / l[i * p + i]!;
  }
  return x;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major p x p) of symmetric A by
 * cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, 8.5).
 */
export function symmetricEigen(a: Float64Array, p: number): {
  values: Float64Array; vectors: Float64Array; } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += m[i * p + j]! ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const apq = m[i * p + j]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[j * p + j]! - m[i * p + i]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mki = m[k * p + i]!;
          const mkj = m[k * p + j]!;
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k]!;
          const mjk = m[j * p + k]!;
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i]!;
          const vkj = v[k * p + j]!;
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i]!;
  return { values, vectors: v };
}

/**
 * Minimum-norm least-squares solution of A x = b for symmetric A, discarding eigenvalues
 * below eps * p * max|lambda| (the cut-off LAPACK's gelsd uses by default, scipy.linalg.lstsq).
 */
export function symmetricLeastSquares(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, p);
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const cutoff = Number.EPSILON * p * largest;
  const x = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    if (Math.abs(values[k]!) <= cutoff) continue;
    let projection = 0;
    for (let i = 0; i < p; i++) projection += vectors[i * p + k]! * b[i]!;
    const weight = projection / values[k]!;
    for (let i = 0; i < p; i++) x[i] += weight * vectors[i * p + k]!;
  }
  return x;
}

/** Solves symmetric A x = b: Cholesky when A is positive definite, else minimum-norm lstsq. */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  return choleskySolve(a, b, p) ?? symmetricLeastSquares(a, b, p);
}
