/**
 * `iatbayes cohort inspect DIR [--json]`: loads a cohort folder and prints its participants,
 * labels and class balance, trials and epochs per participant, every problem and exclusion.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadCohort } from '../../ingest/cohort/loadCohort.js';
import { formatCohortSummary, summariseCohort } from '../../ingest/cohort/summary.js';
import { createCliLogger } from '../../util/log.js';

interface InspectArgs {
  dir: string;
  json: boolean;
  eeg: boolean;
  trials?: string;
  participants?: string;
  quiet?: boolean;
}

const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <dir>',
  describe: 'Summarise a cohort: labels, class balance, trials/epochs, problems',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', { type: 'string', demandOption: true, describe: 'Cohort folder' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('eeg', { type: 'boolean', default: true, describe: 'Read EEG (--no-eeg skips it)' })
      .option('trials', { type: 'string', describe: 'Long format: trial file inside DIR' })
      .option('participants', {
        type: 'string',
        describe: 'Participants file inside DIR [participants.tsv]',
      }) as Argv<InspectArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    const cohort = await loadCohort(args.dir, {
      eeg: args.eeg,
      logger,
      ...(args.trials !== undefined ? { trials: args.trials } : {}),
      ...(args.participants !== undefined ? { participants: args.participants } : {}),
    });
    const summary = summariseCohort(cohort);
    process.stdout.write(
      args.json ? `${JSON.stringify(summary, null, 1)}\n` : formatCohortSummary(summary),
    );
  },
};

export const cohortCommand: CommandModule<object, object> = {
  command: 'cohort <action>',
  describe: 'Work with study cohorts (inspect)',
  builder: (yargs: Argv<object>) =>
    yargs.command(inspectCommand).demandCommand(1, 'Name an action: inspect') as Argv<object>,
  handler: () => undefined,
};
