/**
 * The study file (`iatbayes evaluate STUDY.json`, `iatbayes run STUDY.json`): which cohorts
 * (tasks), which label and positive class, which participants (subgroup filters), which
 * modality configurations, methods, cross-validation, bootstrap and permutation counts, q level
 * and seed. Paths inside it are relative to the study file's folder.
 *
 * Example:
 * {
 *   "name": "demo",
 *   "seed": 1,
 *   "tasks": [{ "name": "eiat", "cohort": "eiat", "label": "entrapment", "positive": 1 }],
 *   "configurations": [{ "name": "RT", "modalities": ["rt"] },
 *                      { "name": "RT+EEG", "modalities": ["rt", "eeg-spectral"] }],
 *   "methods": ["dscore", "lda", "logistic", "bayes"],
 *   "cv": { "scheme": "leave-one-out" },
 *   "bootstrap": 2000, "permutations": 200, "q": 0.05,
 *   "features": { "variant": "D2", "bands": "theta:4-8,alpha:8-13", "perPhase": false }
 * }
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CvScheme } from '../evaluate/cv.js';
import {
  MODALITIES,
  type Modality,
  type ParticipantTableOptions,
} from '../features/participantTable.js';
import { ALL_VARIANTS, type DVariant } from '../features/dscore/types.js';
import { parseBands } from '../features/spectral/bands.js';
import { InputError } from '../util/errors.js';
import {
  asBoolean,
  asObject,
  asString,
  describeJson,
  integerIn,
  numberIn,
} from '../util/jsonFields.js';
import { DSCORE_CONFIGURATION, EEGNET_CONFIGURATION } from './design.js';
import { METHOD_KINDS, type StudyMethodOptions } from './estimators.js';
import type { StudyFileTask } from '../evaluate/studyFile.js';

/** How a task's binary label is made from the participants table. */
export type LabelRule =
  /** A column; participants whose value equals `positive` are 1, the others 0. */
  | { column: string; positive: number | string }
  /** 1 when column `greater` exceeds column `than`, 0 when below; ties are excluded. */
  | { greater: string; than: string };

export interface StudyTaskSpec {
  name: string;
  /** Cohort folder (absolute, resolved against the study file's folder). */
  cohort: string;
  /** Instead of a cohort: a participants x features CSV with a label column (see
   * docs/evaluation.md), read by src/evaluate/studyFile.ts's readTask. */
  table?: StudyFileTask;
  label: LabelRule;
  /** Keep only participants whose group column has one of these values. */
  filter?: Record<string, Array<string | number>>;
  /** Long-format cohorts: trial file and participants file inside the cohort folder. */
  trials?: string;
  participants?: string;
  /** IAT column/block mapping for long-format cohorts without a cohort.json. */
  iat?: Record<string, unknown>;
}

export interface StudyConfigurationSpec {
  name: string;
  /** Feature families of cohort tasks (rt, eeg-spectral, eeg-erp). */
  modalities: Modality[];
  /** Feature-name patterns ('prefix*' or exact names), for feature-table tasks; when given,
   * they select the features instead of the modalities. */
  features?: string[];
}

export interface StudyMethodSpec {
  name: string;
  options: StudyMethodOptions;
}

export interface StudySpec {
  /** Absolute path of the study file (or '<inline>'). */
  file: string;
  name: string;
  seed: number;
  tasks: StudyTaskSpec[];
  configurations: StudyConfigurationSpec[];
  methods: StudyMethodSpec[];
  cv: CvScheme;
  bootstrap: number;
  permutations: number;
  q: number;
  fcr: boolean;
  features: Pick<ParticipantTableOptions, 'variant' | 'perPhase' | 'missingEeg' | 'spectral'>;
  /** The comparison the report's summary sentence is about (default: the first cell). */
  primary?: { task: string; configuration: string; method: string };
}

/** Keys a study file may have at its top level. */
const STUDY_KEYS = [
  'name',
  'description',
  'seed',
  'tasks',
  'configurations',
  'methods',
  'features',
  'cv',
  'bootstrap',
  'bootstrapReplicates',
  'permutations',
  'q',
  'fcr',
  'primary',
];

