/**
 * How a study names its methods. A method is either a factory function (in-process only) or a
 * module URL plus the name of an exported factory `(options, { rng }) => Estimator` and JSON
 * options; only the latter can be rebuilt inside worker threads, so permutations of methods
 * without a module run on the main thread.
 */
import type { BaselineOptions } from '../baselines/factories.js';
import type { Estimator } from '../model/estimator.js';
import type { Rng } from '../util/rng.js';
import type { EstimatorFactory } from './crossValidate.js';

/** A method of a study. */
export interface MethodSpec {
  /** Name in tables and results ('lda', 'bayes', ...); unique within a study. */
  name: string;
  /** URL (file:...) or absolute path of an ES module exporting the factory. */
  module?: string;
  /** Name of the exported factory (default 'createEstimator'). */
  exportName?: string;
  /** JSON options handed to the exported factory. */
  options?: unknown;
  /**
   * Configurations this method runs in (default: all). The D-score baseline, for example,
   * belongs only in configurations that contain its feature.
   */
  configurations?: string[];
  /** In-process factory; used when `module` is absent. */
  create?: EstimatorFactory;
}

type ModuleFactory = (options: unknown, context: { rng: Rng }) => Estimator;

/** File extension of this build (.ts under tsx / vitest, .js when compiled). */
export function sourceExtension(): '.ts' | '.js' {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

/** A MethodSpec for a built-in baseline, usable in worker threads. */
export function baselineMethod(options: BaselineOptions, name: string = options.kind): MethodSpec {
  return {
    name,
    module: new URL(`../baselines/factories${sourceExtension()}`, import.meta.url).href,
    exportName: 'createBaselineEstimator',
    options,
  };
}

/** True when the method can be rebuilt in a worker thread. */
export function isPortable(method: MethodSpec): boolean {
  return method.module !== undefined;
}

/** The estimator factory of a method (importing its module when needed). */
export async function resolveFactory(method: MethodSpec): Promise<EstimatorFactory> {
  if (method.module === undefined) {
    if (method.create === undefined) {
      throw new Error(`method '${method.name}' has neither a module nor a create function`);
    }
    return method.create;
  }
  const specifier = method.module.startsWith('file:') || !method.module.startsWith('/')
    ? method.module : new URL(`file://${method.module}`).href;
  const loaded = (await import(specifier)) as Record<string, unknown>;
  const exportName = method.exportName ?? 'createEstimator';
  const factory = loaded[exportName];
  if (typeof factory !== 'function') {
    throw new Error(`method '${method.name}': module ${method.module} has no function `
      + `export '${exportName}'`);
  }
  const options = method.options;
  return (context) => (factory as ModuleFactory)(options, context);
}
