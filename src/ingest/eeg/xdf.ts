/**
 * XDF reader (Lab Streaming Layer recordings). Reference: XDF specification 1.0
 * (https://github.com/sccn/xdf/wiki/Specifications): magic `XDF:`, then chunks
 * `[NumLengthBytes][Length][Tag u16][content]`; tags 1 FileHeader, 2 StreamHeader,
 * 3 Samples, 4 ClockOffset, 5 Boundary, 6 StreamFooter.
 *
 * The EEG stream becomes the Raw's channels; every marker stream (string values, or an
 * irregular-rate numeric stream) becomes events. Clock offsets are applied per stream as a
 * robust (Huber) line offset(t) = a + b t over the ClockOffset chunks, as pyxdf's clock
 * synchronisation does.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../util/errors.js';
import { latin1, requireBytes, requireFiniteSamples, viewOf } from './bytes.js';
import { uniqueNames } from './channelTypes.js';
import type { ChannelInfo, ChannelType, Raw, RawEvent } from './types.js';
import { child, parseXml, textAt, type XmlElement } from './xml.js';
import { synchronizeClock } from './xdfClock.js';

/** One stream as read from the file, before it is turned into channels or events. */
export interface XdfStream {
  id: number;
  name: string;
  type: string;
  channelCount: number;
  channelFormat: string;
  nominalSrateHz: number;
  header: XmlElement;
  /** Time stamps in the recording's clock (seconds), in file order (not sorted). */
  timeStamps: number[];
  /** Numeric samples: one array per channel. Empty for string streams. */
  numeric: number[][];
  /** String samples: one array per channel. Empty for numeric streams. */
  strings: string[][];
  clockTimes: number[];
  clockValues: number[];
  /** Byte offset of the stream header chunk (for error messages). */
  headerOffset: number;
}

/** What the chunk layer found: the file header and every stream. */
export interface XdfFile {
  fileHeader: XmlElement | null;
  streams: XdfStream[];
}

const NUMERIC_WIDTH: Record<string, number> = {
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  float32: 4,
  double64: 8,
};

/** Options for choosing the EEG stream. */
export interface XdfOptions {
  /** Name of the stream to read as EEG; default: the first stream of type EEG with samples. */
  eegStream?: string;
}

/** Reads an XDF file into a Raw record (EEG stream + marker-stream events). */
export function readXdf(path: string, options: XdfOptions = {}): Raw {
  return xdfToRaw(parseXdf(new Uint8Array(readFileSync(path)), path), path, options);
}

/** True when the bytes start with the XDF magic `XDF:`. */
export function looksLikeXdf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && latin1(bytes, 0, 4) === 'XDF:';
}

/** A bounds-checked little-endian cursor over the file. */
class Cursor {
  offset = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, readonly file: string) {
    this.view = viewOf(bytes);
  }

  need(length: number, field: string): void {
    requireBytes(this.bytes, this.offset, length, this.file, field);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.offset++);
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(field: string): number {
    this.need(8, field);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** Variable-length integer: one byte giving 1, 4 or 8, then that many bytes. */
  varLen(field: string): number {
    const at = this.offset;
    const width = this.u8(field);
    if (width !== 1 && width !== 4 && width !== 8) {
      throw new InputError(`length prefix width is ${width}; expected 1, 4 or 8`, {
        file: this.file,
        byteOffset: at,
        field,
      });
    }
    this.need(width, field);
    let value: number;
    if (width === 1) value = this.view.getUint8(this.offset);
    else if (width === 4) value = this.view.getUint32(this.offset, true);
    else {
      const big = this.view.getBigUint64(this.offset, true);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new InputError(`length ${big} is too large`, {
          file: this.file,
          byteOffset: at,
          field,
        });
      }
      value = Number(big);
    }
    this.offset += width;
    return value;
  }

  numeric(format: string, field: string): number {
    const width = NUMERIC_WIDTH[format] as number;
    this.need(width, field);
    const at = this.offset;
    this.offset += width;
    switch (format) {
      case 'int8': return this.view.getInt8(at);
      case 'int16': return this.view.getInt16(at, true);
      case 'int32': return this.view.getInt32(at, true);
      case 'int64': return Number(this.view.getBigInt64(at, true));
      case 'float32': return this.view.getFloat32(at, true);
      default: return this.view.getFloat64(at, true);
    }
  }

  utf8(length: number, field: string): string {
    this.need(length, field);
    const text = new TextDecoder('utf-8').decode(
      this.bytes.subarray(this.offset, this.offset + length),
    );
    this.offset += length;
    return text;
  }
}

