/**
 * Checkpoints of a study run, so that an interrupted `evaluate` or `run` can be resumed with
 * `--resume`: each finished unit of work (a cell's cross-validation, a chunk of a cell's
 * permutations) is stored under its key in one JSON file beside results.json, rewritten
 * atomically after every unit. The file names the SHA-256 of the study design and its inputs
 * (feature values, labels, trial epochs, methods and their options, CV scheme, seed, bootstrap
 * and permutation counts, iatbayes version; not the worker count, which does not change
 * results), so a checkpoint is only ever reused for the same computation, and the SHA-256 of
 * its entries, so a damaged file is refused rather than resumed from. Typed arrays are stored
 * as their bytes (base64), so resumed values are bit-identical to computed ones.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { InputError } from '../util/errors.js';

/** Where a study run keeps and finds its finished units of work. */
export interface StudyCheckpoint {
  /** The stored value of `key`, or undefined when that unit has not finished. */
  load(key: string): unknown;
  /** Stores `value` under `key` and writes the checkpoint file. */
  save(key: string, value: unknown): void;
  /** Number of units found in the file when it was opened (0 unless resuming). */
  readonly resumed: number;
}

const FORMAT = 'iatbayes/study-checkpoint';

type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;
const TYPED: Record<string, new (buffer: ArrayBuffer) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint8Array,
};

/** A value as JSON, typed arrays as their bytes and non-finite numbers spelled out. */
function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!(name in TYPED)) throw new Error(`checkpoint: cannot store a ${name}`);
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: name, base64: bytes.toString('base64') };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$typed === 'string' && typeof record.base64 === 'string') {
      const bytes = Buffer.from(record.base64, 'base64');
      const copy = new ArrayBuffer(bytes.length);
      new Uint8Array(copy).set(bytes);
      return new TYPED[record.$typed]!(copy);
    }
    if (typeof record.$number === 'string') return Number(record.$number);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/**
 * Opens the checkpoint at `path` for a run whose design hashes to `designHash`. With `resume`
 * an existing file of the same design is read and its units reused; a file of another design
 * is an InputError (naming both hashes). Without `resume` any existing file is replaced.
 */
export function openCheckpoint(path: string, designHash: string,
  options: { resume: boolean }): StudyCheckpoint {
  const entries = new Map<string, string>();
  if (options.resume && existsSync(path)) {
    let parsed: { format?: unknown; design?: unknown; checksum?: unknown; entries?: unknown };
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
    } catch (error) {
      throw new InputError(`cannot read the checkpoint (${(error as Error).message}); delete it `
        + 'to start afresh', { file: path });
    }
    if (parsed.format !== FORMAT || typeof parsed.entries !== 'object' || parsed.entries === null
      || Array.isArray(parsed.entries)) {
      throw new InputError(`not an iatbayes checkpoint (expected format '${FORMAT}')`,
        { file: path, field: 'format' });
    }
    if (parsed.design !== designHash) {
      throw new InputError(`the checkpoint belongs to another study design or other inputs `
        + `(design ${String(parsed.design).slice(0, 12)}, this run ${designHash.slice(0, 12)}); `
        + 'delete it or run without --resume', { file: path, field: 'design' });
    }
    const checksum = sha256(JSON.stringify(parsed.entries));
    if (parsed.checksum !== checksum) {
      throw new InputError('the checkpoint is damaged (its entries do not match their checksum); '
        + 'delete it to start afresh', { file: path, field: 'checksum' });
    }
    for (const [key, value] of Object.entries(parsed.entries as object)) {
      entries.set(key, JSON.stringify(value));
    }
  }
  const resumed = entries.size;
  const write = (): void => {
    const pairs = [...entries].map(([key, json]) => `${JSON.stringify(key)}:${json}`);
    const body = `{${pairs.join(',')}}`;
    const head = `{"format":"${FORMAT}","design":"${designHash}","checksum":"${sha256(body)}"`;
    writeFileAtomic(path, `${head},"entries":${body}}\n`);
  };
  if (!options.resume) write();
  return {
    resumed,
    load: (key) => {
      const json = entries.get(key);
      return json === undefined ? undefined : decode(JSON.parse(json));
    },
    save: (key, value) => {
      entries.set(key, JSON.stringify(encode(value)));
      write();
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Removes a checkpoint once the results it protects are safely written. */
export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}

/**
 * SHA-256 of a value: typed arrays by their bytes, objects with sorted keys, functions and
 * undefined skipped (an in-process method factory is identified by its name and options).
 */
export function hashOf(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value);
  return hash.digest('hex');
}

function feed(hash: Hash, value: unknown): void {
  if (ArrayBuffer.isView(value)) {
    hash.update(`<${value.constructor.name}:${value.byteLength}>`);
    hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}`);
    for (const item of value) feed(hash, item);
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      hash.update(`${JSON.stringify(key)}:`);
      feed(hash, item);
    }
    hash.update('}');
  } else if (typeof value !== 'function' && value !== undefined) {
    hash.update(`${typeof value}:${String(value)};`);
  }
}
