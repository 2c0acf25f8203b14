/**
 * When a variational fit has converged for practical purposes. Both optimisers (the tfjs
 * autodiff loop and the fused mean-field kernel) hand this monitor, once per window of steps,
 * each fit's window-mean ELBO and its window-averaged variational parameters
 * (Polyak-Ruppert averaging, which removes most of Adam's step-to-step jitter).
 *
 * A fit stops when, after `minSteps`, either
 * - its approximate posterior predictive (p(y = 1) from the linear predictor's mean and
 *   variance under q, or the predicted standardised score for a continuous outcome) moved by
 *   less than `predictiveTolerance` for every training participant between two consecutive
 *   windows (held-out rows are not looked at, so a fit depends on its training rows only); or
 * - its window-mean ELBO changed by less than `tolerance`, relatively.
 * The predictive rule exists because under ARD the log-precisions of pruned features keep
 * drifting upwards (the Gamma(1e-6, 1e-6) prior has its optimum at infinity), so the ELBO keeps
 * rising slowly while the predictions no longer change. The returned parameters are the
 * last window's averages.
 *
 * Adam with a constant step size and Monte Carlo gradients never settles: at lr 0.02 the
 * window-averaged predictive of a converged fit still moves by 0.03-0.04 from window to window
 * (measured, 30 x 20). So after `minSteps`, each window whose mean ELBO did not rise by more
 * than twice its Monte Carlo standard error (a plateau) halves the fit's step size (down to
 * 1/256), as stochastic approximation requires (Robbins & Monro 1951), until the predictive
 * rule is met.
 */
// Limitation: under the default ARD hyperprior Gamma(1e-6, 1e-6) the ELBO has no finite optimum
// and the predictions drift over thousands of steps (docs/model.md): for that prior this rule
// and the step cap define where the estimator stops rather than certify an optimum.
import type { ParameterLayout } from './layout.js';
import type { ModelSettings } from './settings.js';
import type { VariationalProblem, VariationalResult } from './problem.js';

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Mean and variance of each weight w[p] = z[p] * scale[p] under a mean-field Gaussian q over
 * the unconstrained parameters, in closed form where the scale is log-normal under q (ARD:
 * scale = exp(-a/2); learned Gaussian scale: exp(t); E[exp(c x)] = exp(c m + c^2 s^2 / 2));
 * for the horseshoe the scale is taken at the means (an approximation, used only to monitor).
 */
export function weightMoments(
  mean: ArrayLike<number>,
  logSd: ArrayLike<number>,
  layout: ParameterLayout,
  settings: ModelSettings,
  logTau0: number,
  out: { mean: Float64Array; variance: Float64Array },
): void {
  const P = layout.features;
  const prior = settings.prior;
  const lognormal = (m: number, s: number, c: number): number =>
    Math.exp(c * m + 0.5 * c * c * s * s);
  for (let p = 0; p < P; p++) {
    let scale1: number;
    let scale2: number;
    if (prior.kind === 'ard') {
      const i = (layout.logPrecision as { offset: number }).offset + p;
      const m = mean[i] as number;
      const s = Math.exp(logSd[i] as number);
      scale1 = lognormal(m, s, -0.5);
      scale2 = lognormal(m, s, -1);
    } else if (prior.kind === 'gaussian') {
      if (prior.scale === 'learned') {
        const i = (layout.logTau as { offset: number }).offset;
        const m = mean[i] as number;
        const s = Math.exp(logSd[i] as number);
        scale1 = lognormal(m, s, 1);
        scale2 = lognormal(m, s, 2);
      } else {
        scale1 = prior.scale;
        scale2 = prior.scale * prior.scale;
      }
    } else {
      scale1 = Math.exp(horseshoeLogScale(mean, layout, p, logTau0));
      scale2 = scale1 * scale1;
    }
    const zm = mean[layout.z.offset + p] as number;
    const zs = Math.exp(logSd[layout.z.offset + p] as number);
    out.mean[p] = zm * scale1;
    out.variance[p] = Math.max((zm * zm + zs * zs) * scale2 - (zm * scale1) ** 2, 0);
  }
}

/** log(tau * lambda~[p]) of the regularised horseshoe at the variational means. */
function horseshoeLogScale(mean: ArrayLike<number>, layout: ParameterLayout, p: number,
  logTau0: number): number {
  const P = layout.features;
  const local = layout.logLocal as { offset: number; length: number };
  let logLambda = 0;
  if (layout.localToFeature) {
    for (let g = 0; g < local.length; g++) {
      if (layout.localToFeature[g * P + p]! > 0) logLambda += mean[local.offset + g] as number;
    }
  } else {
    logLambda = mean[local.offset + p] as number;
  }
  const lt = layout.logTau ? (mean[layout.logTau.offset] as number) : logTau0;
  const logC2 = mean[(layout.logSlab as { offset: number }).offset] as number;
  const logTilde2 = 2 * logLambda - softplus(2 * lt + 2 * logLambda - logC2);
  return lt + 0.5 * logTilde2;
}

/** Window-by-window convergence decisions for a batch of fits. */
export class ConvergenceMonitor {
  /** 1 while a fit is still optimised, 0 once it has stopped. */
  readonly active: Float32Array;
  readonly converged: boolean[];
  /** True for a fit stopped by a non-finite window-mean ELBO (its last finite window is kept). */
  readonly diverged: boolean[];
  readonly trace: number[][];
  readonly finalElbo: Float64Array;
  /** Largest change of the plug-in predictive at each fit's last window (NaN before two). */
  readonly lastPredictiveChange: Float64Array;
  /** Step-size multiplier per fit: halved at each window on an ELBO plateau after minSteps. */
  readonly stepScale: Float32Array;
  /** Each fit's returned parameters [B, rows * D]: the last window's averages. */
  readonly params: Float32Array;
  private readonly previous: Float64Array;
  private readonly current: Float64Array;
  private readonly moments: { mean: Float64Array; variance: Float64Array };
  private readonly rowLength: number;

