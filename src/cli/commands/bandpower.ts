/**
 * `iatbayes bandpower EPOCHS.json`: log10 band power (Welch or multitaper PSD, see
 * src/features/spectral/) of every epoch and channel of a ready-epochs file, so users
 * can check spectral features outside a cohort. A table on stdout, or JSON with --json.
 */
import type { Argv, CommandModule } from 'yargs';
import { readEpochsFile } from '../../ingest/eeg/epochsFile.js';
import { bandPower, parseBands, DEFAULT_BANDS, type EpochsBandPower } from
  '../../features/spectral/bands.js';
import { epochsPsd, SPECTRAL_METHODS, type SpectralMethod } from
  '../../features/spectral/spectrum.js';
import { WINDOW_NAMES, type WindowName } from '../../features/spectral/window.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';
import type { Epochs } from '../../ingest/eeg/types.js';

interface BandpowerArgs {
  epochs: string;
  method: SpectralMethod;
  window?: WindowName;
  nperseg?: number;
  noverlap?: number;
  nfft?: number;
  bandwidth?: number;
  bands?: string;
  relative: boolean;
  json: boolean;
  quiet?: boolean;
}

const FLAG_FIELDS = new Set([
  'method', 'window', 'nperseg', 'noverlap', 'nfft', 'bandwidth', 'lowBias', 'bands',
]);

export const bandpowerCommand: CommandModule<object, BandpowerArgs> = {
  command: 'bandpower <epochs>',
  describe: 'Print log10 band power per epoch and channel of a ready-epochs file',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('epochs', {
        type: 'string',
        demandOption: true,
        describe: 'Ready-epochs JSON header (float64 body beside it)',
      })
      .option('method', {
        choices: SPECTRAL_METHODS,
        default: 'welch' as SpectralMethod,
        describe: 'PSD estimator',
      })
      .option('window', {
        choices: WINDOW_NAMES,
        describe: 'Welch: periodic taper of each segment [hann]',
      })
      .option('nperseg', { type: 'number', describe: 'Samples per segment [min(256, samples)]' })
      .option('noverlap', { type: 'number', describe: 'Overlap in samples [nperseg / 2]' })
      .option('nfft', { type: 'number', describe: 'FFT length, >= nperseg [nperseg]' })
      .option('bandwidth', {
        type: 'number',
        describe: 'Multitaper: full bandwidth in Hz, as MNE [8 fs / samples, i.e. NW = 4]',
      })
      .option('bands', {
        type: 'string',
        describe:
          'name:lo-hi,... in Hz, lo <= f < hi [' +
          DEFAULT_BANDS.map((b) => `${b.name}:${b.loHz}-${b.hiHz}`).join(',') +
          ']',
      })
      .option('relative', {
        type: 'boolean',
        default: false,
        describe: 'log10 of band power over total power (lowest to highest band edge)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }) as
      unknown as Argv<BandpowerArgs>,
  handler: (argv) => {
    const logger = createCliLogger({ quiet: argv.quiet ?? false });
    const epochs = readEpochsFile(argv.epochs);
    const bands = withFlagNames(argv.epochs, () =>
      argv.bands === undefined ? DEFAULT_BANDS : parseBands(argv.bands));
    const psd = withFlagNames(argv.epochs, () =>
      epochsPsd(epochs, {
        method: argv.method,
        window: argv.window,
        nperseg: argv.nperseg,
        noverlap: argv.noverlap,
        nfft: argv.nfft,
        bandwidthHz: argv.bandwidth,
      }));
    const power = withFlagNames(argv.epochs, () =>
      bandPower(psd, { bands, relative: argv.relative }));
    logger.info(describeRun(argv.epochs, epochs, psd.description));
    process.stdout.write(argv.json ? formatJson(epochs, argv.method, psd.description, power) :
      formatTable(epochs, power));
  },
};

/** Re-raises option errors with the file and the flag's name (--nperseg, --bands, ...). */
function withFlagNames<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError && FLAG_FIELDS.has(error.location.field ?? '')) {
      throw new InputError(error.problem, { file, field: `--${error.location.field}` });
    }
    throw error;
  }
}

function describeRun(file: string, epochs: Epochs, spectrum: string): string {
  return (
    `${file}: ${epochs.nEpochs} epochs x ${epochs.nChannels} channels x ` +
    `${epochs.nSamples} samples at ${epochs.sfreqHz} Hz; ${spectrum}`
  );
}

function formatJson(epochs: Epochs, method: SpectralMethod, spectrum: string,
  power: EpochsBandPower): string {
  const nBands = power.bands.length;
  const rows = [];
  for (let e = 0; e < power.nEpochs; e++) {
    for (let c = 0; c < power.nChannels; c++) {
      const values: Record<string, number> = {};
      power.bands.forEach((band, b) => {
        values[band.name] = power.values[(e * power.nChannels + c) * nBands + b] as number;
      });
      const row: Record<string, unknown> = { epoch: e, channel: epochs.channelNames[c] };
      if (epochs.trialIds !== undefined) row.trialId = epochs.trialIds[e];
      row.values = values;
      rows.push(row);
    }
  }
  const output = {
    bands: power.bands.map((band) => ({ name: band.name, loHz: band.loHz, hiHz: band.hiHz })),
    relative: power.relative,
    ...(power.relative ? { totalRangeHz: power.totalRangeHz } : {}),
    units: power.relative ? 'log10(fraction of total power)' :
      `log10(${epochs.units[0] ?? 'unit'}^2/Hz)`,
    spectrum: { method, settings: spectrum },
    rows,
  };
  return `${JSON.stringify(output)}\n`;
}

function formatTable(epochs: Epochs, power: EpochsBandPower): string {
  const nBands = power.bands.length;
  const header = ['epoch', 'channel', ...power.bands.map((band) => band.name)];
  const lines: string[][] = [header];
  for (let e = 0; e < power.nEpochs; e++) {
    for (let c = 0; c < power.nChannels; c++) {
      const cells = [String(e), epochs.channelNames[c] ?? String(c)];
      for (let b = 0; b < nBands; b++) {
        cells.push((power.values[(e * power.nChannels + c) * nBands + b] as number).toFixed(4));
      }
      lines.push(cells);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((cells) => (cells[i] ?? '').length)));
  const title = power.relative
    ? `# log10 relative band power (fraction of ${power.totalRangeHz[0]}-` +
      `${power.totalRangeHz[1]} Hz power)`
    : `# log10 band power, ${epochs.units[0] ?? 'unit'}^2/Hz (mean PSD density in band)`;
  const body = lines.map((cells) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) :
      cell.padStart(widths[i] ?? 0))).join('  '));
  return `${[title, ...body].join('\n')}\n`;
}
