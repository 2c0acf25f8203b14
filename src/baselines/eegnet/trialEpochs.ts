/**
 * A cohort participant's epochs of its kept trials, as EEGNet reads them: the same trials the
 * participants x features table uses (those the chosen D-score variant's cleaning keeps, see
 * src/features/participantTable.ts) that have an epoch, in float32, each with its IAT
 * condition. With `shared`, the samples sit in a SharedArrayBuffer so that worker threads
 * receive them without a copy.
 */
import { cleanSession } from '../../features/dscore/clean.js';
import { resolveDScoreOptions } from '../../features/dscore/scoreIat.js';
import type { DScoreOptions, DVariant } from '../../features/dscore/types.js';
import type { CohortParticipant } from '../../ingest/cohort/types.js';
import type { ParticipantEpochs } from '../../model/estimator.js';

/** Options: the D-score variant (and cleaning options) whose kept trials are used. */
export interface TrialEpochOptions {
  variant?: DVariant;
  dscore?: Partial<DScoreOptions>;
  /** Allocate the samples in a SharedArrayBuffer (default true). */
  shared?: boolean;
}

/**
 * The kept-trial epochs of `participant` (zero trials when it has no EEG or no session).
 * Epochs whose trial was excluded by the cleaning, or that match no scored trial, are left
 * out, as in the feature table.
 */
export function participantTrialEpochs(participant: CohortParticipant,
  options: TrialEpochOptions = {}): ParticipantEpochs {
  const epochs = participant.epochs;
  const alignment = participant.alignment;
  const session = participant.session;
  if (epochs === null || alignment === null || session === null) {
    return { data: new Float32Array(0), nTrials: 0, nChannels: epochs?.nChannels ?? 0,
      nSamples: epochs?.nSamples ?? 0, mappingB: new Uint8Array(0),
      channelNames: epochs?.channelNames ?? [], sfreqHz: epochs?.sfreqHz ?? 0 };
  }
  const variant = options.variant ?? 'D2';
  const cleaning = resolveDScoreOptions({ ...options.dscore, variants: [variant] });
  const kept = new Set(cleanSession(session, variant, cleaning).trials.map((t) => t.trial));
  const rows: number[] = [];
  const mappingB: number[] = [];
  for (let e = 0; e < epochs.nEpochs; e++) {
    const trialIndex = alignment.epochToTrial[e]!;
    if (trialIndex < 0) continue;
    const trial = session.trials[trialIndex];
    if (trial === undefined || !kept.has(trial)) continue;
    rows.push(e);
    mappingB.push(trial.mapping === 'B' ? 1 : 0);
  }
  const size = epochs.nChannels * epochs.nSamples;
  const bytes = rows.length * size * Float32Array.BYTES_PER_ELEMENT;
  const data = options.shared === false ? new Float32Array(rows.length * size)
    : new Float32Array(new SharedArrayBuffer(bytes));
  rows.forEach((e, k) => data.set(epochs.data.subarray(e * size, (e + 1) * size), k * size));
  return { data, nTrials: rows.length, nChannels: epochs.nChannels, nSamples: epochs.nSamples,
    mappingB: Uint8Array.from(mappingB), channelNames: [...epochs.channelNames],
    sfreqHz: epochs.sfreqHz };
}
