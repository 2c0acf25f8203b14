/**
 * How a trial file's columns and block labels map onto IAT trials: the JSON that
 * `iatbayes score --config` takes (and the "iat" key of a cohort.json), the presets of the
 * known exports, and recognition of those exports from their header.
 */
import { InputError } from '../../util/errors.js';

export type IatFormat = 'long' | 'inquisit' | 'project-implicit' | 'attempts';
export const IAT_FORMATS: readonly IatFormat[] = [
  'long', 'inquisit', 'project-implicit', 'attempts',
];

/** Column names in the file. Exactly one of `correct` and `error` is needed. */
export interface IatColumns {
  participant: string;
  block: string;
  latency: string;
  correct?: string;
  error?: string;
  /** Trial number within block (for duplicate detection and attempt grouping). */
  trial?: string;
  stimulus?: string;
  trialId?: string;
  /** Attempt-level logs: the attempt number column (rows of one trial are consecutive). */
  attempt?: string;
}

/** Labels (in the block column) of the four combined blocks (Greenwald B3, B4, B6, B7). */
export interface IatBlockLabels {
  aPractice: string[];
  aTest: string[];
  bPractice: string[];
  bTest: string[];
}

/** A complete reading configuration. */
export interface IatReadConfig {
  format: IatFormat;
  /** Field delimiter; detected from the header when absent. */
  delimiter?: string;
  columns: IatColumns;
  /** Values of the accuracy column meaning correct and meaning error. */
  correctValues: string[];
  errorValues: string[];
  blocks: IatBlockLabels;
  /** Per-participant counterbalancing: rows whose `column` value is in `swapValues` have the
   * A and B labels exchanged (their "A" blocks used mapping B). */
  counterbalance?: { column: string; swapValues: string[] };
  /** Project Implicit: the mapping of a combined block is read from its pairing definition
   * (`column`); a block is mapping A when one of its "category/attribute" sides equals one
   * of `mappingA` (e.g. ["Math/Male", "Language Arts/Female"]). The block labels then only
   * tell practice from test. */
  pairing?: { column: string; mappingA?: string[] };
  /** Rows to drop before anything else (e.g. instruction screens `reminder`). */
  dropRows: Array<{ column: string; values: string[] }>;
  /** Optional columns (trial, stimulus, trialId) the user named: these must exist; the
   * preset's optional columns are used only when the header has them. */
  explicitColumns?: string[];
}

/** What a user may give (JSON config or flags): any part, block labels as string or list. */
export interface IatReadConfigInput {
  format?: IatFormat | 'auto';
  delimiter?: string;
  columns?: Partial<IatColumns>;
  correctValues?: string[];
  errorValues?: string[];
  blocks?: Partial<Record<keyof IatBlockLabels, string | string[]>>;
  counterbalance?: { column: string; swapValues: string[] };
  pairing?: { column?: string; mappingA?: string | string[] };
  dropRows?: Array<{ column: string; values: string | string[] }>;
}

const TRUE_VALUES = ['1', 'TRUE', 'True', 'true'];
const FALSE_VALUES = ['0', 'FALSE', 'False', 'false'];

/** Presets: the cohort simulator's long format and the known exports. */
export const PRESETS: Readonly<Record<string, IatReadConfig>> = {
  long: {
    format: 'long',
    columns: {
      participant: 'participant_id', block: 'block_name', latency: 'latency_ms',
      correct: 'correct', trial: 'trial', stimulus: 'stimulus', trialId: 'trial_id',
    },
    correctValues: TRUE_VALUES, errorValues: FALSE_VALUES,
    blocks: {
      aPractice: ['combined_A_practice'], aTest: ['combined_A_test'],
      bPractice: ['combined_B_practice'], bTest: ['combined_B_test'],
    },
    dropRows: [],
  },
  // Inquisit's native raw data (Millisecond IAT template block names).
  inquisit: {
    format: 'inquisit',
    columns: {
      participant: 'subject', block: 'blockcode', latency: 'latency', correct: 'correct',
      trial: 'trialnum', stimulus: 'stimulusitem1',
    },
    correctValues: TRUE_VALUES, errorValues: FALSE_VALUES,
    blocks: {
      aPractice: ['compatibletest1'], aTest: ['compatibletest2'],
      bPractice: ['incompatibletest1'], bTest: ['incompatibletest2'],
    },
    dropRows: [],
  },
  // The same Inquisit task with the column names of the screened export of Hussey & De Houwer.
  'inquisit-screened': {
    format: 'inquisit',
    columns: {
      participant: 'participant', block: 'task', latency: 'rt', correct: 'accuracy',
      trial: 'trial_n', stimulus: 'item',
    },
    correctValues: TRUE_VALUES, errorValues: FALSE_VALUES,
    blocks: {
      aPractice: ['compatibletest1'], aTest: ['compatibletest2'],
      bPractice: ['incompatibletest1'], bTest: ['incompatibletest2'],
    },
    dropRows: [],
  },
  // Project Implicit: 0-based blocks; BLOCK2/3 and BLOCK5/6 are the combined pairs.
  'project-implicit': {
    format: 'project-implicit',
    columns: {
      participant: 'SESSION_ID', block: 'BLOCK_NAME_S', latency: 'TRIAL_LATENCY',
      error: 'TRIAL_ERROR', trial: 'TRIAL_NUMBER', stimulus: 'TRIAL_NAME_S',
    },
    correctValues: ['0'], errorValues: ['1'],
    blocks: {
      aPractice: ['BLOCK2'], aTest: ['BLOCK3'], bPractice: ['BLOCK5'], bTest: ['BLOCK6'],
    },
    pairing: { column: 'BLOCK_PAIRING_DEFINITION_S' },
    dropRows: [],
  },
  // Attempt-level logs (JASMIN2, as shipped with splithalfr): response 1 = correct.
  attempts: {
    format: 'attempts',
    columns: {
      participant: 'participation_id', block: 'block_type', latency: 'rt', correct: 'response',
      trial: 'trial', attempt: 'attempt', stimulus: 'stim',
    },
    correctValues: ['1'], errorValues: ['2', '3', '4'],
    blocks: {
      aPractice: ['tar1att1_1'], aTest: ['tar1att1_2'],
      bPractice: ['tar1att2_1'], bTest: ['tar1att2_2'],
    },
    dropRows: [],
  },
};

