#!/usr/bin/env node
// Entry point of the `iatbayes` command: runs the compiled CLI (built by `npm run build`,
// which `npm ci` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write(
    'iatbayes: the compiled program is missing (dist/cli/main.js). Run `npm run build` first.\n',
  );
  process.exit(2);
}
// Output piped into `head` and the like closes early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import(pathToFileURL(compiled).href);
process.exitCode = await main(process.argv.slice(2));
