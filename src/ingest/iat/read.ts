/**
 * Reading IAT trial files of any supported export into IatReadResult (sessions in memory), or
 * streaming their trials to a sink. The format is recognised from the header (`auto`) or
 * named; configuration layers (a JSON config, then flags) override the format's preset.
 */
import { readFileSync } from 'node:fs';
import {
  PRESETS, mergeConfig, parseConfigJson, presetFor, type IatReadConfig, type IatReadConfigInput,
} from './config.js';
import { readDelimited } from './csvStream.js';
import { createTrialRowReader, type TrialEvent, type TrialSink } from './trialRows.js';
import type { Exclusion, IatReadResult, IatSession, IatTrial } from './types.js';
import { InputError } from '../../util/errors.js';

/** What streaming a file reports besides the trials themselves. */
export interface TrialStreamSummary {
  file: string;
  /** The preset used ('long', 'inquisit', 'inquisit-screened', 'project-implicit', ...). */
  preset: string;
  config: IatReadConfig;
  exclusions: Exclusion[];
  /** Columns read, by role. */
  usedColumns: Record<string, string>;
  /** Mapping-A pairing sides (Project Implicit), as used. */
  mappingA?: string[];
  dataRows: number;
}

/**
 * Streams the trials of `file` to the sink made by `makeSink` (given the resolved config).
 * `layers` are applied over the format's preset in order (later wins).
 */
export async function streamIatTrials(
  file: string,
  layers: IatReadConfigInput[],
  makeSink: (config: IatReadConfig) => TrialSink,
  options: { chunkBytes?: number } = {},
): Promise<TrialStreamSummary> {
  let format: IatReadConfigInput['format'] = 'auto';
  let delimiter: string | undefined;
  for (const layer of layers) {
    if (layer.format !== undefined) format = layer.format;
    if (layer.delimiter !== undefined) delimiter = layer.delimiter;
  }
  if (delimiter === undefined && /\.tsv$/i.test(file)) delimiter = '\t';
  let preset = '';
  let config: IatReadConfig | undefined;
  let reader: ReturnType<typeof createTrialRowReader> | undefined;
  const dataRows = await readDelimited(file, ({ columns }) => {
    preset = presetFor(format ?? 'auto', columns);
    const base = PRESETS[preset] as IatReadConfig;
    config = mergeConfig(base, ...layers.map((layer) => ({ ...layer, format: undefined })));
    reader = createTrialRowReader(file, columns, config, makeSink(config));
    return reader.handler;
  }, { ...(delimiter !== undefined ? { delimiter } : {}), ...options });
  if (!reader || !config) throw new InputError('the file is empty (no header row)', { file });
  const exclusions = reader.finish();
  const mappingA = reader.mappingA();
  return {
    file, preset, config, exclusions, dataRows, usedColumns: reader.usedColumns,
    ...(mappingA ? { mappingA } : {}),
  };
}

/**
 * Reads a whole trial file into sessions (one per participant, trials in file order, each
 * with its 0-based position within its block). Participants whose rows are not contiguous
 * are merged. Latencies of attempt-level rows of one trial are summed.
 */
export async function readIatFile(
  file: string,
  ...layers: IatReadConfigInput[]
): Promise<IatReadResult & { summary: TrialStreamSummary }> {
  const sessions = new Map<string, { trials: IatTrial[]; perBlock: number[] }>();
  let last: IatTrial | undefined;
  const sink: TrialSink = {
    wantsLabels: true,
    trial(event: TrialEvent) {
      let session = sessions.get(event.participantId);
      if (!session) {
        session = { trials: [], perBlock: [0, 0, 0, 0] };
        sessions.set(event.participantId, session);
      }
      const block = 2 * Number(event.isMappingB) + Number(event.isTest);
      const trial: IatTrial = {
        participantId: event.participantId,
        mapping: event.isMappingB ? 'B' : 'A',
        phase: event.isTest ? 'test' : 'practice',
        latencyMs: event.latencyMs,
        error: event.error,
        trialIndex: (session.perBlock[block] as number),
        sourceRow: event.row,
      };
      session.perBlock[block]++;
      if (event.stimulus !== undefined) trial.stimulus = event.stimulus;
      if (event.trialId !== undefined) trial.trialId = event.trialId;
      session.trials.push(trial);
      last = trial;
    },
    attempt(latencyMs: number) {
      if (last) last.latencyMs += latencyMs;
    },
  };
  const summary = await streamIatTrials(file, layers, () => sink);
  const result: IatSession[] = [];
  for (const [participantId, session] of sessions) {
    result.push({ participantId, trials: session.trials });
  }
  return {
    file, format: summary.preset, sessions: result, exclusions: summary.exclusions, summary,
  };
}

/** Reads and checks a JSON reading configuration file (`score --config`). */
export function readConfigFile(path: string): IatReadConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as Error).message;
    throw new InputError(`cannot read the config file: ${reason}`, { file: path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file: path });
  }
  return parseConfigJson(value, path);
}
