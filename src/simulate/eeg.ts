/**
 * Continuous EEG of one simulated IAT session, in microvolts: spatially correlated 1/f
 * background, posterior alpha, stimulus-locked ERP components (P1, N1, N2, P3), a frontal
 * midline theta burst whose amplitude depends on the block's mapping, blinks on frontal
 * channels and occasional artefacts (muscle bursts, electrode pops) on a few trials.
 */
import type { Rng } from '../util/rng.js';
import type { Electrode } from './montage.js';
import { gaussianTopography, spatialCholesky } from './spatial.js';
import { fillStandardNormal } from './whiteNoise.js';
import type { SimulatedParticipant } from './participants.js';
import type { SimulatedTrial } from './iatTrials.js';

/** A stimulus-locked ERP component: Gaussian in time, Gaussian over the scalp. */
export interface ErpComponent {
  name: string;
  latencyS: number;
  widthS: number;
  amplitudeUv: number;
  centre: string;
  spreadRad: number;
  /** Amplitude factor in mapping-B trials ('p3' uses the participant's P3 reduction). */
  mappingB: number | 'p3';
}

/** Parameters of the EEG generator (units in the names). */
export interface EegParams {
  sfreqHz: number;
  /** SD of the 1/f background at each channel. */
  backgroundUv: number;
  /** Length scale of the exponential spatial covariance, radians on the head sphere. */
  spatialLengthRad: number;
  /** Share of background variance that is independent per channel. */
  nugget: number;
  /** Time constants of the AR(1) relaxation processes summed into 1/f noise. */
  relaxationTimesS: readonly number[];
  /** SD of each of the two posterior alpha generators at its centre, and their bandwidth. */
  alphaUv: number;
  alphaBandwidthHz: number;
  erp: readonly ErpComponent[];
  /** Frontal midline theta burst: frequency, peak amplitude in mapping A, timing, centre. */
  thetaHz: number;
  thetaUv: number;
  thetaLatencyS: number;
  thetaWidthS: number;
  thetaCentre: string;
  thetaSpreadRad: number;
  /** Blinks: rate, peak amplitude at the eyes, duration. */
  blinkRatePerS: number;
  blinkUv: number;
  blinkDurationS: number;
  /** Share of trials with a large artefact starting near the stimulus. */
  noisyTrialRate: number;
}

function erpComponent(
  name: string,
  latencyS: number,
  widthS: number,
  amplitudeUv: number,
  centre: string,
  spreadRad: number,
  mappingB: number | 'p3',
): ErpComponent {
  return { name, latencyS, widthS, amplitudeUv, centre, spreadRad, mappingB };
}

/** Defaults; docs/simulator.md gives the source of each. */
export const DEFAULT_EEG: Readonly<EegParams> = {
  sfreqHz: 128,
  backgroundUv: 10,
  spatialLengthRad: 0.6,
  nugget: 0.15,
  relaxationTimesS: [0.0025, 0.006, 0.015, 0.04, 0.1, 0.25],
  alphaUv: 6,
  alphaBandwidthHz: 1.5,
  erp: [
    erpComponent('P1', 0.1, 0.02, 3, 'Oz', 0.5, 1),
    erpComponent('N1', 0.17, 0.025, -4, 'POz', 0.6, 1),
    erpComponent('N2', 0.26, 0.035, -3, 'FCz', 0.5, 1.2),
    erpComponent('P3', 0.38, 0.08, 7, 'Pz', 0.6, 'p3'),
  ],
  thetaHz: 6,
  thetaUv: 6,
  thetaLatencyS: 0.35,
  thetaWidthS: 0.12,
  thetaCentre: 'Fz',
  thetaSpreadRad: 0.5,
  blinkRatePerS: 0.2,
  blinkUv: 120,
  blinkDurationS: 0.3,
  noisyTrialRate: 0.02,
};

