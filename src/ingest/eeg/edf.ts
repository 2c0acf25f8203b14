/**
 * EDF, EDF+, BDF and BDF+ reader (plain TypeScript). References: EDF (Kemp et al. 1992,
 * Electroencephalogr Clin Neurophysiol 82:391-393), EDF+ (Kemp & Olivan 2003, Clin
 * Neurophysiol 114:1755-1761, https://www.edfplus.info/specs/edfplus.html), BDF (BioSemi,
 * https://www.biosemi.com/faq/file_format.htm: 24-bit samples, `Status` trigger channel).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../util/errors.js';
import { latin1, requireBytes } from './bytes.js';
import { inferChannelType, uniqueNames } from './channelTypes.js';
import { parseTals } from './edfAnnotations.js';
import type { ChannelInfo, Raw, RawEvent } from './types.js';

/** One signal as the header describes it. */
export interface EdfSignalHeader {
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
}

/** The fixed header plus the signal headers of an EDF/BDF file. */
export interface EdfHeader {
  variant: 'edf' | 'bdf';
  /** `EDF+C`, `EDF+D`, `BDF+C`, `BDF+D`, `24BIT` or empty. */
  reserved: string;
  patientId: string;
  recordingId: string;
  /** Header start date-time as written (local clock, no time zone), ISO 8601. */
  headerStartTime: string;
  headerBytes: number;
  nRecords: number;
  recordDurationS: number;
  signals: EdfSignalHeader[];
}

const FIXED_HEADER_BYTES = 256;
const SIGNAL_HEADER_BYTES = 256;

/** Field widths of the per-signal header, in file order (EDF spec, table 1). */
const SIGNAL_FIELDS: [keyof EdfSignalHeader | 'reserved', number][] = [
  ['label', 16],
  ['transducer', 80],
  ['physicalDimension', 8],
  ['physicalMin', 8],
  ['physicalMax', 8],
  ['digitalMin', 8],
  ['digitalMax', 8],
  ['prefiltering', 80],
  ['samplesPerRecord', 8],
  ['reserved', 32],
];

/**
 * Reads an EDF/EDF+/BDF/BDF+ file into a Raw record (physical units, events from TALs).
 * Limitation: the whole file is read into memory (Node buffers stop at 2 GiB or so).
 */
export function readEdf(path: string, options: EdfOptions = {}): Raw {
  return parseEdf(new Uint8Array(readFileSync(path)), path, options);
}

/** Options of the EDF/BDF reader. */
export interface EdfOptions {
  /**
   * Labels of the data signals to read (default: all). Lets a file whose signals run at
   * different rates be read one rate at a time.
   */
  channels?: string[];
}

/** True when the bytes start like an EDF (`0` + 7 spaces) or BDF (`\xFFBIOSEMI`) file. */
export function looksLikeEdf(bytes: Uint8Array): boolean {
  const head = latin1(bytes, 0, Math.min(8, bytes.length));
  return head === '0       ' || head === '\xFFBIOSEMI';
}

/** Parses the header of an EDF/BDF file, checking every field it will rely on. */
export function parseEdfHeader(bytes: Uint8Array, file: string): EdfHeader {
  requireBytes(bytes, 0, FIXED_HEADER_BYTES, file, 'EDF fixed header');
  const version = latin1(bytes, 0, 8);
  let variant: 'edf' | 'bdf';
  if (version === '0       ') variant = 'edf';
  else if (version === '\xFFBIOSEMI') variant = 'bdf';
  else {
    throw new InputError(
      `not an EDF/BDF file: version field is ${JSON.stringify(version)}; ` +
        `expected "0       " (EDF) or "\\xFFBIOSEMI" (BDF)`,
      { file, byteOffset: 0, field: 'version' },
    );
  }
  const text = (offset: number, length: number): string => latin1(bytes, offset, length).trim();
  const nSignals = asInteger(text(252, 4), file, 252, 'number of signals');
  if (nSignals <= 0) {
    throw new InputError(`the header declares ${nSignals} signals; expected at least 1`, {
      file,
      byteOffset: 252,
      field: 'number of signals',
    });
  }
  const headerBytes = asInteger(text(184, 8), file, 184, 'number of bytes in header');
  const expectedHeaderBytes = FIXED_HEADER_BYTES + nSignals * SIGNAL_HEADER_BYTES;
  if (headerBytes !== expectedHeaderBytes) {
    throw new InputError(
      `header size field says ${headerBytes} bytes; ${nSignals} signals need ` +
        `${expectedHeaderBytes}`,
      { file, byteOffset: 184, field: 'number of bytes in header' },
    );
  }
  requireBytes(bytes, 0, headerBytes, file, 'EDF signal headers');
  const recordDurationS = asNumber(text(244, 8), file, 244, 'duration of a data record');
  if (recordDurationS < 0) {
    throw new InputError(`record duration is ${recordDurationS} s; expected >= 0`, {
      file,
      byteOffset: 244,
      field: 'duration of a data record',
    });
  }
  return {
    variant,
    reserved: text(192, 44),
    patientId: text(8, 80),
    recordingId: text(88, 80),
    headerStartTime: parseStartTime(text(168, 8), text(176, 8), file),
    headerBytes,
    nRecords: asInteger(text(236, 8), file, 236, 'number of data records'),
    recordDurationS,
    signals: parseSignalHeaders(bytes, nSignals, file),
  };
}