/** The preset whose columns a header has, or 'long' when none matches. */
export function detectPreset(header: readonly string[]): string {
  const has = (...names: string[]): boolean => names.every((name) => header.includes(name));
  if (has('SESSION_ID', 'BLOCK_NAME_S', 'TRIAL_LATENCY', 'TRIAL_ERROR')) return 'project-implicit';
  if (has('participation_id', 'block_type', 'attempt', 'rt', 'response')) return 'attempts';
  if (has('subject', 'blockcode', 'trialcode', 'latency', 'correct')) return 'inquisit';
  if (has('participant', 'block_n', 'task', 'rt', 'accuracy')) return 'inquisit-screened';
  return 'long';
}

/** The preset for an explicit format; Inquisit picks native or screened names by header. */
export function presetFor(format: IatFormat | 'auto', header: readonly string[]): string {
  if (format === 'auto') return detectPreset(header);
  if (format === 'inquisit') {
    return detectPreset(header) === 'inquisit-screened' ? 'inquisit-screened' : 'inquisit';
  }
  return format;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/**
 * Layers configurations: later ones win field by field (config file first, then flags).
 * `base` is the preset of the detected or chosen format.
 */
export function mergeConfig(base: IatReadConfig, ...layers: IatReadConfigInput[]): IatReadConfig {
  const merged: IatReadConfig = {
    ...base,
    columns: { ...base.columns },
    blocks: { ...base.blocks },
    dropRows: [...base.dropRows],
    ...(base.pairing ? { pairing: { ...base.pairing } } : {}),
  };
  for (const layer of layers) {
    if (layer.delimiter !== undefined) merged.delimiter = layer.delimiter;
    if (layer.columns) {
      for (const [key, value] of Object.entries(layer.columns)) {
        if (value === undefined) continue;
        (merged.columns as unknown as Record<string, string>)[key] = value;
        merged.explicitColumns = [...(merged.explicitColumns ?? []), key];
        // An accuracy column given as `error` replaces a preset `correct` and vice versa.
        if (key === 'error') delete merged.columns.correct;
        if (key === 'correct') delete merged.columns.error;
      }
    }
    if (layer.correctValues) merged.correctValues = [...layer.correctValues];
    if (layer.errorValues) merged.errorValues = [...layer.errorValues];
    if (layer.blocks) {
      for (const [key, value] of Object.entries(layer.blocks)) {
        if (value !== undefined) merged.blocks[key as keyof IatBlockLabels] = list(value);
      }
    }
    if (layer.counterbalance) merged.counterbalance = { ...layer.counterbalance };
    if (layer.pairing) {
      const column = layer.pairing.column ?? merged.pairing?.column;
      if (column === undefined) {
        throw new InputError('pairing needs a column name', { field: 'pairing.column' });
      }
      const mappingA = layer.pairing.mappingA ?? merged.pairing?.mappingA;
      merged.pairing = { column, ...(mappingA !== undefined ? { mappingA: list(mappingA) } : {}) };
    }
    if (layer.dropRows) {
      merged.dropRows.push(...layer.dropRows.map((rule) => ({
        column: rule.column, values: list(rule.values),
      })));
    }
  }
  return merged;
}

/** Checks a parsed JSON configuration and returns it typed; errors name the key. */
export function parseConfigJson(value: unknown, file: string): IatReadConfigInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('expected a JSON object', { file });
  }
  const config = value as Record<string, unknown>;
  const known = [
    'format', 'delimiter', 'columns', 'correctValues', 'errorValues', 'blocks',
    'counterbalance', 'pairing', 'dropRows',
  ];
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new InputError(`unknown key '${key}'; expected one of ${known.join(', ')}`, {
        file, field: key,
      });
    }
  }
  if (config.format !== undefined && config.format !== 'auto' &&
    !IAT_FORMATS.includes(config.format as IatFormat)) {
    throw new InputError(
      `unknown format '${String(config.format)}'; expected auto, ${IAT_FORMATS.join(', ')}`,
      { file, field: 'format' },
    );
  }
  const stringMap = (key: string): void => {
    const entry = config[key];
    if (entry === undefined) return;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new InputError('expected an object', { file, field: key });
    }
    for (const [name, item] of Object.entries(entry)) {
      const ok = typeof item === 'string' ||
        (Array.isArray(item) && item.every((x) => typeof x === 'string'));
      if (!ok) throw new InputError('expected a string or list of strings', {
        file, field: `${key}.${name}`,
      });
    }
  };
  stringMap('columns');
  stringMap('blocks');
  for (const key of ['correctValues', 'errorValues']) {
    const entry = config[key];
    const strings = Array.isArray(entry) && entry.every((x) => typeof x === 'string');
    if (entry !== undefined && !strings) {
      throw new InputError('expected a list of strings', { file, field: key });
    }
  }
  return config as IatReadConfigInput;
}
