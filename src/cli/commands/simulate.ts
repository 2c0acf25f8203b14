/**
 * `iatbayes simulate --out DIR`: writes a simulated cohort (IAT behaviour, optional EEG,
 * labels and truth.json) in the cohort layout; `--demo` writes the two-task demo study.
 */
import type { Argv, CommandModule } from 'yargs';
import { simulateCohort, type SimulateOptions } from '../../simulate/simulateCohort.js';
import { simulateDemoStudy } from '../../simulate/demoStudy.js';
import { CONTRAST_NAMES, type ContrastName } from '../../simulate/participants.js';
import type { SimulatedEegFormat } from '../../simulate/cohortConfig.js';
import { InputError } from '../../util/errors.js';
import { createCliLogger } from '../../util/log.js';

interface SimulateArgs {
  out: string;
  participants: number;
  seed: number;
  effect?: string;
  channels: number;
  eeg: SimulatedEegFormat;
  imbalance?: number;
  task: string;
  label: string;
  design: 'modern' | 'standard';
  sfreq?: number;
  demo: boolean;
  json: boolean;
  quiet?: boolean;
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate',
  describe: 'Write a simulated IAT (+EEG) cohort with known ground truth',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('out', { type: 'string', demandOption: true, describe: 'Output cohort folder' })
      .option('participants', { type: 'number', default: 40, describe: 'Participants' })
      .option('seed', { type: 'number', default: 1, describe: 'Random seed' })
      .option('effect', {
        type: 'string',
        describe:
          'Label weights (logit per SD): one number scaling the defaults ' +
          '(rt.latency=0.8, eeg.theta.Fz=1), or name=w,... over ' +
          CONTRAST_NAMES.join(', '),
      })
      .option('channels', { choices: [32, 64], default: 32, describe: 'EEG montage size' })
      .option('eeg', {
        choices: ['epochs', 'brainvision', 'none'] as const,
        default: 'epochs' as SimulatedEegFormat,
        describe: 'EEG output: ready epochs, continuous BrainVision + events, or none',
      })
      .option('imbalance', {
        type: 'number',
        describe: 'Expected share of binary label 1, in (0, 1) [0.5]',
      })
      .option('task', { type: 'string', default: 'eiat', describe: 'Task name in file names' })
      .option('label', { type: 'string', default: 'entrapment', describe: 'Binary label name' })
      .option('design', {
        choices: ['modern', 'standard'] as const,
        default: 'modern' as const,
        describe: 'Block sizes 20/20/20/40/40/20/40 (modern) or 20/20/20/40/20/20/40',
      })
      .option('sfreq', { type: 'number', describe: 'EEG sampling rate in Hz [128]' })
      .option('demo', {
        type: 'boolean',
        default: false,
        describe: 'Write the two-task demo study (E-IAT, PSY-IAT) into --out instead',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the truth as JSON' }) as
      Argv<SimulateArgs>,
  handler: (args) => {
    const logger = createCliLogger({ quiet: args.quiet ?? false });
    if (args.demo) {
      const result = simulateDemoStudy(args.out, {
        seed: args.seed,
        eeg: args.eeg,
        participantsPerTask: args.participants,
        ...(args.sfreq !== undefined ? { sfreqHz: args.sfreq } : {}),
        logger,
      });
      process.stdout.write(`${result.studyFile}\n`);
      return;
    }
    const options: SimulateOptions = {
      outDir: args.out,
      participants: args.participants,
      seed: args.seed,
      task: args.task,
      labelName: args.label,
      design: args.design,
      eeg: args.eeg,
      channels: args.channels as 32 | 64,
      logger,
    };
    if (args.effect !== undefined) options.effects = parseEffects(args.effect);
    if (args.imbalance !== undefined) options.prevalence = args.imbalance;
    if (args.sfreq !== undefined) options.sfreqHz = args.sfreq;
    let result;
    try {
      result = simulateCohort(options);
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(error.message, { field: 'options' });
      throw error;
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result.truth, null, 1)}\n`);
      return;
    }
    const truth = result.truth;
    process.stdout.write(
      [
        `cohort: ${result.outDir} (${truth.participantCount} participants, eeg ${truth.eeg})`,
        `labels: ${truth.labels.binary.name} (observed share of 1: ` +
          `${truth.labels.binary.prevalenceObserved.toFixed(3)}), ${truth.labels.continuous.name}`,
        `relevant features: ${truth.relevantFeatures.join(', ') || 'none'}`,
        `Bayes-optimal AUC: sample ${truth.bayesOptimalAuc.sample.toFixed(3)}, ` +
          `population ${truth.bayesOptimalAuc.population.toFixed(3)}`,
        `truth: ${result.outDir}/truth.json`,
        '',
      ].join('\n'),
    );
  },
};

/** "1.5" -> 1.5; "rt.latency=1,eeg.theta.Fz=0.5" -> weights (others 0). */
export function parseEffects(text: string): number | Partial<Record<ContrastName, number>> {
  const trimmed = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return Number(trimmed);
  const weights: Partial<Record<ContrastName, number>> = {};
  for (const part of trimmed.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!CONTRAST_NAMES.includes(name as ContrastName)) {
      throw new InputError(
        `unknown contrast '${name ?? ''}'; expected one of ${CONTRAST_NAMES.join(', ')}`,
        { field: '--effect' },
      );
    }
    const weight = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(weight)) {
      throw new InputError(`expected name=number, found '${part}'`, { field: '--effect' });
    }
    weights[name as ContrastName] = weight;
  }
  return weights;
}
