/** Every CLI command, in the order `iatbayes --help` lists them. */
import type { Argv } from 'yargs';
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

/**
 * Adds every command to a parser, in the order `iatbayes --help` lists them. Each
 * `yargs.command(...)` call is type-checked against that command's own argument type.
 */
export function registerCommands<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .command(scoreCommand)
    .command(eegCommand)
    .command(epochsCommand)
    .command(bandpowerCommand)
    .command(cohortCommand)
    .command(featuresCommand)
    .command(fitCommand)
    .command(predictCommand)
    .command(evaluateCommand)
    .command(reportCommand)
    .command(runCommand)
    .command(demoCommand)
    .command(simulateCommand);
}
