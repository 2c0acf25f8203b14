/**
 * BrainVision reader (.vhdr header, .vmrk markers, binary .eeg data). Reference: Brain
 * Products, "BrainVision Core Data Format 1.0" (https://www.brainproducts.com/support-resources/
 * brainvision-core-data-format-1-0/): INI-like text files; `Ch<n>=name,reference,resolution,unit`
 * (value in unit = stored number x resolution); `Mk<n>=type,description,position,size,channel
 * [,date]` with 1-based positions in samples.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../util/errors.js';
import { requireFiniteSamples, viewOf } from './bytes.js';
import { inferChannelType, uniqueNames } from './channelTypes.js';
import type { ChannelInfo, Raw, RawEvent } from './types.js';

/** An INI section: keys in file order with the 1-based line each came from. */
type Section = Map<string, { value: string; line: number }>;

const BINARY_FORMATS = {
  INT_16: { bytes: 2, read: (v: DataView, at: number) => v.getInt16(at, true) },
  UINT_16: { bytes: 2, read: (v: DataView, at: number) => v.getUint16(at, true) },
  INT_32: { bytes: 4, read: (v: DataView, at: number) => v.getInt32(at, true) },
  IEEE_FLOAT_32: { bytes: 4, read: (v: DataView, at: number) => v.getFloat32(at, true) },
} as const;

type BinaryFormat = keyof typeof BINARY_FORMATS;

/** Reads a BrainVision recording given its .vhdr file. */
export function readBrainVision(vhdrPath: string): Raw {
  const header = parseIni(decodeText(readFileSync(vhdrPath)), vhdrPath);
  const common = requireSection(header, 'Common Infos', vhdrPath);
  const get = (key: string): string | undefined => common.get(key)?.value;

  const dataFormat = (get('DataFormat') ?? 'BINARY').toUpperCase();
  if (dataFormat !== 'BINARY') {
    // Limitation: ASCII BrainVision data (DataFormat=ASCII) is not read.
    throw new InputError(`DataFormat is '${dataFormat}'; only BINARY is supported`, {
      file: vhdrPath,
      row: common.get('DataFormat')?.line,
      field: 'DataFormat',
    });
  }
  const orientation = (get('DataOrientation') ?? 'MULTIPLEXED').toUpperCase();
  if (orientation !== 'MULTIPLEXED' && orientation !== 'VECTORIZED') {
    throw new InputError(
      `DataOrientation is '${orientation}'; expected MULTIPLEXED or VECTORIZED`,
      { file: vhdrPath, row: common.get('DataOrientation')?.line, field: 'DataOrientation' },
    );
  }
  const nChannels = positiveNumber(common, 'NumberOfChannels', vhdrPath, true);
  const intervalUs = positiveNumber(common, 'SamplingInterval', vhdrPath, false);
  const sfreqHz = 1e6 / intervalUs;
  const binary = header.get('Binary Infos');
  const formatName = (binary?.get('BinaryFormat')?.value ?? 'INT_16').toUpperCase();
  if (!(formatName in BINARY_FORMATS)) {
    throw new InputError(
      `BinaryFormat is '${formatName}'; expected one of ${Object.keys(BINARY_FORMATS).join(', ')}`,
      { file: vhdrPath, row: binary?.get('BinaryFormat')?.line, field: 'BinaryFormat' },
    );
  }
  const format = formatName as BinaryFormat;

  const { channels, resolutions } = parseChannels(header, nChannels, vhdrPath);
  const dataPath = insideFolder(vhdrPath, common, 'DataFile', true) as string;
  const samples = readBinary(dataPath, format, orientation, resolutions, channels);
  const markerPath = insideFolder(vhdrPath, common, 'MarkerFile', false);
  const notes: string[] = [];
  let events: RawEvent[] = [];
  let startTime: string | null = null;
  if (markerPath === undefined) {
    notes.push('the header names no MarkerFile: no events');
  } else {
    ({ events, startTime } = readMarkers(markerPath, sfreqHz));
  }
  return {
    file: vhdrPath,
    format: 'brainvision',
    channels,
    sfreqHz,
    samples,
    startTime,
    events,
    notes,
  };
}