/** Reads every chunk of an XDF file held in memory. */
export function parseXdf(bytes: Uint8Array, file: string): XdfFile {
  if (!looksLikeXdf(bytes)) {
    throw new InputError(
      'not an XDF file: starts with ' +
        `${JSON.stringify(latin1(bytes, 0, Math.min(4, bytes.length)))}; ` +
        'expected the magic "XDF:"',
      { file, byteOffset: 0, field: 'magic' },
    );
  }
  const cursor = new Cursor(bytes, file);
  cursor.offset = 4;
  const streams = new Map<number, XdfStream>();
  let fileHeader: XmlElement | null = null;
  while (cursor.offset < bytes.length) {
    const chunkStart = cursor.offset;
    const length = cursor.varLen('chunk length');
    if (length < 2) {
      throw new InputError(`chunk length is ${length}; expected at least 2 (the tag)`, {
        file,
        byteOffset: chunkStart,
        field: 'chunk length',
      });
    }
    const contentStart = cursor.offset;
    cursor.need(length, `chunk of ${length} bytes`);
    const end = contentStart + length;
    const tag = cursor.u16('chunk tag');
    const xmlOf = (from: number, field: string): XmlElement =>
      parseXmlAt(cursor, from, end, field);
    if (tag === 1) {
      fileHeader = xmlOf(cursor.offset, 'FileHeader');
    } else if (tag === 2) {
      const id = cursor.u32('stream id');
      streams.set(id, newStream(id, xmlOf(cursor.offset, 'StreamHeader'), chunkStart, file));
    } else if (tag === 3 || tag === 4 || tag === 6) {
      const id = cursor.u32('stream id');
      const stream = streams.get(id);
      if (stream === undefined) {
        throw new InputError(`chunk refers to stream ${id}, which has no header before it`, {
          file,
          byteOffset: chunkStart,
          field: 'stream id',
        });
      }
      if (tag === 3) readSamples(cursor, stream, end);
      if (tag === 4) {
        stream.clockTimes.push(cursor.f64('clock offset collection time'));
        stream.clockValues.push(cursor.f64('clock offset value'));
      }
    } else if (tag !== 5) {
      throw new InputError(`unknown chunk tag ${tag}; expected 1 to 6`, {
        file,
        byteOffset: contentStart,
        field: 'chunk tag',
      });
    }
    cursor.offset = end;
  }
  return { fileHeader, streams: [...streams.values()] };
}

function parseXmlAt(cursor: Cursor, from: number, end: number, field: string): XmlElement {
  const text = new TextDecoder('utf-8').decode(cursor.bytes.subarray(from, end));
  try {
    return parseXml(text);
  } catch (error) {
    throw new InputError(`malformed XML: ${(error as Error).message}`, {
      file: cursor.file,
      byteOffset: from,
      field,
    });
  }
}

function newStream(id: number, header: XmlElement, offset: number, file: string): XdfStream {
  const channelCount = Number(textAt(header, 'channel_count'));
  const channelFormat = textAt(header, 'channel_format');
  const nominalSrateHz = Number(textAt(header, 'nominal_srate'));
  const where = { file, byteOffset: offset };
  if (!Number.isInteger(channelCount) || channelCount < 1) {
    throw new InputError(
      `stream ${id} declares channel_count '${textAt(header, 'channel_count')}'; ` +
        'expected a positive integer',
      { ...where, field: 'channel_count' },
    );
  }
  if (channelFormat !== 'string' && NUMERIC_WIDTH[channelFormat] === undefined) {
    throw new InputError(
      `stream ${id} has channel_format '${channelFormat}'; expected string, ` +
        Object.keys(NUMERIC_WIDTH).join(', '),
      { ...where, field: 'channel_format' },
    );
  }
  if (!Number.isFinite(nominalSrateHz) || nominalSrateHz < 0) {
    throw new InputError(`stream ${id} has nominal_srate '${textAt(header, 'nominal_srate')}'`, {
      ...where,
      field: 'nominal_srate',
    });
  }
  const isString = channelFormat === 'string';
  return {
    id,
    name: textAt(header, 'name'),
    type: textAt(header, 'type'),
    channelCount,
    channelFormat,
    nominalSrateHz,
    header,
    timeStamps: [],
    numeric: isString ? [] : Array.from({ length: channelCount }, () => []),
    strings: isString ? Array.from({ length: channelCount }, () => []) : [],
    clockTimes: [],
    clockValues: [],
    headerOffset: offset,
  };
}

