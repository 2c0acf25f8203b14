/**
 * Saving and loading fitted models as versioned JSON files with a SHA-256 checksum of their
 * content, so that a file edited or truncated by hand is refused with a clear error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FeatureTable } from '../features/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { InputError } from '../util/errors.js';
import { buildLayout } from './layout.js';
import { checkFeatures } from './predict.js';
import { MODEL_SCHEMA_VERSION, type FittedModel } from './types.js';

/** Canonical JSON of the model (fixed key order as built by fitBatch) and its SHA-256. */
function checksumOf(model: FittedModel): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex');
}

/** The text of a model file: `{ "checksum": ..., "model": ... }`. */
export function serialiseModel(model: FittedModel): string {
  return `${JSON.stringify({ checksum: checksumOf(model), model }, null, 1)}\n`;
}

/** Writes the model to `path` atomically. */
export function saveModel(model: FittedModel, path: string): void {
  writeFileAtomic(path, serialiseModel(model));
}

const REQUIRED_FIELDS: (keyof FittedModel)[] = [
  'schemaVersion',
  'featureNames',
  'settings',
  'standardisation',
  'variational',
  'seed',
  'logTau0',
];

/** Parses and checks a model file's text; `source` names the file in errors. */
export function parseModel(text: string, source = 'model file'): FittedModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file: source });
  }
  const envelope = parsed as { checksum?: unknown; model?: unknown };
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.model !== 'object') {
    throw new InputError('expected an object with fields "checksum" and "model"', { file: source });
  }
  const model = envelope.model as FittedModel;
  if (model.schemaVersion !== MODEL_SCHEMA_VERSION) {
    throw new InputError(
      `expected model schema version ${MODEL_SCHEMA_VERSION}, found ${String(model.schemaVersion)}`,
      { file: source, field: 'schemaVersion' },
    );
  }
  for (const field of REQUIRED_FIELDS) {
    if (model[field] === undefined) {
      throw new InputError('missing field', { file: source, field: `model.${field}` });
    }
  }
  checkModelShape(model, source);
  const expected = checksumOf(model);
  if (envelope.checksum !== expected) {
    throw new InputError(
      `checksum mismatch (file altered or truncated): expected ${expected}, ` +
        `found ${String(envelope.checksum)}`,
      { file: source, field: 'checksum' },
    );
  }
  return model;
}

/** Reads a model file; with `table`, also checks that its features are the model's. */
export function loadModel(path: string, table?: FeatureTable): FittedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read model file (${(error as Error).message})`, { file: path });
  }
  const model = parseModel(text, path);
  if (table) checkFeatures(model, table, path);
  return model;
}

/**
 * Checks the types and sizes of every field that prediction reads, so that a model file edited
 * by hand (with its checksum recomputed) or written by another program is refused with the
 * field named, instead of failing inside the sampler.
 */
function checkModelShape(model: FittedModel, source: string): void {
  const fail = (field: string, expected: string, found: unknown): never => {
    const shown = (JSON.stringify(found) ?? String(found)).slice(0, 60);
    throw new InputError(`expected ${expected}, found ${shown}`, {
      file: source,
      field: `model.${field}`,
    });
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const numbers = (value: unknown, length: number, field: string): void => {
    if (
      !Array.isArray(value) ||
      value.length !== length ||
      !value.every((x) => typeof x === 'number')
    ) {
      fail(field, `an array of ${length} numbers`, value);
    }
  };
  if (!Number.isInteger(model.seed) || model.seed < 0 || model.seed > 0xffffffff) {
    fail('seed', 'an integer from 0 to 4294967295', model.seed);
  }
  const names = model.featureNames as unknown;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    fail('featureNames', 'a non-empty array of feature names', names);
  }
  const P = model.featureNames.length;
  const settings = model.settings as unknown;
  if (!isObject(settings)) return fail('settings', 'an object', settings);
  if (settings.outcome !== 'binary' && settings.outcome !== 'continuous') {
    fail('settings.outcome', "'binary' or 'continuous'", settings.outcome);
  }
  const prior = settings.prior;
  if (!isObject(prior) || !['horseshoe', 'ard', 'gaussian'].includes(prior.kind as string)) {
    fail('settings.prior', "an object of kind 'horseshoe', 'ard' or 'gaussian'", prior);
  }
  const draws = settings.posteriorDraws;
  if (!Number.isInteger(draws) || (draws as number) < 1 || (draws as number) > 1e6) {
    fail('settings.posteriorDraws', 'an integer from 1 to 1000000', draws);
  }
  if (typeof model.logTau0 !== 'number') fail('logTau0', 'a number', model.logTau0);
  const standardisation = model.standardisation as unknown;
  if (!isObject(standardisation)) return fail('standardisation', 'an object', standardisation);
  numbers(standardisation.center, P, 'standardisation.center');
  numbers(standardisation.scale, P, 'standardisation.scale');
  const population = model.population as unknown;
  if (population !== null) {
    if (!isObject(population)) return fail('population', 'an object or null', population);
    for (const key of ['mu', 'sigma', 'muSd']) numbers(population[key], P, `population.${key}`);
  }
  const outcomeScale = model.outcomeScale as unknown;
  if (
    outcomeScale !== null &&
    outcomeScale !== undefined &&
    (!isObject(outcomeScale) ||
      typeof outcomeScale.center !== 'number' ||
      typeof outcomeScale.scale !== 'number')
  ) {
    fail('outcomeScale', 'null or { center, scale } numbers', outcomeScale);
  }
  const variational = model.variational as unknown;
  if (!isObject(variational)) return fail('variational', 'an object', variational);
  const layout = buildLayout(model.featureNames, model.settings);
  const parameterNames = variational.names;
  if (
    !Array.isArray(parameterNames) ||
    parameterNames.length !== layout.size ||
    parameterNames.some((name, k) => name !== layout.names[k])
  ) {
    fail(
      'variational.names',
      `the ${layout.size} parameters of this prior and these features`,
      parameterNames,
    );
  }
  numbers(variational.mean, layout.size, 'variational.mean');
  numbers(variational.logSd, layout.size, 'variational.logSd');
  const factor = variational.factor;
  if (!Array.isArray(factor)) return fail('variational.factor', 'an array of rows', factor);
  factor.forEach((row, r) => numbers(row, layout.size, `variational.factor[${r}]`));
}
