/**
 * `iatbayes evaluate STUDY.json`: cross-validated AUCs of every task x configuration x method
 * in a study file (docs/evaluation.md), with bootstrap intervals, permutation p-values, BH/BY
 * q-values and FCR intervals. Writes results.json and prints a summary table (or the whole
 * results as JSON with --json); progress goes to stderr.
 */
import type { Argv, CommandModule } from 'yargs';
import type { EvaluationResults } from '../../evaluate/results.js';
import { runPipeline } from '../../pipeline/run.js';
import { readStudyFile } from '../../pipeline/studyFile.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger, type Logger } from '../../util/log.js';
import {
  PSEUDONYMISE_OPTION, pseudonymiserFromOption, type Pseudonymiser,
} from '../../util/pseudonymise.js';

interface EvaluateArgs {
  study: string;
  out: string;
  workers?: number;
  permutations?: number;
  json: boolean;
  resume: boolean;
  pseudonymise?: string;
  quiet?: boolean;
}

/** The summary table: one line per cell. */
export function formatSummary(results: EvaluationResults): string {
  const header = ['task', 'configuration', 'method', 'AUC', 'CI', 'p', 'q (BH)', 'selected'];
  const format = (x: number | null | undefined, digits = 3): string =>
    x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
  const rows = results.cells.map((cell) => [
    cell.task, cell.configuration, cell.method, format(cell.auc),
    `${format(cell.ci.reported[0])}-${format(cell.ci.reported[1])} (${cell.ci.reportedMethod})`,
    format(cell.permutation?.p, 4), format(cell.qBh, 4), cell.selected ? 'yes' : 'no',
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: string[]): string => cells.map((c, k) => c.padEnd(widths[k]!)).join('  ');
  const warnings = results.cells.flatMap((cell) => cell.warnings
    .map((w) => `${cell.task}/${cell.configuration}/${cell.method}: ${w}`));
  const exclusions = results.tasks.flatMap((task) => task.exclusions
    .map((e) => `${task.name}: ${e.count} excluded (${e.reason})`));
  return [line(header), ...rows.map(line), ...exclusions, ...warnings].join('\n') + '\n';
}

/** The pipeline option for `--pseudonymise [SALT]` (absent when the flag is). */
export function pseudonymiseOption(option: string | undefined,
  logger: Logger): { pseudonymise?: Pseudonymiser } {
  const pseudonymise = pseudonymiserFromOption(option, logger);
  return pseudonymise === undefined ? {} : { pseudonymise };
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate <study>',
  describe: 'Cross-validated AUCs, intervals, permutation p and FDR q for a study file',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('study', { type: 'string', demandOption: true, describe: 'Study JSON file' })
      .option('out', { type: 'string', default: 'results.json', describe: 'Results file' })
      .option('workers', { type: 'number', describe: 'Worker threads [all cores]' })
      .option('permutations', { type: 'number', describe: 'Override the study file\'s count' })
      .option('json', { type: 'boolean', default: false, describe: 'Print results as JSON' })
      .option('resume', { type: 'boolean', default: false,
        describe: 'Reuse the finished cells of an interrupted run (<out>.checkpoint.json)' })
      .option('pseudonymise', PSEUDONYMISE_OPTION),
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    const study = readStudyFile(args.study);
    if (args.permutations !== undefined) {
      if (!Number.isInteger(args.permutations) || args.permutations < 0) {
        throw new InputError(`expected a non-negative integer, found ${args.permutations}`,
          { field: '--permutations' });
      }
      study.permutations = args.permutations;
    }
    const { results, resultsPath } = await runPipeline(study, {
      logger,
      evaluateOnly: true,
      resultsPath: args.out,
      resume: args.resume,
      ...pseudonymiseOption(args.pseudonymise, logger),
      ...(args.workers === undefined ? {} : { workers: args.workers }),
    });
    logger.info(`wrote ${resultsPath}`);
    process.stdout.write(args.json ? `${JSON.stringify(results)}\n` : formatSummary(results));
  },
};