/**
 * A Samples chunk: count, then per sample a time stamp flag (8: f64 stamp follows, 0: the
 * stamp is the previous one plus 1/nominal rate) and the channel values.
 */
function readSamples(cursor: Cursor, stream: XdfStream, end: number): void {
  const count = cursor.varLen('sample count');
  const step = stream.nominalSrateHz > 0 ? 1 / stream.nominalSrateHz : 0;
  for (let k = 0; k < count; k += 1) {
    const flagAt = cursor.offset;
    const flag = cursor.u8('time stamp flag');
    let stamp: number;
    if (flag === 8) stamp = cursor.f64('time stamp');
    else if (flag === 0) stamp = (stream.timeStamps[stream.timeStamps.length - 1] ?? 0) + step;
    else {
      throw new InputError(`time stamp flag is ${flag}; expected 0 or 8`, {
        file: cursor.file,
        byteOffset: flagAt,
        field: `stream ${stream.id} sample`,
      });
    }
    stream.timeStamps.push(stamp);
    for (let c = 0; c < stream.channelCount; c += 1) {
      if (stream.channelFormat === 'string') {
        const length = cursor.varLen('string length');
        stream.strings[c]?.push(cursor.utf8(length, 'string value'));
      } else {
        stream.numeric[c]?.push(cursor.numeric(stream.channelFormat, 'sample value'));
      }
    }
    if (cursor.offset > end) {
      throw new InputError('samples run past the end of their chunk', {
        file: cursor.file,
        byteOffset: flagAt,
        field: `stream ${stream.id} samples`,
      });
    }
  }
}

function isMarkerStream(s: XdfStream): boolean {
  return s.channelFormat === 'string' || s.nominalSrateHz === 0;
}

function chooseEegStream(file: XdfFile, path: string, options: XdfOptions): XdfStream {
  const describeAll = file.streams
    .map((s) => `${s.id} '${s.name}' (${s.type}, ${s.timeStamps.length} samples)`)
    .join('; ');
  const candidates = options.eegStream === undefined
    ? file.streams.filter((s) => s.type.toUpperCase() === 'EEG' && !isMarkerStream(s))
    : file.streams.filter((s) => s.name === options.eegStream);
  const chosen = candidates.find((s) => s.timeStamps.length > 0) ?? candidates[0];
  if (chosen === undefined) {
    const wanted = options.eegStream === undefined
      ? 'a regular-rate stream of type EEG'
      : `a stream named '${options.eegStream}'`;
    throw new InputError(`no EEG stream: expected ${wanted}; the file has ${describeAll || 'none'}`,
      { file: path, field: 'streams' });
  }
  if (isMarkerStream(chosen)) {
    throw new InputError(
      `stream '${chosen.name}' is a marker stream (${chosen.channelFormat}, ` +
        `${chosen.nominalSrateHz} Hz); expected numeric samples at a regular rate`,
      { file: path, byteOffset: chosen.headerOffset, field: 'streams' },
    );
  }
  if (chosen.timeStamps.length === 0) {
    throw new InputError(`EEG stream '${chosen.name}' has no samples`, {
      file: path,
      byteOffset: chosen.headerOffset,
      field: 'streams',
    });
  }
  return chosen;
}

const UNIT_NAMES: Record<string, string> = {
  microvolts: 'µV',
  microvolt: 'µV',
  millivolts: 'mV',
  volts: 'V',
};

const LSL_TYPES: Record<string, ChannelType> = {
  eeg: 'eeg',
  eog: 'eog',
  ecg: 'ecg',
  emg: 'emg',
  stim: 'stim',
  trigger: 'stim',
};