/** UTF-8 unless that fails to decode, then Latin-1 (the `Codepage=ANSI` files). */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/**
 * Parses the INI-like text: `[Section]` lines, `key=value` lines, `;` comments. The free text
 * of `[Comment]` is skipped, since it holds amplifier tables rather than keys.
 */
export function parseIni(text: string, file: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let inComment = false;
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    const sectionMatch = /^\[(.+)\]$/.exec(line);
    if (sectionMatch !== null) {
      const name = sectionMatch[1] as string;
      inComment = name.toLowerCase() === 'comment';
      current = new Map();
      sections.set(name, current);
      return;
    }
    if (inComment || line === '' || line.startsWith(';') || current === undefined) return;
    const eq = line.indexOf('=');
    if (eq < 0) return;
    current.set(line.slice(0, eq).trim(), { value: line.slice(eq + 1), line: i + 1 });
  });
  if (!text.startsWith('Brain Vision') && !text.startsWith('BrainVision')) {
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    throw new InputError(
      `not a BrainVision file: first line is '${first.slice(0, 60)}'; expected ` +
        "'Brain Vision Data Exchange ... File Version 1.0'",
      { file, row: 1 },
    );
  }
  return sections;
}

function requireSection(ini: Map<string, Section>, name: string, file: string): Section {
  const section = ini.get(name);
  if (section === undefined) {
    throw new InputError(`section [${name}] is missing`, { file, field: name });
  }
  return section;
}

function positiveNumber(section: Section, key: string, file: string, integer: boolean): number {
  const entry = section.get(key);
  const value = Number(entry?.value);
  if (entry === undefined || !Number.isFinite(value) || value <= 0 ||
    (integer && !Number.isInteger(value))) {
    throw new InputError(
      `${key} is '${entry?.value ?? '(missing)'}'; expected a positive ` +
        (integer ? 'integer' : 'number'),
      { file, row: entry?.line, field: key },
    );
  }
  return value;
}

/** BrainVision writes a comma inside a name as `\1`. */
function unescapeComma(text: string): string {
  return text.replace(/\\1/g, ',');
}

function parseChannels(ini: Map<string, Section>, nChannels: number, file: string):
  { channels: ChannelInfo[]; resolutions: Float64Array } {
  const section = requireSection(ini, 'Channel Infos', file);
  const labels: string[] = [];
  const units: string[] = [];
  const resolutions = new Float64Array(nChannels);
  for (let c = 1; c <= nChannels; c += 1) {
    const entry = section.get(`Ch${c}`);
    if (entry === undefined) {
      throw new InputError(`channel Ch${c} is missing; NumberOfChannels is ${nChannels}`, {
        file,
        field: `Ch${c}`,
      });
    }
    const parts = entry.value.split(',');
    const resolutionText = (parts[2] ?? '').trim();
    const resolution = resolutionText === '' ? 1 : Number(resolutionText);
    if (!Number.isFinite(resolution) || resolution === 0) {
      throw new InputError(`resolution '${resolutionText}' is not a non-zero number`, {
        file,
        row: entry.line,
        field: `Ch${c}`,
      });
    }
    labels.push(unescapeComma((parts[0] ?? '').trim()));
    // An empty or absent unit means microvolts (BrainVision Core Data Format 1.0).
    const unit = (parts[3] ?? '').trim();
    units.push(unit === '' ? 'µV' : unit);
    resolutions[c - 1] = resolution;
  }
  const names = uniqueNames(labels);
  const channels = names.map((name, c) => ({
    name,
    type: inferChannelType(name, units[c] as string),
    unit: units[c] as string,
  }));
  return { channels, resolutions };
}

/**
 * Resolves a file named in the header relative to the .vhdr's folder, refusing absolute paths
 * and paths that climb out of that folder.
 */