/** A misspelt key would otherwise be ignored and its default used without a word. */
function knownKeys(
  object: Record<string, unknown>,
  known: string[],
  file: string,
  prefix: string,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new InputError(`unknown key; expected one of ${known.join(', ')}`, {
        file,
        field: `${prefix}${key}`,
      });
    }
  }
}

/** Reads and validates a study file. */
export function readStudyFile(path: string): StudySpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the study file (${(error as Error).message})`, {
      file: path,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file: path });
  }
  return parseStudy(json, resolve(path));
}

/** Validates a study object; relative paths resolve against the folder of `file`. */
export function parseStudy(json: unknown, file: string): StudySpec {
  const at = (field: string): { file: string; field: string } => ({ file, field });
  const study = asObject(json, at('(top level)'));
  knownKeys(study, STUDY_KEYS, file, '');
  const base = file === '<inline>' ? process.cwd() : dirname(file);
  const inside = (value: string): string => (isAbsolute(value) ? value : resolve(base, value));

  const tasksJson = study.tasks;
  if (!Array.isArray(tasksJson) || tasksJson.length === 0) {
    throw new InputError('expected a non-empty array of tasks', at('tasks'));
  }
  const tasks = tasksJson.map((entry, i) => parseTask(entry, `tasks[${i}]`, file, inside));
  unique(
    tasks.map((t) => t.name),
    file,
    'tasks[].name',
  );

  const configurations = (study.configurations ?? [{ name: 'RT', modalities: ['rt'] }]) as unknown;
  if (!Array.isArray(configurations) || configurations.length === 0) {
    throw new InputError('expected a non-empty array of configurations', at('configurations'));
  }
  const parsedConfigurations = configurations.map((entry, i) => {
    const field = `configurations[${i}]`;
    const object = asObject(entry, at(field));
    const name = asString(object.name, at(`${field}.name`));
    const modalities = object.modalities ?? (object.features === undefined ? undefined : []);
    if (!Array.isArray(modalities) || (modalities.length === 0 && object.features === undefined)) {
      throw new InputError(
        'expected a non-empty array of modalities (or of feature patterns in ' + "'features')",
        at(`${field}.modalities`),
      );
    }
    for (const modality of modalities) {
      if (!(MODALITIES as readonly unknown[]).includes(modality)) {
        throw new InputError(
          `unknown modality '${String(modality)}'; expected one of ${MODALITIES.join(', ')}`,
          at(`${field}.modalities`),
        );
      }
    }
    if (object.features !== undefined) {
      const patterns = object.features;
      if (
        !Array.isArray(patterns) ||
        patterns.length === 0 ||
        !patterns.every((pattern) => typeof pattern === 'string' && pattern !== '')
      ) {
        throw new InputError(
          'expected a non-empty array of feature names or prefix* patterns',
          at(`${field}.features`),
        );
      }
      return { name, modalities: modalities as Modality[], features: patterns as string[] };
    }
    return { name, modalities: modalities as Modality[] };
  });
  unique(
    parsedConfigurations.map((c) => c.name),
    file,
    'configurations[].name',
  );

  const methodsJson = (study.methods ?? ['dscore', 'lda', 'logistic', 'bayes']) as unknown;
  if (!Array.isArray(methodsJson) || methodsJson.length === 0) {
    throw new InputError('expected a non-empty array of methods', at('methods'));
  }
  const methods = methodsJson.map((entry, i) => parseMethod(entry, `methods[${i}]`, file));
  unique(
    methods.map((m) => m.name),
    file,
    'methods[].name',
  );

  const featuresJson = study.features === undefined ? {} : asObject(study.features, at('features'));
  knownKeys(featuresJson, ['variant', 'perPhase', 'missingEeg', 'bands'], file, 'features.');
  const variant = (featuresJson.variant ?? 'D2') as DVariant;
  if (!ALL_VARIANTS.includes(variant)) {
    throw new InputError(
      `unknown D variant '${String(variant)}'; expected D1 to D6`,
      at('features.variant'),
    );
  }
  const missingEeg = featuresJson.missingEeg ?? 'exclude';
  if (missingEeg !== 'exclude' && missingEeg !== 'keep') {
    throw new InputError(
      `expected 'exclude' or 'keep', found '${String(missingEeg)}'`,
      at('features.missingEeg'),
    );
  }

  const spec: StudySpec = {
    file,
    name: study.name === undefined ? 'study' : asString(study.name, at('name')),
    seed: integerIn(study.seed ?? 1, 0, 0xffffffff, at('seed')),
    tasks,
    configurations: parsedConfigurations,
    methods,
    cv: parseCv(study.cv, file),
    // FCR-adjusted intervals reach far into the tails: 10,000 replicates by default then.
    bootstrap: integerIn(
      study.bootstrap ?? study.bootstrapReplicates ?? (study.fcr === true ? 10_000 : 2000),
      2000,
      1_000_000,
      at('bootstrap'),
    ),
    permutations: integerIn(study.permutations ?? 200, 0, 1_000_000, at('permutations')),
    q: numberIn(study.q ?? 0.05, 0, 1, at('q')),
    fcr: study.fcr === undefined ? false : asBoolean(study.fcr, at('fcr')),
    features: {
      ...(featuresJson.bands === undefined
        ? {}
        : {
            spectral: { bands: parseBands(asString(featuresJson.bands, at('features.bands'))) },
          }),
      variant,
      perPhase:
        featuresJson.perPhase === undefined
          ? false
          : asBoolean(featuresJson.perPhase, at('features.perPhase')),
      missingEeg,
    },
  };
  if (study.primary !== undefined) spec.primary = parsePrimary(study.primary, spec);
  return spec;
}

/**
 * `"primary": { "task": ..., "configuration": ..., "method": ... }`, checked against the study's
 * own names so that a typo is an error rather than a report about another comparison. The
 * D-score and EEGNet run only in configurations of their own (src/pipeline/design.ts).
 */
function parsePrimary(
  json: unknown,
  study: StudySpec,
): { task: string; configuration: string; method: string } {
  const file = study.file;
  const primary = asObject(json, { file, field: 'primary' });
  const part = (key: string, allowed: string[]): string => {
    const value = asString(primary[key], { file, field: `primary.${key}` });
    if (!allowed.includes(value)) {
      throw new InputError(`'${value}' is not one of the study's: ${allowed.join(', ')}`, {
        file,
        field: `primary.${key}`,
      });
    }
    return value;
  };
  const method = part(
    'method',
    study.methods.map((m) => m.name),
  );
  const kind = study.methods.find((m) => m.name === method)?.options.kind;
  const configurations =
    kind === 'dscore'
      ? [DSCORE_CONFIGURATION]
      : kind === 'eegnet'
        ? [EEGNET_CONFIGURATION]
        : study.configurations.map((c) => c.name);
  return {
    task: part(
      'task',
      study.tasks.map((t) => t.name),
    ),
    configuration: part('configuration', configurations),
    method,
  };
}

