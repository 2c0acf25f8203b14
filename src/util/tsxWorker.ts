/**
 * Worker threads started from TypeScript sources (tsx, vitest) must register tsx's ESM hooks
 * themselves: on Node 20 the parent thread's hooks, and `--import tsx` in a worker's execArgv,
 * do not reach worker threads. Compiled (.js) workers need none of this.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file URL of tsx's ESM registration API (dev only: tsx is a dev dependency). */
export function tsxRegisterUrl(): string {
  // Limitation: relies on the layout of the tsx package (dist/esm/api/index.mjs), dev only.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  return pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * CommonJS source for `new Worker(source, { eval: true })` that registers tsx and then imports
 * the TypeScript worker module at `moduleUrl`; an error while loading it reaches the parent's
 * 'error' event.
 */
export function tsxWorkerSource(moduleUrl: string): string {
  return [
    '(async () => {',
    `  const { register } = await import(${JSON.stringify(tsxRegisterUrl())});`,
    '  register();',
    `  await import(${JSON.stringify(moduleUrl)});`,
    '})().catch((error) => process.nextTick(() => { throw error; }));',
  ].join('\n');
}
