/**
 * The `iatbayes` command line: parses arguments with yargs, dispatches to one module per
 * command (src/cli/commands/), prints user errors as one line on stderr with a non-zero exit
 * status, and never shows a stack trace for bad input.
 */
import yargs from 'yargs';
import { registerCommands } from './commands/index.js';
import { isInputError } from '../util/errors.js';

/** Thrown by a command to end with a given exit status after it has said why on stderr. */
export class CliExit extends Error {
  constructor(readonly exitCode: number, message = '') {
    super(message);
    this.name = 'CliExit';
  }
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let parser = yargs(argv)
    .scriptName('iatbayes')
    .usage('$0 <command> [options]\n\nPredict psychometric labels from IAT behaviour and EEG.')
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress or info lines' })
    .strict()
    .demandCommand(1, 'Name a command; `iatbayes --help` lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  parser = registerCommands(parser);

  try {
    await parser.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function reportError(error: unknown): number {
  if (error instanceof CliExit) {
    if (error.message) process.stderr.write(`iatbayes: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`iatbayes: ${error.message}\nRun \`iatbayes --help\` for usage.\n`);
    return 2;
  }
  if (isInputError(error)) {
    process.stderr.write(`iatbayes: error: ${error.message}\n`);
    return 2;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`iatbayes: internal error (please report it):\n${detail}\n`);
  return 1;
}