function parseSignalHeaders(bytes: Uint8Array, n: number, file: string): EdfSignalHeader[] {
  const values: string[][] = Array.from({ length: n }, () => []);
  let offset = FIXED_HEADER_BYTES;
  const offsets: Record<string, number> = {};
  for (const [field, width] of SIGNAL_FIELDS) {
    offsets[field] = offset;
    for (let s = 0; s < n; s += 1) values[s]?.push(latin1(bytes, offset + s * width, width).trim());
    offset += n * width;
  }
  return values.map((v, s) => {
    const at = (field: string, width: number): number => (offsets[field] ?? 0) + s * width;
    const label = v[0] ?? '';
    const where = (field: string): string => `${field} of signal ${s + 1} ('${label}')`;
    const signal: EdfSignalHeader = {
      label,
      transducer: v[1] ?? '',
      physicalDimension: v[2] ?? '',
      physicalMin: asNumber(v[3] ?? '', file, at('physicalMin', 8), where('physical minimum')),
      physicalMax: asNumber(v[4] ?? '', file, at('physicalMax', 8), where('physical maximum')),
      digitalMin: asInteger(v[5] ?? '', file, at('digitalMin', 8), where('digital minimum')),
      digitalMax: asInteger(v[6] ?? '', file, at('digitalMax', 8), where('digital maximum')),
      prefiltering: v[7] ?? '',
      samplesPerRecord: asInteger(
        v[8] ?? '',
        file,
        at('samplesPerRecord', 8),
        where('samples per record'),
      ),
    };
    if (signal.samplesPerRecord < 0) {
      throw new InputError(`samples per record is ${signal.samplesPerRecord}; expected >= 0`, {
        file,
        byteOffset: at('samplesPerRecord', 8),
        field: where('samples per record'),
      });
    }
    return signal;
  });
}

/** Where each signal's bytes lie in the data records of a file held in memory. */
interface RecordLayout {
  bytes: Uint8Array;
  file: string;
  header: EdfHeader;
  bytesPerSample: number;
  /** Bytes of one data record (all signals). */
  recordBytes: number;
  nRecords: number;
  /** Byte offset of each signal inside a data record. */
  signalOffsets: number[];
  isAnnotation: boolean[];
}

