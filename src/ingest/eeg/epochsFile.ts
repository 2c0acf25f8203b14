/**
 * The ready-epochs format: a JSON header beside a little-endian IEEE-754 float64 body in C
 * order (epoch, channel, sample), i.e. `index = (epoch * nChannels + channel) * nSamples +
 * sample`. Header keys read here: `data_file` (body file name, relative to the header's
 * folder), `shape` ([epochs, channels, samples]), `axis_order` (["epoch", "channel",
 * "sample"]), `sfreq_hz`, `channel_names`, `units`, and optionally `tmin_s` (time of each
 * epoch's first sample relative to its event, seconds; 0 when absent), `trial_ids`, `dtype`
 * ("float64") and `byte_order` ("little-endian"). Other keys are kept by the writer of the
 * file for provenance and ignored here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import type { Epochs } from './types.js';

const AXIS_ORDER = ['epoch', 'channel', 'sample'] as const;

/** Typed arrays use the host's byte order; the format's is little-endian. */
const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

type Header = Record<string, unknown>;

/**
 * Reads a ready-epochs header (`jsonPath`) and its float64 body into an `Epochs` record.
 * `units` may be one string for every channel (its first word is the unit, the rest a comment,
 * as in "uV (EDF physical units)") or an array with one unit per channel.
 * Throws InputError naming the file and field for any inconsistency, including a body whose
 * size differs from shape x 8 bytes and any NaN sample (with its epoch, channel and sample).
 */
export function readEpochsFile(jsonPath: string): Epochs {
  const header = readHeader(jsonPath);
  const shape = readShape(header, jsonPath);
  const [nEpochs, nChannels, nSamples] = shape;
  checkAxisOrder(header, jsonPath);
  checkEncoding(header, jsonPath);
  const sfreqHz = readPositiveNumber(header, 'sfreq_hz', jsonPath);
  const channelNames = readStringArray(header, 'channel_names', jsonPath);
  if (channelNames.length !== nChannels) {
    throw new InputError(
      `expected ${nChannels} channel names (shape[1]), found ${channelNames.length}`,
      { file: jsonPath, field: 'channel_names' },
    );
  }
  const units = readUnits(header, nChannels, jsonPath);
  const tminS = readTmin(header, jsonPath);
  const trialIds = readTrialIds(header, nEpochs, jsonPath);

  const bodyPath = resolveDataFile(header, jsonPath);
  const data = readBody(bodyPath, nEpochs * nChannels * nSamples);
  checkFinite(data, bodyPath, nChannels, nSamples);

  const epochs: Epochs = {
    channelNames,
    units,
    sfreqHz,
    tminS,
    nEpochs,
    nChannels,
    nSamples,
    data,
  };
  if (trialIds !== undefined) epochs.trialIds = trialIds;
  return epochs;
}

/**
 * Writes `epochs` as a ready-epochs header at `jsonPath` and its body beside it (same name,
 * `.bin` instead of `.json`). Both files are written atomically, the body first, so a header
 * never points at a missing or partial body. Validates the record before writing anything.
 */
export function writeEpochsFile(jsonPath: string, epochs: Epochs): void {
  validateRecord(epochs, jsonPath);
  const dataFile = `${basename(jsonPath).replace(/\.json$/i, '')}.bin`;
  const body = encodeLittleEndian(epochs.data);
  const header: Header = {
    data_file: dataFile,
    dtype: 'float64',
    byte_order: 'little-endian',
    shape: [epochs.nEpochs, epochs.nChannels, epochs.nSamples],
    axis_order: [...AXIS_ORDER],
    sfreq_hz: epochs.sfreqHz,
    tmin_s: epochs.tminS,
    channel_names: epochs.channelNames,
    units: epochs.units,
  };
  if (epochs.trialIds !== undefined) header.trial_ids = epochs.trialIds;
  writeFileAtomic(join(dirname(jsonPath), dataFile), body);
  writeFileAtomic(jsonPath, `${JSON.stringify(header, null, 1)}\n`);
}

