/**
 * XDF reader against a separate Python parser written from the XDF 1.0 specification
 * (test/fixtures/eeg/xdf_reference.py -> xdf_reference.json), on every real file in
 * ../shared/data/eeg/xdf, plus synthetic files for bad input. Sample values are float32/int16
 * widened to float64 by both parsers, so they must be equal; synchronised stamps come from
 * two implementations of the same Huber ADMM fit (numpy lstsq on the raw design vs centred
 * normal equations) and agree to ~1e-9 s, well inside the 1e-8 s tolerance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXdf, readXdf, xdfToRaw } from '../../../src/ingest/eeg/xdf.js';
import { huberLine, synchronizeClock } from '../../../src/ingest/eeg/xdfClock.js';
import { InputError } from '../../../src/util/errors.js';
import { describeShared, repoRoot, sharedPath } from '../../helpers/sharedData.js';

interface XdfReference {
  files: {
    file: string;
    streams: { id: number; name: string; type: string; nSamples: number; nClockOffsets: number;
      firstStamp: number | null; lastStamp: number | null }[];
    eeg?: { id: number; sfreqHz: number; nSamples: number;
      samples: { channel: number; sample: number; value: number }[] };
    markers?: { stream: number; timeS: number; value: string; onsetS: number }[];
  }[];
}

const reference = JSON.parse(readFileSync(
  join(repoRoot, 'test', 'fixtures', 'eeg', 'xdf_reference.json'), 'utf8')) as XdfReference;

describeShared(['eeg', 'xdf'], 'XDF reader on the real files, against the Python parser', () => {
  for (const ref of reference.files) {
    const path = sharedPath('eeg', 'xdf', ref.file);

    it(`finds every stream of ${ref.file} with its sample and clock-offset counts`, () => {
      const parsed = parseXdf(new Uint8Array(readFileSync(path)), path);
      expect(parsed.streams.map((s) => [s.id, s.name, s.type, s.timeStamps.length,
        s.clockTimes.length])).toEqual(ref.streams.map((s) => [s.id, s.name, s.type,
        s.nSamples, s.nClockOffsets]));
      parsed.streams.forEach((s, i) => {
        const stamps = synchronizeClock(s.timeStamps, s.clockTimes, s.clockValues);
        const expected = ref.streams[i];
        if (expected?.firstStamp === null || expected === undefined) {
          expect(stamps).toHaveLength(0);
          return;
        }
        expect(Math.abs((stamps[0] as number) - expected.firstStamp)).toBeLessThan(1e-8);
        expect(Math.abs((stamps.at(-1) as number) - (expected.lastStamp as number)))
          .toBeLessThan(1e-8);
      });
    });

    it(`reads the EEG samples and marker events of ${ref.file}`, () => {
      const raw = readXdf(path);
      const eeg = ref.eeg;
      if (eeg === undefined) throw new Error('reference has no EEG stream');
      expect(raw.sfreqHz).toBe(eeg.sfreqHz);
      expect(raw.samples[0]?.length).toBe(eeg.nSamples);
      for (const { channel, sample, value } of eeg.samples) {
        expect((raw.samples[channel] as Float64Array)[sample]).toBe(value);
      }
      const markers = ref.markers ?? [];
      expect(raw.events).toHaveLength(markers.length);
      const expected = [...markers].sort((a, b) => a.onsetS - b.onsetS);
      raw.events.forEach((e, i) => {
        expect(e.description).toBe(expected[i]?.value);
        expect(e.onsetS).toBeCloseTo(expected[i]?.onsetS as number, 9);
      });
    });
  }

  it('reads minimal.xdf as documented upstream (first sample, deduced stamps)', () => {
    // xdf-modules/example-files README: first sample (192, 255, 238), then (12, 22, 32).
    const raw = readXdf(sharedPath('eeg', 'xdf', 'minimal.xdf'));
    expect(raw.samples.map((s) => s[0])).toEqual([192, 255, 238]);
    expect(raw.samples.map((s) => s[1])).toEqual([12, 22, 32]);
    // The marker stream sends 'Hello World from LSL' word by word, twice.
    expect(raw.events.filter((e) => e.description === 'Hello')).toHaveLength(2);
  });

  it('tolerates the empty PPG stream of the Muse file and says which streams it skipped', () => {
    const raw = readXdf(sharedPath('eeg', 'xdf', 'muselsl2_sub-P001_eeg.xdf'));
    expect(raw.channels.map((c) => c.name)).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'AUX_RIGHT']);
    expect(raw.notes?.some((n) => n.includes("'Muse' (PPG, 0 samples)"))).toBe(true);
  });
});

/** Builds XDF bytes from chunks (tag, content) using 4-byte length prefixes. */
function xdf(chunks: [number, Uint8Array][]): Uint8Array {
  const parts: number[] = [...Buffer.from('XDF:')];
  for (const [tag, content] of chunks) {
    const length = content.length + 2;
    parts.push(4, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24);
    parts.push(tag & 0xff, tag >> 8, ...content);
  }
  return new Uint8Array(parts);
}

