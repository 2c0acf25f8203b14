/**
 * `iatbayes features COHORT --modalities rt,eeg-spectral --out features.csv`: the
 * participants x features contrast table of a cohort (see src/features/participantTable.ts),
 * as CSV (`--out`), JSON (`--json`) or a short summary on stdout. Every participant left out is
 * listed with its reason on stderr and in the JSON.
 */
import type { Argv, CommandModule } from 'yargs';
import { featureTableToCsv } from '../../features/featureCsv.js';
import {
  buildParticipantTable,
  MODALITIES,
  type Modality,
  type ParticipantTableResult,
} from '../../features/participantTable.js';
import { parseBands } from '../../features/spectral/bands.js';
import { ALL_VARIANTS, type DVariant } from '../../features/dscore/types.js';
import { loadCohort } from '../../ingest/cohort/loadCohort.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { createCliLogger } from '../../util/log.js';
import {
  PSEUDONYMISE_OPTION,
  pseudonymiserFromOption,
  type Pseudonymiser,
} from '../../util/pseudonymise.js';

interface FeaturesArgs {
  cohort: string;
  modalities: string;
  variant: DVariant;
  perPhase: boolean;
  missingEeg: 'exclude' | 'keep';
  bands?: string;
  out?: string;
  json: boolean;
  pseudonymise?: string;
  quiet?: boolean;
}

export const featuresCommand: CommandModule<object, FeaturesArgs> = {
  command: 'features <cohort>',
  describe: 'Compute the participants x features contrast table of a cohort',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('cohort', { type: 'string', demandOption: true, describe: 'Cohort folder' })
      .option('modalities', {
        type: 'string',
        default: 'rt',
        describe: `Comma-separated feature families: ${MODALITIES.join(', ')}`,
      })
      .option('variant', {
        choices: ALL_VARIANTS,
        default: 'D2' as DVariant,
        describe: 'D-score variant whose trial cleaning the contrasts use',
      })
      .option('per-phase', {
        type: 'boolean',
        default: false,
        describe: 'Practice and test contrasts as separate features',
      })
      .option('missing-eeg', {
        choices: ['exclude', 'keep'] as const,
        default: 'exclude' as const,
        describe: 'Participant without EEG: exclude (counted) or keep with EEG features missing',
      })
      .option('bands', { type: 'string', describe: 'Bands name:lo-hi,... in Hz' })
      .option('out', { type: 'string', describe: 'Write the table as CSV to this file' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
      .option('pseudonymise', PSEUDONYMISE_OPTION) as unknown as Argv<FeaturesArgs>,
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    const modalities = args.modalities.split(',').map((m) => m.trim()) as Modality[];
    const wantsEeg = modalities.some((m) => m !== 'rt');
    const cohort = await loadCohort(args.cohort, { eeg: wantsEeg, logger });
    const pseudonym = pseudonymiserFromOption(args.pseudonymise, logger);
    const built = buildParticipantTable(cohort, {
      modalities,
      variant: args.variant,
      perPhase: args.perPhase,
      missingEeg: args.missingEeg,
      ...(args.bands !== undefined ? { spectral: { bands: parseBands(args.bands) } } : {}),
    });
    const result = pseudonym === undefined ? built : pseudonymiseTableResult(built, pseudonym);
    for (const exclusion of result.exclusions) {
      logger.warn(`excluded ${exclusion.participantId ?? ''}: ${exclusion.reason}`);
    }
    if (args.out !== undefined) {
      writeFileAtomic(args.out, featureTableToCsv(result.table));
      logger.info(`wrote ${args.out}`);
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(tableJson(result))}\n`);
    } else {
      const { participantIds, featureNames } = result.table;
      process.stdout.write(
        `${participantIds.length} participants x ${featureNames.length} features ` +
          `(${result.exclusions.length} excluded)\n`,
      );
    }
  },
};

/** The table and its exclusions with pseudonyms in place of participant IDs. */
function pseudonymiseTableResult(
  result: ParticipantTableResult,
  pseudonym: Pseudonymiser,
): ParticipantTableResult {
  return {
    ...result,
    table: { ...result.table, participantIds: result.table.participantIds.map(pseudonym) },
    exclusions: result.exclusions.map((exclusion) =>
      exclusion.participantId === undefined
        ? exclusion
        : { ...exclusion, participantId: pseudonym(exclusion.participantId) },
    ),
  };
}

function tableJson(result: ParticipantTableResult): unknown {
  const { participantIds, featureNames, d, se } = result.table;
  const nFeatures = featureNames.length;
  const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    settings: result.settings,
    featureNames,
    participants: participantIds.map((id, s) => ({
      id,
      d: Array.from(d.subarray(s * nFeatures, (s + 1) * nFeatures), finiteOrNull),
      se: Array.from(se.subarray(s * nFeatures, (s + 1) * nFeatures), finiteOrNull),
    })),
    exclusions: result.exclusions,
  };
}