  constructor(private readonly problem: VariationalProblem, rows: number) {
    const { batch: B, participants: S, layout } = problem;
    this.rowLength = rows * layout.size;
    this.active = new Float32Array(B).fill(1);
    this.stepScale = new Float32Array(B).fill(1);
    this.converged = Array.from({ length: B }, () => false);
    this.diverged = Array.from({ length: B }, () => false);
    this.trace = Array.from({ length: B }, () => []);
    this.finalElbo = new Float64Array(B).fill(Number.NaN);
    this.lastPredictiveChange = new Float64Array(B).fill(Number.NaN);
    this.params = Float32Array.from(problem.init);
    this.previous = new Float64Array(B * S).fill(Number.NaN);
    this.current = new Float64Array(S);
    const P = layout.features;
    this.moments = { mean: new Float64Array(P), variance: new Float64Array(P) };
  }

  /** The optimiser's result: each fit's last-window parameters, ELBO trace and stop reason. */
  result(steps: Int32Array): VariationalResult {
    return {
      params: this.params,
      elboTrace: this.trace,
      finalElbo: this.finalElbo,
      steps,
      converged: this.converged,
      diverged: this.diverged,
    };
  }

  anyActive(): boolean {
    return this.active.some((a) => a > 0);
  }

  /**
   * Approximate posterior predictive of fit b for all participants: the linear predictor's
   * mean and variance under q (weights' moments, measurement variance v), then
   * sigmoid(mean / sqrt(1 + pi var / 8)) for a binary outcome, the mean for a continuous one.
   */
  private predictive(b: number, params: Float32Array): Float64Array {
    const { participants: S, layout, settings } = this.problem;
    const P = layout.features;
    const D = layout.size;
    const mean = params.subarray(0, D);
    const logSd = params.subarray(D, 2 * D);
    weightMoments(mean, logSd, layout, settings, this.problem.logTau0[b] as number, this.moments);
    const { mean: wMean, variance: wVar } = this.moments;
    const alpha = mean[layout.alpha.offset] as number;
    const alphaVar = Math.exp(2 * (logSd[layout.alpha.offset] as number));
    const { m, v } = this.problem;
    for (let s = 0; s < S; s++) {
      const row = (b * S + s) * P;
      let eta = alpha;
      let variance = alphaVar;
      for (let p = 0; p < P; p++) {
        const mp = m[row + p] as number;
        const wm = wMean[p] as number;
        eta += wm * mp;
        const wv = wVar[p] as number;
        variance += wv * mp * mp + (wv + wm * wm) * (v[row + p] as number);
      }
      this.current[s] = settings.outcome === 'binary'
        ? 1 / (1 + Math.exp(-eta / Math.sqrt(1 + (Math.PI * variance) / 8))) : eta;
    }
    return this.current;
  }

  /**
   * Ends a window for the active fits: `elboSums[b]` is the sum of fit b's ELBO estimates over
   * the window's `count` steps and `paramSums` the sum of its parameters [B, rows * D].
   */
  endWindow(
    step: number,
    count: number,
    elboSums: ArrayLike<number>,
    elboSquares: ArrayLike<number>,
    paramSums: ArrayLike<number>,
  ): void {
    const { settings, participants: S } = this.problem;
    const L = this.rowLength;
    for (let b = 0; b < this.active.length; b++) {
      if (this.active[b] === 0) continue;
      const windowMean = (elboSums[b] as number) / count;
      if (!Number.isFinite(windowMean)) {
        // Diverged (overflow): stop and keep the last finite window's parameters and ELBO.
        this.active[b] = 0;
        this.diverged[b] = true;
        continue;
      }
      for (let i = 0; i < L; i++) this.params[b * L + i] = (paramSums[b * L + i] as number) / count;
      const history = this.trace[b] as number[];
      const previousElbo = history[history.length - 1];
      history.push(windowMean);
      this.finalElbo[b] = windowMean;
      const current = this.predictive(b, this.params.subarray(b * L, b * L + L));
      let change = 0;
      for (let s = 0; s < S; s++) {
        if (this.problem.mask[b * S + s] === 0) continue;
        const moved = Math.abs((current[s] as number) - (this.previous[b * S + s] as number));
        change = Math.max(change, moved);
        this.previous[b * S + s] = current[s] as number;
      }
      this.lastPredictiveChange[b] = change;
      const elboChange = previousElbo === undefined
        ? Infinity : Math.abs(windowMean - previousElbo) / Math.abs(previousElbo);
      // Plateau: the window mean did not rise by more than twice its Monte Carlo standard error.
      const spread = Math.max((elboSquares[b] as number) / count - windowMean * windowMean, 0);
      const plateau = previousElbo !== undefined
        && windowMean - previousElbo < 2 * Math.sqrt((2 * spread) / count);
      if (step >= settings.minSteps
        && (change < settings.predictiveTolerance || elboChange < settings.tolerance)) {
        this.active[b] = 0;
        this.converged[b] = true;
      } else if (step >= settings.minSteps && plateau) {
        this.stepScale[b] = Math.max((this.stepScale[b] as number) * 0.5, 1 / 256);
      }
    }
  }
}
