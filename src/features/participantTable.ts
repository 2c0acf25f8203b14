/**
 * The participants x features table of a cohort: for every participant and every per-trial
 * feature (latency, error flag, EEG band power, ERP amplitude), the IAT contrast of that
 * feature (mapping B minus mapping A over the inclusive SD, per phase, averaged; see
 * ./contrast.ts) with its standard error. Later stages (models, baselines, evaluation) read
 * only this table.
 *
 * Trials: the trials kept by the chosen D-score variant's cleaning (src/features/dscore),
 * with their cleaned latencies, so that the `rt.latency` contrast equals the participant's
 * D-score of that variant exactly. EEG features use the same kept trials that have an epoch.
 */
import { contrastScore, type ContrastResult, type ContrastTrials } from './contrast.js';
import { cleanSession } from './dscore/clean.js';
import { compactSession } from './dscore/compact.js';
import { scoreCompact } from './dscore/score.js';
import { resolveDScoreOptions } from './dscore/scoreIat.js';
import type { DScoreOptions, DVariant } from './dscore/types.js';
import { epochFeatures, type EpochFeatureOptions } from './spectral/epochFeatures.js';
import type { FeatureTable } from './types.js';
import type { Cohort, CohortParticipant } from '../ingest/cohort/types.js';
import type { Exclusion } from '../ingest/iat/types.js';
import { InputError } from '../util/errors.js';

/** Feature families: behaviour, EEG band power, EEG ERP amplitude. */
export type Modality = 'rt' | 'eeg-spectral' | 'eeg-erp';

export const MODALITIES: readonly Modality[] = ['rt', 'eeg-spectral', 'eeg-erp'];

export interface ParticipantTableOptions {
  /** Which feature families to compute (default ['rt']). */
  modalities?: Modality[];
  /** D-score variant whose cleaning selects the trials (default 'D2', the variant Greenwald
   * et al. 2003 recommend for IATs with the built-in error penalty). */
  variant?: DVariant;
  /** D-score options (ceiling, floor, fast-participant exclusion, ...). */
  dscore?: Partial<DScoreOptions>;
  /** Also give each contrast's practice and test halves as features
   * (`rt.latency.practice`, `rt.latency.test`, ...) instead of their average. */
  perPhase?: boolean;
  /** Welch / band options for `eeg-spectral`. */
  spectral?: Exclude<EpochFeatureOptions['spectral'], false>;
  /** ERP window options for `eeg-erp`. */
  erp?: Exclude<EpochFeatureOptions['erp'], false>;
  /** A participant without EEG when EEG features are requested: 'exclude' (default; counted
   * with its reason) or 'keep' (EEG features missing, NaN, for models to impute). */
  missingEeg?: 'exclude' | 'keep';
}

/** The table plus everything left out on the way. */
export interface ParticipantTableResult {
  table: FeatureTable;
  /** Participants of the cohort not in the table, and features left out, with reasons. */
  exclusions: Exclusion[];
  /** How much data each participant in the table contributed. */
  contributions: ParticipantContribution[];
  /** Settings as used (defaults filled in), for provenance. */
  settings: Required<
    Pick<ParticipantTableOptions, 'modalities' | 'variant' | 'perPhase' | 'missingEeg'>
  >;
}

/** Trials (and epochs) of one participant, and how many of them entered the contrasts. */
export interface ParticipantContribution {
  participantId: string;
  /** Trials of the combined blocks as read, and those kept by the D-score cleaning. */
  trialsTotal: number;
  trialsKept: number;
  /** Epochs as read, and those of kept trials that entered the EEG contrasts. */
  epochsTotal?: number;
  epochsKept?: number;
}

