/**
 * Markers to cut epochs around, and their match with the IAT trial log. Markers come from a
 * BIDS-style events.tsv (columns onset, duration, trial_type, value, trial_id; onsets in
 * seconds from the recording's first sample) or from the recording's own events. The match is
 * checked, never assumed: trial ids in order when the markers carry them, else the counts, and
 * the marker codes when the trial table has a code column. A mismatch names where the two
 * sequences diverge.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import type { Raw } from '../ingest/eeg/types.js';
import { InputError } from '../util/errors.js';

/** A time-locking marker: where it is, its code, and (when known) its trial. */
export interface Marker {
  onsetS: number;
  code: string;
  trialId?: string;
  /** Where it came from, for messages: "events.tsv row 12" or "event 7 of rec.vhdr". */
  source: string;
}

/** A trial of the trial log, in presentation order. */
export interface TrialRow {
  trialId: string;
  /** Expected marker code (from the chosen code column), when checked. */
  code?: string;
  /** "trials.csv row 5". */
  source: string;
}

/** A marker matched to its trial. */
export interface MatchedMarker {
  marker: Marker;
  trial: TrialRow;
}

function readTable(path: string): { fields: string[]; rows: Record<string, string>[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read: ${(error as Error).message}`, { file: path });
  }
  const delimiter = extname(path).toLowerCase() === '.tsv' ? '\t' : '';
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    delimiter,
  });
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal !== undefined) {
    throw new InputError(`cannot parse the table: ${fatal.message}`, {
      file: path,
      row: (fatal.row ?? 0) + 2,
    });
  }
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}

function requireColumn(fields: string[], name: string, path: string): void {
  if (!fields.includes(name)) {
    throw new InputError(`column '${name}' is missing; columns are ${fields.join(', ')}`, {
      file: path,
      row: 1,
      field: name,
    });
  }
}

/**
 * Markers of an events.tsv whose `trial_type` equals `lockTo` (all rows when the file has no
 * trial_type column). Code = `value` (or trial_type when there is no value column).
 */
export function markersFromEventsTsv(path: string, lockTo: string): Marker[] {
  const { fields, rows } = readTable(path);
  requireColumn(fields, 'onset', path);
  const markers: Marker[] = [];
  rows.forEach((row, i) => {
    const type = row.trial_type;
    if (fields.includes('trial_type') && type !== lockTo) return;
    const onsetS = Number(row.onset);
    if (row.onset === undefined || row.onset.trim() === '' || !Number.isFinite(onsetS)) {
      throw new InputError(`onset '${row.onset ?? ''}' is not a number of seconds`, {
        file: path,
        row: i + 2,
        field: 'onset',
      });
    }
    const marker: Marker = {
      onsetS,
      code: (row.value ?? type ?? '').trim(),
      source: `${path} row ${i + 2}`,
    };
    const trialId = row.trial_id?.trim();
    if (trialId !== undefined && trialId !== '' && trialId !== 'n/a') marker.trialId = trialId;
    markers.push(marker);
  });
  if (markers.length === 0) {
    throw new InputError(`no events with trial_type '${lockTo}'`, {
      file: path,
      field: 'trial_type',
    });
  }
  return markers;
}

/** Markers from the recording's own events whose description matches `pattern`. */
export function markersFromAnnotations(raw: Raw, pattern: RegExp): Marker[] {
  const markers = raw.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => pattern.test(e.description))
    .map(({ e, i }) => ({
      onsetS: e.onsetS,
      code: e.description,
      source: `event ${i + 1} of ${raw.file} ('${e.description}' at ${e.onsetS} s)`,
    }));
  if (markers.length === 0) {
    const seen = [...new Set(raw.events.map((e) => e.description))].slice(0, 12);
    throw new InputError(
      `no event matches /${pattern.source}/; event descriptions include ` +
        (seen.length > 0 ? seen.map((d) => `'${d}'`).join(', ') : '(none)'),
      { file: raw.file, field: '--marker' },
    );
  }
  return markers;
}

/**
 * Trials of a CSV/TSV trial log (trial_id column required), in file order. With a
 * participant_id column holding several participants, `participant` must choose one.
 */
export function readTrialTable(path: string, options: { participant?: string;
  codeColumn?: string } = {}): TrialRow[] {
  const { fields, rows } = readTable(path);
  requireColumn(fields, 'trial_id', path);
  if (options.codeColumn !== undefined) requireColumn(fields, options.codeColumn, path);
  let selected = rows.map((row, i) => ({ row, line: i + 2 }));
  if (fields.includes('participant_id')) {
    const ids = [...new Set(rows.map((r) => r.participant_id))];
    if (options.participant !== undefined) {
      selected = selected.filter(({ row }) => row.participant_id === options.participant);
      if (selected.length === 0) {
        throw new InputError(
          `no rows for participant '${options.participant}'; participants are ${ids.join(', ')}`,
          { file: path, field: 'participant_id' },
        );
      }
    } else if (ids.length > 1) {
      throw new InputError(
        `the table holds ${ids.length} participants (${ids.slice(0, 5).join(', ')}...); ` +
          'choose one with --participant',
        { file: path, field: 'participant_id' },
      );
    }
  }
  return selected.map(({ row, line }) => {
    const trialId = (row.trial_id ?? '').trim();
    if (trialId === '') {
      throw new InputError('trial_id is empty', { file: path, row: line, field: 'trial_id' });
    }
    const trial: TrialRow = { trialId, source: `${path} row ${line}` };
    if (options.codeColumn !== undefined) trial.code = (row[options.codeColumn] ?? '').trim();
    return trial;
  });
}

/** Codes compare as numbers when both contain one ("S 13", "Stimulus/S 13", "13"). */
function sameCode(markerCode: string, trialCode: string): boolean {
  if (markerCode === trialCode) return true;
  const number = (text: string): number | null => {
    const m = /(-?\d+(\.\d+)?)\s*$/.exec(text);
    return m === null ? null : Number(m[1]);
  };
  const a = number(markerCode);
  const b = number(trialCode);
  return a !== null && b !== null && a === b;
}

/**
 * Pairs markers with trials one to one, in order. Throws an InputError naming the first place
 * where the sequences diverge: a different trial id, a different code, or one running out.
 */
export function matchMarkersToTrials(markers: Marker[], trials: TrialRow[]): MatchedMarker[] {
  const byId = markers.every((m) => m.trialId !== undefined);
  const n = Math.min(markers.length, trials.length);
  for (let i = 0; i < n; i += 1) {
    const marker = markers[i] as Marker;
    const trial = trials[i] as TrialRow;
    if (byId && marker.trialId !== trial.trialId) {
      throw new InputError(
        `markers and trials diverge at position ${i + 1}: marker (${marker.source}) has ` +
          `trial_id '${marker.trialId}', trial (${trial.source}) has '${trial.trialId}'`,
        { field: 'trial_id' },
      );
    }
    if (trial.code !== undefined && !sameCode(marker.code, trial.code)) {
      throw new InputError(
        `markers and trials diverge at position ${i + 1}: marker (${marker.source}) has code ` +
          `'${marker.code}', trial ${trial.trialId} (${trial.source}) expects '${trial.code}'`,
        { field: 'code' },
      );
    }
  }
  if (markers.length !== trials.length) {
    const extra = markers.length > trials.length
      ? `first marker without a trial: ${markers[n]?.source}`
      : `first trial without a marker: ${trials[n]?.trialId} (${trials[n]?.source})`;
    throw new InputError(
      `${markers.length} markers but ${trials.length} trials (the first ${n} agree); ${extra}`,
      { field: 'trials' },
    );
  }
  return markers.map((marker, i) => ({ marker, trial: trials[i] as TrialRow }));
}
