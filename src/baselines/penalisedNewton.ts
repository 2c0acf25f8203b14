/**
 * Newton's method for L2-penalised logistic regression, scikit-learn's objective
 * sum_i logloss(y_i, b + x_i . w) + ||w||^2 / (2 C) with the intercept b unpenalised, with
 * backtracking to a gradient max-norm below `tolerance`. With more features than rows each
 * Newton step is solved in the rows' dimension (wideNewtonSystem).
 */
import { sigmoid, type DesignMatrix } from './design.js';
import { choleskySolve } from './linalg.js';

/**
 * Newton's method for the penalised logistic objective on `x` (already standardised).
 * Returns [w_1..w_p, b]. Converges from zero (or from `start`) for any C > 0 because the
 * objective is strictly convex (the penalty for w, and the Bernoulli curvature for b).
 */
export function fitPenalisedLogistic(
  x: DesignMatrix,
  labels: Float64Array,
  c: number,
  tolerance = 1e-10,
  start?: Float64Array,
): Float64Array {
  const { rows: n, columns: p } = x;
  const q = p + 1;
  // A warm start (the solution at a nearby C) only shortens the path to the same optimum.
  let beta = start === undefined ? new Float64Array(q) : Float64Array.from(start);
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const eta = linear(x, s, b);
      loss += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - labels[s]! * eta;
    }
    let penalty = 0;
    for (let k = 0; k < p; k++) penalty += b[k]! ** 2;
    return loss + penalty / (2 * c);
  };

  let current = objective(beta);
  const system = p > n ? wideNewtonSystem(x, labels, c) : primalNewtonSystem(x, labels, c);
  for (let iteration = 0; iteration < 200; iteration++) {
    const { gradient, solve } = system(beta);
    let gradientNorm = 0;
    for (const g of gradient) gradientNorm = Math.max(gradientNorm, Math.abs(g));
    if (gradientNorm < tolerance) break;
    const step = solve();
    if (step === null) throw new Error('logistic: Hessian not positive definite');
    // Near the optimum the decrease falls below the objective's rounding error, so an increase
    // within that noise still accepts the (quadratically convergent) Newton step.
    const noise = 1e-13 * Math.max(1, Math.abs(current));
    let size = 1;
    let candidate = beta;
    let value = current;
    for (let halving = 0; halving < 60; halving++) {
      candidate = beta.map((b, k) => b - size * step[k]!);
      value = objective(candidate);
      if (value <= current + noise) break;
      size /= 2;
    }
    if (value > current + noise) break;
    let stepNorm = 0;
    let betaNorm = 0;
    for (let k = 0; k < q; k++) {
      stepNorm = Math.max(stepNorm, Math.abs(size * step[k]!));
      betaNorm = Math.max(betaNorm, Math.abs(beta[k]!));
    }
    beta = candidate;
    current = value;
    if (stepNorm <= 1e-15 * Math.max(1, betaNorm)) break;
  }
  return beta;
}

/** The gradient at beta and a solver for the Newton step H^-1 g (null if H is not SPD). */
type NewtonSystem = (beta: Float64Array) => {
  gradient: Float64Array;
  solve: () => Float64Array | null;
};

/** From the full (p + 1) x (p + 1) Hessian, for p <= n: O(n p^2 + p^3) per step. */
function primalNewtonSystem(x: DesignMatrix, labels: Float64Array, c: number): NewtonSystem {
  const { rows: n, columns: p } = x;
  const q = p + 1;
  // Rows with a trailing 1 for the intercept, so the Hessian loop has no branch.
  const augmented = new Float64Array(n * q);
  for (let s = 0; s < n; s++) {
    augmented.set(x.values.subarray(s * p, (s + 1) * p), s * q);
    augmented[s * q + p] = 1;
  }
  return (beta) => {
    const gradient = new Float64Array(q);
    const hessian = new Float64Array(q * q);
    for (let s = 0; s < n; s++) {
      const probability = sigmoid(linear(x, s, beta));
      const residual = probability - labels[s]!;
      const weight = probability * (1 - probability);
      const row = s * q;
      for (let i = 0; i < q; i++) {
        const xi = augmented[row + i]!;
        gradient[i] += residual * xi;
        const weighted = weight * xi;
        const base = i * q;
        for (let j = 0; j <= i; j++) hessian[base + j] += weighted * augmented[row + j]!;
      }
    }
    for (let k = 0; k < p; k++) {
      gradient[k] += beta[k]! / c;
      hessian[k * q + k] += 1 / c;
    }
    for (let i = 0; i < q; i++)
      for (let j = 0; j < i; j++) hessian[j * q + i] = hessian[i * q + j]!;
    return { gradient, solve: () => choleskySolve(hessian, gradient, q) };
  };
}

/** G = X X^T (n x n) of the rows of x. */
function rowGram(x: DesignMatrix): Float64Array {
  const { rows: n, columns: p, values } = x;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += values[i * p + k]! * values[j * p + k]!;
      gram[i * n + j] = sum;
      gram[j * n + i] = sum;
    }
  }
  return gram;
}

