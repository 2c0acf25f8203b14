/**
 * Settings of the Bayesian model and its variational fit, with the defaults and why they are
 * what they are. The choices are explained with measurements in docs/model.md.
 */

/** Prior on the outcome weights w. */
export type WeightPrior =
  | {
      /** Regularised horseshoe (Piironen & Vehtari 2017, doi:10.1214/17-EJS1337SI). */
      kind: 'horseshoe';
      /** Expected number of relevant features p0, used for the global scale tau0. */
      expectedRelevant: number;
      /** Slab scale s and degrees of freedom nu: c^2 ~ InvGamma(nu/2, nu s^2/2). */
      slabScale: number;
      slabDf: number;
      /**
       * 'learned': tau ~ HalfCauchy(0, tau0) as in the paper; 'fixed': tau = tau0 (the remedy for
       * the collapse of tau under mean-field VI at small n, see docs/model.md).
       */
      globalScale: 'learned' | 'fixed';
      /**
       * 'pseudo-variance': tau0 = p0/(P-p0) * sigma/sqrt(n) with sigma = 1/sqrt(ybar(1-ybar)) for
       * binary labels (paper, sec. 3.5); 'plain': tau0 = p0/(P-p0)/sqrt(n).
       */
      tau0Rule: 'pseudo-variance' | 'plain';
      /** Local scale of eeg.<band>.<channel> features = band scale x channel scale. */
      factorise: boolean;
    }
  | {
      /** Automatic relevance determination: w[p] ~ N(0, 1/a[p]), a[p] ~ Gamma(shape, rate). */
      kind: 'ard';
      shape: number;
      rate: number;
      /**
       * 'point': the log-precisions are point estimates (variational EM, as the
       * evidence maximisation of scikit-learn's ARDRegression): their variational SD is held at
       * POINT_LOG_SD. 'distribution': a Gaussian factor over each log-precision, as for every
       * other parameter (default). Measured at 40 x 330 (docs/model.md): 'point' overfits
       * (leave-one-out AUC 0.43-0.47); 'distribution' learns, but with the near-flat
       * Gamma(1e-6, 1e-6) hyperprior its log-precision SDs grow to 5-8 and its predictions
       * keep drifting over thousands of steps. Absent (older model files) means 'distribution'.
       */
      precision?: 'point' | 'distribution';
    }
  | {
      /** w[p] ~ N(0, scale^2); 'learned' puts a HalfCauchy(0, 1) prior on the scale. */
      kind: 'gaussian';
      scale: number | 'learned';
    };

export interface ModelSettings {
  outcome: 'binary' | 'continuous';
  prior: WeightPrior;
  /**
   * 'partial': delta[s,p] ~ N(mu[p], sigma[p]^2) pools noisy participants to the group;
   * 'none': flat population prior, delta | d ~ N(d, se^2).
   */
  pooling: 'partial' | 'none';
  /** Prior SD of the intercept alpha (log-odds, or SDs of a standardised score). */
  interceptScale: number;
  /** Variational family: mean-field Gaussian, or diagonal plus rank-`rank` covariance. */
  family: 'mean-field' | 'low-rank';
  rank: number;
  /** Monte Carlo draws K per ELBO evaluation. */
  draws: number;
  /** Adam step size. */
  learningRate: number;
  /** Step cap, the least number of steps, and the ELBO window length (steps). */
  maxSteps: number;
  minSteps: number;
  window: number;
  /** Converged when two consecutive window means of the ELBO differ by less than this,
   * relatively. */
  tolerance: number;
  /**
   * Converged when the plug-in predictive (p(y = 1), or the standardised score) of every
   * participant moved by less than this between two windows (src/model/convergence.ts).
   */
  predictiveTolerance: number;
  /**
   * 'auto': the fused mean-field kernel (src/model/meanFieldKernel.ts) for the priors it
   * supports (ARD, Gaussian), else TensorFlow.js autodiff; 'tfjs': always autodiff.
   */
  engine: 'auto' | 'tfjs';
  /** Seeded initialisations per fit; the one with the best final ELBO is kept. */
  restarts: number;
  /** Draws from the fitted posterior used for prediction and for PSIS k-hat. */
  posteriorDraws: number;
}

/** Defaults: see docs/model.md for the measurements behind the prior and the fit settings. */
export const DEFAULT_SETTINGS: ModelSettings = {
  outcome: 'binary',
  // ARD rather than the regularised horseshoe: at n = 40 the horseshoe's scales collapse under
  // mean-field VI (pooled 5-fold AUC 0.45-0.54 on 40 x 300 cohorts), ARD learns (docs/model.md).
  // Limitation: this near-flat hyperprior leaves q(log precision) very wide (SDs 5-8), so weight
  // posterior means are tail-dominated and fits do not settle (docs/model.md, "Convergence").
  prior: { kind: 'ard', shape: 1e-6, rate: 1e-6, precision: 'distribution' },
  pooling: 'partial',
  interceptScale: 2.5,
  family: 'mean-field',
  rank: 2,
  draws: 8,
  learningRate: 0.02,
  maxSteps: 2000,
  minSteps: 300,
  window: 100,
  tolerance: 1e-4,
  predictiveTolerance: 0.005,
  engine: 'auto',
  restarts: 2,
  posteriorDraws: 1000,
};

/** Variational log SD of parameters estimated as points (ARD log-precisions, 'point'). */
export const POINT_LOG_SD = Math.log(1e-4);

/** Defaults overridden by `partial` (the prior object is replaced whole when given). */
export function resolveSettings(partial: Partial<ModelSettings> = {}): ModelSettings {
  return { ...DEFAULT_SETTINGS, ...partial };
}

/**
 * Global scale tau0 of the regularised horseshoe (Piironen & Vehtari 2017, eq. 3.12):
 * p0/(P - p0) * sigma/sqrt(n); sigma is the (pseudo) noise SD, 1/sqrt(ybar (1 - ybar)) for a
 * logistic model when `rule` is 'pseudo-variance', 1 otherwise.
 */
export function horseshoeTau0(
  expectedRelevant: number,
  features: number,
  participants: number,
  rule: 'pseudo-variance' | 'plain',
  baseRate: number | undefined,
): number {
  const p0 = Math.min(expectedRelevant, Math.max(features - 0.5, 0.5));
  const ratio = p0 / Math.max(features - p0, 0.5);
  let sigma = 1;
  if (rule === 'pseudo-variance' && baseRate !== undefined) {
    const rate = Math.min(Math.max(baseRate, 0.05), 0.95);
    sigma = 1 / Math.sqrt(rate * (1 - rate));
  }
  return (ratio * sigma) / Math.sqrt(participants);
}