function channelsOf(stream: XdfStream): ChannelInfo[] {
  const declared = child(child(stream.header, 'desc'), 'channels')?.children
    .filter((c) => c.name === 'channel') ?? [];
  const labels = Array.from({ length: stream.channelCount }, (_, c) => {
    const label = textAt(declared[c], 'label');
    return label === '' ? `ch${c + 1}` : label;
  });
  return uniqueNames(labels).map((name, c) => {
    const unit = textAt(declared[c], 'unit');
    const type = textAt(declared[c], 'type').toLowerCase();
    return {
      name,
      type: LSL_TYPES[type] ?? (type === '' ? 'eeg' : 'misc'),
      unit: UNIT_NAMES[unit.toLowerCase()] ?? unit,
    };
  });
}

/**
 * Sample index on the EEG stream nearest to time `t`. Stamps may step backwards (jitter), so
 * the search runs over their running maximum, which is sorted; times outside the recording map
 * to a fractional position before the first or after the last sample.
 */
export function positionOnStream(envelope: Float64Array, t: number, sfreqHz: number): number {
  const n = envelope.length;
  const first = envelope[0] as number;
  if (t <= first) return (t - first) * sfreqHz;
  const last = envelope[n - 1] as number;
  if (t >= last) return n - 1 + (t - last) * sfreqHz;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((envelope[mid] as number) <= t) lo = mid;
    else hi = mid;
  }
  return t - (envelope[lo] as number) <= (envelope[hi] as number) - t ? lo : hi;
}

/** Turns the parsed streams into one Raw: EEG channels plus marker events. */
export function xdfToRaw(file: XdfFile, path: string, options: XdfOptions = {}): Raw {
  const eeg = chooseEegStream(file, path, options);
  if (eeg.nominalSrateHz <= 0) {
    throw new InputError(`EEG stream '${eeg.name}' has nominal_srate 0; expected a regular rate`, {
      file: path,
      byteOffset: eeg.headerOffset,
      field: 'nominal_srate',
    });
  }
  const sfreqHz = eeg.nominalSrateHz;
  const channels = channelsOf(eeg);
  const samples = eeg.numeric.map((values) => Float64Array.from(values));
  requireFiniteSamples(samples, channels.map((c) => c.name), path);

  const eegStamps = synchronizeClock(eeg.timeStamps, eeg.clockTimes, eeg.clockValues);
  const envelope = new Float64Array(eegStamps.length);
  let running = -Infinity;
  let backward = 0;
  eegStamps.forEach((t, i) => {
    if (t < running) backward += 1;
    running = Math.max(running, t);
    envelope[i] = running;
  });

  const events: RawEvent[] = [];
  const notes: string[] = [];
  for (const stream of file.streams) {
    if (stream === eeg) continue;
    if (!isMarkerStream(stream)) {
      notes.push(`stream ${stream.id} '${stream.name}' (${stream.type}, ` +
        `${stream.timeStamps.length} samples) is not EEG or markers: not read`);
      continue;
    }
    const stamps = synchronizeClock(stream.timeStamps, stream.clockTimes, stream.clockValues);
    stamps.forEach((t, k) => {
      const values = stream.channelFormat === 'string'
        ? stream.strings.map((ch) => ch[k] ?? '')
        : stream.numeric.map((ch) => String(ch[k]));
      events.push({
        onsetS: positionOnStream(envelope, t, sfreqHz) / sfreqHz,
        durationS: 0,
        description: values.join('/'),
      });
    });
    notes.push(`stream ${stream.id} '${stream.name}': ${stamps.length} markers read as events`);
  }
  events.sort((a, b) => a.onsetS - b.onsetS);
  if (backward > 0) {
    notes.push(`${backward} EEG time stamps step backwards; markers were placed on the ` +
      'running maximum of the stamps');
  }
  const datetime = textAt(file.fileHeader ?? undefined, 'datetime');
  if (datetime !== '') notes.push(`file header datetime ${datetime} (recording start)`);
  notes.push(`first EEG sample at LSL time ${eegStamps[0]} s (after clock offsets)`);
  return { file: path, format: 'xdf', channels, sfreqHz, samples, startTime: null, events, notes };
}
