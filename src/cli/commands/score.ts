/**
 * `iatbayes score FILE`: IAT D-scores (D1-D6, Greenwald, Nosek & Banaji 2003) of every
 * participant in a trial file, streamed, as a table, JSON (`--json`) or CSV (`--out`).
 */
import type { Argv, CommandModule } from 'yargs';
import { IAT_FORMATS, type IatFormat, type IatReadConfigInput } from '../../ingest/iat/config.js';
import { readConfigFile } from '../../ingest/iat/read.js';
import { scoreIatFile } from '../../features/dscore/scoreFile.js';
import {
  flattenScore, resolveDScoreOptions, scoreColumns, SIGN_CONVENTION, type ScoreReport,
} from '../../features/dscore/scoreIat.js';
import { ALL_VARIANTS, type DScoreOptions, type DVariant } from '../../features/dscore/types.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { toCsv } from '../../util/csv.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';

interface ScoreArgs {
  file: string;
  config?: string;
  format: string;
  delimiter?: string;
  'participant-col'?: string;
  'block-col'?: string;
  'latency-col'?: string;
  'correct-col'?: string;
  'error-col'?: string;
  'trial-col'?: string;
  'stimulus-col'?: string;
  'trial-id-col'?: string;
  'attempt-col'?: string;
  'correct-values'?: string;
  'error-values'?: string;
  'a-practice'?: string;
  'a-test'?: string;
  'b-practice'?: string;
  'b-test'?: string;
  drop?: string[];
  'counterbalance-col'?: string;
  'swap-values'?: string;
  'pairing-col'?: string;
  'pairing-a'?: string;
  variants: string;
  ceiling: string;
  floor: number;
  'error-penalty': number;
  'error-sd': number;
  'fast-exclusion': boolean;
  'fast-threshold': number;
  'fast-proportion': number;
  phases: string;
  winsorize: number;
  gscore: boolean;
  'split-half': boolean;
  robust: boolean;
  json?: boolean;
  out?: string;
  quiet: boolean;
}

const list = (text: string | undefined): string[] | undefined =>
  text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** The reading configuration the flags give (the layer applied after --config). */
export function flagsToConfig(args: Partial<ScoreArgs>): IatReadConfigInput {
  const config: IatReadConfigInput = {};
  if (args.format !== undefined && args.format !== 'auto') config.format = args.format as IatFormat;
  if (args.delimiter !== undefined) {
    config.delimiter = args.delimiter === '\\t' ? '\t' : args.delimiter;
  }
  const columns: Record<string, string> = {};
  const columnFlags: Array<[keyof ScoreArgs, string]> = [
    ['participant-col', 'participant'], ['block-col', 'block'], ['latency-col', 'latency'],
    ['correct-col', 'correct'], ['error-col', 'error'], ['trial-col', 'trial'],
    ['stimulus-col', 'stimulus'], ['trial-id-col', 'trialId'], ['attempt-col', 'attempt'],
  ];
  for (const [flag, key] of columnFlags) {
    const value = args[flag];
    if (typeof value === 'string') columns[key] = value;
  }
  if (Object.keys(columns).length > 0) config.columns = columns;
  const correctValues = list(args['correct-values']);
  const errorValues = list(args['error-values']);
  if (correctValues) config.correctValues = correctValues;
  if (errorValues) config.errorValues = errorValues;
  const blocks: Record<string, string[]> = {};
  const blockFlags: Array<[keyof ScoreArgs, string]> = [
    ['a-practice', 'aPractice'], ['a-test', 'aTest'],
    ['b-practice', 'bPractice'], ['b-test', 'bTest'],
  ];
  for (const [flag, key] of blockFlags) {
    const labels = list(args[flag] as string | undefined);
    if (labels) blocks[key] = labels;
  }
  if (Object.keys(blocks).length > 0) config.blocks = blocks;
  if (args.drop && args.drop.length > 0) {
    config.dropRows = args.drop.map((rule) => {
      const at = rule.indexOf('=');
      if (at <= 0) {
        throw new InputError(`expected COLUMN=VALUE[,VALUE...], found '${rule}'`, {
          field: '--drop',
        });
      }
      return { column: rule.slice(0, at), values: list(rule.slice(at + 1)) ?? [] };
    });
  }
  if (args['counterbalance-col'] !== undefined) {
    config.counterbalance = {
      column: args['counterbalance-col'], swapValues: list(args['swap-values']) ?? [],
    };
  }
  if (args['pairing-col'] !== undefined || args['pairing-a'] !== undefined) {
    const mappingA = list(args['pairing-a']);
    config.pairing = {
      ...(args['pairing-col'] !== undefined ? { column: args['pairing-col'] } : {}),
      ...(mappingA ? { mappingA } : {}),
    };
  }
  return config;
}

