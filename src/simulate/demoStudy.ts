/**
 * The built-in demo study: two simulated IAT cohorts in the style of an entrapment IAT (E-IAT,
 * label `entrapment`) and a psychosis IAT (PSY-IAT, label `psychosis`), 40 participants each,
 * written deterministically under one folder with a study.json that lists them.
 */
import { join } from 'node:path';
import { createRng } from '../util/rng.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { silentLogger, type Logger } from '../util/log.js';
import type { SimulatedEegFormat } from './cohortConfig.js';
import { simulateCohortWithRng, type SimulationResult } from './simulateCohort.js';
import { EIAT_STIMULI, PSYIAT_STIMULI } from './stimuli.js';

/** Options of the demo study; the defaults are what `npm start` uses. */
export interface DemoStudyOptions {
  /** Seed of the whole study (default 2024). */
  seed?: number;
  participantsPerTask?: number;
  /** EEG output (default 'epochs'); 'none' makes a behaviour-only study of about 1.5 MB. */
  eeg?: SimulatedEegFormat;
  /** EEG sampling rate (default 64 Hz, enough for theta and alpha, half the simulate default). */
  sfreqHz?: number;
  /** Label permutations per cell in the study file (default 19). */
  permutations?: number;
  logger?: Logger;
}

/** What simulateDemoStudy wrote. */
export interface DemoStudyResult {
  studyFile: string;
  cohorts: SimulationResult[];
}

/** Writes the demo study into `outDir` (e.g. data/demo): outDir/eiat, outDir/psyiat, study.json. */
export function simulateDemoStudy(outDir: string, options: DemoStudyOptions = {}): DemoStudyResult {
  const seed = options.seed ?? 2024;
  const rng = createRng(seed);
  const logger = options.logger ?? silentLogger;
  const participants = options.participantsPerTask ?? 40;
  const eeg = options.eeg ?? 'epochs';
  const sfreqHz = options.sfreqHz ?? 64;
  const tasks = [
    { task: 'eiat', label: 'entrapment', stimuli: EIAT_STIMULI, prevalence: 0.5, effects: 1 },
    { task: 'psyiat', label: 'psychosis', stimuli: PSYIAT_STIMULI, prevalence: 0.3, effects: 0.8 },
  ];
  const cohorts = tasks.map((spec) => {
    logger.info(`simulating demo task ${spec.task} (${participants} participants)`);
    return simulateCohortWithRng(
      {
        outDir: join(outDir, spec.task),
        participants,
        seed,
        task: spec.task,
        labelName: spec.label,
        stimuli: spec.stimuli,
        prevalence: spec.prevalence,
        effects: spec.effects,
        eeg,
        sfreqHz,
        logger,
      },
      rng.fork(spec.task),
    );
  });
  // The study file the pipeline runs (src/pipeline/studyFile.ts): both tasks, the three
  // modality configurations, every method.
  const study = {
    name: 'demo',
    description: 'iatbayes demo study (simulated E-IAT and PSY-IAT cohorts; truth.json in each)',
    seed,
    tasks: tasks.map((spec) => ({
      name: spec.task,
      cohort: spec.task,
      label: spec.label,
      positive: 1,
    })),
    configurations: [
      { name: 'RT', modalities: ['rt'] },
      ...(eeg === 'none'
        ? []
        : [
            { name: 'EEG', modalities: ['eeg-spectral'] },
            { name: 'RT+EEG', modalities: ['rt', 'eeg-spectral'] },
          ]),
    ],
    methods: ['dscore', 'lda', 'logistic', 'bayes'],
    // Stratified 5-fold rather than leave-one-out: pooled leave-one-out AUC is biased downwards
    // at this size (a base-rate predictor scores 0; docs/evaluation.md). One repeat and 19
    // permutations (smallest p = 0.05) keep `npm start` to a few minutes on two cores; a study
    // of one's own should use more of both (README).
    cv: { scheme: 'stratified-kfold', k: 5, repeats: 1 },
    // The demo's EEG is sampled at sfreqHz (64 Hz by default): bands stop below its Nyquist.
    features: { variant: 'D2', bands: demoBands(sfreqHz) },
    bootstrap: 2000,
    permutations: options.permutations ?? 19,
    q: 0.05,
    // The comparison the study is about, named before any result is seen: the Bayesian model
    // on behaviour and EEG for the entrapment task (or behaviour alone without EEG).
    primary: { task: 'eiat', configuration: eeg === 'none' ? 'RT' : 'RT+EEG', method: 'bayes' },
  };
  const studyFile = join(outDir, 'study.json');
  writeFileAtomic(studyFile, `${JSON.stringify(study, null, 2)}\n`);
  return { studyFile, cohorts };
}

/** The default bands (delta to gamma) that fit below the Nyquist frequency of `sfreqHz`. */
function demoBands(sfreqHz: number): string {
  const bands: Array<[string, number, number]> = [
    ['delta', 1, 4],
    ['theta', 4, 8],
    ['alpha', 8, 13],
    ['beta', 13, 30],
    ['gamma', 30, 45],
  ];
  return bands
    .filter(([, , hi]) => hi <= sfreqHz / 2)
    .map(([name, lo, hi]) => `${name}:${lo}-${hi}`)
    .join(',');
}
