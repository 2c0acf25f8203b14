/**
 * The whole path from a continuous recording to one epoch per IAT trial: re-reference,
 * band-pass filter (on the continuous data, so filter edges fall outside the epochs), match
 * the time-locking markers to the trial log, cut, baseline-correct and reject. Every trial
 * that yields no epoch is listed with its reason.
 */
import type { Raw } from '../ingest/eeg/types.js';
import { epochRaw, onsetToSample, type DroppedEpoch, type EpochOptions } from './epoch.js';
import type { EpochResult } from './epoch.js';
import { filterRaw, type BandPass } from './filter.js';
import { matchMarkersToTrials, type Marker, type TrialRow } from './markers.js';
import { rereference, type Reference } from './reference.js';

export interface EpochTrialsOptions extends EpochOptions {
  reference?: Reference | null;
  filter?: BandPass | null;
}

export interface EpochTrialsResult extends EpochResult {
  /** Number of trials in the log (= number of markers, since they must match). */
  nTrials: number;
  dropped: DroppedEpoch[];
}

/** One epoch per trial around its marker, after the optional reference and filter. */
export function epochTrials(raw: Raw, markers: Marker[], trials: TrialRow[],
  options: EpochTrialsOptions): EpochTrialsResult {
  const matched = matchMarkersToTrials(markers, trials);
  let prepared = raw;
  if (options.reference !== undefined && options.reference !== null) {
    prepared = rereference(prepared, options.reference);
  }
  if (options.filter !== undefined && options.filter !== null) {
    prepared = filterRaw(prepared, options.filter);
  }
  const anchors = matched.map(({ marker, trial }) => ({
    sample: onsetToSample(marker.onsetS, prepared.sfreqHz),
    trialId: trial.trialId,
  }));
  const result = epochRaw(prepared, anchors, options);
  return { ...result, nTrials: trials.length };
}