/** Scoring options from the flags. */
export function flagsToOptions(args: ScoreArgs): DScoreOptions {
  const variants = args.variants.trim().toLowerCase() === 'all'
    ? [...ALL_VARIANTS]
    : (list(args.variants) ?? []).map((v) => v.toUpperCase() as DVariant);
  let ceilingMs: number | null = null;
  if (args.ceiling.toLowerCase() !== 'none') {
    ceilingMs = Number(args.ceiling);
    if (!Number.isFinite(ceilingMs)) {
      throw new InputError(`expected a number of ms or 'none', found '${args.ceiling}'`, {
        field: '--ceiling',
      });
    }
  }
  const robust = args.robust;
  return resolveDScoreOptions({
    variants,
    ceilingMs,
    floorMs: args.floor,
    errorPenaltyMs: args['error-penalty'],
    errorSdMultiplier: args['error-sd'],
    fastExclusion: {
      enabled: args['fast-exclusion'],
      thresholdMs: args['fast-threshold'],
      maxProportion: args['fast-proportion'],
    },
    phases: robust ? 'pooled' : (args.phases as DScoreOptions['phases']),
    winsorize: robust && args.winsorize === 0 ? 0.1 : args.winsorize,
    gScore: args.gscore || robust,
    splitHalf: args['split-half'],
  });
}

/** The `--json` document: settings, one flat record per participant, exclusions. */
export function reportToJson(report: ScoreReport): Record<string, unknown> {
  return {
    settings: report.settings,
    participants: report.participants.map((p) => ({
      ...flattenScore(p, report.settings),
      excluded: p.excluded,
      reasons: p.reasons,
      counts: p.counts,
    })),
    exclusions: report.exclusions,
    ...(report.reliability ? { reliability: report.reliability } : {}),
  };
}

const COUNT_COLUMNS = ['trials', 'errors', 'aPractice', 'aTest', 'bPractice', 'bTest',
  'overCeiling', 'underFloor', 'underFastThreshold'] as const;

/** The `--out` CSV: score columns, then excluded, reasons and the trial counts. */
export function reportToCsv(report: ScoreReport): string {
  const columns = scoreColumns(report.settings);
  const header = [...columns, 'excluded', 'reasons', ...COUNT_COLUMNS.map((c) => `n_${c}`)];
  const rows = report.participants.map((p) => {
    const record = flattenScore(p, report.settings);
    return [...columns.map((c) => record[c]), p.excluded, p.reasons.join('; '),
      ...COUNT_COLUMNS.map((c) => p.counts[c])];
  });
  return toCsv(header, rows);
}

