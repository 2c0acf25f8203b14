/**
 * BrainVision reader: the real MNE test recording against MNE 1.3 (reference values in
 * test/fixtures/eeg/mne_reference.json), and synthetic files written from the BrainVision
 * Core Data Format 1.0 for the layouts and bad inputs the real file does not cover.
 * Value tolerance: both readers multiply an int16 by the resolution in float64 (exact for
 * 0.5) and MNE then scales µ-units by 1e-6, so 1e-9 relative is several ulps of slack.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrainVision } from '../../../src/ingest/eeg/brainvision.js';
import { InputError } from '../../../src/util/errors.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';
import { mneRecording, mneScale } from './reference.js';
import { tempFolder, writeBrainVision } from './synthetic.js';

describeShared(['eeg', 'brainvision'], 'BrainVision reader on test.vhdr, against MNE', () => {
  const ref = mneRecording('brainvision/test.vhdr');
  const raw = readBrainVision(sharedPath('eeg', 'brainvision', 'test.vhdr'));

  it('has MNE channel names, types, rate and length', () => {
    expect(raw.channels.map((c) => c.name)).toEqual(ref.channelNames);
    expect(raw.channels.map((c) => c.type)).toEqual(ref.channelTypes);
    expect(raw.sfreqHz).toBe(ref.sfreqHz);
    expect(raw.samples[0]?.length).toBe(ref.nSamples);
  });

  it('keeps the units written in the header, µV where the field is empty or absent', () => {
    const unit = (name: string): string | undefined =>
      raw.channels.find((c) => c.name === name)?.unit;
    expect([unit('FP1'), unit('FP2'), unit('F3'), unit('CP5'), unit('HR'), unit('ReRef')])
      .toEqual(['µV', 'µV', 'µV', 'BS', 'uS', 'C']);
  });

  it('reads the values MNE reads at the chosen samples', () => {
    for (const { channel, sample, value } of ref.samples) {
      const c = raw.channels.findIndex((ch) => ch.name === channel);
      const scale = mneScale(raw.channels[c]?.unit ?? '');
      const ours = (raw.samples[c] as Float64Array)[sample] as number;
      expect(Math.abs(ours * scale - value), `${channel}[${sample}]`)
        .toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(value), scale));
    }
  });

  it('gives every marker as MNE does: Type/Description, (position-1)/sfreq, size/sfreq', () => {
    expect(raw.events).toHaveLength(ref.annotations.length);
    raw.events.forEach((e, i) => {
      const expected = ref.annotations[i];
      expect(e.description).toBe(expected?.description);
      expect(e.onsetS).toBeCloseTo(expected?.onsetS as number, 12);
      expect(e.durationS).toBeCloseTo(expected?.durationS as number, 12);
    });
  });

  it('takes the start time from the New Segment marker date', () => {
    expect(ref.measDate).toBe('2013-11-13T16:14:03.794232+00:00');
    expect(raw.startTime).toBe('2013-11-13T16:14:03.794232');
  });
});

describe('BrainVision layouts', () => {
  // 2 channels x 3 samples: ch A = 1, 2, 3; ch B = -1, -2, -3 (hand-written values).
  const a = [1, 2, 3];
  const b = [-1, -2, -3];

  it('reads INT_16 VECTORIZED data channel after channel, times the resolution', () => {
    const data = new Int16Array([...a, ...b]);
    const vhdr = writeBrainVision(tempFolder(), {
      channels: [{ name: 'A', resolution: 0.1 }, { name: 'B', resolution: 2 }],
      data: new Uint8Array(data.buffer),
      orientation: 'VECTORIZED',
    });
    const raw = readBrainVision(vhdr);
    expect(Array.from(raw.samples[0] as Float64Array)).toEqual(a.map((v) => v * 0.1));
    expect(Array.from(raw.samples[1] as Float64Array)).toEqual(b.map((v) => v * 2));
  });

  it('reads IEEE_FLOAT_32 MULTIPLEXED data sample after sample', () => {
    const data = new Float32Array([1.5, -1.5, 2.5, -2.5, 3.5, -3.5]);
    const vhdr = writeBrainVision(tempFolder(), {
      channels: [{ name: 'A' }, { name: 'B' }],
      data: new Uint8Array(data.buffer),
      binaryFormat: 'IEEE_FLOAT_32',
      markers: ['Mk1=Stimulus,S  1,2,1,0', 'Mk2=Response,R\\1x,3,0,0'],
    });
    const raw = readBrainVision(vhdr);
    expect(Array.from(raw.samples[0] as Float64Array)).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(raw.samples[1] as Float64Array)).toEqual([-1.5, -2.5, -3.5]);
    expect(raw.events).toEqual([
      { onsetS: 0.001, durationS: 0.001, description: 'Stimulus/S  1' },
      { onsetS: 0.002, durationS: 0, description: 'Response/R,x' },
    ]);
    expect(raw.startTime).toBeNull();
  });
});

describe('BrainVision bad input', () => {
  it('refuses a data file whose size disagrees with the channel count, naming the file', () => {
    const vhdr = writeBrainVision(tempFolder(), {
      channels: [{ name: 'A' }, { name: 'B' }],
      data: new Uint8Array(10),
    });
    expect(() => readBrainVision(vhdr)).toThrow(InputError);
    expect(() => readBrainVision(vhdr)).toThrow(/rec\.eeg, byte 8: file size 10 bytes/);
  });

  it('refuses a NaN sample, naming the channel and its byte offset', () => {
    const data = new Float32Array([1, 2, 3, Number.NaN]);
    const vhdr = writeBrainVision(tempFolder(), {
      channels: [{ name: 'A' }, { name: 'B' }],
      data: new Uint8Array(data.buffer),
      binaryFormat: 'IEEE_FLOAT_32',
    });
    expect(() => readBrainVision(vhdr)).toThrow(/byte 12, field 'B': sample 1 .* is NaN/);
  });

  it('refuses a DataFile that climbs out of the header folder', () => {
    const root = tempFolder();
    writeFileSync(join(root, 'outside.eeg'), new Uint8Array(4));
    const vhdr = writeBrainVision(join(root, 'inner'), {
      channels: [{ name: 'A' }],
      data: new Uint8Array(4),
      dataFile: '../outside.eeg',
    });
    expect(() => readBrainVision(vhdr)).toThrow(/DataFile '\.\.\/outside\.eeg' leaves the folder/);
  });

  it('refuses a header with zero channels', () => {
    const vhdr = writeBrainVision(tempFolder(), { channels: [], data: new Uint8Array(0) });
    expect(() => readBrainVision(vhdr)).toThrow(/NumberOfChannels is '0'; expected a positive/);
  });

  it('refuses a file that is not a BrainVision header', () => {
    const folder = tempFolder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'x.vhdr'), 'hello\n');
    expect(() => readBrainVision(join(folder, 'x.vhdr'))).toThrow(/not a BrainVision file/);
  });
});
