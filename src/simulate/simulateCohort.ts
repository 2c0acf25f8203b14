/**
 * `simulateCohort`: writes a complete simulated cohort (cohort.json, participants.tsv, one
 * behaviour file per participant, optional EEG, truth.json) in the layout `loadCohort` reads.
 * Every draw comes from forks of createRng(seed), so the same options give identical files.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createRng, type Rng } from '../util/rng.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { silentLogger, type Logger } from '../util/log.js';
import { populationBayesAuc, empiricalAuc } from './bayesAuc.js';
import { simulatedCohortJson, BEHAVIOUR_COLUMNS, type SimulatedEegFormat } from './cohortConfig.js';
import { DEFAULT_EEG, eegGeometry, simulateRecording, type EegParams } from './eeg.js';
import { cutEpochs, writeBrainVision, writeSimulatedEpochs } from './eegFiles.js';
import type { IatDesignName } from './iatDesign.js';
import {
  DEFAULT_LATENCY,
  simulateIatTrials,
  type IatStimuli,
  type LatencyParams,
  type SimulatedTrial,
} from './iatTrials.js';
import { standardMontage } from './montage.js';
import {
  CONTRAST_NAMES,
  DEFAULT_EFFECTS,
  DEFAULT_POPULATION,
  drawParticipants,
  linearPredictorSd,
  type ContrastName,
  type PopulationParams,
  type SimulatedParticipant,
} from './participants.js';
import { EIAT_STIMULI } from './stimuli.js';
import { gaussianTopography } from './spatial.js';

/** What to simulate. Only outDir, participants and seed are required. */
export interface SimulateOptions {
  outDir: string;
  participants: number;
  seed: number;
  /** Task label used in file names (default 'eiat'). */
  task?: string;
  /** Binary label column (default 'entrapment'); the continuous one is `<name>_score`. */
  labelName?: string;
  /**
   * Label weights per standardised contrast (logit scale per SD), or one number that scales
   * the default weights (rt.latency 0.8, eeg.theta.Fz 1.0). 0 makes labels pure noise.
   */
  effects?: Partial<Record<ContrastName, number>> | number;
  /** Expected share of binary label 1 (default 0.5; e.g. 0.25 for class imbalance). */
  prevalence?: number;
  design?: IatDesignName;
  eeg?: SimulatedEegFormat;
  channels?: 32 | 64;
  sfreqHz?: number;
  /** Epoch window around the stimulus, seconds (default -0.2 to 0.8). */
  tminS?: number;
  tmaxS?: number;
  /** Epochs for the four combined blocks only (default) or for all seven blocks. */
  epochBlocks?: 'combined' | 'all';
  stimuli?: IatStimuli;
  population?: Partial<PopulationParams>;
  latency?: Partial<LatencyParams>;
  eegParams?: Partial<EegParams>;
  logger?: Logger;
}

/** One relevant or irrelevant contrast, as written to truth.json. */
export interface TruthFeature {
  name: ContrastName;
  weight: number;
  matters: boolean;
  /** False when the cohort has no data to measure it (EEG contrasts without EEG). */
  observable: boolean;
  description: string;
}

/** The ground truth of a simulated cohort (truth.json). */
export interface CohortTruth {
  generator: string;
  seed: number;
  task: string;
  design: IatDesignName;
  participantCount: number;
  eeg: SimulatedEegFormat;
  channels: number;
  labels: {
    binary: {
      name: string;
      prevalenceTarget: number;
      prevalenceObserved: number;
      intercept: number;
      model: string;
    };
    continuous: { name: string; model: string; trueR2: number };
  };
  features: TruthFeature[];
  relevantFeatures: string[];
  /** Channels whose theta carries the theta contrast, with their relative amplitude >= 0.5. */
  thetaChannels: Record<string, number>;
  bayesOptimalAuc: { sample: number; population: number; note: string };
  parameters: { population: PopulationParams; latency: LatencyParams; eeg: EegParams | null };
  participants: Array<Record<string, unknown>>;
}

/** What simulateCohort wrote. */
export interface SimulationResult {
  outDir: string;
  files: string[];
  truth: CohortTruth;
}

const CONTRAST_DESCRIPTIONS: Record<ContrastName, string> = {
  'rt.latency': 'mapping-B minus mapping-A latency (compatibility effect, ms)',
  'rt.error': 'mapping-B minus mapping-A error rate',
  'eeg.theta.Fz': 'mapping-B vs mapping-A frontal midline theta (4-7 Hz) burst amplitude',
  'erp.P3.Pz': 'mapping-B vs mapping-A P3 amplitude reduction at Pz',
};

/** Simulates a cohort into options.outDir (see SimulateOptions) and returns its truth. */
export function simulateCohort(options: SimulateOptions): SimulationResult {
  validateOptions(options);
  return simulateCohortWithRng(options, createRng(options.seed));
}

