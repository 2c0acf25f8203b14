/**
 * Format detection and channel picking of readRaw, on synthetic files written from the format
 * specifications (EDF magic `0` + 7 spaces, XDF magic `XDF:`, BrainVision by extension).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEegFormat, readRaw } from '../../../src/ingest/eeg/readRaw.js';
import { readBrainVision } from '../../../src/ingest/eeg/brainvision.js';
import { makeEdf, tempFolder, writeBrainVision } from './synthetic.js';

describe('readRaw', () => {
  it('detects EDF by its first bytes whatever the extension', () => {
    const path = join(tempFolder(), 'recording.dat');
    writeFileSync(path, makeEdf({ nRecords: 1, signals: [{ label: 'Cz', records: [[1, 2]] }] }));
    expect(detectEegFormat(path)).toBe('edf');
    expect(readRaw(path).channels.map((c) => c.name)).toEqual(['Cz']);
  });

  it('detects XDF by its magic and BrainVision by .vhdr', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'a.bin'), 'XDF:rest');
    expect(detectEegFormat(join(folder, 'a.bin'))).toBe('xdf');
    const vhdr = writeBrainVision(folder, { channels: [{ name: 'A' }], data: new Uint8Array(2) });
    expect(detectEegFormat(vhdr)).toBe('brainvision');
  });

  it('refuses a missing file', () => {
    expect(() => readRaw(join(tempFolder(), 'none.edf'))).toThrow(/none\.edf: file not found/);
  });

  it('picks the named channels in the named order', () => {
    const vhdr = writeBrainVision(tempFolder(), {
      channels: [{ name: 'A' }, { name: 'B' }],
      data: new Uint8Array(new Int16Array([1, 2, 3, 4]).buffer),
    });
    const raw = readRaw(vhdr, { channels: ['B', 'A'] });
    expect(raw.channels.map((c) => c.name)).toEqual(['B', 'A']);
    expect(Array.from(raw.samples[0] as Float64Array)).toEqual([2, 4]);
    expect(() => readRaw(vhdr, { channels: ['C'] })).toThrow(/no channel named 'C'; channels/);
  });

  it('reads a Latin-1 (Codepage=ANSI) BrainVision header', () => {
    const folder = tempFolder();
    const vhdr = writeBrainVision(folder, { channels: [{ name: 'A' }], data: new Uint8Array(2) });
    // Rewrite the header in Latin-1 with a channel name holding 'ä' (0xE4, invalid UTF-8).
    const text = 'Brain Vision Data Exchange Header File Version 1.0\r\n[Common Infos]\r\n' +
      'Codepage=ANSI\r\nDataFile=rec.eeg\r\nMarkerFile=rec.vmrk\r\nDataFormat=BINARY\r\n' +
      'DataOrientation=MULTIPLEXED\r\nNumberOfChannels=1\r\nSamplingInterval=1000\r\n' +
      '[Binary Infos]\r\nBinaryFormat=INT_16\r\n[Channel Infos]\r\nCh1=Fä,,1,µV\r\n';
    writeFileSync(vhdr, Buffer.from(text, 'latin1'));
    expect(readBrainVision(vhdr).channels[0]).toEqual({ name: 'Fä', type: 'eeg', unit: 'µV' });
  });
});