/** Computes the participants x features contrast table of `cohort`. */
export function buildParticipantTable(
  cohort: Cohort,
  options: ParticipantTableOptions = {},
): ParticipantTableResult {
  const modalities = validateModalities(options.modalities ?? ['rt']);
  const variant = options.variant ?? 'D2';
  const perPhase = options.perPhase ?? false;
  const missingEeg = options.missingEeg ?? 'exclude';
  const dscore = resolveDScoreOptions({ ...options.dscore, variants: [variant] });
  const wantsEeg = modalities.some((m) => m !== 'rt');
  const exclusions: Exclusion[] = [];
  const exclude = (id: string, reason: string): void => {
    exclusions.push({ level: 'participant', participantId: id, reason, count: 1 });
  };

  for (const left of cohort.excludedParticipants) exclude(left.id, left.reason);

  const rows: Array<{ id: string; names: string[]; d: number[]; se: number[] }> = [];
  const contributions: ParticipantContribution[] = [];
  for (const participant of cohort.participants) {
    if (participant.session === null) {
      exclude(participant.id, 'no readable IAT trials');
      continue;
    }
    const score = scoreCompact(compactSession(participant.session), dscore).score;
    if (score.excluded) {
      exclude(participant.id, score.reasons.join('; '));
      continue;
    }
    const { trials } = cleanSession(participant.session, variant, dscore);
    if (trials.length === 0) {
      exclude(participant.id, `no trial left after ${variant} cleaning`);
      continue;
    }
    const hasEeg = participant.epochs !== null && participant.alignment !== null;
    if (wantsEeg && !hasEeg && missingEeg === 'exclude') {
      exclude(participant.id, 'no EEG epochs (EEG features requested; missingEeg = exclude)');
      continue;
    }

    const names: string[] = [];
    const d: number[] = [];
    const se: number[] = [];
    const push = (name: string, result: ContrastResult): void => {
      if (perPhase) {
        names.push(`${name}.practice`, `${name}.test`);
        d.push(result.practice.d ?? NaN, result.test.d ?? NaN);
        se.push(result.practice.se ?? NaN, result.test.se ?? NaN);
      } else {
        names.push(name);
        d.push(result.d ?? NaN);
        se.push(result.se ?? NaN);
      }
    };

    const isMappingB = Uint8Array.from(trials, (t) => (t.trial.mapping === 'B' ? 1 : 0));
    const isTest = Uint8Array.from(trials, (t) => (t.trial.phase === 'test' ? 1 : 0));
    if (modalities.includes('rt')) {
      const latency = Float64Array.from(trials, (t) => t.cleanedLatencyMs);
      push('rt.latency', contrastScore({ values: latency, isMappingB, isTest }));
      const error = Float64Array.from(trials, (t) => (t.trial.error ? 1 : 0));
      push('rt.error', rateContrast({ values: error, isMappingB, isTest }));
    }
    let eeg: { contrasts: Array<[string, ContrastResult]>; epochsUsed: number } | null = null;
    if (wantsEeg) {
      eeg = hasEeg
        ? eegContrasts(
            participant,
            trials.map((t) => t.trial),
            modalities,
            options,
          )
        : null;
      // Without EEG (missingEeg = 'keep') only the behaviour columns are filled; the table
      // gives the EEG columns NaN.
      if (eeg !== null) for (const [name, result] of eeg.contrasts) push(name, result);
    }
    rows.push({ id: participant.id, names, d, se });
    const contribution: ParticipantContribution = {
      participantId: participant.id,
      trialsTotal: participant.session.trials.length,
      trialsKept: trials.length,
    };
    if (participant.epochs !== null) {
      contribution.epochsTotal = participant.epochs.nEpochs;
      contribution.epochsKept = eeg?.epochsUsed ?? 0;
    }
    contributions.push(contribution);
  }

  return {
    table: assembleTable(rows, cohort.dir),
    exclusions,
    contributions,
    settings: { modalities, variant, perPhase, missingEeg },
  };
}

/**
 * Contrast of a 0/1 per-trial rate (the error flag). When neither block of a phase has any
 * error (or every trial is an error), the inclusive SD is 0 and the standardised contrast is
 * undefined; the two blocks then do not differ, so the contrast is taken as 0 with the
 * standard error of a zero difference, sqrt(1/nA + 1/nB) (see ./contrast.ts at d = 0).
 */
function rateContrast(trials: ContrastTrials): ContrastResult {
  const result = contrastScore(trials);
  const fix = (phase: ContrastResult['practice']): ContrastResult['practice'] => {
    if (phase.d !== null || phase.sdInclusive !== 0) return phase;
    const se = Math.sqrt(1 / phase.nA + 1 / phase.nB);
    return { ...phase, d: 0, se, reason: undefined };
  };
  const practice = fix(result.practice);
  const test = fix(result.test);
  if (practice.d === null || test.d === null) return { ...result, practice, test };
  return {
    practice,
    test,
    d: (practice.d + test.d) / 2,
    se: Math.sqrt(((practice.se as number) ** 2 + (test.se as number) ** 2) / 4),
  };
}