/** Parses an EDF/BDF file held in memory. */
export function parseEdf(bytes: Uint8Array, file: string, options: EdfOptions = {}): Raw {
  const header = parseEdfHeader(bytes, file);
  const bytesPerSample = header.variant === 'bdf' ? 3 : 2;
  const isPlus = /^(EDF|BDF)\+[CD]/.test(header.reserved);
  const annotationLabel = header.variant === 'bdf' ? 'BDF Annotations' : 'EDF Annotations';
  const isAnnotation = header.signals.map(
    (s) => isPlus && (s.label === 'EDF Annotations' || s.label === annotationLabel),
  );
  const recordBytes = header.signals.reduce((sum, s) => sum + s.samplesPerRecord, 0) *
    bytesPerSample;
  const nRecords = checkRecordCount(header, recordBytes, bytes.length, file);

  const dataIndex = selectSignals(header, isAnnotation, options.channels, file);
  const sfreqHz = samplingRate(header, dataIndex, file);
  const signalOffsets: number[] = [];
  let within = 0;
  for (const s of header.signals) {
    signalOffsets.push(within);
    within += s.samplesPerRecord * bytesPerSample;
  }
  const layout: RecordLayout = {
    bytes, file, header, bytesPerSample, recordBytes, nRecords, signalOffsets, isAnnotation,
  };

  const recordStartsS = isPlus ? recordTimeStamps(layout) : [];
  const firstRecordS = recordStartsS[0] ?? 0;
  if (header.reserved.slice(3, 5) === '+D') {
    checkContiguous(recordStartsS, header.recordDurationS, file);
  }

  const labels = dataIndex.map((s) => header.signals[s]?.label ?? '');
  const names = uniqueNames(labels);
  const channels: ChannelInfo[] = [];
  const samples: Float64Array[] = [];
  const events: RawEvent[] = [];
  dataIndex.forEach((s, k) => {
    const signal = header.signals[s] as EdfSignalHeader;
    const isStatus = header.variant === 'bdf' && signal.label.toLowerCase() === 'status';
    const values = decodeSignal(layout, s, isStatus);
    samples.push(values);
    channels.push({
      name: names[k] as string,
      type: isStatus ? 'stim' : inferChannelType(signal.label, signal.physicalDimension),
      unit: isStatus ? '' : signal.physicalDimension,
    });
    if (isStatus) events.push(...statusEvents(values, sfreqHz));
  });

  if (isPlus) events.push(...annotationEvents(layout, firstRecordS));
  events.sort((a, b) => a.onsetS - b.onsetS);

  const notes: string[] = [];
  const nAnnotationSignals = isAnnotation.filter(Boolean).length;
  if (nAnnotationSignals > 0) {
    notes.push(`${nAnnotationSignals} annotation signal(s) read as events, not as channels`);
  }
  if (dataIndex.length === 0) notes.push('annotation-only file: no data channels');
  return {
    file,
    format: header.variant,
    channels,
    sfreqHz,
    samples,
    startTime: addSeconds(header.headerStartTime, firstRecordS),
    events,
    notes,
  };
}

/** Number of records to read: the header's count, which must agree with the file size. */
function checkRecordCount(header: EdfHeader, recordBytes: number, fileBytes: number,
  file: string): number {
  const available = fileBytes - header.headerBytes;
  if (header.nRecords === -1) {
    // EDF allows -1 while recording; the spec asks readers to infer the count from the size.
    if (recordBytes === 0 || available % recordBytes !== 0) {
      throw new InputError(
        `number of records is -1 and the ${available} data bytes are not a whole number of ` +
          `${recordBytes}-byte records`,
        { file, byteOffset: 236, field: 'number of data records' },
      );
    }
    return available / recordBytes;
  }
  if (header.nRecords < 0) {
    throw new InputError(`number of records is ${header.nRecords}; expected >= 0 or -1`, {
      file,
      byteOffset: 236,
      field: 'number of data records',
    });
  }
  const expected = header.headerBytes + header.nRecords * recordBytes;
  if (expected !== fileBytes) {
    const what = expected > fileBytes ? 'file is truncated' : 'file is longer than its header says';
    throw new InputError(
      `${what}: header declares ${header.nRecords} records of ${recordBytes} bytes ` +
        `(${expected} bytes in all) but the file has ${fileBytes} bytes`,
      { file, byteOffset: Math.min(expected, fileBytes), field: 'number of data records' },
    );
  }
  return header.nRecords;
}

/** Indices of the data signals to read: all, or those named in `channels` (in that order). */
function selectSignals(header: EdfHeader, isAnnotation: boolean[], channels: string[] | undefined,
  file: string): number[] {
  const all = header.signals.map((_, s) => s).filter((s) => !isAnnotation[s]);
  if (channels === undefined) return all;
  return channels.map((name) => {
    const s = all.find((i) => header.signals[i]?.label === name);
    if (s === undefined) {
      throw new InputError(
        `no data signal labelled '${name}'; signals are ` +
          all.map((i) => `'${header.signals[i]?.label}'`).join(', '),
        { file, field: '--channels' },
      );
    }
    return s;
  });
}

/**
 * Sampling rate shared by all data signals. Signals whose rates differ are refused, naming
 * them: resampling them would change their content, and reading them at one rate would
 * misplace every sample.
 */
