/** Every CLI command, in the order `iatbayes --help` lists them. */
import type { CommandModule } from 'yargs';
import { eegCommand } from './eeg.js';
import { epochsCommand } from './epochs.js';
import { bandpowerCommand } from './bandpower.js';
import { simulateCommand } from './simulate.js';
import { cohortCommand } from './cohort.js';
import { featuresCommand } from './features.js';
import { fitCommand } from './fit.js';
import { predictCommand } from './predict.js';
import { demoCommand, runCommand } from './run.js';
import { reportCommand } from './report.js';
import { scoreCommand } from './score.js';
import { evaluateCommand } from './evaluate.js';

// Limitation: `any` because each command types its own arguments and yargs has no common type.
export const commands: CommandModule<any, any>[] = [
  scoreCommand,
  eegCommand,
  epochsCommand,
  bandpowerCommand,
  cohortCommand,
  featuresCommand,
  fitCommand,
  predictCommand,
  evaluateCommand,
  reportCommand,
  runCommand,
  demoCommand,
  simulateCommand,
];