/** A continuous simulated recording: channel-major samples (channel c at c * nSamples). */
export interface SimulatedRecording {
  channelNames: string[];
  sfreqHz: number;
  nSamples: number;
  samples: Float64Array;
  /** Trial ids that received a large artefact, with its kind. */
  artefacts: Array<{ trialId: string; kind: 'muscle' | 'pop' }>;
  blinkCount: number;
}

/** Precomputed spatial structure shared by all participants of a cohort. */
export interface EegGeometry {
  electrodes: Electrode[];
  cholesky: Float64Array;
  alphaTopographies: Float64Array[];
  erpTopographies: Float64Array[];
  thetaTopography: Float64Array;
  blinkTopography: Float64Array;
}

/** The spatial structure for `electrodes` under `params`. */
export function eegGeometry(electrodes: Electrode[], params: EegParams): EegGeometry {
  return {
    electrodes,
    cholesky: spatialCholesky(electrodes, params.spatialLengthRad, params.nugget),
    alphaTopographies: ['PO3', 'PO4'].map((centre) => gaussianTopography(electrodes, centre, 0.5)),
    erpTopographies: params.erp.map((c) => gaussianTopography(electrodes, c.centre, c.spreadRad)),
    thetaTopography: gaussianTopography(electrodes, params.thetaCentre, params.thetaSpreadRad),
    blinkTopography: gaussianTopography(electrodes, 'Fpz', 0.4),
  };
}

/** Seconds of recording after the last response. */
const TAIL_S = 2;

/** Simulates the whole session of one participant, time-aligned with `trials`' onsets. */
export function simulateRecording(
  participant: SimulatedParticipant,
  trials: SimulatedTrial[],
  geometry: EegGeometry,
  params: EegParams,
  rng: Rng,
): SimulatedRecording {
  const last = trials[trials.length - 1] as SimulatedTrial;
  const nSamples = Math.ceil((last.onsetS + last.latencyMs / 1000 + TAIL_S) * params.sfreqHz);
  const nChannels = geometry.electrodes.length;
  const samples = new Float64Array(nChannels * nSamples);

  addBackground(samples, nChannels, nSamples, geometry.cholesky, params, rng.fork('background'));
  addAlpha(samples, nSamples, geometry, participant.alphaPeakHz, params, rng.fork('alpha'));
  addTrialActivity(samples, nSamples, trials, participant, geometry, params, rng.fork('erp'));
  const blinkCount = addBlinks(samples, nSamples, geometry, params, rng.fork('blinks'));
  const artefacts = addArtefacts(samples, nSamples, trials, geometry, params, rng.fork('noise'));
  return {
    channelNames: geometry.electrodes.map((e) => e.name),
    sfreqHz: params.sfreqHz,
    nSamples,
    samples,
    artefacts,
    blinkCount,
  };
}

/**
 * 1/f background: white noise mixed across channels by the Cholesky factor, then passed
 * through a bank of AR(1) relaxation filters with log-spaced time constants; a sum of
 * relaxations with log-uniform time constants has a 1/f spectrum between the corner
 * frequencies (van der Ziel 1950, Physica 16:359). Scaled to `backgroundUv` SD.
 */
function addBackground(
  out: Float64Array,
  nChannels: number,
  nSamples: number,
  factor: Float64Array,
  params: EegParams,
  rng: Rng,
): void {
  const white = fillStandardNormal(new Float64Array(nChannels * nSamples), rng);

  const poles = params.relaxationTimesS.map((tau) => Math.exp(-1 / (tau * params.sfreqHz)));
  const gains = poles.map((a) => Math.sqrt(1 - a * a));
  let variance = 0;
  for (let k = 0; k < poles.length; k++) {
    for (let l = 0; l < poles.length; l++) {
      const [gk, gl] = [gains[k] as number, gains[l] as number];
      variance += (gk * gl) / (1 - (poles[k] as number) * (poles[l] as number));
    }
  }
  const scale = params.backgroundUv / Math.sqrt(variance);

  const mixed = new Float64Array(nSamples);
  for (let c = 0; c < nChannels; c++) {
    mixed.fill(0);
    for (let j = 0; j <= c; j++) {
      const weight = factor[c * nChannels + j] as number;
      if (weight === 0) continue;
      const offset = j * nSamples;
      for (let t = 0; t < nSamples; t++) {
        mixed[t] = (mixed[t] as number) + weight * (white[offset + t] as number);
      }
    }
    const offset = c * nSamples;
    for (let k = 0; k < poles.length; k++) {
      const pole = poles[k] as number;
      const gain = scale * (gains[k] as number);
      let state = 0;
      for (let t = 0; t < nSamples; t++) {
        state = pole * state + gain * (mixed[t] as number);
        out[offset + t] = (out[offset + t] as number) + state;
      }
    }
  }
}