/** EEG feature contrasts of one participant over its kept trials that have an epoch. */
function eegContrasts(
  participant: CohortParticipant,
  keptTrials: ReadonlyArray<{ mapping: 'A' | 'B'; phase: 'practice' | 'test' }>,
  modalities: Modality[],
  options: ParticipantTableOptions,
): { contrasts: Array<[string, ContrastResult]>; epochsUsed: number } | null {
  const epochs = participant.epochs;
  const alignment = participant.alignment;
  const session = participant.session;
  if (epochs === null || alignment === null || session === null) return null;

  const features = epochFeatures(epochs, {
    spectral: modalities.includes('eeg-spectral') ? (options.spectral ?? {}) : false,
    erp: modalities.includes('eeg-erp') ? (options.erp ?? {}) : false,
  });
  const kept = new Set(keptTrials);
  const rowsOfTrials: number[] = [];
  const isMappingB: number[] = [];
  const isTest: number[] = [];
  for (let e = 0; e < features.nEpochs; e++) {
    const trialIndex = alignment.epochToTrial[e] as number;
    if (trialIndex < 0) continue;
    const trial = session.trials[trialIndex];
    if (trial === undefined || !kept.has(trial)) continue;
    rowsOfTrials.push(e);
    isMappingB.push(trial.mapping === 'B' ? 1 : 0);
    isTest.push(trial.phase === 'test' ? 1 : 0);
  }

  const flags = { isMappingB: Uint8Array.from(isMappingB), isTest: Uint8Array.from(isTest) };
  const values = new Float64Array(rowsOfTrials.length);
  const results: Array<[string, ContrastResult]> = [];
  for (let f = 0; f < features.nFeatures; f++) {
    for (let i = 0; i < rowsOfTrials.length; i++) {
      values[i] = features.values[(rowsOfTrials[i] as number) * features.nFeatures + f] as number;
    }
    results.push([features.featureNames[f] as string, contrastScore({ values, ...flags })]);
  }
  return { contrasts: results, epochsUsed: rowsOfTrials.length };
}

/**
 * Rows into one rectangular table. Every participant must have the same feature names (same
 * channels and bands); rows with only behaviour features (kept without EEG) get NaN EEG
 * columns.
 */
function assembleTable(
  rows: ReadonlyArray<{ id: string; names: string[]; d: number[]; se: number[] }>,
  where: string,
): FeatureTable {
  const widest = rows.reduce<{ names: string[] } | null>(
    (best, row) => (best === null || row.names.length > best.names.length ? row : best),
    null,
  );
  const featureNames = widest === null ? [] : [...widest.names];
  const nFeatures = featureNames.length;
  const d = new Float64Array(rows.length * nFeatures).fill(NaN);
  const se = new Float64Array(rows.length * nFeatures).fill(NaN);
  rows.forEach((row, s) => {
    const sameStart = row.names.every((name, p) => name === featureNames[p]);
    if (!sameStart) {
      const differing = row.names.find((name, p) => name !== featureNames[p]);
      throw new InputError(
        `participant '${row.id}' has feature '${differing}' where others have ` +
          `'${featureNames[row.names.indexOf(differing as string)]}'; every participant's EEG ` +
          'must have the same channels in the same order',
        { file: where },
      );
    }
    for (let p = 0; p < row.names.length; p++) {
      d[s * nFeatures + p] = row.d[p] as number;
      se[s * nFeatures + p] = row.se[p] as number;
    }
  });
  return { participantIds: rows.map((row) => row.id), featureNames, d, se };
}

function validateModalities(modalities: readonly string[]): Modality[] {
  if (modalities.length === 0) {
    throw new InputError('expected at least one modality', { field: 'modalities' });
  }
  for (const modality of modalities) {
    if (!(MODALITIES as readonly string[]).includes(modality)) {
      throw new InputError(
        `unknown modality '${modality}'; expected one of ${MODALITIES.join(', ')}`,
        { field: 'modalities' },
      );
    }
  }
  return [...new Set(modalities)] as Modality[];
}
