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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs modules differ in argument types
export const commands: CommandModule<any, any>[] = [
  eegCommand,
  epochsCommand,
  bandpowerCommand,
  simulateCommand,
  cohortCommand,
  featuresCommand,
  fitCommand,
  predictCommand,
  runCommand,
  demoCommand,
  reportCommand,
  scoreCommand,
  evaluateCommand,
];
