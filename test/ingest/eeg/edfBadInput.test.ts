/**
 * EDF/EDF+ bad input and edge cases on synthetic files written from the EDF/EDF+ specification
 * (test/ingest/eeg/synthetic.ts). Expected values are hand calculations from the spec's
 * digital-to-physical formula.
 */
import { describe, expect, it } from 'vitest';
import { parseEdf } from '../../../src/ingest/eeg/edf.js';
import { InputError } from '../../../src/util/errors.js';
import { makeEdf } from './synthetic.js';

const twoRecords = (): Uint8Array => makeEdf({
  nRecords: 2,
  signals: [{ label: 'Cz', physMin: -100, physMax: 100, digMin: -100, digMax: 100,
    records: [[1, 2, 3, 4], [5, 6, 7, 8]] }],
});

describe('EDF reader on synthetic files', () => {
  it('applies phys = (dig - digMin)(physMax - physMin)/(digMax - digMin) + physMin', () => {
    const bytes = makeEdf({
      nRecords: 1,
      signals: [{ label: 'Fz', physMin: 10, physMax: -10, digMin: 0, digMax: 20,
        records: [[0, 5, 20]] }],
    });
    // Inverted polarity (physMin > physMax, as in subsecond_starttime.edf): 0 -> 10, 5 -> 5.
    expect(Array.from(parseEdf(bytes, 'x.edf').samples[0] as Float64Array)).toEqual([10, 5, -10]);
  });

  it('reads TAL annotations timed from the first record stamp', () => {
    const bytes = makeEdf({
      nRecords: 2,
      reserved: 'EDF+C',
      signals: [
        { label: 'Cz', records: [[0, 0], [0, 0]] },
        { label: 'EDF Annotations', records: [
          '+0.5\x14\x14\x00+1.25\x150.5\x14stim A\x14second\x14\x00',
          '+1.5\x14\x14\x00'] },
      ],
    });
    const raw = parseEdf(bytes, 'x.edf');
    expect(raw.events).toEqual([
      { onsetS: 0.75, durationS: 0.5, description: 'stim A' },
      { onsetS: 0.75, durationS: 0.5, description: 'second' },
    ]);
    expect(raw.startTime).toBe('2024-02-01T10:20:30.500000');
  });

  it('refuses EDF+D records that leave a gap, naming the record', () => {
    const bytes = makeEdf({
      nRecords: 2,
      reserved: 'EDF+D',
      signals: [
        { label: 'Cz', records: [[0, 0], [0, 0]] },
        { label: 'EDF Annotations', records: ['+0\x14\x14\x00', '+5\x14\x14\x00'] },
      ],
    });
    expect(() => parseEdf(bytes, 'x.edf')).toThrow(/data record 2 starts at 5 s, expected 1 s/);
  });

  it('refuses signals with different sampling rates, naming them', () => {
    const bytes = makeEdf({
      nRecords: 1,
      signals: [{ label: 'Cz', records: [[0, 0, 0, 0]] }, { label: 'Resp', records: [[0]] }],
    });
    expect(() => parseEdf(bytes, 'x.edf')).toThrow(/'Cz' 4 Hz; 'Resp' 1 Hz/);
  });

  it('reads a multi-rate file one rate at a time with the channels option', () => {
    const bytes = makeEdf({
      nRecords: 2,
      signals: [
        { label: 'Cz', digMin: -100, digMax: 100, physMin: -100, physMax: 100,
          records: [[1, 2, 3, 4], [5, 6, 7, 8]] },
        { label: 'Resp', digMin: -100, digMax: 100, physMin: -100, physMax: 100,
          records: [[9], [10]] },
      ],
    });
    const fast = parseEdf(bytes, 'x.edf', { channels: ['Cz'] });
    expect([fast.sfreqHz, Array.from(fast.samples[0] as Float64Array)])
      .toEqual([4, [1, 2, 3, 4, 5, 6, 7, 8]]);
    const slow = parseEdf(bytes, 'x.edf', { channels: ['Resp'] });
    expect([slow.sfreqHz, Array.from(slow.samples[0] as Float64Array)]).toEqual([1, [9, 10]]);
    expect(() => parseEdf(bytes, 'x.edf', { channels: ['Fz'] }))
      .toThrow(/no data signal labelled 'Fz'; signals are 'Cz', 'Resp'/);
  });

  it('refuses a truncated file, naming the byte where the data end', () => {
    const bytes = twoRecords();
    const cut = bytes.subarray(0, bytes.length - 3);
    expect(() => parseEdf(cut, 'x.edf')).toThrow(InputError);
    expect(() => parseEdf(cut, 'x.edf')).toThrow(
      /x\.edf, byte 525, field 'number of data records': file is truncated: header declares 2/,
    );
  });

  it('refuses a file longer than its header says', () => {
    const bytes = new Uint8Array([...twoRecords(), 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => parseEdf(bytes, 'x.edf')).toThrow(/longer than its header says/);
  });

  it('refuses a file cut inside the header', () => {
    expect(() => parseEdf(twoRecords().subarray(0, 300), 'x.edf'))
      .toThrow(/byte 0, field 'EDF signal headers': file is truncated/);
  });

  it('refuses zero signals', () => {
    const bytes = makeEdf({ nRecords: 0, signals: [] });
    expect(() => parseEdf(bytes, 'x.edf')).toThrow(/declares 0 signals; expected at least 1/);
  });

  it('refuses an unknown format by its first bytes', () => {
    const bytes = new Uint8Array(Buffer.from('PK\x03\x04'.padEnd(300, ' '), 'latin1'));
    expect(() => parseEdf(bytes, 'x.zip')).toThrow(/not an EDF\/BDF file/);
  });

  it('refuses a non-numeric header field, naming it and its byte offset', () => {
    const bytes = twoRecords();
    bytes.set(Buffer.from('abc     ', 'latin1'), 256 + 16 + 80 + 8); // physical minimum
    expect(() => parseEdf(bytes, 'x.edf')).toThrow(
      /byte 360, field 'physical minimum of signal 1 \('Cz'\)': expected a number, found 'abc'/,
    );
  });
});