/** As simulateCohort, drawing from `rng` (simulateDemoStudy passes one fork per task). */
export function simulateCohortWithRng(options: SimulateOptions, rng: Rng): SimulationResult {
  const logger = options.logger ?? silentLogger;
  const task = options.task ?? 'eiat';
  const labelName = options.labelName ?? 'entrapment';
  const design = options.design ?? 'modern';
  const eegFormat = options.eeg ?? 'epochs';
  const channels = options.channels ?? 32;
  const prevalence = options.prevalence ?? 0.5;
  const effects = resolveEffects(options.effects);
  const population: PopulationParams = { ...DEFAULT_POPULATION, ...options.population };
  const latency: LatencyParams = { ...DEFAULT_LATENCY, ...options.latency };
  const eegParams: EegParams = { ...DEFAULT_EEG, ...options.eegParams };
  if (options.sfreqHz !== undefined) eegParams.sfreqHz = options.sfreqHz;
  const tminS = options.tminS ?? -0.2;
  const tmaxS = options.tmaxS ?? 0.8;
  const stimuli = options.stimuli ?? EIAT_STIMULI;

  const { participants, intercept } = drawParticipants(
    options.participants,
    population,
    { effects, prevalence },
    rng.fork('participants'),
  );
  const geometry = eegFormat === 'none' ? null : eegGeometry(standardMontage(channels), eegParams);
  const files: string[] = [];
  const extras = new Map<string, Record<string, unknown>>();
  mkdirSync(options.outDir, { recursive: true });

  participants.forEach((participant, index) => {
    const iatRng = rng.fork(`iat-${participant.id}`);
    const trials = simulateIatTrials(participant, design, stimuli, latency, iatRng);
    const stem = `${participant.id}_task-${task}`;
    const behaviourPath = join(options.outDir, participant.id, 'beh', `${stem}_beh.tsv`);
    writeFileAtomic(behaviourPath, behaviourTsv(participant.id, trials));
    files.push(behaviourPath);
    const extra: Record<string, unknown> = {};
    if (geometry !== null) {
      const eegRng = rng.fork(`eeg-${participant.id}`);
      const recording = simulateRecording(participant, trials, geometry, eegParams, eegRng);
      const folder = join(options.outDir, participant.id, 'eeg');
      if (eegFormat === 'epochs') {
        const kept =
          options.epochBlocks === 'all' ? trials : trials.filter((t) => t.mapping !== null);
        files.push(...writeSimulatedEpochs(folder, stem, cutEpochs(recording, kept, tminS, tmaxS)));
      } else {
        files.push(...writeBrainVision(folder, stem, recording, trials));
      }
      extra.artefactTrials = recording.artefacts;
      extra.blinkCount = recording.blinkCount;
    }
    extras.set(participant.id, extra);
    logger.progress('simulate', index + 1, participants.length);
  });

  const participantsPath = join(options.outDir, 'participants.tsv');
  writeFileAtomic(participantsPath, participantsTsv(participants, labelName));
  const cohortPath = join(options.outDir, 'cohort.json');
  const cohortJson = simulatedCohortJson(task, eegFormat, options.seed);
  writeFileAtomic(cohortPath, `${JSON.stringify(cohortJson, null, 2)}\n`);

  const truth = buildTruth({
    options, task, labelName, design, eegFormat, channels, prevalence, effects, intercept,
    participants, extras, population, latency, eegParams: geometry === null ? null : eegParams,
    thetaChannels: geometry === null ? {} : thetaChannels(geometry.electrodes, eegParams),
  });
  const truthPath = join(options.outDir, 'truth.json');
  writeFileAtomic(truthPath, `${JSON.stringify(truth, null, 1)}\n`);
  files.push(participantsPath, cohortPath, truthPath);
  return { outDir: options.outDir, files, truth };
}

/** Full effect weights from a partial record or a scale of the defaults. */
export function resolveEffects(
  effects: SimulateOptions['effects'],
): Record<ContrastName, number> {
  if (effects === undefined) return { ...DEFAULT_EFFECTS };
  if (typeof effects === 'number') {
    const scaled = { ...DEFAULT_EFFECTS };
    for (const name of CONTRAST_NAMES) scaled[name] = DEFAULT_EFFECTS[name] * effects;
    return scaled;
  }
  const full = { 'rt.latency': 0, 'rt.error': 0, 'eeg.theta.Fz': 0, 'erp.P3.Pz': 0 };
  for (const name of CONTRAST_NAMES) full[name] = effects[name] ?? 0;
  return full;
}

function validateOptions(options: SimulateOptions): void {
  if (!Number.isInteger(options.participants) || options.participants < 2) {
    throw new RangeError(`participants must be an integer >= 2, got ${options.participants}`);
  }
  if (options.prevalence !== undefined && !(options.prevalence > 0 && options.prevalence < 1)) {
    throw new RangeError(`prevalence must be in (0, 1), got ${options.prevalence}`);
  }
  if (options.channels !== undefined && options.channels !== 32 && options.channels !== 64) {
    throw new RangeError(`channels must be 32 or 64, got ${String(options.channels)}`);
  }
  if (options.sfreqHz !== undefined && !(options.sfreqHz >= 32 && options.sfreqHz <= 2048)) {
    throw new RangeError(`sfreqHz must be in [32, 2048], got ${options.sfreqHz}`);
  }
  const tmin = options.tminS ?? -0.2;
  const tmax = options.tmaxS ?? 0.8;
  if (!(tmin < tmax && tmin >= -1 && tmax <= 2)) {
    throw new RangeError(`epoch window must satisfy -1 <= tmin < tmax <= 2, got ${tmin}..${tmax}`);
  }
}