function encodeLittleEndian(values: Float64Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(Float64Array.from(values).buffer);
  const body = new Uint8Array(values.length * 8);
  const view = new DataView(body.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  return body;
}

function readHeader(jsonPath: string): Header {
  let text: string;
  try {
    text = readFileSync(jsonPath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`cannot read the epochs header: ${reason}`, { file: jsonPath });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`expected a JSON object, found invalid JSON (${reason})`, {
      file: jsonPath,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('expected a JSON object at the top level', { file: jsonPath });
  }
  return parsed as Header;
}

function readShape(header: Header, file: string): [number, number, number] {
  const shape = header.shape;
  const valid =
    Array.isArray(shape) &&
    shape.length === 3 &&
    shape.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0);
  if (!valid) {
    throw new InputError(
      'expected three positive integers [epochs, channels, samples], ' +
        `found ${JSON.stringify(shape)}`,
      { file, field: 'shape' },
    );
  }
  return shape as [number, number, number];
}

function checkAxisOrder(header: Header, file: string): void {
  const order = header.axis_order;
  const ok =
    Array.isArray(order) &&
    order.length === AXIS_ORDER.length &&
    order.every((axis, i) => axis === AXIS_ORDER[i]);
  if (!ok) {
    throw new InputError(
      `expected ${JSON.stringify(AXIS_ORDER)}, found ${JSON.stringify(order)}`,
      { file, field: 'axis_order' },
    );
  }
}

function checkEncoding(header: Header, file: string): void {
  if (header.dtype !== undefined && header.dtype !== 'float64') {
    throw new InputError(`expected "float64", found ${JSON.stringify(header.dtype)}`, {
      file,
      field: 'dtype',
    });
  }
  if (header.byte_order !== undefined && header.byte_order !== 'little-endian') {
    throw new InputError(
      `expected "little-endian", found ${JSON.stringify(header.byte_order)}`,
      { file, field: 'byte_order' },
    );
  }
}

function readPositiveNumber(header: Header, field: string, file: string): number {
  const value = header[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`expected a positive number, found ${JSON.stringify(value)}`, {
      file,
      field,
    });
  }
  return value;
}

function readStringArray(header: Header, field: string, file: string): string[] {
  const value = header[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InputError(`expected an array of strings, found ${JSON.stringify(value)}`, {
      file,
      field,
    });
  }
  return value as string[];
}

function readUnits(header: Header, nChannels: number, file: string): string[] {
  const value = header.units;
  if (typeof value === 'string') {
    const unit = value.trim().split(/\s+/)[0] ?? '';
    if (unit === '') {
      throw new InputError('expected a unit such as "uV", found an empty string', {
        file,
        field: 'units',
      });
    }
    return new Array<string>(nChannels).fill(unit);
  }
  const units = readStringArray(header, 'units', file);
  if (units.length !== nChannels) {
    throw new InputError(
      `expected one unit string or ${nChannels} units (one per channel), found ${units.length}`,
      { file, field: 'units' },
    );
  }
  return units;
}

function readTmin(header: Header, file: string): number {
  const value = header.tmin_s;
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`expected a finite number of seconds, found ${JSON.stringify(value)}`, {
      file,
      field: 'tmin_s',
    });
  }
  return value;
}

function readTrialIds(header: Header, nEpochs: number, file: string): string[] | undefined {
  if (header.trial_ids === undefined) return undefined;
  const ids = readStringArray(header, 'trial_ids', file);
  if (ids.length !== nEpochs) {
    throw new InputError(`expected ${nEpochs} trial ids (shape[0]), found ${ids.length}`, {
      file,
      field: 'trial_ids',
    });
  }
  return ids;
}

