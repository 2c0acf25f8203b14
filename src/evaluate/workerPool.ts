/**
 * The worker pool of the study engine: which worker file piscina loads (compiled or from
 * TypeScript sources), methods made portable for structured cloning, and a dispatcher that
 * sends portable work to the pool and runs the rest in process, one item at a time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { tsxRegisterUrl } from '../util/tsxWorker.js';
import { sourceExtension, type MethodSpec } from './methods.js';

/**
 * Runs `work` for every item: items for the pool are all started at once (the pool queues
 * them), in-process items one after another so that in-process models never run concurrently.
 * Results come back in item order.
 */
export async function dispatch<T, R>(
  items: T[],
  work: (item: T) => Promise<R>,
  pooled: (item: T) => boolean,
): Promise<R[]> {
  const started = items.map((item) => (pooled(item) ? work(item) : undefined));
  // A pooled job that fails while in-process work runs is reported by Promise.all below,
  // not as an unhandled rejection.
  for (const promise of started) promise?.catch(() => undefined);
  const results: R[] = [];
  for (const [k, item] of items.entries()) {
    if (!pooled(item)) results[k] = await work(item);
  }
  const pooledResults = await Promise.all(started);
  pooledResults.forEach((result, k) => {
    if (result !== undefined) results[k] = result;
  });
  return results;
}

/** A method without its in-process factory, for structured cloning into a worker. */
export function portableMethod(method: MethodSpec): Omit<MethodSpec, 'create'> {
  const { create: _create, ...portable } = method;
  return portable;
}

/**
 * The worker file beside this module. Compiled (.js) it is loaded as it is; from .ts sources
 * a two-line bootstrap registers tsx first (src/util/tsxWorker.ts).
 */
export function workerFile(): { filename: string; temporaryFolder: string | null } {
  const worker = new URL(`./permutationWorker${sourceExtension()}`, import.meta.url).href;
  if (sourceExtension() === '.js') return { filename: worker, temporaryFolder: null };
  const api = tsxRegisterUrl();
  const source =
    `import { register } from ${JSON.stringify(api)};\nregister();\n` +
    `const worker = await import(${JSON.stringify(worker)});\nexport default worker.default;\n` +
    'export const crossValidateCell = worker.crossValidateCell;\n';
  // Piscina needs a file: write the two-line bootstrap to a private temporary folder.
  const temporaryFolder = mkdtempSync(join(tmpdir(), 'iatbayes-worker-'));
  const filename = join(temporaryFolder, 'permutationWorker.mjs');
  writeFileAtomic(filename, source);
  return { filename: pathToFileURL(filename).href, temporaryFolder };
}