/** The behaviour file of one participant (tab-separated, one row per trial). */
export function behaviourTsv(participantId: string, trials: SimulatedTrial[]): string {
  const lines = [BEHAVIOUR_COLUMNS.join('\t')];
  for (const trial of trials) {
    lines.push(
      [
        participantId,
        trial.block,
        trial.blockName,
        trial.trial,
        trial.trialId,
        trial.stimulus,
        trial.latencyMs,
        trial.correct ? 1 : 0,
      ].join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}

function participantsTsv(participants: SimulatedParticipant[], labelName: string): string {
  const lines = [['participant_id', labelName, `${labelName}_score`, 'site'].join('\t')];
  for (const p of participants) {
    lines.push([p.id, p.binaryLabel, p.continuousLabel.toFixed(3), p.site].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

function thetaChannels(
  electrodes: ReturnType<typeof standardMontage>,
  params: EegParams,
): Record<string, number> {
  const weights = gaussianTopography(electrodes, params.thetaCentre, params.thetaSpreadRad);
  const result: Record<string, number> = {};
  electrodes.forEach((electrode, i) => {
    const weight = weights[i] as number;
    if (weight >= 0.5) result[electrode.name] = Number(weight.toFixed(3));
  });
  return result;
}

interface TruthInputs {
  options: SimulateOptions;
  task: string;
  labelName: string;
  design: IatDesignName;
  eegFormat: SimulatedEegFormat;
  channels: number;
  prevalence: number;
  effects: Record<ContrastName, number>;
  intercept: number;
  participants: SimulatedParticipant[];
  extras: Map<string, Record<string, unknown>>;
  population: PopulationParams;
  latency: LatencyParams;
  eegParams: EegParams | null;
  thetaChannels: Record<string, number>;
}

function buildTruth(input: TruthInputs): CohortTruth {
  const { participants, effects } = input;
  const sdEta = linearPredictorSd(effects);
  const probabilities = participants.map((p) => p.probability);
  const labels = participants.map((p) => p.binaryLabel);
  const features = CONTRAST_NAMES.map((name) => ({
    name,
    weight: effects[name],
    matters: effects[name] !== 0,
    observable: name.startsWith('rt.') || input.eegFormat !== 'none',
    description: CONTRAST_DESCRIPTIONS[name],
  }));
  return {
    generator: 'iatbayes simulate',
    seed: input.options.seed,
    task: input.task,
    design: input.design,
    participantCount: participants.length,
    eeg: input.eegFormat,
    channels: input.eegFormat === 'none' ? 0 : input.channels,
    labels: {
      binary: {
        name: input.labelName,
        prevalenceTarget: input.prevalence,
        prevalenceObserved: labels.reduce<number>((sum, y) => sum + y, 0) / labels.length,
        intercept: input.intercept,
        model: 'P(label = 1) = sigmoid(intercept + sum_k weight_k * z_k), z_k ~ N(0, 1)',
      },
      continuous: {
        name: `${input.labelName}_score`,
        model: '50 + 10 * (sum_k weight_k * z_k + e) / sqrt(sum_k weight_k^2 + 1), e ~ N(0, 1)',
        trueR2: sdEta ** 2 / (sdEta ** 2 + 1),
      },
    },
    features,
    relevantFeatures: features.filter((f) => f.matters).map((f) => f.name),
    thetaChannels: input.thetaChannels,
    bayesOptimalAuc: {
      sample: empiricalAuc(probabilities, labels),
      population: populationBayesAuc(input.intercept, sdEta),
      note:
        'AUC of the true probabilities: `sample` against the labels drawn here, `population` ' +
        'its expectation over participants; an upper bound for any model of measured features.',
    },
    parameters: { population: input.population, latency: input.latency, eeg: input.eegParams },
    participants: participants.map((p) => ({
      id: p.id,
      order: p.order,
      site: p.site,
      fastResponder: p.fastResponder,
      latents: p.latents,
      compatEffectMs: p.compatEffectMs,
      speedFactor: p.speedFactor,
      errorRateA: p.errorRateA,
      errorRateB: p.errorRateB,
      thetaIncrease: p.thetaIncrease,
      p3Reduction: p.p3Reduction,
      alphaPeakHz: p.alphaPeakHz,
      probability: p.probability,
      binaryLabel: p.binaryLabel,
      continuousLabel: p.continuousLabel,
      ...input.extras.get(p.id),
    })),
  };
}
