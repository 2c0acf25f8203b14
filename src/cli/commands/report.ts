/**
 * `iatbayes report results.json --out reports/NAME.html`: the self-contained HTML report of a
 * study's evaluation results, optionally with the fitted Bayesian models (what the model
 * learned, VI diagnostics). See docs/report.md.
 */
import type { Argv, CommandModule } from 'yargs';
import { readResults } from '../../report/readResults.js';
import { fromResults } from '../../report/fromResults.js';
import { eegFromModel, modelSummaryFromFitted } from '../../report/fromModel.js';
import { writeReport } from '../../report/render.js';
import { loadModel } from '../../model/serialize.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';
import { PSEUDONYMISE_OPTION, pseudonymiserFromOption } from '../../util/pseudonymise.js';
import { pseudonymiseResults } from '../../report/pseudonymiseResults.js';
import type { ModelSummary } from '../../report/types.js';

interface ReportArgs {
  results: string;
  out: string;
  model?: string[];
  title?: string;
  pseudonymise?: string;
  quiet?: boolean;
}

/** "LABEL=path/model.json" -> [label, path]. */
function parseModelFlag(value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    throw new InputError(`expected LABEL=model.json, found '${value}'`, { field: '--model' });
  }
  return [value.slice(0, at), value.slice(at + 1)];
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe: 'Write the self-contained HTML report of a results.json',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('results', { type: 'string', demandOption: true, describe: 'results.json' })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'HTML file to write (e.g. reports/study.html)',
      })
      .option('model', {
        type: 'string',
        array: true,
        describe: 'LABEL=model.json: a fitted Bayesian model to describe (repeatable)',
      })
      .option('title', { type: 'string', describe: 'Report title' })
      .option('pseudonymise', PSEUDONYMISE_OPTION) as unknown as Argv<ReportArgs>,
  handler: async (argv) => {
    const logger = createCliLogger({ quiet: argv.quiet ?? false });
    const read = readResults(argv.results);
    const pseudonym = pseudonymiserFromOption(argv.pseudonymise, logger);
    const results = pseudonym === undefined ? read : pseudonymiseResults(read, pseudonym);
    const models: ModelSummary[] = [];
    let backend: string | undefined;
    for (const flag of argv.model ?? []) {
      const [label, path] = parseModelFlag(flag);
      const fitted = loadModel(path);
      backend ??= fitted.backend;
      logger.info(`report: drawing posterior weights of ${path}`);
      models.push(await modelSummaryFromFitted(label, fitted));
    }
    const eeg = models.map((model) => eegFromModel(model)).find((entry) => entry !== undefined);
    const input = fromResults(results, {
      models,
      eeg,
      backend,
      title: argv.title,
    });
    const bytes = await writeReport(input, argv.out, { logger });
    process.stdout.write(`${argv.out}\t${bytes} bytes\n`);
  },
};
