/**
 * Participant-level parameters of a simulated cohort and the labels generated from them.
 *
 * Each participant has four standardised latent contrasts (z ~ N(0, 1), independent): the
 * latency compatibility effect, the error-rate contrast, the compatibility-dependent frontal
 * theta increase and the P3 reduction. The labels depend on a chosen sparse subset of them:
 * eta = sum_k w_k z_k; binary label ~ Bernoulli(sigmoid(b0 + eta)); continuous label =
 * 50 + 10 (eta + e) / sqrt(sum w^2 + 1), e ~ N(0, 1) (a T-score scale).
 */
import type { Rng } from '../util/rng.js';
import type { BlockOrder } from './iatDesign.js';
import { interceptForPrevalence, sigmoid } from './bayesAuc.js';

/** The contrasts a label can depend on, named as the features stage names the features. */
export const CONTRAST_NAMES = ['rt.latency', 'rt.error', 'eeg.theta.Fz', 'erp.P3.Pz'] as const;
export type ContrastName = (typeof CONTRAST_NAMES)[number];

/** Label weights used when the caller gives none: a latency and a frontal theta contrast. */
export const DEFAULT_EFFECTS: Readonly<Record<ContrastName, number>> = {
  'rt.latency': 0.8,
  'rt.error': 0,
  'eeg.theta.Fz': 1.0,
  'erp.P3.Pz': 0,
};

/** Population parameters of the participant level (units in the names). */
export interface PopulationParams {
  /** Mean and SD across participants of the mapping-B minus mapping-A latency effect. */
  compatEffectMeanMs: number;
  compatEffectSdMs: number;
  /** SD of the log speed factor that scales mu and tau of every latency. */
  logSpeedSd: number;
  /** Error probability in mapping A blocks (median participant) and its log-scale SD. */
  errorRateA: number;
  logErrorRateSd: number;
  /** Mean and SD of the extra error probability in mapping B blocks. */
  errorContrastMean: number;
  errorContrastSd: number;
  /** Mean and SD of the relative increase of frontal theta amplitude in mapping B trials. */
  thetaIncreaseMean: number;
  thetaIncreaseSd: number;
  /** Mean and SD of the relative P3 amplitude reduction in mapping B trials. */
  p3ReductionMean: number;
  p3ReductionSd: number;
  /** Fraction of participants who answer a large share of trials by anticipation. */
  fastResponderFraction: number;
}

/** Defaults; docs/simulator.md gives the source of each. */
export const DEFAULT_POPULATION: Readonly<PopulationParams> = {
  compatEffectMeanMs: 150,
  compatEffectSdMs: 120,
  logSpeedSd: 0.18,
  errorRateA: 0.05,
  logErrorRateSd: 0.4,
  errorContrastMean: 0.04,
  errorContrastSd: 0.025,
  thetaIncreaseMean: 0.4,
  thetaIncreaseSd: 0.3,
  p3ReductionMean: 0.15,
  p3ReductionSd: 0.08,
  fastResponderFraction: 0.05,
};

/** Everything that was drawn for one participant. */
export interface SimulatedParticipant {
  id: string;
  order: BlockOrder;
  /** Recording site, a group column. */
  site: string;
  fastResponder: boolean;
  speedFactor: number;
  latents: Record<ContrastName, number>;
  compatEffectMs: number;
  errorRateA: number;
  errorRateB: number;
  /** Mapping-B theta amplitude = mapping-A amplitude x (1 + thetaIncrease). */
  thetaIncrease: number;
  /** Mapping-B P3 amplitude = mapping-A amplitude x (1 - p3Reduction). */
  p3Reduction: number;
  /** Individual alpha peak frequency, Hz. */
  alphaPeakHz: number;
  /** Weighted sum of the latent contrasts. */
  linearPredictor: number;
  /** True P(binary label = 1). */
  probability: number;
  binaryLabel: 0 | 1;
  continuousLabel: number;
}

/** How labels are made from the contrasts. */
export interface LabelSpec {
  effects: Record<ContrastName, number>;
  /** Expected fraction of binary label 1. */
  prevalence: number;
}

/** sqrt(sum of squared weights): the SD of the linear predictor. */
export function linearPredictorSd(effects: Record<ContrastName, number>): number {
  return Math.sqrt(CONTRAST_NAMES.reduce((sum, name) => sum + effects[name] ** 2, 0));
}

/** Draws `count` participants (ids sub-01, sub-02, ...) with alternating block orders. */
export function drawParticipants(
  count: number,
  population: PopulationParams,
  labels: LabelSpec,
  rng: Rng,
): { participants: SimulatedParticipant[]; intercept: number } {
  const sdEta = linearPredictorSd(labels.effects);
  const intercept = interceptForPrevalence(labels.prevalence, sdEta);
  const fastCount =
    count >= 10 ? Math.max(1, Math.round(population.fastResponderFraction * count)) : 0;
  const fastRng = rng.fork('fast-responders');
  const fastIndices = new Set<number>();
  while (fastIndices.size < fastCount) fastIndices.add(fastRng.int(count));
  const width = Math.max(2, String(count).length);

  const participants: SimulatedParticipant[] = [];
  for (let index = 0; index < count; index++) {
    const own = rng.fork(`participant-${index}`);
    const latents = {} as Record<ContrastName, number>;
    for (const name of CONTRAST_NAMES) latents[name] = own.normal();
    const linearPredictor = CONTRAST_NAMES.reduce(
      (sum, name) => sum + labels.effects[name] * latents[name],
      0,
    );
    const probability = sigmoid(intercept + linearPredictor);
    const binaryLabel: 0 | 1 = own.uniform() < probability ? 1 : 0;
    const continuousLabel =
      50 + (10 * (linearPredictor + own.normal())) / Math.sqrt(sdEta ** 2 + 1);
    const errorRateA = Math.min(
      0.3,
      population.errorRateA * Math.exp(population.logErrorRateSd * own.normal()),
    );
    const errorContrast =
      population.errorContrastMean + population.errorContrastSd * latents['rt.error'];
    participants.push({
      id: `sub-${String(index + 1).padStart(width, '0')}`,
      order: index % 2 === 0 ? 'A-first' : 'B-first',
      site: own.uniform() < 0.5 ? 'site1' : 'site2',
      fastResponder: fastIndices.has(index),
      speedFactor: Math.exp(population.logSpeedSd * own.normal()),
      latents,
      compatEffectMs:
        population.compatEffectMeanMs + population.compatEffectSdMs * latents['rt.latency'],
      errorRateA,
      errorRateB: Math.min(0.45, Math.max(0.005, errorRateA + errorContrast)),
      thetaIncrease: Math.max(
        -0.8,
        population.thetaIncreaseMean + population.thetaIncreaseSd * latents['eeg.theta.Fz'],
      ),
      p3Reduction: Math.min(
        0.9,
        population.p3ReductionMean + population.p3ReductionSd * latents['erp.P3.Pz'],
      ),
      alphaPeakHz: 10 + 0.8 * own.normal(),
      linearPredictor,
      probability,
      binaryLabel,
      continuousLabel,
    });
  }
  return { participants, intercept };
}
