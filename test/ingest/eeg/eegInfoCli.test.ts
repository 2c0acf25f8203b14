/**
 * `iatbayes eeg info`: the JSON it prints for a real file equals what MNE 1.3 reports for it
 * (test/fixtures/eeg/mne_reference.json), and bad input ends in one error line, exit 2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';
import { mneRecording } from './reference.js';
import { tempFolder } from './synthetic.js';
import { runCli } from '../../helpers/runCli.js';

const run = runCli;

afterEach(() => {
  process.exitCode = undefined;
});

describeShared(['eeg', 'edf'], 'eeg info on a real EDF+ file', () => {
  const file = 'edf/test_edf_overlapping_annotations.edf';

  it('prints the channels, rate, length, start and every event MNE reports, as JSON', async () => {
    const { code, out } = await run(['eeg', 'info', sharedPath('eeg', file), '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(out) as {
      channels: { name: string; type: string; unit: string }[]; sfreqHz: number;
      nSamples: number; startTime: string; events: { onsetS: number; description: string }[];
    };
    const ref = mneRecording(file);
    expect(info.channels.map((c) => c.name)).toEqual(ref.channelNames);
    expect(info.sfreqHz).toBe(ref.sfreqHz);
    expect(info.nSamples).toBe(ref.nSamples);
    expect(info.startTime).toBe('2009-08-12T16:15:00');
    expect(info.events.map((e) => e.description)).toEqual(
      ref.annotations.map((a) => a.description));
  });

  it('prints sample values of one channel over a range', async () => {
    const ref = mneRecording(file).samples.filter((s) => s.channel === 'Fc5.' && s.sample < 2);
    const { out } = await run(['eeg', 'info', sharedPath('eeg', file), '--samples', 'Fc5.',
      '--range', '0:2', '--json']);
    const parsed = JSON.parse(out) as { values: number[] };
    // MNE reports volts; this file's µV values are exact integers (README).
    expect(parsed.values).toEqual(ref.map((s) => Math.round(s.value * 1e6)));
  });
});

describe('eeg info on bad input', () => {
  it('names the file and says which formats it accepts for an unknown format', async () => {
    const path = join(tempFolder(), 'notes.txt');
    writeFileSync(path, 'hello');
    const { code, err } = await run(['eeg', 'info', path]);
    expect(code).toBe(2);
    expect(err).toMatch(/notes\.txt, byte 0: unknown EEG format/);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a truncated EDF with one line naming the byte offset, no stack trace', async () => {
    const path = join(tempFolder(), 'short.edf');
    writeFileSync(path, `0       ${' '.repeat(100)}`, 'latin1');
    const { code, err } = await run(['eeg', 'info', path]);
    expect(code).toBe(2);
    expect(err).toMatch(/short\.edf, byte 0, field 'EDF fixed header': file is truncated/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