/**
 * Two posterior alpha generators (around PO3 and PO4), each an AR(2) resonator at the
 * participant's alpha peak: y_t = 2 r cos(w) y_{t-1} - r^2 y_{t-2} + e_t, r from the -3 dB
 * bandwidth (r = exp(-pi B / fs)); scaled to `alphaUv` SD with the AR(2) variance formula.
 */
function addAlpha(
  out: Float64Array,
  nSamples: number,
  geometry: EegGeometry,
  peakHz: number,
  params: EegParams,
  rng: Rng,
): void {
  const radius = Math.exp((-Math.PI * params.alphaBandwidthHz) / params.sfreqHz);
  const a1 = 2 * radius * Math.cos((2 * Math.PI * peakHz) / params.sfreqHz);
  const a2 = -radius * radius;
  const variance = (1 - a2) / ((1 + a2) * ((1 - a2) ** 2 - a1 * a1));
  const scale = params.alphaUv / Math.sqrt(variance);
  const source = new Float64Array(nSamples);
  const innovation = new Float64Array(nSamples);
  for (const topography of geometry.alphaTopographies) {
    fillStandardNormal(innovation, rng);
    let previous = 0;
    let beforePrevious = 0;
    for (let t = 0; t < nSamples; t++) {
      const value = a1 * previous + a2 * beforePrevious + (innovation[t] as number);
      beforePrevious = previous;
      previous = value;
      source[t] = scale * value;
    }
    addProjected(out, nSamples, topography, source, 0, nSamples);
  }
}

/** ERP components and the frontal theta burst of every trial, locked to stimulus onset. */
function addTrialActivity(
  out: Float64Array,
  nSamples: number,
  trials: SimulatedTrial[],
  participant: SimulatedParticipant,
  geometry: EegGeometry,
  params: EegParams,
  rng: Rng,
): void {
  const fs = params.sfreqHz;
  const windowSamples = Math.ceil(1.0 * fs);
  const waveform = new Float64Array(windowSamples);
  for (const trial of trials) {
    const start = Math.round(trial.onsetS * fs);
    if (start + windowSamples > nSamples) continue;
    const isB = trial.mapping === 'B';
    params.erp.forEach((component, index) => {
      const factorB =
        component.mappingB === 'p3' ? 1 - participant.p3Reduction : component.mappingB;
      const amplitude = component.amplitudeUv * (isB ? factorB : 1) * (1 + 0.25 * rng.normal());
      const latency = component.latencyS + 0.015 * rng.normal();
      for (let t = 0; t < windowSamples; t++) {
        const z = (t / fs - latency) / component.widthS;
        waveform[t] = amplitude * Math.exp(-0.5 * z * z);
      }
      const topography = geometry.erpTopographies[index] as Float64Array;
      addProjected(out, nSamples, topography, waveform, start, windowSamples);
    });
    const thetaAmplitude =
      params.thetaUv *
      (isB ? 1 + participant.thetaIncrease : 1) *
      Math.max(0, 1 + 0.3 * rng.normal());
    const phase = 2 * Math.PI * rng.uniform();
    for (let t = 0; t < windowSamples; t++) {
      const time = t / fs;
      const z = (time - params.thetaLatencyS) / params.thetaWidthS;
      const carrier = Math.cos(2 * Math.PI * params.thetaHz * time + phase);
      waveform[t] = thetaAmplitude * Math.exp(-0.5 * z * z) * carrier;
    }
    addProjected(out, nSamples, geometry.thetaTopography, waveform, start, windowSamples);
  }
}