/**
 * Gradient and Newton step for p > n in O(n^2 p + n^3) instead of O(n p^2 + p^3): with
 * omega = p(1 - p), Omega = sum omega, eliminating the unpenalised intercept leaves
 * (I / C + X^T M X) dw = h, M = diag(omega) - omega omega^T / Omega, h = g_w - X^T omega g_b /
 * Omega. M = B^T B with B = (I - s s^T) diag(sqrt omega), s = sqrt(omega / Omega), so by the
 * Woodbury identity dw = C h - C^2 X^T B^T (I + C B G B^T)^-1 B X h with G = X X^T, an n x n
 * positive definite solve; then db = (g_b - omega^T X dw) / Omega. Same step as the primal
 * Hessian's, up to rounding.
 */
function wideNewtonSystem(x: DesignMatrix, labels: Float64Array, c: number): NewtonSystem {
  const gram = rowGram(x);
  return (beta) => {
    const gradient = wideGradient(x, labels, c, beta);
    return { gradient: gradient.gradient, solve: () => wideNewtonStep(x, c, gram, gradient) };
  };
}

/** Gradient at beta, with the weights omega = p (1 - p) and their sum the step needs. */
function wideGradient(
  x: DesignMatrix,
  labels: Float64Array,
  c: number,
  beta: Float64Array,
): { gradient: Float64Array; omega: Float64Array; total: number } {
  const { rows: n, columns: p, values } = x;
  const gradient = new Float64Array(p + 1);
  const omega = new Float64Array(n);
  let gB = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const probability = sigmoid(linear(x, s, beta));
    const residual = probability - labels[s]!;
    omega[s] = probability * (1 - probability);
    total += omega[s]!;
    gB += residual;
    for (let k = 0; k < p; k++) gradient[k] += residual * values[s * p + k]!;
  }
  for (let k = 0; k < p; k++) gradient[k] += beta[k]! / c;
  gradient[p] = gB;
  return { gradient, omega, total };
}

function wideNewtonStep(
  x: DesignMatrix,
  c: number,
  gram: Float64Array,
  { gradient, omega, total }: { gradient: Float64Array; omega: Float64Array; total: number },
): Float64Array | null {
  const { rows: n, columns: p, values } = x;
  const gB = gradient[p]!;
  if (!(total > 1e-300)) return null;

  // h = g_w - X^T omega g_b / Omega
  const h = Float64Array.from(gradient.subarray(0, p));
  for (let s = 0; s < n; s++) {
    const weight = (omega[s]! * gB) / total;
    for (let k = 0; k < p; k++) h[k] -= values[s * p + k]! * weight;
  }
  const root = omega.map(Math.sqrt);
  const unit = root.map((r) => r / Math.sqrt(total));
  // B t = D t - s (s^T D t) with D = diag(sqrt omega)
  const applyB = (t: Float64Array): Float64Array => {
    const dt = t.map((value, s) => value * root[s]!);
    let projection = 0;
    for (let s = 0; s < n; s++) projection += unit[s]! * dt[s]!;
    return dt.map((value, s) => value - unit[s]! * projection);
  };
  // I + C B G B^T, with B G B^T = Q - s q^T - q s^T + (s^T q) s s^T, Q = D G D, q = Q s
  const core = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) core[i * n + j] = root[i]! * gram[i * n + j]! * root[j]!;
  }
  const qs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) qs[i] += core[i * n + j]! * unit[j]!;
  }
  let alpha = 0;
  for (let i = 0; i < n; i++) alpha += unit[i]! * qs[i]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const projected =
        core[i * n + j]! - unit[i]! * qs[j]! - qs[i]! * unit[j]! + alpha * unit[i]! * unit[j]!;
      core[i * n + j] = (i === j ? 1 : 0) + c * projected;
    }
  }
  const xh = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += values[s * p + k]! * h[k]!;
    xh[s] = sum;
  }
  const z = choleskySolve(core, applyB(xh), n);
  if (z === null) return null;
  // B^T z = D (z - s (s^T z))
  let projection = 0;
  for (let s = 0; s < n; s++) projection += unit[s]! * z[s]!;
  const btz = z.map((value, s) => root[s]! * (value - unit[s]! * projection));
  const step = new Float64Array(p + 1);
  for (let k = 0; k < p; k++) step[k] = c * h[k]!;
  for (let s = 0; s < n; s++) {
    const weight = c * c * btz[s]!;
    for (let k = 0; k < p; k++) step[k] -= values[s * p + k]! * weight;
  }
  let omegaXdw = 0;
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += values[s * p + k]! * step[k]!;
    omegaXdw += omega[s]! * sum;
  }
  step[p] = (gB - omegaXdw) / total;
  return step;
}

function linear(x: DesignMatrix, s: number, beta: Float64Array): number {
  const p = x.columns;
  let eta = beta[p]!;
  for (let k = 0; k < p; k++) eta += x.values[s * p + k]! * beta[k]!;
  return eta;
}