function samplingRate(header: EdfHeader, dataIndex: number[], file: string): number {
  if (dataIndex.length === 0) return 0;
  const first = header.signals[dataIndex[0] as number] as EdfSignalHeader;
  const differing = dataIndex
    .map((s) => header.signals[s] as EdfSignalHeader)
    .filter((s) => s.samplesPerRecord !== first.samplesPerRecord);
  if (differing.length > 0) {
    const rate = (s: EdfSignalHeader): string =>
      `'${s.label}' ${s.samplesPerRecord / header.recordDurationS} Hz`;
    throw new InputError(
      `signals have different sampling rates (${rate(first)}; ` +
        `${differing.slice(0, 10).map(rate).join(', ')}` +
        `${differing.length > 10 ? `, and ${differing.length - 10} more` : ''}); ` +
        'multi-rate files are read one rate at a time: choose signals of one rate with ' +
        '--channels (library: the `channels` option)',
      { file, field: 'samples per record' },
    );
  }
  if (header.recordDurationS <= 0) {
    throw new InputError(
      `record duration is ${header.recordDurationS} s but the file has data signals; ` +
        'expected a positive duration',
      { file, byteOffset: 244, field: 'duration of a data record' },
    );
  }
  return first.samplesPerRecord / header.recordDurationS;
}

/** Physical values of one signal over all records (Status: trigger codes). */
function decodeSignal(layout: RecordLayout, index: number, isStatus: boolean): Float64Array {
  const { bytes, header, recordBytes, nRecords, bytesPerSample, file } = layout;
  const signal = header.signals[index] as EdfSignalHeader;
  const offsetInRecord = layout.signalOffsets[index] ?? 0;
  const field = `signal ${index + 1} ('${signal.label}')`;
  if (signal.digitalMax <= signal.digitalMin) {
    throw new InputError(
      `digital maximum ${signal.digitalMax} is not above digital minimum ${signal.digitalMin}`,
      { file, field },
    );
  }
  if (signal.physicalMax === signal.physicalMin) {
    throw new InputError(`physical minimum and maximum are both ${signal.physicalMin}`, {
      file,
      field,
    });
  }
  // phys = (dig - digMin) * (physMax - physMin) / (digMax - digMin) + physMin (EDF spec).
  const gain = (signal.physicalMax - signal.physicalMin) / (signal.digitalMax - signal.digitalMin);
  const offset = signal.physicalMin - signal.digitalMin * gain;
  const perRecord = signal.samplesPerRecord;
  const out = new Float64Array(perRecord * nRecords);
  for (let r = 0; r < nRecords; r += 1) {
    let at = header.headerBytes + r * recordBytes + offsetInRecord;
    for (let i = 0; i < perRecord; i += 1, at += bytesPerSample) {
      let digital: number;
      if (bytesPerSample === 2) {
        digital = ((bytes[at] as number) | ((bytes[at + 1] as number) << 8)) << 16 >> 16;
      } else {
        const unsigned = (bytes[at] as number) | ((bytes[at + 1] as number) << 8) |
          ((bytes[at + 2] as number) << 16);
        digital = isStatus ? unsigned : (unsigned << 8) >> 8;
      }
      // BioSemi Status: the low 16 bits are the trigger code; the upper bits are flags.
      out[r * perRecord + i] = isStatus ? digital & 0xffff : digital * gain + offset;
    }
  }
  return out;
}

/**
 * Trigger events of a BioSemi Status channel: one event each time the code changes to a
 * non-zero value, lasting while the code holds. A code already set at the first sample is not
 * an onset (as in MNE's `find_events`).
 */
export function statusEvents(codes: Float64Array, sfreqHz: number): RawEvent[] {
  const events: RawEvent[] = [];
  let i = 1;
  while (i < codes.length) {
    const code = codes[i] as number;
    if (code !== 0 && code !== codes[i - 1]) {
      let end = i + 1;
      while (end < codes.length && codes[end] === code) end += 1;
      events.push({ onsetS: i / sfreqHz, durationS: (end - i) / sfreqHz, description: `${code}` });
      i = end;
    } else {
      i += 1;
    }
  }
  return events;
}

