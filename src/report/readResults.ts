/**
 * Reads a results.json for the report and checks, field by field, what the report needs of it
 * (schema name and version, tasks, cells with their AUC, interval and predictions), so that a
 * wrong or truncated file is reported with its path and the offending field rather than
 * failing inside a chart.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import {
  RESULTS_SCHEMA,
  RESULTS_SCHEMA_VERSION,
  type EvaluationResults,
} from '../evaluate/results.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberOrNull(value: unknown): boolean {
  return value === null || typeof value === 'number';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function expect(file: string, field: string, ok: boolean, expected: string, found: unknown): void {
  if (!ok) throw new InputError(`expected ${expected}, found ${describe(found)}`, { file, field });
}

/** Checks the parts of `document` the report reads; throws an InputError naming the field. */
export function validateResults(document: unknown, file: string): EvaluationResults {
  expect(file, '(top level)', isObject(document), 'a JSON object', document);
  const root = document as Json;
  expect(file, 'schema', root['schema'] === RESULTS_SCHEMA, `'${RESULTS_SCHEMA}'`, root['schema']);
  expect(file, 'schemaVersion', root['schemaVersion'] === RESULTS_SCHEMA_VERSION,
    `${RESULTS_SCHEMA_VERSION} (this iatbayes reads that version)`, root['schemaVersion']);
  const settings = root['settings'];
  expect(file, 'settings', isObject(settings), 'an object', settings);
  const seed = (settings as Json)['seed'];
  expect(file, 'settings.seed', Number.isInteger(seed) && (seed as number) >= 0
    && (seed as number) <= 0xffffffff, 'an integer from 0 to 4294967295', seed);
  expect(file, 'settings.cv', isObject((settings as Json)['cv']), 'an object',
    (settings as Json)['cv']);
  for (const key of ['versions', 'timings'] as const) {
    expect(file, key, isObject(root[key]), 'an object', root[key]);
  }
  for (const key of ['tasks', 'cells'] as const) {
    expect(file, key, Array.isArray(root[key]), 'an array', root[key]);
  }
  (root['tasks'] as unknown[]).forEach((task, i) => {
    const field = `tasks[${i}]`;
    expect(file, field, isObject(task), 'an object', task);
    const t = task as Json;
    expect(file, `${field}.name`, typeof t['name'] === 'string', 'a string', t['name']);
    for (const key of ['participants', 'positives', 'negatives']) {
      expect(file, `${field}.${key}`, Number.isInteger(t[key]), 'an integer', t[key]);
    }
    expect(file, `${field}.exclusions`, Array.isArray(t['exclusions']), 'an array',
      t['exclusions']);
    (t['exclusions'] as unknown[]).forEach((exclusion, k) => {
      expect(file, `${field}.exclusions[${k}]`, isObject(exclusion), 'an object', exclusion);
    });
    expect(file, `${field}.participantIds`, Array.isArray(t['participantIds']), 'an array',
      t['participantIds']);
  });
  (root['cells'] as unknown[]).forEach((cell, i) => validateCell(cell, `cells[${i}]`, file));
  return document as EvaluationResults;
}

function validateCell(cell: unknown, field: string, file: string): void {
  expect(file, field, isObject(cell), 'an object', cell);
  const c = cell as Json;
  for (const key of ['task', 'configuration', 'method']) {
    expect(file, `${field}.${key}`, typeof c[key] === 'string', 'a string', c[key]);
  }
  expect(file, `${field}.auc`, c['auc'] === null || typeof c['auc'] === 'number',
    'a number or null', c['auc']);
  const ci = c['ci'] as Json | undefined;
  expect(file, `${field}.ci`, isObject(ci), 'an object', ci);
  const reported = (ci as Json)['reported'];
  expect(file, `${field}.ci.reported`, Array.isArray(reported) && reported.length === 2,
    'an array [lower, upper]', reported);
  const level = (ci as Json)['level'];
  expect(file, `${field}.ci.level`, typeof level === 'number' && level > 0 && level < 1,
    'a number between 0 and 1', level);
  expect(file, `${field}.ci.reported`, (reported as unknown[]).every(isNumberOrNull),
    'numbers or null', reported);
  for (const key of ['fcrCi', 'permutation']) {
    expect(file, `${field}.${key}`, c[key] === null || isObject(c[key]), 'an object or null',
      c[key]);
  }
  const fcrReported = (c['fcrCi'] as Json | null | undefined)?.['reported'];
  const fcrOk = c['fcrCi'] === null || (Array.isArray(fcrReported) && fcrReported.length === 2
    && fcrReported.every(isNumberOrNull));
  expect(file, `${field}.fcrCi.reported`, fcrOk, 'an array [lower, upper]', fcrReported);
  expect(file, `${field}.qBh`, isNumberOrNull(c['qBh']), 'a number or null', c['qBh']);
  const predictions = c['predictions'] as Json | undefined;
  expect(file, `${field}.predictions`, isObject(predictions), 'an object', predictions);
  const p = predictions as Json;
  for (const key of ['participantIds', 'labels', 'scores']) {
    expect(file, `${field}.predictions.${key}`, Array.isArray(p[key]), 'an array', p[key]);
  }
  for (const key of ['labels', 'scores']) {
    const bad = (p[key] as unknown[]).findIndex((value) => !isNumberOrNull(value));
    expect(file, `${field}.predictions.${key}[${bad}]`, bad < 0, 'a number or null',
      (p[key] as unknown[])[bad]);
  }
  const lengths = ['participantIds', 'labels', 'scores'].map((key) => (p[key] as unknown[]).length);
  expect(file, `${field}.predictions`, lengths.every((length) => length === lengths[0]),
    'participantIds, labels and scores of one length', `lengths ${lengths.join(', ')}`);
}

/** Reads and checks `path`; JSON syntax errors are reported with the file name. */
export function readResults(path: string): EvaluationResults {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the file: ${(error as Error).message}`, { file: path });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file: path });
  }
  return validateResults(document, path);
}
