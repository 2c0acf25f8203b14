/**
 * EDF/EDF+/BDF/BDF+ reader against MNE-Python 1.3 on every real file in ../shared/data/eeg
 * (reference values: test/fixtures/eeg/mne_reference.json, script beside it).
 * Sample tolerance: both readers compute dig * gain + offset in float64, so they agree to a
 * few ulps; 1e-9 relative leaves room for the order of operations and nothing more.
 */
import { expect, it } from 'vitest';
import { readEdf } from '../../../src/ingest/eeg/edf.js';
import type { Raw } from '../../../src/ingest/eeg/types.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';
import { mneRecording, mneReference, mneScale } from './reference.js';

function expectSamplesMatchMne(raw: Raw, file: string): void {
  const ref = mneRecording(file);
  const names = raw.channels.map((c) => c.name);
  for (const { channel, sample, value } of ref.samples) {
    const c = names.indexOf(channel);
    const info = raw.channels[c];
    if (info === undefined) throw new Error(`channel ${channel} missing`);
    // MNE reads a channel it types `stim` by name (the analog `Trigger` of the BDF+ file)
    // as digital values, a convention rather than a reading; only Status codes compare.
    const mneIsStim = ref.channelTypes[ref.channelNames.indexOf(channel)] === 'stim';
    if (mneIsStim && info.type !== 'stim') continue;
    const scale = mneIsStim ? 1 : mneScale(info.unit === '' ? 'uV' : info.unit);
    const ours = (raw.samples[c] as Float64Array)[sample] as number;
    expect(Math.abs(ours * scale - value), `${channel}[${sample}]`).toBeLessThanOrEqual(
      1e-9 * Math.max(Math.abs(value), scale),
    );
  }
}

function expectHeaderMatchesMne(raw: Raw, file: string): void {
  const ref = mneRecording(file);
  expect(raw.channels.map((c) => c.name)).toEqual(ref.channelNames);
  expect(raw.sfreqHz).toBe(ref.sfreqHz);
  for (const s of raw.samples) expect(s.length).toBe(ref.nSamples);
}

function expectEventsMatchMne(raw: Raw, expected: Raw['events']): void {
  expect(raw.events.map((e) => e.description)).toEqual(expected.map((e) => e.description));
  raw.events.forEach((e, i) => {
    // TAL onsets are decimal text with up to 7 decimals; MNE 1.3 moves the first record's
    // stamp onto the sample grid before subtracting it, which shifts onsets by < 1 µs.
    expect(Math.abs(e.onsetS - (expected[i]?.onsetS as number))).toBeLessThan(1e-6);
    expect(e.durationS).toBeCloseTo(expected[i]?.durationS as number, 9);
  });
}

const EDF_FILES = [
  'edf/test_edf_overlapping_annotations.edf',
  'edf/chtypes_edf.edf',
  'edf/subsecond_starttime.edf',
  'bdf/multiple_annotation_chans.bdf',
];

describeShared(['eeg', 'edf'], 'EDF/BDF reader on the real files, against MNE', () => {
  for (const file of EDF_FILES) {
    it(`reads ${file} with MNE's channels, rate, length, samples and annotations`, () => {
      const raw = readEdf(sharedPath('eeg', file));
      expectHeaderMatchesMne(raw, file);
      expectSamplesMatchMne(raw, file);
      expectEventsMatchMne(raw, mneRecording(file).annotations);
    });
  }

  it('gives the header start time MNE gives, plus the first record stamp', () => {
    const file = 'edf/test_edf_overlapping_annotations.edf';
    expect(readEdf(sharedPath('eeg', file)).startTime).toBe('2009-08-12T16:15:00');
    // MNE 1.3 drops the sub-second part; the EDF+ spec puts the first sample at the header
    // time plus the first time-keeping TAL (+0.3945312 s, see ../shared/data/eeg/edf/README).
    const sub = readEdf(sharedPath('eeg', 'edf/subsecond_starttime.edf'));
    expect(mneRecording('edf/subsecond_starttime.edf').measDate).toBe(
      '2020-01-24T04:05:56+00:00',
    );
    expect(sub.startTime).toBe('2020-01-24T04:05:56.394531');
  });

  it('reads the annotation-only hypnogram as events with no channels', () => {
    const raw = readEdf(sharedPath('eeg', 'edf/SC4001EC-Hypnogram.edf'));
    expect(raw.channels).toEqual([]);
    expect(raw.sfreqHz).toBe(0);
    expectEventsMatchMne(raw, mneReference.hypnogram.annotations);
  });

  it('reads the analog Trigger channel as MNE does with stim_channel=None', () => {
    const raw = readEdf(sharedPath('eeg', mneReference.trigger.file));
    const c = raw.channels.findIndex((ch) => ch.name === 'Trigger');
    for (const [i, volts] of mneReference.trigger.samples) {
      const ours = (raw.samples[c] as Float64Array)[i] as number;
      expect(Math.abs(ours * 1e-6 - volts)).toBeLessThanOrEqual(1e-9 * Math.abs(volts) + 1e-18);
    }
  });

  it('types channels by their label prefix and unit', () => {
    const raw = readEdf(sharedPath('eeg', 'edf/chtypes_edf.edf'));
    const type = (name: string): string | undefined =>
      raw.channels.find((c) => c.name === name)?.type;
    expect(type('EEG Fp1-Ref')).toBe('eeg');
    expect(type('ECG ECG1')).toBe('ecg');
    const bdf = readEdf(sharedPath('eeg', 'bdf/multiple_annotation_chans.bdf'));
    expect(bdf.channels.find((c) => c.name === 'acc1')).toEqual({
      name: 'acc1',
      type: 'misc',
      unit: 'G',
    });
  });
});

describeShared(['eeg', 'bdf'], 'BDF Status channel, against MNE find_events', () => {
  const file = 'bdf/test_bdf_stim_channel.bdf';

  it('reads the BioSemi file with MNE samples (Status as low-16-bit codes)', () => {
    const raw = readEdf(sharedPath('eeg', file));
    expectHeaderMatchesMne(raw, file);
    expectSamplesMatchMne(raw, file);
    expect(raw.channels[3]).toEqual({ name: 'Status', type: 'stim', unit: '' });
  });

  it('turns Status code onsets into the events find_events reports', () => {
    const raw = readEdf(sharedPath('eeg', file));
    const expected = mneReference.statusEvents.events;
    expect(raw.events.map((e) => [Math.round(e.onsetS * raw.sfreqHz), Number(e.description)]))
      .toEqual(expected);
    // Every pulse in this file lasts one sample (README of ../shared/data/eeg/bdf).
    for (const e of raw.events) expect(e.durationS).toBeCloseTo(1 / 500, 12);
  });
});
