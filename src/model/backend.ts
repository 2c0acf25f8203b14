/**
 * Run-time choice of the TensorFlow.js backend: tfjs-node when it is installed and loads, else
 * the WebAssembly backend (wasm files read from the package's own dist folder), else the
 * plain JavaScript cpu backend. Which one runs is logged, since speed differs ~4x between them.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { silentLogger, type Logger } from '../util/log.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: BackendName | undefined;

/** Tries to load tfjs-node (an optional dependency); false when absent or broken. */
async function tryNode(logger: Logger): Promise<boolean> {
  try {
    const moduleName = '@tensorflow/tfjs-node';
    await import(moduleName);
    return await tf.setBackend('tensorflow');
  } catch (error) {
    logger.info(`tfjs-node not available (${(error as Error).message.split('\n')[0]})`);
    return false;
  }
}

/** Points the wasm backend at the .wasm files shipped in its package and switches to it. */
async function tryWasm(logger: Logger): Promise<boolean> {
  try {
    const require = createRequire(import.meta.url);
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(`${dirname(wasmFile)}${sep}`);
    const ok = await tf.setBackend('wasm');
    if (ok) {
      // A tiny op proves the module really instantiated (setBackend can succeed lazily).
      const probe = tf.tidy(() => tf.sum(tf.tensor1d([1, 2])));
      const value = (await probe.data())[0];
      probe.dispose();
      if (value !== 3) return false;
    }
    return ok;
  } catch (error) {
    logger.info(`wasm backend not available (${(error as Error).message.split('\n')[0]})`);
    return false;
  }
}

/**
 * Selects the fastest available backend once per process and returns its name.
 * `prefer` forces a backend (e.g. 'cpu' in tests comparing backends); it falls back in the
 * usual order when the preferred one cannot load.
 */
export async function selectBackend(
  options: { prefer?: BackendName; logger?: Logger } = {},
): Promise<BackendName> {
  const logger = options.logger ?? silentLogger;
  if (chosen !== undefined && (options.prefer === undefined || options.prefer === chosen)) {
    return chosen;
  }
  const order: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
  if (options.prefer !== undefined) {
    order.splice(order.indexOf(options.prefer), 1);
    order.unshift(options.prefer);
  }
  for (const name of order) {
    const ok =
      name === 'tensorflow' ? await tryNode(logger)
      : name === 'wasm' ? await tryWasm(logger)
      : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      chosen = name;
      logger.info(`tensorflow.js backend: ${name}`);
      return name;
    }
  }
  throw new Error('no tensorflow.js backend could be initialised (tried tensorflow, wasm, cpu)');
}