/** The body path, refusing names that leave the header's folder. */
function resolveDataFile(header: Header, jsonPath: string): string {
  const name = header.data_file;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InputError(`expected a file name, found ${JSON.stringify(name)}`, {
      file: jsonPath,
      field: 'data_file',
    });
  }
  const normalised = normalize(name);
  const escapes =
    isAbsolute(name) ||
    /^[a-zA-Z]:/.test(name) ||
    normalised === '..' ||
    normalised.startsWith(`..${sep}`) ||
    normalised.startsWith('../') ||
    name.split(/[\\/]/).includes('..');
  if (escapes) {
    throw new InputError(
      `expected a path inside the header's folder, found ${JSON.stringify(name)}`,
      { file: jsonPath, field: 'data_file' },
    );
  }
  return join(dirname(jsonPath), normalised);
}

function readBody(bodyPath: string, nValues: number): Float64Array {
  if (!existsSync(bodyPath)) {
    throw new InputError('the body file named by data_file does not exist', { file: bodyPath });
  }
  const expectedBytes = nValues * 8;
  const foundBytes = statSync(bodyPath).size;
  if (foundBytes !== expectedBytes) {
    throw new InputError(
      `expected ${expectedBytes} bytes (shape product ${nValues} x 8), found ${foundBytes}`,
      { file: bodyPath },
    );
  }
  const bytes = readFileSync(bodyPath);
  if (HOST_IS_LITTLE_ENDIAN) {
    const copy = new Uint8Array(expectedBytes);
    copy.set(bytes);
    return new Float64Array(copy.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(nValues);
  for (let i = 0; i < nValues; i++) data[i] = view.getFloat64(i * 8, true);
  return data;
}

function checkFinite(data: Float64Array, file: string, nChannels: number, nSamples: number): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (Number.isFinite(value)) continue;
    const sample = i % nSamples;
    const channel = Math.floor(i / nSamples) % nChannels;
    const epoch = Math.floor(i / (nSamples * nChannels));
    throw new InputError(
      `expected finite samples, found ${value} at epoch ${epoch}, channel ${channel}, ` +
        `sample ${sample}`,
      { file, byteOffset: i * 8 },
    );
  }
}

function validateRecord(epochs: Epochs, file: string): void {
  const { nEpochs, nChannels, nSamples } = epochs;
  for (const [field, n] of [
    ['nEpochs', nEpochs],
    ['nChannels', nChannels],
    ['nSamples', nSamples],
  ] as const) {
    if (!Number.isInteger(n) || n <= 0) {
      throw new InputError(`expected a positive integer, found ${n}`, { file, field });
    }
  }
  if (epochs.data.length !== nEpochs * nChannels * nSamples) {
    throw new InputError(
      `expected ${nEpochs * nChannels * nSamples} values (nEpochs x nChannels x nSamples), ` +
        `found ${epochs.data.length}`,
      { file, field: 'data' },
    );
  }
  if (epochs.channelNames.length !== nChannels) {
    throw new InputError(
      `expected ${nChannels} channel names, found ${epochs.channelNames.length}`,
      { file, field: 'channelNames' },
    );
  }
  if (epochs.units.length !== nChannels) {
    throw new InputError(`expected ${nChannels} units, found ${epochs.units.length}`, {
      file,
      field: 'units',
    });
  }
  if (!Number.isFinite(epochs.sfreqHz) || epochs.sfreqHz <= 0) {
    throw new InputError(`expected a positive sampling rate, found ${epochs.sfreqHz}`, {
      file,
      field: 'sfreqHz',
    });
  }
  if (!Number.isFinite(epochs.tminS)) {
    throw new InputError(`expected a finite tmin, found ${epochs.tminS}`, {
      file,
      field: 'tminS',
    });
  }
  if (epochs.trialIds !== undefined && epochs.trialIds.length !== nEpochs) {
    throw new InputError(`expected ${nEpochs} trial ids, found ${epochs.trialIds.length}`, {
      file,
      field: 'trialIds',
    });
  }
  checkFinite(epochs.data, file, nChannels, nSamples);
}
