/**
 * `iatbayes fit COHORT --label entrapment --modalities rt,eeg-spectral --out models/NAME.json`:
 * fits the Bayesian model on every usable participant of a cohort and writes a versioned,
 * checksummed model file that `predict` applies to new participants.
 */
import type { Argv, CommandModule } from 'yargs';
import { ALL_VARIANTS, type DVariant } from '../../features/dscore/types.js';
import { MODALITIES, type Modality } from '../../features/participantTable.js';
import { selectBackend } from '../../model/backend.js';
import { fitModel } from '../../model/fit.js';
import { saveModel } from '../../model/serialize.js';
import { summariseWeights } from '../../model/weightSummary.js';
import { selectFeatures } from '../../features/selectFeatures.js';
import { MODALITY_FEATURES, prepareTask } from '../../pipeline/tasks.js';
import type { LabelRule } from '../../pipeline/studyFile.js';
import { parseBands } from '../../features/spectral/bands.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';

interface FitArgs {
  cohort: string;
  label: string;
  positive: string;
  continuous: boolean;
  modalities: string;
  variant: DVariant;
  perPhase: boolean;
  missingEeg: 'exclude' | 'keep';
  bands?: string;
  out: string;
  seed: number;
  json: boolean;
  quiet?: boolean;
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit <cohort>',
  describe: 'Fit the Bayesian model on a cohort and save it',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('cohort', { type: 'string', demandOption: true, describe: 'Cohort folder' })
      .option('label', {
        type: 'string',
        demandOption: true,
        describe: 'Label column of participants.tsv',
      })
      .option('positive', {
        type: 'string',
        default: '1',
        describe: 'Value of the label that counts as 1',
      })
      .option('continuous', {
        type: 'boolean',
        default: false,
        describe: 'Treat the label as a continuous score (Gaussian outcome)',
      })
      .option('modalities', {
        type: 'string',
        default: 'rt',
        describe: `Comma-separated: ${MODALITIES.join(', ')}`,
      })
      .option('variant', {
        choices: ALL_VARIANTS,
        default: 'D2' as DVariant,
        describe: 'D-score cleaning',
      })
      .option('per-phase', {
        type: 'boolean',
        default: false,
        describe: 'Practice/test contrasts as features',
      })
      .option('missing-eeg', { choices: ['exclude', 'keep'] as const, default: 'exclude' as const })
      .option('bands', {
        type: 'string',
        describe: 'EEG bands name:lo-hi,... in Hz (default delta to gamma; kept for predict)',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'Model file to write (JSON)' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of every random draw' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print the summary as JSON',
      }) as unknown as Argv<FitArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    if (!Number.isInteger(args.seed) || args.seed < 0) {
      throw new InputError(`expected a non-negative integer, found ${args.seed}`, {
        field: '--seed',
      });
    }
    const modalities = args.modalities.split(',').map((m) => m.trim()) as Modality[];
    const features = {
      variant: args.variant,
      perPhase: args.perPhase,
      missingEeg: args.missingEeg,
      ...(args.bands !== undefined ? { spectral: { bands: parseBands(args.bands) } } : {}),
    };
    const label: LabelRule = { column: args.label, positive: numberOrText(args.positive) };
    const prepared = await prepareTask(
      { name: 'fit', cohort: args.cohort, label },
      modalities,
      features,
      logger,
      { continuous: args.continuous },
    );
    for (const exclusion of prepared.exclusions) {
      logger.warn(`excluded ${exclusion.participantId}: ${exclusion.reason}`);
    }
    const backend = await selectBackend({ logger });
    const table = selectFeatures(
      prepared.task.features,
      modalities.map((m) => MODALITY_FEATURES[m]),
    );
    const model = await fitModel(table, prepared.task.labels, {
      seed: args.seed,
      logger,
      paretoK: true,
      settings: { outcome: args.continuous ? 'continuous' : 'binary' },
    });
    model.provenance = {
      cohort: args.cohort,
      label: args.continuous ? { column: args.label, continuous: true } : label,
      modalities,
      features,
      excluded: prepared.exclusions.length,
    };
    saveModel(model, args.out);
    const weights = (await summariseWeights(model)).sort(
      (a, b) => Math.abs(b.median) - Math.abs(a.median),
    );
    const summary = {
      model: args.out,
      backend,
      participants: model.trainingParticipants,
      features: model.featureNames.length,
      elbo: model.diagnostics.finalElbo,
      converged: model.diagnostics.converged,
      paretoK: Number.isFinite(model.diagnostics.paretoK) ? model.diagnostics.paretoK : null,
      topWeights: weights.slice(0, 10),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const lines = [
      `model written to ${args.out} (backend ${backend})`,
      `${summary.participants} participants, ${summary.features} features, ELBO ` +
        `${summary.elbo.toFixed(2)}` +
        `${summary.converged ? '' : ' (not converged: step cap reached)'}, ` +
        `Pareto k-hat ${summary.paretoK === null ? 'n/a' : summary.paretoK.toFixed(2)}` +
        (summary.paretoK !== null && summary.paretoK > 0.7 ? ' (> 0.7: VI not to be trusted)' : ''),
      'largest weights (posterior median [95% credible interval], per SD of the contrast):',
      ...summary.topWeights.map(
        (w) =>
          `  ${w.feature.padEnd(24)} ${w.median.toFixed(3)} ` +
          `[${w.lower.toFixed(3)}, ${w.upper.toFixed(3)}]`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

function numberOrText(value: string): number | string {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}