/** Blinks as a Poisson process: a sin^2 bump of `blinkDurationS` at frontal channels. */
function addBlinks(
  out: Float64Array,
  nSamples: number,
  geometry: EegGeometry,
  params: EegParams,
  rng: Rng,
): number {
  const fs = params.sfreqHz;
  const length = Math.max(2, Math.round(params.blinkDurationS * fs));
  const waveform = new Float64Array(length);
  let timeS = -Math.log(1 - rng.uniform()) / params.blinkRatePerS;
  let count = 0;
  while (timeS * fs + length < nSamples) {
    const amplitude = params.blinkUv * (0.8 + 0.4 * rng.uniform());
    for (let t = 0; t < length; t++) {
      waveform[t] = amplitude * Math.sin((Math.PI * t) / (length - 1)) ** 2;
    }
    addProjected(out, nSamples, geometry.blinkTopography, waveform, Math.round(timeS * fs), length);
    count++;
    timeS += 0.5 - Math.log(1 - rng.uniform()) / params.blinkRatePerS;
  }
  return count;
}

/** Large artefacts on a few trials: muscle bursts (broadband, temporal) or electrode pops. */
function addArtefacts(
  out: Float64Array,
  nSamples: number,
  trials: SimulatedTrial[],
  geometry: EegGeometry,
  params: EegParams,
  rng: Rng,
): Array<{ trialId: string; kind: 'muscle' | 'pop' }> {
  const fs = params.sfreqHz;
  const nChannels = geometry.electrodes.length;
  const artefacts: Array<{ trialId: string; kind: 'muscle' | 'pop' }> = [];
  for (const trial of trials) {
    if (rng.uniform() >= params.noisyTrialRate) continue;
    const start = Math.round((trial.onsetS - 0.1) * fs);
    if (rng.uniform() < 0.5) {
      const side = rng.uniform() < 0.5 ? 'T7' : 'T8';
      const topography = gaussianTopography(geometry.electrodes, side, 0.35);
      const length = Math.round(0.6 * fs);
      for (let c = 0; c < nChannels; c++) {
        const weight = 40 * (topography[c] as number);
        if (weight < 1) continue;
        for (let t = 0; t < length && start + t < nSamples; t++) {
          const index = c * nSamples + start + t;
          out[index] = (out[index] as number) + weight * rng.normal();
        }
      }
      artefacts.push({ trialId: trial.trialId, kind: 'muscle' });
    } else {
      const channel = rng.int(nChannels);
      const step = (rng.uniform() < 0.5 ? -1 : 1) * (150 + 100 * rng.uniform());
      const decay = 0.3 * fs;
      for (let t = 0; start + t < nSamples && t < 4 * decay; t++) {
        const index = channel * nSamples + start + t;
        out[index] = (out[index] as number) + step * Math.exp(-t / decay);
      }
      artefacts.push({ trialId: trial.trialId, kind: 'pop' });
    }
  }
  return artefacts;
}

/** out[c, start + t] += topography[c] * waveform[t] for t < length (clipped to the record). */
function addProjected(
  out: Float64Array,
  nSamples: number,
  topography: Float64Array,
  waveform: Float64Array,
  start: number,
  length: number,
): void {
  const first = Math.max(0, start);
  const end = Math.min(nSamples, start + length);
  for (let c = 0; c < topography.length; c++) {
    const weight = topography[c] as number;
    if (weight < 1e-3) continue;
    const offset = c * nSamples;
    for (let i = first; i < end; i++) {
      out[offset + i] = (out[offset + i] as number) + weight * (waveform[i - start] as number);
    }
  }
}