function reportToTable(report: ScoreReport): string {
  const columns = scoreColumns(report.settings).filter((c) => !c.endsWith('_se'));
  const cell = (value: string | number | null | undefined): string =>
    typeof value === 'number' ? value.toFixed(4) : value === null ? 'NA' : String(value ?? '');
  const lines = [[...columns, 'excluded'].join('\t')];
  for (const p of report.participants) {
    const record = flattenScore(p, report.settings);
    lines.push([...columns.map((c) => cell(record[c])), p.excluded ? 'yes' : 'no'].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

export const scoreCommand: CommandModule<object, ScoreArgs> = {
  command: 'score <file>',
  describe: 'IAT D-scores D1-D6 (Greenwald et al. 2003) of every participant in a trial file',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('file', { type: 'string', demandOption: true,
        describe: 'Trial file: long CSV/TSV, Inquisit, Project Implicit or attempt-level log' })
      .option('config', { type: 'string', describe: 'JSON reading configuration (flags win)' })
      .option('format', { type: 'string', default: 'auto', choices: ['auto', ...IAT_FORMATS],
        describe: 'Export format; auto recognises the known exports from the header' })
      .option('delimiter', { type: 'string', describe: 'Field delimiter (default: detected)' })
      .option('participant-col', { type: 'string', describe: 'Participant id column' })
      .option('block-col', { type: 'string', describe: 'Block label column' })
      .option('latency-col', { type: 'string', describe: 'Latency (ms) column' })
      .option('correct-col', { type: 'string', describe: 'Accuracy column, 1 = correct' })
      .option('error-col', { type: 'string', describe: 'Accuracy column, 1 = error' })
      .option('trial-col', { type: 'string', describe: 'Trial number within block' })
      .option('stimulus-col', { type: 'string', describe: 'Stimulus column' })
      .option('trial-id-col', { type: 'string', describe: 'Trial id column (EEG alignment)' })
      .option('attempt-col', { type: 'string', describe: 'Attempt column (attempt-level logs)' })
      .option('correct-values', { type: 'string', describe: 'Accuracy values meaning correct' })
      .option('error-values', { type: 'string', describe: 'Accuracy values meaning error' })
      .option('a-practice', { type: 'string', describe: 'Label(s) of B3, mapping A practice' })
      .option('a-test', { type: 'string', describe: 'Label(s) of B4, mapping A test' })
      .option('b-practice', { type: 'string', describe: 'Label(s) of B6, mapping B practice' })
      .option('b-test', { type: 'string', describe: 'Label(s) of B7, mapping B test' })
      .option('drop', { type: 'string', array: true,
        describe: 'Drop rows: COLUMN=VALUE[,VALUE...] (repeatable), e.g. trialcode=reminder' })
      .option('counterbalance-col', { type: 'string',
        describe: 'Per-participant order column; rows with a --swap-values value swap A and B' })
      .option('swap-values', { type: 'string',
        describe: 'Values of --counterbalance-col that swap A and B' })
      .option('pairing-col', { type: 'string', describe: 'Block pairing definition column' })
      .option('pairing-a', { type: 'string',
        describe: 'Pairing sides of mapping A, e.g. "Math/Male,Language Arts/Female"' })
      .option('variants', { type: 'string', default: 'all', describe: 'D1,...,D6 or all' })
      .option('ceiling', { type: 'string', default: '10000',
        describe: 'Delete trials slower than this (ms), or none' })
      .option('floor', { type: 'number', default: 400, describe: 'D2/D5/D6 delete faster (ms)' })
      .option('error-penalty', { type: 'number', default: 600, describe: 'D4/D6 penalty (ms)' })
      .option('error-sd', { type: 'number', default: 2, describe: 'D3/D5 SD multiplier' })
      .option('fast-exclusion', { type: 'boolean', default: true,
        describe: 'Exclude participants with > --fast-proportion of trials < --fast-threshold' })
      .option('fast-threshold', { type: 'number', default: 300, describe: 'ms' })
      .option('fast-proportion', { type: 'number', default: 0.1, describe: 'proportion' })
      .option('phases', { type: 'string', default: 'separate', choices: ['separate', 'pooled'],
        describe: 'Average practice and test contrasts, or one pooled contrast' })
      .option('winsorize', { type: 'number', default: 0, describe: 'Tail proportion per block' })
      .option('gscore', { type: 'boolean', default: false, describe: 'Also compute G-scores' })
      .option('split-half', { type: 'boolean', default: false,
        describe: 'Odd/even split-half reliability with Spearman-Brown correction' })
      .option('robust', { type: 'boolean', default: false,
        describe: 'Richetin et al. (2015): pooled phases, 10% winsorising, G-scores' })
      .option('json', { type: 'boolean', describe: 'Print one JSON document' })
      .option('out', { type: 'string', describe: 'Write the scores to this CSV file' })
      .conflicts('json', 'out') as unknown as Argv<ScoreArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet });
    const layers: IatReadConfigInput[] = [];
    if (args.config !== undefined) layers.push(readConfigFile(args.config));
    layers.push(flagsToConfig(args));
    const options = flagsToOptions(args);
    const report = await scoreIatFile(args.file, layers, options, logger);
    const excluded = report.participants.filter((p) => p.excluded).length;
    logger.info(`${report.participants.length} participants scored (${excluded} excluded); ` +
      `format ${String(report.settings.input?.format)}`);
    logger.info(`sign: ${SIGN_CONVENTION}`);
    for (const e of report.exclusions.filter((x) => x.level !== 'participant').slice(0, 10)) {
      const who = e.participantId ? ` of ${e.participantId}` : '';
      logger.info(`left out: ${e.count} ${e.level}(s)${who}` +
        `: ${e.reason}`);
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(reportToJson(report))}\n`);
    } else if (args.out !== undefined) {
      writeFileAtomic(args.out, reportToCsv(report));
      logger.info(`wrote ${args.out}`);
    } else {
      process.stdout.write(reportToTable(report));
    }
    for (const r of report.reliability ?? []) {
      logger.info(`split-half ${r.variant}: r = ${r.r?.toFixed(3) ?? 'NA'}, Spearman-Brown = ` +
        `${r.spearmanBrown?.toFixed(3) ?? 'NA'} (n = ${r.n})`);
    }
  },
};
