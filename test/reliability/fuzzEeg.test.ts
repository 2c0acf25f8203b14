/**
 * Fuzz tests of the EEG readers (EDF, BDF, BrainVision, XDF, ready epochs): valid seed files
 * built from the format specifications, then truncated, bit-flipped, overwritten, given
 * hostile header fields or (epochs header) wrong-typed, huge and empty JSON values. Every
 * case must parse or throw an InputError; anything else (RangeError, TypeError, a hang) fails.
 * The number of cases tried is printed and is part of each test's name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEdf } from '../../src/ingest/eeg/edf.js';
import { readBrainVision } from '../../src/ingest/eeg/brainvision.js';
import { parseXdf, xdfToRaw } from '../../src/ingest/eeg/xdf.js';
import { readEpochsFile, writeEpochsFile } from '../../src/ingest/eeg/epochsFile.js';
import { readRaw } from '../../src/ingest/eeg/readRaw.js';
import { makeEdf, writeBrainVision } from '../ingest/eeg/synthetic.js';
import { describeShared, sharedPath } from '../helpers/sharedData.js';
import {
  byteMutation, expectReturnOrInputError, jsonMutation, newTally, report, RUNS, scratch,
} from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());

/** EDF+C: two EEG signals of 8 samples per 1 s record, and an annotation signal. */
function edfSeed(): Uint8Array {
  const wave = (phase: number): number[] => Array.from({ length: 8 }, (_, k) =>
    Math.round(1000 * Math.sin(k + phase)));
  return makeEdf({
    reserved: 'EDF+C',
    nRecords: 3,
    signals: [
      { label: 'Fz', records: [wave(0), wave(1), wave(2)] },
      { label: 'Cz', records: [wave(3), wave(4), wave(5)] },
      { label: 'EDF Annotations', unit: '', records: ['+0\x14\x14\x00',
        '+1\x14\x14\x00+1.5\x150.2\x14stim\x14\x00', '+2\x14\x14\x00'] },
    ],
  });
}

/** The same recording as BDF (24-bit samples, BioSemi version field, 'BDF+C'). */
function bdfSeed(): Uint8Array {
  const edf = makeEdf({ nRecords: 2, signals: [
    { label: 'Fz', records: [[1, 2, 3, 4], [5, 6, 7, 8]] },
    { label: 'Status', unit: 'Boolean', records: [[0, 0, 3, 3], [0, 5, 5, 0]] },
  ] });
  const headerBytes = 256 * 3;
  const header = edf.slice(0, headerBytes);
  header.set(Buffer.from('\xFFBIOSEMI', 'latin1'), 0);
  header.set(Buffer.from('24BIT'.padEnd(44, ' '), 'latin1'), 192);
  const body: number[] = [];
  const view = new DataView(edf.buffer, edf.byteOffset + headerBytes);
  for (let k = 0; k < (edf.length - headerBytes) / 2; k++) {
    const v = view.getInt16(2 * k, true);
    body.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
  }
  return new Uint8Array([...header, ...body]);
}

/** XDF 1.0: FileHeader, an EEG stream (2 x float32), a marker stream, samples, a footer. */
function xdfSeed(): Uint8Array {
  const chunk = (tag: number, content: Uint8Array): number[] => {
    const length = content.length + 2;
    return [4, ...new Uint8Array(new Uint32Array([length]).buffer), tag & 0xff, tag >> 8,
      ...content];
  };
  const id = (n: number): number[] => [...new Uint8Array(new Uint32Array([n]).buffer)];
  const info = (name: string, type: string, n: number, format: string, rate: number): number[] =>
    [...Buffer.from(`<?xml version="1.0"?><info><name>${name}</name><type>${type}</type>`
      + `<channel_count>${n}</channel_count><channel_format>${format}</channel_format>`
      + `<nominal_srate>${rate}</nominal_srate><desc><channels><channel><label>Fz</label>`
      + '</channel></channels></desc></info>')];
  const f64 = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
  const f32 = (x: number): number[] => [...new Uint8Array(new Float32Array([x]).buffer)];
  const eegSamples: number[] = [...id(1), 1, 4];
  for (let k = 0; k < 4; k++) eegSamples.push(8, ...f64(10 + k / 100), ...f32(k), ...f32(-k));
  const markers: number[] = [...id(2), 1, 1, 8, ...f64(10.02), 1, 4, ...Buffer.from('stim')];
  const offsets = [...id(1), ...f64(10), ...f64(0.001)];
  return new Uint8Array([
    ...Buffer.from('XDF:'),
    ...chunk(1, new Uint8Array(Buffer.from('<?xml version="1.0"?><info><version>1.0</version>'
      + '</info>'))),
    ...chunk(2, new Uint8Array([...id(1), ...info('amp', 'EEG', 2, 'float32', 100)])),
    ...chunk(2, new Uint8Array([...id(2), ...info('mk', 'Markers', 1, 'string', 0)])),
    ...chunk(3, new Uint8Array(eegSamples)),
    ...chunk(3, new Uint8Array(markers)),
    ...chunk(4, new Uint8Array(offsets)),
    ...chunk(6, new Uint8Array([...id(1), ...Buffer.from('<?xml version="1.0"?><info>'
      + '<first_timestamp>10</first_timestamp></info>')])),
  ]);
}

