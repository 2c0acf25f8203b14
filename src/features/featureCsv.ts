/**
 * The features CSV: one row per participant, `participant_id` then, for every feature, its
 * contrast column `<name>` and its standard-error column `<name>.se`. Missing values are empty
 * cells. This is what `iatbayes features --out` writes and what `fit`, `predict` and
 * `evaluate` accept in place of a cohort folder.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { FeatureTable } from './types.js';
import { toCsv } from '../util/csv.js';
import { InputError } from '../util/errors.js';

/** The table as CSV text (see the file comment for the columns). */
export function featureTableToCsv(table: FeatureTable): string {
  const header = ['participant_id'];
  for (const name of table.featureNames) header.push(name, `${name}.se`);
  const nFeatures = table.featureNames.length;
  const rows = table.participantIds.map((id, s) => {
    const row: Array<string | number | null> = [id];
    for (let p = 0; p < nFeatures; p++) {
      const d = table.d[s * nFeatures + p] as number;
      const se = table.se[s * nFeatures + p] as number;
      row.push(Number.isFinite(d) ? d : null, Number.isFinite(se) ? se : null);
    }
    return row;
  });
  return toCsv(header, rows);
}

/** Reads a features CSV written by `featureTableToCsv` (or by hand in the same shape). */
export function readFeatureCsv(path: string): FeatureTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the features file (${(error as Error).message})`, {
      file: path,
    });
  }
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (header === undefined || header.length === 0) {
    throw new InputError('the features file is empty; expected a header row', { file: path });
  }
  if (header[0] !== 'participant_id') {
    throw new InputError(`expected the first column 'participant_id', found '${header[0]}'`, {
      file: path,
      row: 1,
    });
  }
  const featureNames: string[] = [];
  for (let c = 1; c < header.length; c += 2) {
    const name = header[c] as string;
    if (header[c + 1] !== `${name}.se`) {
      throw new InputError(
        `expected column '${name}.se' after '${name}', found '${header[c + 1] ?? '(none)'}'`,
        { file: path, row: 1, field: name },
      );
    }
    featureNames.push(name);
  }
  const nFeatures = featureNames.length;
  const d = new Float64Array(rows.length * nFeatures);
  const se = new Float64Array(rows.length * nFeatures);
  const participantIds: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, s) => {
    const rowNumber = s + 2;
    // toCsv writes an ID such as '=x' as "'=x" (formula guard); reading undoes that, so the
    // IDs of a features CSV written by iatbayes read back unchanged.
    const id = (row[0] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    if (id === '') throw new InputError('empty participant_id', { file: path, row: rowNumber });
    if (seen.has(id)) {
      throw new InputError(`participant '${id}' appears twice`, { file: path, row: rowNumber });
    }
    seen.add(id);
    participantIds.push(id);
    if (row.length !== header.length) {
      throw new InputError(`expected ${header.length} cells, found ${row.length}`, {
        file: path,
        row: rowNumber,
      });
    }
    for (let p = 0; p < nFeatures; p++) {
      d[s * nFeatures + p] = parseCell(row[1 + 2 * p] as string, path, rowNumber, featureNames[p]);
      se[s * nFeatures + p] = parseCell(
        row[2 + 2 * p] as string,
        path,
        rowNumber,
        `${featureNames[p]}.se`,
      );
    }
  });
  return { participantIds, featureNames, d, se };
}

function parseCell(cell: string, file: string, row: number, field: string | undefined): number {
  const text = cell.trim();
  if (text === '' || text === 'NA') return NaN;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InputError(`expected a number or an empty cell, found '${cell}'`, {
      file,
      row,
      ...(field === undefined ? {} : { field }),
    });
  }
  return value;
}
