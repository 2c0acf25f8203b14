/**
 * Small synthetic EDF and BrainVision files for bad-input tests, written from the format
 * specifications (EDF: Kemp et al. 1992 / EDF+ 2003; BrainVision Core Data Format 1.0).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'iatbayes-eeg-'));
}

export interface EdfSignalSpec {
  label: string;
  unit?: string;
  physMin?: number;
  physMax?: number;
  digMin?: number;
  digMax?: number;
  /** Digital values per record (length = samples per record). Annotations: raw bytes text. */
  records: number[][] | string[];
}

function field(text: string | number, width: number): string {
  return String(text).padEnd(width, ' ').slice(0, width);
}

/** Bytes of an EDF(+) file; `reserved` 'EDF+C' makes signals labelled 'EDF Annotations' TALs. */
export function makeEdf(options: {
  signals: EdfSignalSpec[];
  nRecords: number;
  recordDurationS?: number;
  reserved?: string;
  date?: string;
  time?: string;
}): Uint8Array {
  const { signals, nRecords } = options;
  const ns = signals.length;
  const spr = signals.map((s) =>
    typeof s.records[0] === 'string' ? Math.ceil((s.records[0] as string).length / 2) + 8
      : (s.records[0] as number[]).length);
  let header = field('0', 8) + field('X X X X', 80) + field('Startdate X X X X', 80) +
    field(options.date ?? '01.02.24', 8) + field(options.time ?? '10.20.30', 8) +
    field(256 * (ns + 1), 8) + field(options.reserved ?? '', 44) + field(nRecords, 8) +
    field(options.recordDurationS ?? 1, 8) + field(ns, 4);
  const each = (f: (s: EdfSignalSpec, i: number) => string | number, w: number): void => {
    signals.forEach((s, i) => {
      header += field(f(s, i), w);
    });
  };
  each((s) => s.label, 16);
  each(() => '', 80);
  each((s) => s.unit ?? 'uV', 8);
  each((s) => s.physMin ?? -100, 8);
  each((s) => s.physMax ?? 100, 8);
  each((s) => s.digMin ?? -32768, 8);
  each((s) => s.digMax ?? 32767, 8);
  each(() => '', 80);
  each((_, i) => spr[i] as number, 8);
  each(() => '', 32);
  const body: number[] = [];
  for (let r = 0; r < nRecords; r += 1) {
    signals.forEach((s, i) => {
      const rec = s.records[r];
      if (typeof rec === 'string') {
        const bytes = Buffer.from(rec, 'latin1');
        for (let k = 0; k < 2 * (spr[i] as number); k += 1) body.push(bytes[k] ?? 0);
      } else {
        for (const v of rec ?? []) body.push(v & 0xff, (v >> 8) & 0xff);
      }
    });
  }
  return new Uint8Array([...Buffer.from(header, 'latin1'), ...body]);
}

/** Writes a BrainVision triplet into `folder`; returns the .vhdr path. */
export function writeBrainVision(folder: string, options: {
  channels: { name: string; resolution?: number; unit?: string }[];
  data: Uint8Array;
  binaryFormat?: string;
  orientation?: string;
  dataFile?: string;
  markers?: string[];
  intervalUs?: number;
}): string {
  mkdirSync(folder, { recursive: true });
  const lines = [
    'Brain Vision Data Exchange Header File Version 1.0',
    '[Common Infos]',
    'Codepage=UTF-8',
    `DataFile=${options.dataFile ?? 'rec.eeg'}`,
    'MarkerFile=rec.vmrk',
    'DataFormat=BINARY',
    `DataOrientation=${options.orientation ?? 'MULTIPLEXED'}`,
    `NumberOfChannels=${options.channels.length}`,
    `SamplingInterval=${options.intervalUs ?? 1000}`,
    '[Binary Infos]',
    `BinaryFormat=${options.binaryFormat ?? 'INT_16'}`,
    '[Channel Infos]',
    ...options.channels.map((c, i) =>
      `Ch${i + 1}=${c.name},,${c.resolution ?? 1},${c.unit ?? 'µV'}`),
    '[Comment]',
    'A m p l i f i e r  table = free text',
  ];
  writeFileSync(join(folder, 'rec.vhdr'), `${lines.join('\r\n')}\r\n`);
  writeFileSync(join(folder, options.dataFile ?? 'rec.eeg'), options.data);
  const markers = options.markers ?? ['Mk1=New Segment,,1,1,0,20240102030405123456'];
  writeFileSync(join(folder, 'rec.vmrk'), [
    'Brain Vision Data Exchange Marker File, Version 1.0',
    '[Marker Infos]',
    ...markers,
  ].join('\n'));
  return join(folder, 'rec.vhdr');
}
