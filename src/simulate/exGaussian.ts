/**
 * The ex-Gaussian distribution: a normal (mu, sigma) plus an independent exponential with mean
 * tau. It describes response-latency distributions well (Ratcliff 1979, Psychol Bull 86:446;
 * Heathcote, Popiel & Mewhort 1991, Psychol Bull 109:340), so the simulator draws IAT
 * latencies from it.
 */
import type { Rng } from '../util/rng.js';

/** Parameters of an ex-Gaussian, all in milliseconds. */
export interface ExGaussianParams {
  muMs: number;
  sigmaMs: number;
  tauMs: number;
}

/** One ex-Gaussian draw in ms: mu + sigma * N(0,1) - tau * ln(U), U uniform on (0, 1]. */
export function drawExGaussian(params: ExGaussianParams, rng: Rng): number {
  const exponential = -params.tauMs * Math.log(1 - rng.uniform());
  return params.muMs + params.sigmaMs * rng.normal() + exponential;
}

/**
 * Mean, variance and third central moment of an ex-Gaussian: mean = mu + tau,
 * variance = sigma^2 + tau^2, third central moment = 2 tau^3 (the normal part is symmetric).
 */
export function exGaussianMoments(params: ExGaussianParams): {
  mean: number;
  variance: number;
  thirdCentralMoment: number;
} {
  return {
    mean: params.muMs + params.tauMs,
    variance: params.sigmaMs ** 2 + params.tauMs ** 2,
    thirdCentralMoment: 2 * params.tauMs ** 3,
  };
}
