/**
 * Trial-level IAT behaviour of one simulated participant: ex-Gaussian latencies with the
 * participant's speed and compatibility effect, errors whose latency includes the time to
 * correct them (the built-in error penalty of Greenwald, Nosek & Banaji 2003), anticipations
 * (< 300 ms), rare lapses (> 10 s), and a session timeline for the EEG.
 */
import type { Rng } from '../util/rng.js';
import type { Mapping, Phase } from '../ingest/iat/types.js';
import { drawExGaussian, type ExGaussianParams } from './exGaussian.js';
import { iatBlocks, trialId, type IatBlock, type IatDesignName } from './iatDesign.js';
import type { SimulatedParticipant } from './participants.js';

/** Latency parameters shared by all participants (ms unless named otherwise). */
export interface LatencyParams {
  /** Ex-Gaussian of a correct mapping-A test-block response for a speed factor of 1. */
  base: ExGaussianParams;
  /** Share of the compatibility effect carried by mu (the rest goes to tau). */
  compatShareMu: number;
  /** Extra mu of combined practice blocks over test blocks. */
  practiceExtraMs: number;
  /** Mu of single-category blocks relative to combined mapping-A blocks. */
  singleCategoryShiftMs: number;
  /** Time from the wrong key to the correct key (added to the latency of errors). */
  correction: ExGaussianParams;
  /** Probabilities per trial of an anticipation (100-300 ms) and of a lapse (> 10 s). */
  anticipationRate: number;
  lapseRate: number;
  /** Fast responders: share of trials answered by anticipation, and their latencies. */
  fastResponderShare: number;
  fastResponse: ExGaussianParams;
  /** Inter-trial interval after the correct response, and the pause between blocks, in s. */
  itiS: number;
  blockPauseS: number;
}

/** Defaults; docs/simulator.md gives the source of each. */
export const DEFAULT_LATENCY: Readonly<LatencyParams> = {
  base: { muMs: 520, sigmaMs: 70, tauMs: 200 },
  compatShareMu: 0.6,
  practiceExtraMs: 50,
  singleCategoryShiftMs: -60,
  correction: { muMs: 300, sigmaMs: 60, tauMs: 150 },
  anticipationRate: 0.005,
  lapseRate: 0.001,
  fastResponderShare: 0.3,
  fastResponse: { muMs: 200, sigmaMs: 30, tauMs: 40 },
  itiS: 0.25,
  blockPauseS: 8,
};

/** Stimulus words of one IAT (two target and two attribute categories). */
export interface IatStimuli {
  targetA: readonly string[];
  targetB: readonly string[];
  attributeA: readonly string[];
  attributeB: readonly string[];
}

/** One simulated trial, as written to the behaviour file plus its timing in the session. */
export interface SimulatedTrial {
  block: number;
  blockName: string;
  mapping: Mapping | null;
  phase: Phase | null;
  /** 1-based position within the block. */
  trial: number;
  trialId: string;
  stimulus: string;
  latencyMs: number;
  correct: boolean;
  /** Stimulus onset, seconds from the start of the recording. */
  onsetS: number;
  kind: 'regular' | 'anticipation' | 'lapse';
}

/** Time before the first block, seconds (lets the EEG settle before the first epoch). */
export const SESSION_LEAD_IN_S = 2;

/** All trials of one participant in presentation order, with onsets. */
export function simulateIatTrials(
  participant: SimulatedParticipant,
  design: IatDesignName,
  stimuli: IatStimuli,
  latency: LatencyParams,
  rng: Rng,
): SimulatedTrial[] {
  const trials: SimulatedTrial[] = [];
  let clockS = SESSION_LEAD_IN_S;
  for (const block of iatBlocks(design, participant.order)) {
    for (let position = 1; position <= block.trialCount; position++) {
      const trial = simulateTrial(participant, block, position, stimuli, latency, rng, clockS);
      trials.push(trial);
      clockS = trial.onsetS + trial.latencyMs / 1000 + latency.itiS;
    }
    clockS += latency.blockPauseS;
  }
  return trials;
}

function simulateTrial(
  participant: SimulatedParticipant,
  block: IatBlock,
  position: number,
  stimuli: IatStimuli,
  latency: LatencyParams,
  rng: Rng,
  onsetS: number,
): SimulatedTrial {
  const stimulus = pickStimulus(block, position, stimuli, rng);
  let kind: SimulatedTrial['kind'] = 'regular';
  let latencyMs: number;
  let errorRate = block.mapping === 'B' ? participant.errorRateB : participant.errorRateA;
  const fastDraw = participant.fastResponder && rng.uniform() < latency.fastResponderShare;
  const special = rng.uniform();
  if (fastDraw) {
    kind = 'anticipation';
    latencyMs = Math.max(80, drawExGaussian(latency.fastResponse, rng));
    errorRate = 0.5;
  } else if (special < latency.anticipationRate) {
    kind = 'anticipation';
    latencyMs = 100 + 200 * rng.uniform();
    errorRate = 0.5;
  } else if (special < latency.anticipationRate + latency.lapseRate) {
    kind = 'lapse';
    latencyMs = 10_000 + 4000 * -Math.log(1 - rng.uniform());
  } else {
    latencyMs = Math.max(150, drawExGaussian(blockLatency(participant, block, latency), rng));
  }
  const correct = rng.uniform() >= errorRate;
  if (!correct) latencyMs += Math.max(100, drawExGaussian(latency.correction, rng));
  return {
    block: block.number,
    blockName: block.name,
    mapping: block.mapping,
    phase: block.phase,
    trial: position,
    trialId: trialId(block.number, position),
    stimulus,
    latencyMs: Math.round(latencyMs),
    correct,
    onsetS,
    kind,
  };
}

/** Ex-Gaussian of a regular correct response in `block` for this participant. */
export function blockLatency(
  participant: SimulatedParticipant,
  block: IatBlock,
  latency: LatencyParams,
): ExGaussianParams {
  const speed = participant.speedFactor;
  let muMs = latency.base.muMs * speed;
  let tauMs = latency.base.tauMs * speed;
  if (block.kind !== 'combined') muMs += latency.singleCategoryShiftMs;
  if (block.phase === 'practice') muMs += latency.practiceExtraMs;
  if (block.mapping === 'B') {
    muMs += latency.compatShareMu * participant.compatEffectMs;
    tauMs = Math.max(20, tauMs + (1 - latency.compatShareMu) * participant.compatEffectMs);
  }
  return { muMs, sigmaMs: latency.base.sigmaMs, tauMs };
}

/** Combined blocks alternate target and attribute trials (Greenwald et al. 1998). */
function pickStimulus(block: IatBlock, position: number, stimuli: IatStimuli, rng: Rng): string {
  const useTarget =
    block.kind === 'target' || (block.kind === 'combined' && position % 2 === 1);
  const pools = useTarget
    ? [stimuli.targetA, stimuli.targetB]
    : [stimuli.attributeA, stimuli.attributeB];
  const pool = pools[rng.int(2)] as readonly string[];
  return pool[rng.int(pool.length)] as string;
}
