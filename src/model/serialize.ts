/**
 * Saving and loading fitted models as versioned JSON files with a SHA-256 checksum of their
 * content, so that a file edited or truncated by hand is refused with a clear error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FeatureTable } from '../features/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { InputError } from '../util/errors.js';
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
  'schemaVersion', 'featureNames', 'settings', 'standardisation', 'variational', 'seed', 'logTau0',
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
  const expected = checksumOf(model);
  if (envelope.checksum !== expected) {
    throw new InputError(
      `checksum mismatch (file altered or truncated): expected ${expected}, found ${String(envelope.checksum)}`,
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
