import { afterEach, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { bandpowerCommand } from '../../../src/cli/commands/bandpower.js';
import { describeShared, sharedPath } from '../../helpers/sharedData.js';

const SAMPLE = ['eeg', 'epochs-sample', 'eegmmidb_first-event_20x64x128_uV.json'];

/** Runs `bandpower` through yargs alone (as the CLI does) and returns what it printed. */
async function run(args: string[]): Promise<string> {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await yargs(['bandpower', ...args])
    .command(bandpowerCommand)
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  return printed;
}

afterEach(() => vi.restoreAllMocks());

describeShared(SAMPLE, 'iatbayes bandpower on the real eegmmidb epochs', () => {
  const path = sharedPath(...SAMPLE);

  it('prints one JSON row per epoch and channel with scipy-matching values', async () => {
    const output = JSON.parse(await run([path, '--json'])) as {
      bands: { name: string }[];
      rows: { epoch: number; channel: string; values: Record<string, number> }[];
    };
    expect(output.bands.map((b) => b.name)).toEqual(['delta', 'theta', 'alpha', 'beta', 'gamma']);
    expect(output.rows).toHaveLength(20 * 64);
    // welch_scipy_reference.json, defaults: band_power.alpha[epoch index 1 = epoch 5][Cz..]
    const reference = JSON.parse(readFileSync(
      new URL('../../fixtures/features/welch_scipy_reference.json', import.meta.url), 'utf8',
    )) as { settings: { defaults: { band_power: Record<string, number[][]> } } };
    const row = output.rows.find((r) => r.epoch === 5 && r.channel === 'Cz..');
    expect(Math.abs((row?.values.alpha as number) -
      (reference.settings.defaults.band_power.alpha?.[1]?.[1] as number))).toBeLessThan(1e-10);
  });

  it('prints a table with a header line and one line per epoch and channel', async () => {
    const lines = (await run([path, '--bands', 'theta:4-8,alpha:8-13'])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# log10 band power, uV\^2\/Hz/);
    expect(lines[1]?.split(/\s+/)).toEqual(['epoch', 'channel', 'theta', 'alpha']);
    expect(lines).toHaveLength(2 + 20 * 64);
  });

  it('names the flag when nperseg exceeds the epoch length', async () => {
    await expect(run([path, '--nperseg', '200'])).rejects.toThrow(
      /field '--nperseg': expected at most the epoch length \(128 samples\), found 200/,
    );
  });

  it('names the flag for a band with lo >= hi', async () => {
    await expect(run([path, '--bands', 'alpha:13-8'])).rejects.toThrow(/field '--bands'/);
  });

  it('refuses overlapping bands', async () => {
    await expect(run([path, '--bands', 'a:4-9,b:8-13'])).rejects.toThrow(/overlapping/);
  });

  it('computes multitaper band power when asked, from the MNE-matching PSD', async () => {
    // multitaper_mne_reference.json 'defaults' (NW = 4, low_bias): epoch 0, channel Fc5.,
    // alpha = log10 of the mean over the 8..12 Hz bins of MNE's density.
    const output = JSON.parse(await run([path, '--method', 'multitaper', '--json'])) as {
      rows: { epoch: number; channel: string; values: Record<string, number> }[];
    };
    const reference = JSON.parse(readFileSync(
      new URL('../../fixtures/features/multitaper_mne_reference.json', import.meta.url), 'utf8',
    )) as { psd: { defaults: { psd_subset: number[][][] } } };
    const psd = reference.psd.defaults.psd_subset[0]?.[0] as number[];
    const alpha = Math.log10(psd.slice(8, 13).reduce((s, v) => s + v, 0) / 5);
    const row = output.rows.find((r) => r.epoch === 0 && r.channel === 'Fc5.');
    expect(Math.abs((row?.values.alpha as number) - alpha)).toBeLessThan(1e-10);
  });

  it('refuses a Welch flag with the multitaper method', async () => {
    await expect(run([path, '--method', 'multitaper', '--nperseg', '64'])).rejects.toThrow(
      /field '--nperseg': nperseg does not apply to method 'multitaper'/,
    );
  });

  it('refuses an unknown window', async () => {
    await expect(run([path, '--window', 'blackman'])).rejects.toThrow(/window/i);
  });
});