/** The bytes of one annotation signal in one record, and their offset in the file. */
function annotationBytes(layout: RecordLayout, signal: number, record: number):
  [Uint8Array, number] {
  const { header } = layout;
  const start = header.headerBytes + record * layout.recordBytes +
    (layout.signalOffsets[signal] ?? 0);
  const length = (header.signals[signal]?.samplesPerRecord ?? 0) * layout.bytesPerSample;
  return [layout.bytes.subarray(start, start + length), start];
}

/** Onset (s from the header start time) of each data record, from its time-keeping TAL. */
function recordTimeStamps(layout: RecordLayout): number[] {
  const { file } = layout;
  const first = layout.isAnnotation.indexOf(true);
  if (first < 0) return [];
  const starts: number[] = [];
  for (let r = 0; r < layout.nRecords; r += 1) {
    const [chunk, at] = annotationBytes(layout, first, r);
    const tal = parseTals(chunk, file, at)[0];
    if (tal === undefined) {
      throw new InputError(`data record ${r + 1} has no time-keeping annotation (EDF+ 2.2.4)`, {
        file,
        byteOffset: at,
        field: 'EDF Annotations',
      });
    }
    starts.push(tal.onsetS);
  }
  return starts;
}

/** EDF+D is read only when its records do not actually leave gaps. */
function checkContiguous(startsS: number[], recordDurationS: number, file: string): void {
  for (let r = 1; r < startsS.length; r += 1) {
    const expected = (startsS[0] as number) + r * recordDurationS;
    if (Math.abs((startsS[r] as number) - expected) > 1e-6 * Math.max(1, recordDurationS)) {
      throw new InputError(
        `discontinuous EDF+D recording: data record ${r + 1} starts at ${startsS[r]} s, ` +
          `expected ${expected} s for contiguous records; recordings with gaps are not ` +
          'supported (split the file at the gap)',
        { file, field: 'EDF Annotations' },
      );
    }
  }
}

/** Every annotation text of every TAL, timed from the first record's time stamp. */
function annotationEvents(layout: RecordLayout, firstRecordS: number): RawEvent[] {
  const events: RawEvent[] = [];
  for (let r = 0; r < layout.nRecords; r += 1) {
    layout.isAnnotation.forEach((annotation, s) => {
      if (!annotation) return;
      const [chunk, at] = annotationBytes(layout, s, r);
      for (const tal of parseTals(chunk, layout.file, at)) {
        for (const text of tal.texts) {
          if (text === '') continue;
          events.push({
            onsetS: tal.onsetS - firstRecordS,
            durationS: tal.durationS ?? 0,
            description: text,
          });
        }
      }
    });
  }
  return events;
}

/** `dd.mm.yy` + `hh.mm.ss` -> ISO 8601; years 85-99 are 19xx, 00-84 are 20xx (EDF spec). */
function parseStartTime(date: string, time: string, file: string): string {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date);
  const t = /^(\d\d)[.:](\d\d)[.:](\d\d)$/.exec(time);
  if (d === null) {
    throw new InputError(`start date '${date}' is not dd.mm.yy`, {
      file,
      byteOffset: 168,
      field: 'start date',
    });
  }
  if (t === null) {
    throw new InputError(`start time '${time}' is not hh.mm.ss`, {
      file,
      byteOffset: 176,
      field: 'start time',
    });
  }
  const yy = Number(d[3]);
  const year = yy >= 85 ? 1900 + yy : 2000 + yy;
  return `${year}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}`;
}

/** Adds `seconds` (>= 0, sub-second resolution: microseconds) to a zone-less ISO time. */
function addSeconds(iso: string, seconds: number): string {
  if (seconds === 0) return iso;
  const base = Date.parse(`${iso}Z`);
  const totalUs = Math.round(base * 1000 + seconds * 1e6);
  const whole = new Date(Math.floor(totalUs / 1000)).toISOString().slice(0, 19);
  const us = ((totalUs % 1e6) + 1e6) % 1e6;
  return us === 0 ? whole : `${whole}.${String(us).padStart(6, '0')}`;
}

function asNumber(text: string, file: string, byteOffset: number, field: string): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new InputError(`expected a number, found '${text}'`, { file, byteOffset, field });
  }
  return value;
}

function asInteger(text: string, file: string, byteOffset: number, field: string): number {
  const value = asNumber(text, file, byteOffset, field);
  if (!Number.isInteger(value)) {
    throw new InputError(`expected an integer, found '${text}'`, { file, byteOffset, field });
  }
  return value;
}
