/**
 * `iatbayes eeg info FILE [--json] [--samples CH --range A:B]`: what a reader found in an EEG
 * file (channels, sampling rate, length, start time, every event), like MNE's `read_raw` +
 * `info` + `annotations`.
 */
import type { Argv, CommandModule } from 'yargs';
import { readEegFile, type EegFileContent, type ReadRawOptions } from '../../ingest/eeg/readRaw.js';
import type { Raw } from '../../ingest/eeg/types.js';
import { InputError } from '../../util/errors.js';

interface EegInfoArgs {
  file: string;
  json: boolean;
  samples?: string;
  range?: string;
  stream?: string;
  channels?: string;
}

/** Reader options from the `--stream` and `--channels` flags. */
export function readOptions(stream: string | undefined, channels: string | undefined):
  ReadRawOptions {
  const options: ReadRawOptions = {};
  if (stream !== undefined) options.eegStream = stream;
  if (channels !== undefined) {
    options.channels = channels.split(',').map((c) => c.trim()).filter((c) => c !== '');
  }
  return options;
}

/** JSON summary of a continuous recording: the shape `eeg info --json` prints. */
export function rawSummary(raw: Raw): Record<string, unknown> {
  return {
    file: raw.file,
    format: raw.format,
    channels: raw.channels.map((c) => ({ name: c.name, type: c.type, unit: c.unit })),
    sfreqHz: raw.sfreqHz,
    nSamples: raw.samples[0]?.length ?? 0,
    startTime: raw.startTime,
    events: raw.events.map((e) => ({
      onsetS: e.onsetS,
      durationS: e.durationS,
      description: e.description,
    })),
    notes: raw.notes ?? [],
  };
}

function epochsSummary(content: Extract<EegFileContent, { kind: 'epochs' }>, file: string):
  Record<string, unknown> {
  const e = content.epochs;
  return {
    file,
    format: 'epochs',
    channels: e.channelNames.map((name, c) => ({ name, type: 'eeg', unit: e.units[c] ?? '' })),
    sfreqHz: e.sfreqHz,
    nSamples: e.nSamples,
    startTime: null,
    events: [],
    nEpochs: e.nEpochs,
    tminS: e.tminS,
    trialIds: e.trialIds ?? null,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function formatText(summary: Record<string, unknown>): string {
  const channels = summary.channels as { name: string; type: string; unit: string }[];
  const events = summary.events as { onsetS: number; durationS: number; description: string }[];
  const sfreq = summary.sfreqHz as number;
  const n = summary.nSamples as number;
  const lines = [
    `file: ${summary.file as string}`,
    `format: ${summary.format as string}`,
    `sampling rate: ${sfreq} Hz`,
    `samples: ${n}${sfreq > 0 ? ` (${(n / sfreq).toFixed(3)} s)` : ''}` +
      (summary.nEpochs === undefined ? '' : ` per epoch, ${summary.nEpochs as number} epochs, ` +
        `tmin ${summary.tminS as number} s`),
    `start time: ${(summary.startTime as string | null) ?? 'not given'}`,
    `channels (${channels.length}):`,
  ];
  const width = Math.max(4, ...channels.map((c) => c.name.length)) + 2;
  lines.push(`  ${pad('name', width)}${pad('type', 7)}unit`);
  for (const c of channels) lines.push(`  ${pad(c.name, width)}${pad(c.type, 7)}${c.unit}`);
  lines.push(`events (${events.length}):`);
  if (events.length > 0) lines.push(`  ${pad('onset_s', 14)}${pad('duration_s', 14)}description`);
  for (const e of events) {
    lines.push(`  ${pad(e.onsetS.toFixed(6), 14)}${pad(e.durationS.toFixed(6), 14)}` +
      JSON.stringify(e.description));
  }
  const notes = (summary.notes as string[] | undefined) ?? [];
  if (notes.length > 0) lines.push('notes:', ...notes.map((note) => `  ${note}`));
  return `${lines.join('\n')}\n`;
}

/** `A:B` -> [A, B) sample indices, checked against the recording length. */
export function parseRange(text: string | undefined, nSamples: number): [number, number] {
  if (text === undefined) return [0, Math.min(nSamples, 10)];
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (m === null || end <= start || end > nSamples) {
    throw new InputError(
      `--range '${text}' is not A:B with 0 <= A < B <= ${nSamples} (sample indices, B excluded)`,
      { field: '--range' },
    );
  }
  return [start, end];
}

function printSamples(raw: Raw, channel: string, range: string | undefined, json: boolean): void {
  const c = raw.channels.findIndex((ch) => ch.name === channel);
  if (c < 0) {
    throw new InputError(
      `no channel named '${channel}'; channels are ${raw.channels.map((ch) => ch.name).join(', ')}`,
      { file: raw.file, field: '--samples' },
    );
  }
  const values = raw.samples[c] as Float64Array;
  const [start, end] = parseRange(range, values.length);
  const slice = Array.from(values.subarray(start, end));
  const unit = raw.channels[c]?.unit ?? '';
  if (json) {
    process.stdout.write(`${JSON.stringify({ channel, unit, sfreqHz: raw.sfreqHz, start,
      end, values: slice })}\n`);
    return;
  }
  const lines = [`sample\ttime_s\t${channel} (${unit})`];
  slice.forEach((v, k) => {
    const index = start + k;
    lines.push(`${index}\t${(index / raw.sfreqHz).toFixed(6)}\t${v}`);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

const infoCommand: CommandModule<object, EegInfoArgs> = {
  command: 'info <file>',
  describe: 'Show channels, sampling rate, length, start time and events of an EEG file',
  builder: (y: Argv<object>) =>
    y
      .positional('file', { type: 'string', demandOption: true,
        describe: 'EDF/BDF, BrainVision .vhdr, XDF or ready-epochs .json' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('samples', { type: 'string', describe: 'Print the values of this channel' })
      .option('range', { type: 'string', describe: 'Samples A:B (0-based, B excluded)' })
      .option('stream', { type: 'string', describe: 'XDF: name of the EEG stream' })
      .option('channels', { type: 'string',
        describe: 'Read only these channels (comma-separated); EDF/BDF: one sampling rate' }) as
      Argv<EegInfoArgs>,
  handler: (args) => {
    const content = readEegFile(args.file, readOptions(args.stream, args.channels));
    if (args.samples !== undefined) {
      if (content.kind !== 'raw') {
        throw new InputError('--samples reads continuous recordings, not ready epochs', {
          file: args.file,
          field: '--samples',
        });
      }
      printSamples(content.raw, args.samples, args.range, args.json);
      return;
    }
    const summary = content.kind === 'raw' ? rawSummary(content.raw)
      : epochsSummary(content, args.file);
    process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : formatText(summary));
  },
};

/** The `eeg` command group. */
export const eegCommand: CommandModule<object, object> = {
  command: 'eeg',
  describe: 'Inspect EEG files (EDF/BDF, BrainVision, XDF, ready epochs)',
  builder: (y: Argv<object>) => y.command(infoCommand).demandCommand(1),
  handler: () => undefined,
};
