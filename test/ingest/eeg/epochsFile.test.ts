import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEpochsFile, writeEpochsFile } from '../../../src/ingest/eeg/epochsFile.js';
import type { Epochs } from '../../../src/ingest/eeg/types.js';
import { InputError } from '../../../src/util/errors.js';
import { createRng } from '../../../src/util/rng.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];

describeShared(SAMPLE, 'readEpochsFile on the real eegmmidb epoch sample', () => {
  it('reads shape, rate, channel names, unit and the default tmin of 0 s', () => {
    const epochs = readEpochsFile(sharedPath(...SAMPLE));
    expect([epochs.nEpochs, epochs.nChannels, epochs.nSamples]).toEqual([20, 64, 128]);
    expect(epochs.sfreqHz).toBe(128);
    expect(epochs.channelNames[0]).toBe('Fc5.');
    expect(epochs.channelNames[63]).toBe('Iz..');
    expect(new Set(epochs.units)).toEqual(new Set(['uV']));
    expect(epochs.tminS).toBe(0);
    expect(epochs.trialIds).toBeUndefined();
  });

  it('places samples in (epoch, channel, sample) C order as numpy reads them', () => {
    // Expected values from numpy: np.fromfile(bin, '<f8').reshape(20, 64, 128), printing
    // x[0,0,0], x[3,10,5], x[19,63,127] and x.sum(). The samples are exact integers (see the
    // sample's README), so equality is exact.
    const { data } = readEpochsFile(sharedPath(...SAMPLE));
    expect(data[0]).toBe(21);
    expect(data[(3 * 64 + 10) * 128 + 5]).toBe(19);
    expect(data[(19 * 64 + 63) * 128 + 127]).toBe(-128);
    expect(data.reduce((sum, value) => sum + value, 0)).toBe(-1472366);
  });
});

describe('ready-epochs files written and read back', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'iatbayes-epochs-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function makeEpochs(): Epochs {
    const rng = createRng(4);
    const nEpochs = 3;
    const nChannels = 2;
    const nSamples = 5;
    const data = new Float64Array(nEpochs * nChannels * nSamples);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 10;
    return {
      channelNames: ['Fz', 'Pz'],
      units: ['uV', 'uV'],
      sfreqHz: 250,
      tminS: -0.2,
      nEpochs,
      nChannels,
      nSamples,
      data,
      trialIds: ['b3t01', 'b3t02', 'b4t01'],
    };
  }

  function writeHeader(name: string, header: Record<string, unknown>): string {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(header));
    return path;
  }

  function validHeader(dataFile: string): Record<string, unknown> {
    return {
      data_file: dataFile,
      shape: [3, 2, 5],
      axis_order: ['epoch', 'channel', 'sample'],
      sfreq_hz: 250,
      channel_names: ['Fz', 'Pz'],
      units: 'uV',
    };
  }

  it('round-trips every field bit for bit', () => {
    const epochs = makeEpochs();
    const path = join(folder, 'sub-01_task-eiat_epo.json');
    writeEpochsFile(path, epochs);
    const back = readEpochsFile(path);
    expect(back).toEqual(epochs);
    expect(Array.from(back.data)).toEqual(Array.from(epochs.data));
  });

  it('writes the body as little-endian float64 in C order beside the header', () => {
    const epochs = makeEpochs();
    const path = join(folder, 'order_epo.json');
    writeEpochsFile(path, epochs);
    const header = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(header.data_file).toBe('order_epo.bin');
    const bytes = readFileSync(join(folder, 'order_epo.bin'));
    // epoch 2, channel 1, sample 3 sits at index (2 * 2 + 1) * 5 + 3 = 28.
    expect(bytes.readDoubleLE(28 * 8)).toBe(epochs.data[28]);
    expect(bytes.length).toBe(30 * 8);
  });

  it('refuses a data_file that climbs out of the header folder', () => {
    const path = writeHeader('escape.json', validHeader('../outside.bin'));
    expect(() => readEpochsFile(path)).toThrow(/data_file.*inside the header's folder/);
  });

  it('refuses an absolute data_file', () => {
    const path = writeHeader('absolute.json', validHeader('/etc/passwd'));
    expect(() => readEpochsFile(path)).toThrow(InputError);
  });

  it('names the file and expected and found bytes when the body is short', () => {
    writeFileSync(join(folder, 'short.bin'), new Uint8Array(29 * 8));
    const path = writeHeader('short.json', validHeader('short.bin'));
    expect(() => readEpochsFile(path)).toThrow(/short\.bin: expected 240 bytes .* found 232/);
  });

  it('reports a NaN sample with its epoch, channel and sample', () => {
    const values = new Float64Array(30);
    values[(1 * 2 + 1) * 5 + 4] = Number.NaN;
    writeFileSync(join(folder, 'nan.bin'), new Uint8Array(values.buffer));
    const path = writeHeader('nan.json', validHeader('nan.bin'));
    expect(() => readEpochsFile(path)).toThrow(/NaN at epoch 1, channel 1, sample 4/);
  });

  it('refuses a channel-name count that differs from shape[1]', () => {
    writeFileSync(join(folder, 'names.bin'), new Uint8Array(240));
    const header = { ...validHeader('names.bin'), channel_names: ['Fz'] };
    const path = writeHeader('names.json', header);
    expect(() => readEpochsFile(path)).toThrow(/channel_names.*expected 2 channel names/);
  });

  it('refuses another axis order', () => {
    writeFileSync(join(folder, 'axes.bin'), new Uint8Array(240));
    const header = { ...validHeader('axes.bin'), axis_order: ['channel', 'epoch', 'sample'] };
    const path = writeHeader('axes.json', header);
    expect(() => readEpochsFile(path)).toThrow(/axis_order/);
  });

  it('refuses a shape that is not three positive integers', () => {
    writeFileSync(join(folder, 'shape.bin'), new Uint8Array(240));
    const header = { ...validHeader('shape.bin'), shape: [3, 2] };
    const path = writeHeader('shape.json', header);
    expect(() => readEpochsFile(path)).toThrow(/field 'shape'/);
  });

  it('refuses trial ids whose count differs from the epochs', () => {
    writeFileSync(join(folder, 'ids.bin'), new Uint8Array(240));
    const header = { ...validHeader('ids.bin'), trial_ids: ['a', 'b'] };
    const path = writeHeader('ids.json', header);
    expect(() => readEpochsFile(path)).toThrow(/trial_ids.*expected 3 trial ids .*found 2/);
  });

  it('refuses to write a record whose data length disagrees with its shape', () => {
    const epochs = { ...makeEpochs(), nSamples: 4 };
    expect(() => writeEpochsFile(join(folder, 'bad.json'), epochs)).toThrow(/expected 24 values/);
  });
});
