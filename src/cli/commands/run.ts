/**
 * `iatbayes run STUDY.json`: the whole pipeline of a study (ingest, features, evaluation, final
 * models, report; src/pipeline/run.ts). `iatbayes demo` (what `npm start` runs) does the same on
 * the built-in demo study, generating it deterministically into data/demo on first use.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { runPipeline, type PipelineOutput } from '../../pipeline/run.js';
import { readStudyFile } from '../../pipeline/studyFile.js';
import { simulateDemoStudy } from '../../simulate/demoStudy.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger, type Logger } from '../../util/log.js';
import { PSEUDONYMISE_OPTION } from '../../util/pseudonymise.js';
import { formatSummary, pseudonymiseOption } from './evaluate.js';

interface RunArgs {
  study: string;
  workers?: number;
  permutations?: number;
  reportsDir: string;
  modelsDir: string;
  json: boolean;
  resume: boolean;
  pseudonymise?: string;
  quiet?: boolean;
}

interface DemoArgs extends Omit<RunArgs, 'study'> {
  dataDir: string;
}

const sharedOptions = <T>(yargs: Argv<T>): Argv<T> =>
  yargs
    .option('workers', { type: 'number', describe: 'Worker threads for permutations [all cores]' })
    .option('permutations', {
      type: 'number',
      describe: "Override the study file's permutation count",
    })
    .option('reports-dir', {
      type: 'string',
      default: 'reports',
      describe: 'Folder of results and report',
    })
    .option('models-dir', {
      type: 'string',
      default: 'models',
      describe: 'Folder of the fitted models',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print results.json instead of the table',
    })
    .option('resume', {
      type: 'boolean',
      default: false,
      describe: 'Reuse the finished cells of an interrupted run (results checkpoint)',
    })
    .option('pseudonymise', PSEUDONYMISE_OPTION) as unknown as Argv<T>;

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <study>',
  describe: 'Run the whole pipeline of a study file: evaluate, fit final models, write the report',
  builder: (yargs: Argv<object>) =>
    sharedOptions(
      yargs.positional('study', { type: 'string', demandOption: true, describe: 'Study JSON' }),
    ) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    await runAndPrint(args.study, args, logger);
  },
};

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Run the whole pipeline on the built-in demo study (what `npm start` does)',
  builder: (yargs: Argv<object>) =>
    sharedOptions(
      yargs.option('data-dir', {
        type: 'string',
        default: join('data', 'demo'),
        describe: 'Where the demo cohorts live',
      }),
    ) as unknown as Argv<DemoArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    const studyFile = join(args.dataDir, 'study.json');
    if (!existsSync(studyFile)) {
      logger.info(`generating the demo study into ${args.dataDir} (deterministic, seed 2024)`);
      simulateDemoStudy(args.dataDir, { logger });
    }
    await runAndPrint(studyFile, args, logger);
  },
};

async function runAndPrint(
  studyFile: string,
  args: Omit<RunArgs, 'study'>,
  logger: Logger,
): Promise<void> {
  const study = readStudyFile(studyFile);
  if (args.permutations !== undefined) {
    if (!Number.isInteger(args.permutations) || args.permutations < 0) {
      throw new InputError(`expected a non-negative integer, found ${args.permutations}`, {
        field: '--permutations',
      });
    }
    study.permutations = args.permutations;
  }
  const output: PipelineOutput = await runPipeline(study, {
    logger,
    reportsDir: args.reportsDir,
    modelsDir: args.modelsDir,
    resume: args.resume,
    ...pseudonymiseOption(args.pseudonymise, logger),
    ...(args.workers === undefined ? {} : { workers: args.workers }),
  });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(output.results)}\n`);
    return;
  }
  process.stdout.write(formatSummary(output.results));
  process.stdout.write(`\nresults: ${output.resultsPath}\n`);
  for (const path of output.modelPaths) process.stdout.write(`model:   ${path}\n`);
  if (output.reportPath !== null) process.stdout.write(`report:  ${output.reportPath}\n`);
}