function parseTask(
  entry: unknown,
  field: string,
  file: string,
  inside: (path: string) => string,
): StudyTaskSpec {
  const at = (sub: string): { file: string; field: string } => ({ file, field: `${field}${sub}` });
  const task = asObject(entry, at(''));
  const name = asString(task.name, at('.name'));
  if (task.features !== undefined && task.cohort === undefined) {
    const table = { ...task, features: inside(asString(task.features, at('.features'))) };
    asString(task.labelColumn, at('.labelColumn'));
    asString(task.positiveClass, at('.positiveClass'));
    checkTableTask(task, at);
    return {
      name,
      cohort: dirname(table.features),
      table: table as unknown as StudyFileTask,
      label: { column: task.labelColumn as string, positive: task.positiveClass as string },
    };
  }
  const cohort = inside(asString(task.cohort, at('.cohort')));
  let label: LabelRule;
  if (typeof task.label === 'string') {
    const positive = task.positive ?? 1;
    if (typeof positive !== 'number' && typeof positive !== 'string') {
      throw new InputError('expected a number or a string', at('.positive'));
    }
    label = { column: task.label, positive };
  } else {
    const rule = asObject(task.label, at('.label'));
    label = {
      greater: asString(rule.greater, at('.label.greater')),
      than: asString(rule.than, at('.label.than')),
    };
  }
  const spec: StudyTaskSpec = { name, cohort, label };
  if (task.filter !== undefined) {
    const filter = asObject(task.filter, at('.filter'));
    spec.filter = {};
    for (const [column, values] of Object.entries(filter)) {
      if (
        !Array.isArray(values) ||
        values.length === 0 ||
        !values.every((v) => typeof v === 'string' || typeof v === 'number')
      ) {
        throw new InputError(
          `expected a non-empty array of strings or numbers, found ` + describeJson(values),
          at(`.filter.${column}`),
        );
      }
      spec.filter[column] = values as Array<string | number>;
    }
  }
  if (task.trials !== undefined) spec.trials = asString(task.trials, at('.trials'));
  if (task.participants !== undefined) {
    spec.participants = asString(task.participants, at('.participants'));
  }
  if (task.iat !== undefined) spec.iat = asObject(task.iat, at('.iat'));
  return spec;
}