/** Fuzzes a parser of bytes held in memory. */
function fuzzBytes(name: string, seed: Uint8Array, parse: (bytes: Uint8Array) => unknown): void {
  it(`${name}: ${RUNS} mutated files each parse or give an InputError`, () => {
    expect(() => parse(seed)).not.toThrow();
    const tally = newTally();
    fc.assert(fc.property(byteMutation, (mutation) => {
      expectReturnOrInputError(tally, `${name}, ${mutation.describe}`,
        () => parse(mutation.apply(seed)));
    }), { numRuns: RUNS, seed: 9 });
    report(name, tally);
    expect(tally.accepted + tally.refused).toBe(RUNS);
  });
}

describe('EEG readers under fuzzing', () => {
  fuzzBytes('EDF+', edfSeed(), (bytes) => parseEdf(bytes, 'f.edf'));
  fuzzBytes('BDF', bdfSeed(), (bytes) => parseEdf(bytes, 'f.bdf'));
  fuzzBytes('XDF', xdfSeed(), (bytes) => xdfToRaw(parseXdf(bytes, 'f.xdf'), 'f.xdf'));

  const data = new Uint8Array(new Int16Array(Array.from({ length: 40 }, (_, k) => k - 20)).buffer);
  const vhdr = writeBrainVision(join(folder.dir, 'bv'), { channels: [{ name: 'Fz' },
    { name: 'Cz', resolution: 0.1 }], data, markers: [
    'Mk1=New Segment,,1,1,0,20240102030405123456', 'Mk2=Stimulus,S  1,5,1,0'] });
  for (const part of ['rec.vhdr', 'rec.vmrk', 'rec.eeg']) {
    const seed = new Uint8Array(readFileSync(join(folder.dir, 'bv', part)));
    fuzzBytes(`BrainVision ${part}`, seed, (bytes) => {
      writeFileSync(join(folder.dir, 'bv', part), bytes);
      try {
        return readBrainVision(vhdr);
      } finally {
        writeFileSync(join(folder.dir, 'bv', part), seed);
      }
    });
  }

  const epochsPath = join(folder.dir, 'epo', 'e.json');
  writeEpochsFile(epochsPath, { channelNames: ['Fz', 'Cz'], units: ['uV', 'uV'], sfreqHz: 100,
    tminS: -0.1, nEpochs: 3, nChannels: 2, nSamples: 5, trialIds: ['t1', 't2', 't3'],
    data: Float64Array.from({ length: 30 }, (_, k) => Math.sin(k)) });
  const headerSeed = new Uint8Array(readFileSync(epochsPath));
  const bodyPath = join(folder.dir, 'epo', 'e.bin');
  const bodySeed = new Uint8Array(readFileSync(bodyPath));
  const withFile = (path: string, seed: Uint8Array) => (bytes: Uint8Array): unknown => {
    writeFileSync(path, bytes);
    try {
      return readEpochsFile(epochsPath);
    } finally {
      writeFileSync(path, seed);
    }
  };
  fuzzBytes('epochs header bytes', headerSeed, withFile(epochsPath, headerSeed));
  fuzzBytes('epochs body', bodySeed, withFile(bodyPath, bodySeed));

  it(`epochs header: ${RUNS} wrong-typed, huge and empty JSON values each give an InputError or`
    + ' parse', () => {
    const document = JSON.parse(Buffer.from(headerSeed).toString('utf8')) as unknown;
    const tally = newTally();
    fc.assert(fc.property(jsonMutation(document), (mutation) => {
      expectReturnOrInputError(tally, `epochs header, ${mutation.describe}`,
        () => withFile(epochsPath, headerSeed)(
          new Uint8Array(Buffer.from(JSON.stringify(mutation.document)))));
    }), { numRuns: RUNS, seed: 9 });
    report('epochs header JSON', tally);
  });
});

describeShared(['eeg'], 'EEG readers fuzzed from the real files in shared/data', () => {
  const files = [['edf', 'subsecond_starttime.edf'], ['bdf', 'test_bdf_stim_channel.bdf'],
    ['xdf', 'minimal.xdf']] as const;
  for (const [kind, name] of files) {
    const path = sharedPath('eeg', kind, name);
    const seed = new Uint8Array(readFileSync(path));
    fuzzBytes(`real ${name}`, seed, (bytes) => {
      const copy = join(folder.dir, name);
      writeFileSync(copy, bytes);
      return readRaw(copy);
    });
  }
});
