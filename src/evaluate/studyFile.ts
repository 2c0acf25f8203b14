/**
 * Feature-table tasks of a study file: a CSV with one row per participant (an id column, a
 * label column and feature columns) read into the engine's StudyTask, with the study's
 * subgroup filter and label coding applied and every exclusion counted. The study file itself
 * is parsed by src/pipeline/studyFile.ts. Every problem is an InputError naming the file, row
 * and field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import type { FeatureTable } from '../features/types.js';
import { InputError } from '../util/errors.js';
import type { StudyTask } from './study.js';

/** One task of a study file. */
export interface StudyFileTask {
  name: string;
  /** CSV path: participants x (id, label, features...). */
  features: string;
  idColumn?: string;
  labelColumn: string;
  /** Label text that means class 1; every other non-empty label is class 0. */
  positiveClass: string;
  /** If given, only this label text is class 0 and other labels are excluded and counted. */
  negativeClass?: string;
  /** Keep only rows whose `column` has one of `values` (others are counted as excluded). */
  filter?: { column: string; values: string[] };
  /** Columns that are neither id, label nor features (e.g. demographics). */
  ignoreColumns?: string[];
}

/** Reads one task's feature CSV, applying its filter and label coding, counting exclusions. */
export function readTask(task: StudyFileTask, folder: string, where = 'task'): StudyTask {
  if (typeof task.name !== 'string' || typeof task.features !== 'string'
    || typeof task.labelColumn !== 'string' || typeof task.positiveClass !== 'string') {
    throw new InputError('a task needs name, features (CSV path), labelColumn and positiveClass',
      { file: where });
  }
  const file = resolve(folder, task.features);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the feature table: ${(error as Error).message}`, { file });
  }
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (header === undefined) throw new InputError('the feature table is empty', { file });
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) {
      throw new InputError(`column '${name}' not found; the header has ${header.join(', ')}`,
        { file, row: 1, field: name });
    }
    return index;
  };
  const idIndex = column(task.idColumn ?? 'participant');
  const labelIndex = column(task.labelColumn);
  const filterIndex = task.filter === undefined ? -1 : column(task.filter.column);
  const ignored = new Set((task.ignoreColumns ?? []).map(column));
  const featureIndices = header.map((_, k) => k)
    .filter((k) => k !== idIndex && k !== labelIndex && k !== filterIndex && !ignored.has(k));

  const counts = new Map<string, number>();
  const exclude = (reason: string): void => { counts.set(reason, (counts.get(reason) ?? 0) + 1); };
  const ids: string[] = [];
  const labels: number[] = [];
  const values: number[] = [];
  rows.forEach((cells, r) => {
    const row = r + 2;
    if (cells.length !== header.length) {
      throw new InputError(`expected ${header.length} cells, found ${cells.length}`, { file, row });
    }
    if (task.filter !== undefined && !task.filter.values.includes(cells[filterIndex]!.trim())) {
      exclude(`${task.filter.column} not in {${task.filter.values.join(', ')}}`);
      return;
    }
    const labelText = cells[labelIndex]!.trim();
    let label: number;
    if (labelText === '') label = Number.NaN;
    else if (labelText === task.positiveClass) label = 1;
    else if (task.negativeClass === undefined || labelText === task.negativeClass) label = 0;
    else {
      exclude(`${task.labelColumn} neither '${task.positiveClass}' nor '${task.negativeClass}'`);
      return;
    }
    ids.push(cells[idIndex]!.trim());
    labels.push(label);
    for (const k of featureIndices) {
      const cell = cells[k]!.trim();
      const value = cell === '' || cell === 'NA' || cell === 'NaN' ? Number.NaN : Number(cell);
      if (cell !== '' && cell !== 'NA' && cell !== 'NaN' && !Number.isFinite(value)) {
        throw new InputError(`expected a number or an empty cell, found '${cell}'`,
          { file, row, field: header[k] });
      }
      values.push(value);
    }
  });
  const features: FeatureTable = {
    participantIds: ids,
    featureNames: featureIndices.map((k) => header[k]!),
    d: Float64Array.from(values),
    se: new Float64Array(values.length).fill(Number.NaN),
  };
  return { name: task.name, features, labels: Float64Array.from(labels),
    exclusions: [...counts].map(([reason, count]) => ({ reason, count })) };
}
