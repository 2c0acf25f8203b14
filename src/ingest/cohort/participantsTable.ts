/**
 * The participants table of a cohort (BIDS participants.tsv, or a CSV): one row per
 * participant with `participant_id`, numeric label columns and text group columns. Missing
 * values are empty or `n/a` (BIDS).
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../../util/errors.js';

/** A parsed participants table. */
export interface ParticipantsTable {
  file: string;
  idColumn: string;
  rows: Array<{ id: string; row: number; values: Record<string, string | null> }>;
  /** Columns whose non-missing values are all numbers. */
  labelColumns: string[];
  /** The other columns. */
  groupColumns: string[];
}

const MISSING = new Set(['', 'n/a', 'na', 'nan']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ID_COLUMNS = ['participant_id', 'participant', 'subject', 'id'];

/**
 * Reads `path` (`shownName` is how errors name it). The id column is `participant_id` or, for
 * CSV exports, `participant`, `subject` or `id`. Throws InputError naming file, row and field
 * for a missing id column, an empty or duplicated id, or a row with the wrong field count.
 */
export function readParticipantsTable(path: string, shownName: string): ParticipantsTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the participants table: ${(error as Error).message}`, {
      file: shownName,
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = /\.tsv$/i.test(path) ? '\t' : ',';
  const parsed = Papa.parse<string[]>(text.replace(/\r?\n$/, ''), {
    delimiter,
    skipEmptyLines: false,
  });
  const records = parsed.data;
  const header = (records[0] ?? []).map((name) => name.trim());
  if (header.length === 0 || header.every((name) => name === '')) {
    throw new InputError('the participants table is empty (no header row)', { file: shownName });
  }
  // Exports name the id column in any case ('Participant' in implicitMeasures' data).
  const idColumn = ID_COLUMNS.map((name) => header.find((h) => h.toLowerCase() === name)).find(
    (name) => name !== undefined,
  );
  if (idColumn === undefined) {
    throw new InputError(`expected a 'participant_id' column, found columns ${header.join(', ')}`, {
      file: shownName,
      row: 1,
      field: 'participant_id',
    });
  }
  const idIndex = header.indexOf(idColumn);
  const rows: ParticipantsTable['rows'] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((fields, index) => {
    const row = index + 2;
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    if (fields.length !== header.length) {
      throw new InputError(`expected ${header.length} fields, found ${fields.length}`, {
        file: shownName,
        row,
      });
    }
    const id = (fields[idIndex] ?? '').trim();
    if (MISSING.has(id.toLowerCase())) {
      throw new InputError('expected a participant id, found an empty value', {
        file: shownName,
        row,
        field: idColumn,
      });
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new InputError(`participant '${id}' is listed twice (rows ${earlier} and ${row})`, {
        file: shownName,
        row,
        field: idColumn,
      });
    }
    seen.set(id, row);
    const values: Record<string, string | null> = {};
    header.forEach((name, column) => {
      if (column === idIndex) return;
      const value = (fields[column] ?? '').trim();
      values[name] = MISSING.has(value.toLowerCase()) ? null : value;
    });
    rows.push({ id, row, values });
  });
  const others = header.filter((name) => name !== idColumn);
  const labelColumns = others.filter((name) => {
    const present = rows.map((r) => r.values[name]).filter((v): v is string => v !== null);
    return present.length > 0 && present.every((value) => NUMBER.test(value));
  });
  return {
    file: shownName,
    idColumn,
    rows,
    labelColumns,
    groupColumns: others.filter((name) => !labelColumns.includes(name)),
  };
}