function insideFolder(vhdrPath: string, common: Section, key: string, required: boolean):
  string | undefined {
  const entry = common.get(key);
  const name = entry?.value.trim() ?? '';
  if (name === '') {
    if (!required) return undefined;
    throw new InputError(`${key} is missing`, { file: vhdrPath, field: key });
  }
  const folder = dirname(resolve(vhdrPath));
  const target = resolve(folder, name);
  const rel = relative(folder, target);
  if (isAbsolute(name) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new InputError(
      `${key} '${name}' leaves the folder of the header; expected a file beside it`,
      { file: vhdrPath, row: entry?.line, field: key },
    );
  }
  if (!existsSync(target)) {
    throw new InputError(`${key} '${name}' does not exist beside the header`, {
      file: vhdrPath,
      row: entry?.line,
      field: key,
    });
  }
  return target;
}

function readBinary(path: string, format: BinaryFormat, orientation: string,
  resolutions: Float64Array, channels: ChannelInfo[]): Float64Array[] {
  const bytes = new Uint8Array(readFileSync(path));
  const { bytes: width, read } = BINARY_FORMATS[format];
  const nChannels = resolutions.length;
  const frame = width * nChannels;
  if (bytes.length % frame !== 0) {
    throw new InputError(
      `file size ${bytes.length} bytes is not a whole number of ${nChannels} channels x ` +
        `${width}-byte ${format} samples (the header disagrees with the data file, or the ` +
        'file is truncated)',
      { file: path, byteOffset: bytes.length - (bytes.length % frame) },
    );
  }
  const nSamples = bytes.length / frame;
  const view = viewOf(bytes);
  const offsetOf = orientation === 'MULTIPLEXED'
    ? (c: number, i: number) => (i * nChannels + c) * width
    : (c: number, i: number) => (c * nSamples + i) * width;
  const samples = channels.map((_, c) => {
    const out = new Float64Array(nSamples);
    const resolution = resolutions[c] as number;
    for (let i = 0; i < nSamples; i += 1) out[i] = read(view, offsetOf(c, i)) * resolution;
    return out;
  });
  requireFiniteSamples(samples, channels.map((c) => c.name), path, offsetOf);
  return samples;
}

/** Markers as events `Type/Description` (MNE's naming) timed from the first sample. */
function readMarkers(path: string, sfreqHz: number):
  { events: RawEvent[]; startTime: string | null } {
  const ini = parseIni(decodeText(readFileSync(path)), path);
  const section = requireSection(ini, 'Marker Infos', path);
  const events: RawEvent[] = [];
  let startTime: string | null = null;
  for (const [key, { value, line }] of section) {
    if (!/^Mk\d+$/.test(key)) continue;
    const parts = value.split(',');
    const position = Number(parts[2]);
    const size = parts[3] === undefined || parts[3].trim() === '' ? 1 : Number(parts[3]);
    if (!Number.isInteger(position) || position < 1 || !Number.isInteger(size) || size < 0) {
      throw new InputError(
        `marker position '${parts[2] ?? ''}' / size '${parts[3] ?? ''}' are not a 1-based ` +
          'sample index and a non-negative sample count',
        { file: path, row: line, field: key },
      );
    }
    const type = unescapeComma(parts[0] ?? '');
    const description = unescapeComma(parts[1] ?? '');
    events.push({
      onsetS: (position - 1) / sfreqHz,
      durationS: size / sfreqHz,
      description: `${type}/${description}`,
    });
    if (startTime === null && type === 'New Segment' && parts[5] !== undefined) {
      startTime = markerDate(parts[5].trim());
    }
  }
  events.sort((a, b) => a.onsetS - b.onsetS);
  return { events, startTime };
}

/** `YYYYMMDDhhmmssuuuuuu` -> ISO 8601 (no zone: the recorder's clock); all zeros -> null. */
function markerDate(text: string): string | null {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d{6})$/.exec(text);
  if (m === null || /^0+$/.test(text)) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}`;
}
