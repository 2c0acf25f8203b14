/**
 * `iatbayes predict --model models/NAME.json COHORT`: probabilities (or predicted scores, for a
 * continuous-outcome model) with credible intervals for every participant of a cohort. The
 * features are rebuilt from each participant's own trials with the settings the model was
 * trained with; the model's own standardisation is applied inside `predict`.
 */
import type { Argv, CommandModule } from 'yargs';
import {
  buildParticipantTable,
  type Modality,
  type ParticipantTableOptions,
} from '../../features/participantTable.js';
import { loadCohort } from '../../ingest/cohort/loadCohort.js';
import { predict } from '../../model/predict.js';
import { loadModel } from '../../model/serialize.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { toCsv } from '../../util/csv.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';
import { PSEUDONYMISE_OPTION, pseudonymiserFromOption } from '../../util/pseudonymise.js';

interface PredictArgs {
  cohort: string;
  model: string;
  level: number;
  out?: string;
  json: boolean;
  pseudonymise?: string;
  quiet?: boolean;
}

export const predictCommand: CommandModule<object, PredictArgs> = {
  command: 'predict <cohort>',
  describe: 'Predict with a saved model for every participant of a cohort',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('cohort', { type: 'string', demandOption: true, describe: 'Cohort folder' })
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'Model file written by fit',
      })
      .option('level', {
        type: 'number',
        default: 0.95,
        describe: 'Credible level of the intervals',
      })
      .option('out', { type: 'string', describe: 'Also write the predictions as CSV' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('pseudonymise', PSEUDONYMISE_OPTION) as unknown as Argv<PredictArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    if (!(args.level > 0 && args.level < 1)) {
      throw new InputError(`expected a level between 0 and 1, found ${args.level}`, {
        field: '--level',
      });
    }
    const pseudonym = pseudonymiserFromOption(args.pseudonymise, logger) ?? ((id: string) => id);
    const model = loadModel(args.model);
    const provenance = model.provenance as
      { modalities?: Modality[]; features?: ParticipantTableOptions } | undefined;
    if (provenance?.modalities === undefined) {
      throw new InputError(
        'the model does not record how its features were made (fit it with ' + '`iatbayes fit`)',
        { file: args.model, field: 'model.provenance' },
      );
    }
    const wantsEeg = provenance.modalities.some((m) => m !== 'rt');
    const cohort = await loadCohort(args.cohort, { eeg: wantsEeg, logger });
    const { table, exclusions } = buildParticipantTable(cohort, {
      ...provenance.features,
      modalities: provenance.modalities,
    });
    for (const exclusion of exclusions) {
      const id = exclusion.participantId === undefined ? '' : pseudonym(exclusion.participantId);
      logger.warn(`no prediction for ${id}: ${exclusion.reason}`);
    }
    const prediction = await predict(model, table, { level: args.level });
    const quantity = model.settings.outcome === 'binary' ? 'probability' : 'predicted_score';
    const rows = prediction.participantIds.map((id, s) => ({
      id: pseudonym(id),
      [quantity]: prediction.mean[s] as number,
      lower: prediction.lower[s] as number,
      upper: prediction.upper[s] as number,
    }));
    if (args.out !== undefined) {
      writeFileAtomic(
        args.out,
        toCsv(
          ['participant_id', quantity, 'lower', 'upper'],
          rows.map((r) => [r.id, r[quantity] as number, r.lower, r.upper]),
        ),
      );
      logger.info(`wrote ${args.out}`);
    }
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({
          model: args.model,
          level: args.level,
          quantity,
          participants: rows,
          excluded: exclusions.map((e) => ({
            id: e.participantId === undefined ? undefined : pseudonym(e.participantId),
            reason: e.reason,
          })),
        })}\n`,
      );
      return;
    }
    const header =
      `${'participant'.padEnd(16)} ${quantity.padStart(15)}  ` +
      `${Math.round(args.level * 100)}% interval`;
    const lines = rows.map(
      (r) =>
        `${r.id.padEnd(16)} ${(r[quantity] as number).toFixed(3).padStart(15)}  ` +
        `[${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}]`,
    );
    process.stdout.write(`${[header, ...lines].join('\n')}\n`);
  },
};
