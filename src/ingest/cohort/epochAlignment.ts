/**
 * Lining up EEG epochs with IAT trials by trial id, and cutting epochs from a continuous
 * recording at the trials' events (events.tsv rows with onset in seconds and a trial_id).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../util/errors.js';
import type { Epochs, Raw } from '../eeg/types.js';
import type { IatSession } from '../iat/types.js';
import type { EpochAlignment } from './types.js';

/** Index of each epoch's trial in `session.trials` (by trial id), and the counts of misses. */
export function alignEpochs(epochs: Epochs, session: IatSession): EpochAlignment {
  const trialIndex = new Map<string, number>();
  session.trials.forEach((trial, index) => {
    if (trial.trialId !== undefined) trialIndex.set(trial.trialId, index);
  });
  const epochToTrial = new Int32Array(epochs.nEpochs).fill(-1);
  const matched = new Set<number>();
  let epochsWithoutTrial = 0;
  for (let e = 0; e < epochs.nEpochs; e++) {
    const id = epochs.trialIds?.[e];
    const index = id === undefined ? undefined : trialIndex.get(id);
    if (index === undefined) {
      epochsWithoutTrial++;
    } else {
      epochToTrial[e] = index;
      matched.add(index);
    }
  }
  return {
    epochToTrial,
    epochsWithoutTrial,
    trialsWithoutEpoch: session.trials.length - matched.size,
  };
}

/** One row of an events.tsv file. */
export interface EventRow {
  onsetS: number;
  durationS: number;
  trialType: string;
  value: string;
  trialId: string;
  row: number;
}

/**
 * Reads a BIDS-style events.tsv with columns onset, duration, trial_type, value, trial_id.
 * `shownName` names the file in errors, which give the row and column.
 */
export function readEventsTsv(path: string, shownName: string): EventRow[] {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((name) => name.trim());
  for (const required of ['onset', 'trial_type', 'trial_id']) {
    if (!header.includes(required)) {
      throw new InputError(`expected a '${required}' column, found ${header.join(', ')}`, {
        file: shownName,
        row: 1,
        field: required,
      });
    }
  }
  const column = (name: string): number => header.indexOf(name);
  const events: EventRow[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split('\t');
    const row = index + 2;
    const onsetS = Number(fields[column('onset')]);
    if (!Number.isFinite(onsetS) || onsetS < 0) {
      throw new InputError(
        `expected an onset in seconds >= 0, found '${fields[column('onset')] ?? ''}'`,
        { file: shownName, row, field: 'onset' },
      );
    }
    const duration = column('duration') >= 0 ? Number(fields[column('duration')]) : 0;
    events.push({
      onsetS,
      durationS: Number.isFinite(duration) ? duration : 0,
      trialType: (fields[column('trial_type')] ?? '').trim(),
      value: column('value') >= 0 ? (fields[column('value')] ?? '').trim() : '',
      trialId: (fields[column('trial_id')] ?? '').trim(),
      row,
    });
  });
  return events;
}

/**
 * Epochs of the EEG channels of `raw` from tminS to tmaxS (end exclusive) around each event of
 * type `lockTo`, with the events' trial ids. Events whose window leaves the recording are
 * skipped and counted.
 * Limitation: no filtering, baseline correction or artefact rejection here; the `epochs`
 * stage of the EEG pipeline is where those belong.
 */
export function cutRawEpochs(
  raw: Raw,
  events: EventRow[],
  lockTo: string,
  tminS: number,
  tmaxS: number,
): { epochs: Epochs; outOfRange: number } {
  const channels = raw.channels
    .map((channel, index) => ({ channel, index }))
    .filter(({ channel }) => channel.type === 'eeg');
  const fs = raw.sfreqHz;
  const nSamples = Math.round((tmaxS - tminS) * fs);
  const offset = Math.round(tminS * fs);
  const total = raw.samples[0]?.length ?? 0;
  const kept = events.filter((event) => {
    const start = Math.round(event.onsetS * fs) + offset;
    return event.trialType === lockTo && start >= 0 && start + nSamples <= total;
  });
  const outOfRange = events.filter((event) => event.trialType === lockTo).length - kept.length;
  const data = new Float64Array(kept.length * channels.length * nSamples);
  kept.forEach((event, e) => {
    const start = Math.round(event.onsetS * fs) + offset;
    channels.forEach(({ index }, c) => {
      const source = raw.samples[index] as Float64Array;
      data.set(source.subarray(start, start + nSamples), (e * channels.length + c) * nSamples);
    });
  });
  return {
    epochs: {
      channelNames: channels.map(({ channel }) => channel.name),
      units: channels.map(({ channel }) => channel.unit),
      sfreqHz: fs,
      tminS: offset / fs,
      nEpochs: kept.length,
      nChannels: channels.length,
      nSamples,
      data,
      trialIds: kept.map((event) => event.trialId),
    },
    outOfRange,
  };
}
