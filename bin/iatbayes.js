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
const { main } = await import(pathToFileURL(compiled).href);
process.exitCode = await main(process.argv.slice(2));