function streamHeader(id: number, xml: string): Uint8Array {
  const idBytes = new Uint8Array(new Uint32Array([id]).buffer);
  return new Uint8Array([...idBytes, ...Buffer.from(xml)]);
}

function info(name: string, type: string, n: number, format: string, rate: number): string {
  return `<?xml version="1.0"?><info><name>${name}</name><type>${type}</type>` +
    `<channel_count>${n}</channel_count><channel_format>${format}</channel_format>` +
    `<nominal_srate>${rate}</nominal_srate></info>`;
}

/** One Samples chunk of double64 values, each with an explicit stamp. */
function doubleSamples(id: number, stamps: number[], values: number[][]): Uint8Array {
  const out: number[] = [...new Uint8Array(new Uint32Array([id]).buffer), 1, stamps.length];
  stamps.forEach((t, k) => {
    out.push(8, ...new Uint8Array(new Float64Array([t]).buffer));
    out.push(...new Uint8Array(new Float64Array(values[k] as number[]).buffer));
  });
  return new Uint8Array(out);
}

function markerSamples(id: number, stamps: number[], values: string[]): Uint8Array {
  const out: number[] = [...new Uint8Array(new Uint32Array([id]).buffer), 1, stamps.length];
  stamps.forEach((t, k) => {
    const text = Buffer.from(values[k] as string);
    out.push(8, ...new Uint8Array(new Float64Array([t]).buffer), 1, text.length, ...text);
  });
  return new Uint8Array(out);
}

