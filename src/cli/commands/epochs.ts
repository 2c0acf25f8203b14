/**
 * `iatbayes epochs RAW --events EVENTS.tsv|annotations --trials TRIALS.csv --tmin -0.2
 * --tmax 0.8 --out epochs.json`: one epoch per IAT trial around its stimulus (or response)
 * marker, written in the ready-epochs format with the trial ids.
 */
import type { Argv, CommandModule } from 'yargs';
import { writeEpochsFile } from '../../ingest/eeg/epochsFile.js';
import { readRaw } from '../../ingest/eeg/readRaw.js';
import { epochTrials } from '../../preprocessing/epochTrials.js';
import type { BandPass } from '../../preprocessing/filter.js';
import {
  markersFromAnnotations,
  markersFromEventsTsv,
  readTrialTable,
} from '../../preprocessing/markers.js';
import type { Reference } from '../../preprocessing/reference.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';
import { readOptions } from './eeg.js';

interface EpochsArgs {
  raw: string;
  events: string;
  trials: string;
  out: string;
  tmin: number;
  tmax: number;
  lock: string;
  marker?: string;
  participant?: string;
  codeColumn?: string;
  baseline?: string;
  lFreq?: number;
  hFreq?: number;
  filterTaps?: number;
  reference?: string;
  rejectPtp?: number;
  stream?: string;
  channels?: string;
  json: boolean;
  quiet: boolean;
}

/** `A:B` seconds, either end empty ( `:0` = from the window start to 0), or `none`. */
export function parseBaseline(text: string | undefined): [number | null, number | null] | null {
  if (text === undefined || text === 'none') return null;
  const m = /^\s*(-?[\d.]*)\s*:\s*(-?[\d.]*)\s*$/.exec(text);
  const end = (part: string | undefined): number | null =>
    part === undefined || part === '' ? null : Number(part);
  const bounds: [number | null, number | null] = [end(m?.[1]), end(m?.[2])];
  if (m === null || bounds.some((b) => b !== null && !Number.isFinite(b))) {
    throw new InputError(`--baseline '${text}' is not A:B seconds (either end may be empty)`, {
      field: '--baseline',
    });
  }
  return bounds;
}

function parseReference(text: string | undefined): Reference | null {
  if (text === undefined || text === 'none') return null;
  if (text === 'average') return 'average';
  return text.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

function parseFilter(args: EpochsArgs): BandPass | null {
  if (args.lFreq === undefined && args.hFreq === undefined) return null;
  const band: BandPass = { lowHz: args.lFreq ?? null, highHz: args.hFreq ?? null };
  if (args.filterTaps !== undefined) band.numTaps = args.filterTaps;
  return band;
}

function markerPattern(args: EpochsArgs): RegExp {
  const source = args.marker ?? (args.lock === 'response' ? '^Response/' : '^Stimulus/');
  try {
    return new RegExp(source);
  } catch {
    throw new InputError(`--marker '${source}' is not a regular expression`, { field: '--marker' });
  }
}

export const epochsCommand: CommandModule<object, EpochsArgs> = {
  command: 'epochs <raw>',
  describe: 'Cut one epoch per IAT trial around its stimulus or response marker',
  builder: (y: Argv<object>) =>
    y
      .positional('raw', { type: 'string', demandOption: true,
        describe: 'Continuous EEG: EDF/BDF, BrainVision .vhdr or XDF' })
      .option('events', { type: 'string', demandOption: true,
        describe: "BIDS events.tsv, or 'annotations' for the recording's own markers" })
      .option('trials', { type: 'string', demandOption: true,
        describe: 'Trial log CSV/TSV with a trial_id column, in presentation order' })
      .option('out', { type: 'string', demandOption: true, describe: 'Epochs header (.json)' })
      .option('tmin', { type: 'number', default: -0.2, describe: 'Window start (s)' })
      .option('tmax', { type: 'number', default: 0.8, describe: 'Window end (s, included)' })
      .option('lock', { type: 'string', default: 'stimulus', choices: ['stimulus', 'response'],
        describe: 'Marker to lock to (events.tsv trial_type)' })
      .option('marker', { type: 'string',
        describe: "Regex on event descriptions with --events annotations (default '^Stimulus/')" })
      .option('participant', { type: 'string', describe: 'participant_id to take from --trials' })
      .option('code-column', { type: 'string',
        describe: 'Trial column whose value each marker code must equal' })
      .option('baseline', { type: 'string', describe: "Baseline A:B s (':0' = start..0) or none" })
      .option('l-freq', { type: 'number', describe: 'High-pass edge (Hz) of the FIR filter' })
      .option('h-freq', { type: 'number', describe: 'Low-pass edge (Hz) of the FIR filter' })
      .option('filter-taps', { type: 'number', describe: 'FIR length (odd); default from band' })
      .option('reference', { type: 'string', describe: "'average' or channel names A,B" })
      .option('reject-ptp', { type: 'number',
        describe: 'Drop epochs with EEG peak-to-peak above this (channel units, e.g. µV)' })
      .option('stream', { type: 'string', describe: 'XDF: name of the EEG stream' })
      .option('channels', { type: 'string',
        describe: 'Read only these channels (comma-separated); EDF/BDF: one sampling rate' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' }) as
      unknown as Argv<EpochsArgs>,
  handler: (args) => {
    if (!/\.json$/i.test(args.out)) {
      throw new InputError(
        `--out '${args.out}' must name the epochs header (.json); the float64 body is ` +
          'written beside it with the extension .bin',
        { field: '--out' },
      );
    }
    const log = createCliLogger({ quiet: args.quiet });
    const raw = readRaw(args.raw, readOptions(args.stream, args.channels));
    log.info(`read ${raw.channels.length} channels x ${raw.samples[0]?.length ?? 0} samples ` +
      `at ${raw.sfreqHz} Hz from ${args.raw}`);
    const markers = args.events === 'annotations'
      ? markersFromAnnotations(raw, markerPattern(args))
      : markersFromEventsTsv(args.events, args.lock);
    const trialOptions: { participant?: string; codeColumn?: string } = {};
    if (args.participant !== undefined) trialOptions.participant = args.participant;
    if (args.codeColumn !== undefined) trialOptions.codeColumn = args.codeColumn;
    const trials = readTrialTable(args.trials, trialOptions);
    const result = epochTrials(raw, markers, trials, {
      tminS: args.tmin,
      tmaxS: args.tmax,
      baseline: parseBaseline(args.baseline),
      rejectPeakToPeak: args.rejectPtp ?? null,
      reference: parseReference(args.reference),
      filter: parseFilter(args),
    });
    if (result.epochs.nEpochs === 0) {
      throw new InputError(
        `no epoch kept of ${result.nTrials} trials; first reason: ${result.dropped[0]?.reason}`,
        { file: args.raw },
      );
    }
    writeEpochsFile(args.out, result.epochs);
    const e = result.epochs;
    const summary = {
      out: args.out,
      nTrials: result.nTrials,
      nEpochs: e.nEpochs,
      nChannels: e.nChannels,
      nSamples: e.nSamples,
      sfreqHz: e.sfreqHz,
      tminS: e.tminS,
      dropped: result.dropped,
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const lines = [
      `wrote ${e.nEpochs} epochs (${e.nChannels} channels x ${e.nSamples} samples at ` +
        `${e.sfreqHz} Hz, from ${e.tminS} s) to ${args.out}`,
      `trials: ${result.nTrials}, kept: ${e.nEpochs}, dropped: ${result.dropped.length}`,
      ...result.dropped.map((d) => `  dropped ${d.trialId}: ${d.reason}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