/** The optional fields of a feature-table task: strings where strings are read. */
function checkTableTask(
  task: Record<string, unknown>,
  at: (sub: string) => { file: string; field: string },
): void {
  for (const key of ['idColumn', 'negativeClass']) {
    if (task[key] !== undefined) asString(task[key], at(`.${key}`));
  }
  const strings = (value: unknown, sub: string): void => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new InputError(`expected an array of strings, found ${describeJson(value)}`, at(sub));
    }
  };
  if (task.ignoreColumns !== undefined) strings(task.ignoreColumns, '.ignoreColumns');
  if (task.filter !== undefined) {
    const filter = asObject(task.filter, at('.filter'));
    asString(filter.column, at('.filter.column'));
    strings(filter.values, '.filter.values');
  }
}

function parseMethod(entry: unknown, field: string, file: string): StudyMethodSpec {
  const at = { file, field };
  if (typeof entry === 'string') {
    checkKind(entry, at);
    return { name: entry, options: { kind: entry } as StudyMethodOptions };
  }
  const object = asObject(entry, at);
  const kind = asString(object.kind, { file, field: `${field}.kind` });
  checkKind(kind, { file, field: `${field}.kind` });
  const name =
    object.name === undefined ? kind : asString(object.name, { file, field: `${field}.name` });
  // Options may sit in "options" or beside "kind" ({ "kind": "logistic", "c": 1 }).
  const {
    kind: _kind,
    name: _name,
    options: nested,
    configurations: _configurations,
    ...inline
  } = object;
  const options = { ...inline, ...(nested === undefined ? {} : asObject(nested, at)), kind };
  return { name, options: options as StudyMethodOptions };
}

function checkKind(kind: string, at: { file: string; field: string }): void {
  if (!(METHOD_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(
      `unknown method '${kind}'; expected one of ${METHOD_KINDS.join(', ')}`,
      at,
    );
  }
}

function parseCv(json: unknown, file: string): CvScheme {
  if (json === undefined) return { kind: 'leave-one-out' };
  const cv = asObject(json, { file, field: 'cv' });
  knownKeys(cv, ['scheme', 'kind', 'k', 'folds', 'repeats'], file, 'cv.');
  const scheme = asString(cv.scheme ?? cv.kind, { file, field: 'cv.scheme' });
  switch (scheme) {
    case 'leave-one-out':
    case 'loo':
      return { kind: 'leave-one-out' };
    case 'leave-pair-out':
    case 'lpo':
      return { kind: 'leave-pair-out' };
    case 'stratified-kfold':
    case 'kfold':
      return {
        kind: 'stratified-kfold',
        folds: integerIn(cv.k ?? cv.folds ?? 5, 2, 1000, { file, field: 'cv.k' }),
        repeats: integerIn(cv.repeats ?? 10, 1, 10_000, { file, field: 'cv.repeats' }),
      };
    default:
      throw new InputError(
        `unknown scheme '${scheme}'; expected leave-one-out, stratified-kfold or leave-pair-out`,
        { file, field: 'cv.scheme' },
      );
  }
}

function unique(names: string[], file: string, field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new InputError(`'${name}' is used twice; names must be unique`, { file, field });
    seen.add(name);
  }
}