describe('XDF on synthetic files', () => {
  const eegHeader = streamHeader(1, info('amp', 'EEG', 2, 'double64', 100));
  const markerHeader = streamHeader(2, info('mk', 'Markers', 1, 'string', 0));

  it('places markers on the nearest sample even when stamps step backwards', () => {
    // Stamps 10.00, 10.01, 10.005 (a backward step), 10.03: the running maximum is
    // 10, 10.01, 10.01, 10.03; a marker at 10.029 is nearest to sample 3 -> 0.03 s.
    const bytes = xdf([
      [2, eegHeader],
      [2, markerHeader],
      [3, doubleSamples(1, [10, 10.01, 10.005, 10.03], [[1, 2], [3, 4], [5, 6], [7, 8]])],
      [3, markerSamples(2, [10.029, 9.99], ['late', 'early'])],
    ]);
    const raw = xdfToRaw(parseXdf(bytes, 'x.xdf'), 'x.xdf');
    expect(raw.events.map((e) => e.description)).toEqual(['early', 'late']);
    expect(raw.events[0]?.onsetS).toBeCloseTo(-0.01, 12);
    expect(raw.events[1]?.onsetS).toBeCloseTo(0.03, 12);
    expect(Array.from(raw.samples[1] as Float64Array)).toEqual([2, 4, 6, 8]);
  });

  it('applies the line through the clock offsets', () => {
    // offset(t) = 1 + 0.5 t exactly through (0, 1), (2, 2), (4, 3): stamp 2 -> 2 + 2 = 4.
    const [a, b] = synchronizeClock([2, 4], [0, 2, 4], [1, 2, 3]);
    expect(a).toBeCloseTo(4, 9);
    expect(b).toBeCloseTo(7, 9);
  });

  it('fits the clock line robustly: one delayed offset barely moves it', () => {
    // Offsets on 0.01 + 1e-5 t at t = 0..9 s, one of them 50 ms late. Least squares would
    // shift the line by 5 ms at the mean; the Huber fit (corner at 0.1 ms) bounds the
    // outlier's pull to about 2 x 0.1 ms / 10 points = 20 µs.
    const times = Array.from({ length: 10 }, (_, i) => i);
    const values = times.map((t) => 0.01 + 1e-5 * t + (t === 5 ? 0.05 : 0));
    const [a, b] = huberLine(times, values, 1e-4);
    expect(Math.abs(a + b * 4.5 - (0.01 + 1e-5 * 4.5))).toBeLessThan(3e-5);
  });

  it('refuses a marker stream with no EEG stream, listing the streams', () => {
    const bytes = xdf([[2, markerHeader], [3, markerSamples(2, [1], ['a'])]]);
    expect(() => xdfToRaw(parseXdf(bytes, 'x.xdf'), 'x.xdf'))
      .toThrow(/x\.xdf, field 'streams': no EEG stream: .*2 'mk' \(Markers, 1 samples\)/);
  });

  it('refuses a truncated file, naming the byte offset', () => {
    const bytes = xdf([[2, eegHeader], [3, doubleSamples(1, [1], [[1, 2]])]]);
    const cut = bytes.subarray(0, bytes.length - 5);
    expect(() => parseXdf(cut, 'x.xdf')).toThrow(InputError);
    expect(() => parseXdf(cut, 'x.xdf')).toThrow(/x\.xdf, byte \d+, field 'chunk of \d+ bytes'/);
  });

  it('refuses a stream declaring zero channels', () => {
    const bytes = xdf([[2, streamHeader(1, info('amp', 'EEG', 0, 'float32', 100))]]);
    expect(() => parseXdf(bytes, 'x.xdf')).toThrow(/channel_count '0'; expected a positive/);
  });

  it('refuses NaN samples, naming the channel', () => {
    const bytes = xdf([[2, eegHeader], [3, doubleSamples(1, [1, 2], [[1, 2], [Number.NaN, 3]])]]);
    expect(() => xdfToRaw(parseXdf(bytes, 'x.xdf'), 'x.xdf'))
      .toThrow(/field 'ch1': sample 1 of channel 'ch1' is NaN/);
  });

  it('refuses a file without the XDF magic', () => {
    expect(() => parseXdf(new Uint8Array(Buffer.from('hello')), 'x.xdf'))
      .toThrow(/not an XDF file/);
  });
});

describe('XDF numeric marker streams', () => {
  it('reads an irregular-rate numeric stream as events with the value as description', () => {
    const eeg = streamHeader(1, info('amp', 'EEG', 1, 'double64', 100));
    const codes = streamHeader(3, info('codes', 'Markers', 1, 'double64', 0));
    const bytes = xdf([
      [2, eeg],
      [2, codes],
      [3, doubleSamples(1, [0, 0.01, 0.02, 0.03], [[0], [0], [0], [0]])],
      [3, doubleSamples(3, [0.021], [[13]])],
    ]);
    const raw = xdfToRaw(parseXdf(bytes, 'x.xdf'), 'x.xdf');
    expect(raw.events).toEqual([{ onsetS: 0.02, durationS: 0, description: '13' }]);
  });
});
