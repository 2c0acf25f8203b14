/**
 * The study engine: every task x modality configuration x method is cross-validated on the
 * task's seeded folds (identical for every method, so comparisons are paired), then given its
 * DeLong SE, bootstrap percentile and BCa intervals, a label-permutation p-value of the whole
 * pipeline, BH / BY q-values across all cells, and FCR-adjusted intervals for the cells
 * selected at q. Permutations run in a piscina worker pool; each permutation is seeded by its
 * own index, so the results are the same for any number of workers.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { Piscina } from 'piscina';
import { resolveFeaturePatterns, selectColumns } from '../features/selectFeatures.js';
import type { FeatureTable } from '../features/types.js';
import type { ParticipantEpochs } from '../model/estimator.js';
import { InputError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/log.js';
import { subsetDataset } from '../baselines/design.js';
import { intervalAt, summariseCell, type CellBootstrap } from './cellSummary.js';
import type { OutOfFold } from './crossValidate.js';
import { dispatch, portableMethod, workerFile } from './workerPool.js';
import { hashOf, type StudyCheckpoint } from './checkpoint.js';
import type { CvPlan, CvScheme } from './cv.js';
import { isPortable, resolveFactory, type MethodSpec } from './methods.js';
import {
  benjaminiHochberg,
  benjaminiYekutieli,
  fcrAdjustedLevel,
  permutationPValue,
} from './multiplicity.js';
import {
  runCrossValidationJob,
  runPermutationJob,
  taskCvPlan,
  type CrossValidationJob,
  type PermutationJob,
  type PermutationJobResult,
} from './permutations.js';
import {
  RESULTS_SCHEMA,
  RESULTS_SCHEMA_VERSION,
  type CellResult,
  type EvaluationResults,
  type TaskSummary,
} from './results.js';

/** A cohort with one binary label per participant. */
export interface StudyTask {
  name: string;
  features: FeatureTable;
  /** 0/1 per participant; NaN = label unknown (the participant is excluded and counted). */
  labels: Float64Array;
  /** Exclusions made before this stage (e.g. tied ratings), carried into the results. */
  exclusions?: { reason: string; count: number }[];
  /** Per-participant trial epochs for trial-level methods (EEGNet), aligned with features. */
  trials?: ParticipantEpochs[];
}

/** Which features a configuration uses: exact names, or 'prefix*' for every match. */
export interface ConfigurationSpec {
  name: string;
  features: string[];
}

/** Everything a study run needs. */
export interface StudyDesign {
  tasks: StudyTask[];
  configurations: ConfigurationSpec[];
  methods: MethodSpec[];
  cv: CvScheme;
  seed: number;
  /** Bootstrap replicates (>= 2,000; >= 10,000 with FCR; default 2,000 or 10,000). */
  bootstrapReplicates?: number;
  /** Label permutations per cell (0 = no p-values, q-values or selection; default 1,000). */
  permutations?: number;
  /** FDR level for the BH selection (default 0.05). */
  q?: number;
  /** Compute FCR-adjusted intervals for the selected cells (default true). */
  fcr?: boolean;
  /** Confidence level of the unadjusted intervals (default 0.95). */
  confidenceLevel?: number;
  /** Worker threads for the permutations (default: available parallelism). */
  workers?: number;
  logger?: Logger;
  /** Finished cells and permutation chunks are stored here and reused (`--resume`). */
  checkpoint?: StudyCheckpoint;
}

/**
 * SHA-256 of everything that determines a study's results (tasks' features, labels and
 * trials, configurations, methods, CV, seed, counts, iatbayes version), not of the worker
 * count or logger. A checkpoint is reused only by a run with the same hash.
 */
export function studyDesignHash(design: StudyDesign): string {
  const { logger: _logger, workers: _workers, checkpoint: _checkpoint, ...determining } = design;
  return hashOf({ ...determining, iatbayes: packageVersion() });
}

/** Returns the checkpointed value of `key`, or computes, stores and returns it. */
async function checkpointed<T>(
  checkpoint: StudyCheckpoint | undefined,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const stored = checkpoint?.load(key);
  if (stored !== undefined) return stored as T;
  const value = await compute();
  checkpoint?.save(key, value);
  return value;
}

const MIN_BOOTSTRAP = 2000;
const MIN_BOOTSTRAP_FCR = 10000;

/** Runs a study and returns its results.json object. */
export async function runStudy(design: StudyDesign): Promise<EvaluationResults> {
  const began = performance.now();
  const logger = design.logger ?? silentLogger;
  const fcr = design.fcr ?? true;
  const q = design.q ?? 0.05;
  const level = design.confidenceLevel ?? 0.95;
  const permutations = design.permutations ?? 1000;
  const workers = design.workers ?? availableParallelism();
  const replicates = design.bootstrapReplicates ?? (fcr ? MIN_BOOTSTRAP_FCR : MIN_BOOTSTRAP);
  validateDesign(design, { fcr, q, level, permutations, workers, replicates });
  const warnings: string[] = [];

  const tasks = design.tasks.map((task) => prepareTask(task));
  const plans = tasks.map((task) => taskCvPlan(design.cv, task.labels, design.seed, task.name));
  const specs = cellSpecs(design, tasks);
  const worker = workers > 0 && design.methods.some(isPortable) ? workerFile() : null;
  const pool =
    worker === null
      ? null
      : new Piscina({
          filename: worker.filename,
          minThreads: workers,
          maxThreads: workers,
        });
  for (const method of design.methods) {
    if (pool !== null && !isPortable(method)) {
      warnings.push(`method '${method.name}' has no module, so it ran on the main thread`);
    }
  }

  try {
    // Stage 1: the observed cross-validation of every cell (pool, or main thread), then the
    // bootstrap of each cell on the main thread.
    const crossValidationStart = performance.now();
    let done = 0;
    const outcomes = await dispatch(
      specs,
      (spec) =>
        checkpointed(design.checkpoint, `cv|${spec.cellKey}`, async () => {
          const job: CrossValidationJob = {
            features: spec.features,
            labels: spec.task.labels,
            cv: design.cv,
            seed: design.seed,
            taskName: spec.task.name,
            cellKey: spec.cellKey,
            ...(spec.task.trials === undefined ? {} : { trials: spec.task.trials }),
          };
          const result =
            pool !== null && isPortable(spec.method)
              ? ((await pool.run(
                  { ...job, method: portableMethod(spec.method) },
                  { name: 'crossValidateCell' },
                )) as { outOfFold: OutOfFold; elapsedMs: number })
              : await runCrossValidationJob(job, await resolveFactory(spec.method));
          return result;
        }).then((result) => {
          logger.progress('cross-validation', ++done, specs.length);
          return result;
        }),
      (spec) => pool !== null && isPortable(spec.method),
    );
    const crossValidationMs = performance.now() - crossValidationStart;

    const cells: CellResult[] = [];
    const bootstraps = new Map<CellResult, CellBootstrap>();
    const bootstrapStart = performance.now();
    specs.forEach((spec, k) => {
      const began = performance.now();
      const { cell, cellBootstrap } = summariseCell(
        outcomes[k]!.outOfFold,
        spec.task,
        plans[spec.taskIndex]!,
        {
          cellKey: spec.cellKey,
          configuration: spec.configuration,
          method: spec.method.name,
          featureNames: spec.featureNames,
          replicates,
          level,
          seed: design.seed,
        },
      );
      cell.timings.crossValidationMs = outcomes[k]!.elapsedMs;
      cell.timings.bootstrapMs = performance.now() - began;
      cells.push(cell);
      bootstraps.set(cell, cellBootstrap);
    });
    const bootstrapMs = performance.now() - bootstrapStart;

    // Stage 2: permutations, spread over the worker pool.
    const permutationStart = performance.now();
    if (permutations > 0) {
      await runAllPermutations(
        specs.map((spec, k) => ({ ...spec, cell: cells[k]! })),
        pool,
        {
          permutations,
          workers,
          seed: design.seed,
          cv: design.cv,
          logger,
          ...(design.checkpoint === undefined ? {} : { checkpoint: design.checkpoint }),
        },
      );
    }
    const permutationMs = performance.now() - permutationStart;

    // Stage 3: q-values over every cell, selection and FCR-adjusted intervals.
    const multiplicityStart = performance.now();
    const selection = applyMultiplicity(cells, bootstraps, { q, fcr });
    const multiplicityMs = performance.now() - multiplicityStart;

    return {
      schema: RESULTS_SCHEMA,
      schemaVersion: RESULTS_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      versions: {
        iatbayes: packageVersion(),
        node: process.version,
        schema: RESULTS_SCHEMA_VERSION,
      },
      settings: {
        seed: design.seed,
        cv: design.cv,
        bootstrapReplicates: replicates,
        permutations,
        q,
        fcr,
        confidenceLevel: level,
        workers,
      },
      tasks: tasks.map((task, t) => taskSummary(task, plans[t]!)),
      configurations: design.configurations.map((c) => ({
        name: c.name,
        features: [...c.features],
      })),
      methods: design.methods.map((m) => ({
        name: m.name,
        module: m.module ?? null,
        exportName: m.exportName ?? null,
        options: m.options ?? null,
        configurations: m.configurations ?? null,
      })),
      cells,
      selection,
      timings: {
        totalMs: performance.now() - began,
        crossValidationMs,
        bootstrapMs,
        permutationMs,
        multiplicityMs,
      },
      warnings,
    };
  } finally {
    if (pool !== null) await pool.destroy();
    if (worker?.temporaryFolder) rmSync(worker.temporaryFolder, { recursive: true, force: true });
  }
}

interface PreparedTask {
  name: string;
  features: FeatureTable;
  labels: Float64Array;
  exclusions: { reason: string; count: number }[];
  positives: number;
  negatives: number;
  trials?: ParticipantEpochs[];
}

/** Drops participants without a label (counted), and checks what is left. */
function prepareTask(task: StudyTask): PreparedTask {
  const n = task.features.participantIds.length;
  if (task.labels.length !== n) {
    throw new InputError(
      `task '${task.name}': ${task.labels.length} labels for ${n} participants`,
      { field: 'labels' },
    );
  }
  const kept: number[] = [];
  let missing = 0;
  task.labels.forEach((label, s) => {
    if (Number.isNaN(label)) {
      missing++;
      return;
    }
    if (label !== 0 && label !== 1) {
      throw new InputError(
        `task '${task.name}': label of participant ` +
          `'${task.features.participantIds[s]}' is ${label}; expected 0 or 1`,
        { field: 'labels' },
      );
    }
    kept.push(s);
  });
  if (task.trials !== undefined && task.trials.length !== n) {
    throw new InputError(
      `task '${task.name}': ${task.trials.length} trial sets for ${n} ` + 'participants',
      { field: 'trials' },
    );
  }
  const subset = subsetDataset(
    {
      features: task.features,
      labels: task.labels,
      ...(task.trials === undefined ? {} : { trials: task.trials }),
    },
    kept,
  );
  const labels = subset.labels!;
  let positives = 0;
  for (const label of labels) positives += label;
  const negatives = labels.length - positives;
  if (positives < 2 || negatives < 2) {
    throw new InputError(
      `task '${task.name}': needs at least 2 participants in each class; ` +
        `found ${positives} with label 1 and ${negatives} with label 0`,
      { field: 'labels' },
    );
  }
  const exclusions = [...(task.exclusions ?? [])];
  if (missing > 0) exclusions.push({ reason: 'label missing', count: missing });
  return {
    name: task.name,
    features: subset.features,
    labels,
    exclusions,
    positives,
    negatives,
    ...(subset.trials === undefined ? {} : { trials: subset.trials }),
  };
}

/** The feature names a configuration selects in a task (its patterns, resolved). */
export function resolveConfiguration(
  configuration: ConfigurationSpec,
  task: { name: string; features: FeatureTable },
): string[] {
  return resolveFeaturePatterns(
    task.features.featureNames,
    configuration.features,
    `configuration '${configuration.name}' in task '${task.name}'`,
  );
}

/** One cell to compute: its task, configuration, method and the columns it uses. */
interface CellSpec {
  task: PreparedTask;
  taskIndex: number;
  configuration: string;
  featureNames: string[];
  features: FeatureTable;
  method: MethodSpec;
  cellKey: string;
}

/** Every task x configuration x method the design asks for, in that nesting order. */
function cellSpecs(design: StudyDesign, tasks: PreparedTask[]): CellSpec[] {
  const specs: CellSpec[] = [];
  tasks.forEach((task, taskIndex) => {
    for (const configuration of design.configurations) {
      const featureNames = resolveConfiguration(configuration, task);
      const features = selectColumns(task.features, featureNames);
      for (const method of design.methods) {
        if (
          method.configurations !== undefined &&
          !method.configurations.includes(configuration.name)
        )
          continue;
        specs.push({
          task,
          taskIndex,
          configuration: configuration.name,
          featureNames,
          features,
          method,
          cellKey: `${task.name}|${configuration.name}|${method.name}`,
        });
      }
    }
  });
  return specs;
}

interface PermutationSettings {
  permutations: number;
  workers: number;
  seed: number;
  cv: CvScheme;
  logger: Logger;
  checkpoint?: StudyCheckpoint;
}

/** Runs every cell's permutations and stores p-values and null summaries in the cells. */
async function runAllPermutations(
  cells: (CellSpec & { cell: CellResult })[],
  pool: Piscina | null,
  settings: PermutationSettings,
): Promise<void> {
  const total = cells.length * settings.permutations;
  let done = 0;
  // Chunks small enough to balance the pool, large enough to amortise the data transfer.
  const chunk = Math.max(1, Math.ceil(settings.permutations / Math.max(1, settings.workers * 4)));
  const jobs = cells.flatMap((entry) => {
    const ranges: { entry: typeof entry; start: number; end: number }[] = [];
    for (let start = 0; start < settings.permutations; start += chunk) {
      ranges.push({ entry, start, end: Math.min(settings.permutations, start + chunk) });
    }
    return ranges;
  });
  const usesPool = (job: (typeof jobs)[number]): boolean =>
    pool !== null && isPortable(job.entry.method);

  const results = await dispatch(
    jobs,
    ({ entry, start, end }) =>
      checkpointed(
        settings.checkpoint,
        `permutations|${entry.cellKey}|${start}-${end}`,
        async () => {
          const job: PermutationJob = {
            features: entry.features,
            labels: entry.task.labels,
            cv: settings.cv,
            seed: settings.seed,
            cellKey: entry.cellKey,
            start,
            end,
            ...(entry.task.trials === undefined ? {} : { trials: entry.task.trials }),
          };
          const result =
            pool !== null && isPortable(entry.method)
              ? ((await pool.run({
                  ...job,
                  method: portableMethod(entry.method),
                })) as PermutationJobResult)
              : await runPermutationJob(job, await resolveFactory(entry.method));
          return result;
        },
      ).then((result) => {
        done += end - start;
        settings.logger.progress('permutations', done, total);
        return result;
      }),
    usesPool,
  );

  for (const entry of cells) {
    const permuted = new Float64Array(settings.permutations);
    let elapsed = 0;
    jobs.forEach((job, k) => {
      if (job.entry !== entry) return;
      permuted.set(results[k]!.aucs, job.start);
      elapsed += results[k]!.elapsedMs;
    });
    const test = permutationPValue(entry.cell.auc, permuted);
    let mean = 0;
    for (const value of permuted) mean += value / permuted.length;
    let variance = 0;
    for (const value of permuted)
      variance += (value - mean) ** 2 / Math.max(1, permuted.length - 1);
    entry.cell.permutation = {
      p: test.p,
      exceedances: test.exceedances,
      permutations: test.permutations,
      nullMean: mean,
      nullSd: Math.sqrt(variance),
    };
    entry.cell.timings.permutationMs = elapsed;
  }
}

/** BH / BY q-values over the tested cells, BH selection at q, FCR intervals of the selected. */
function applyMultiplicity(
  cells: CellResult[],
  bootstraps: Map<CellResult, CellBootstrap>,
  settings: { q: number; fcr: boolean },
): EvaluationResults['selection'] {
  const tested = cells.filter((cell) => cell.permutation !== null);
  if (tested.length === 0) {
    return { q: settings.q, tested: 0, selected: 0, fcrLevel: null };
  }
  const p = tested.map((cell) => cell.permutation!.p);
  const bh = benjaminiHochberg(p);
  const by = benjaminiYekutieli(p);
  let selected = 0;
  tested.forEach((cell, k) => {
    cell.qBh = bh[k]!;
    cell.qBy = by[k]!;
    cell.selected = bh[k]! <= settings.q;
    if (cell.selected) selected++;
  });
  const fcrLevel = settings.fcr ? fcrAdjustedLevel(selected, tested.length, settings.q) : null;
  if (fcrLevel !== null) {
    for (const cell of tested) {
      if (!cell.selected) continue;
      cell.fcrCi = intervalAt(cell.auc, bootstraps.get(cell)!, fcrLevel);
      if (cell.fcrCi.bcaUndefinedReason !== null) {
        cell.warnings.push(
          `FCR BCa undefined (${cell.fcrCi.bcaUndefinedReason}); the ` +
            'percentile interval is reported',
        );
      }
    }
  }
  return { q: settings.q, tested: tested.length, selected, fcrLevel };
}

function taskSummary(task: PreparedTask, plan: CvPlan): TaskSummary {
  return {
    name: task.name,
    participants: task.labels.length,
    positives: task.positives,
    negatives: task.negatives,
    exclusions: task.exclusions,
    foldAssignment: plan.assignment === null ? null : plan.assignment.map((a) => Array.from(a)),
    participantIds: [...task.features.participantIds],
  };
}

function validateDesign(
  design: StudyDesign,
  resolved: {
    fcr: boolean;
    q: number;
    level: number;
    permutations: number;
    workers: number;
    replicates: number;
  },
): void {
  const fail = (field: string, problem: string): never => {
    throw new InputError(problem, { field });
  };
  if (design.tasks.length === 0) fail('tasks', 'a study needs at least one task');
  if (design.configurations.length === 0) fail('configurations', 'a study needs a configuration');
  if (design.methods.length === 0) fail('methods', 'a study needs at least one method');
  for (const [field, names] of [
    ['tasks', design.tasks.map((t) => t.name)],
    ['configurations', design.configurations.map((c) => c.name)],
    ['methods', design.methods.map((m) => m.name)],
  ] as const) {
    const duplicate = names.find((name, k) => names.indexOf(name) !== k);
    if (duplicate !== undefined)
      fail(field, `name '${duplicate}' is used twice; names must be unique`);
    const piped = names.find((name) => name.includes('|'));
    if (piped !== undefined) fail(field, `name '${piped}' contains '|'; choose another`);
  }
  for (const method of design.methods) {
    const unknown = (method.configurations ?? []).find(
      (name) => !design.configurations.some((c) => c.name === name),
    );
    if (unknown !== undefined) {
      fail(
        'methods',
        `method '${method.name}' names configuration '${unknown}', which the study ` +
          'does not define',
      );
    }
  }
  const minimum = resolved.fcr ? MIN_BOOTSTRAP_FCR : MIN_BOOTSTRAP;
  if (!Number.isInteger(resolved.replicates) || resolved.replicates < minimum) {
    fail(
      'bootstrapReplicates',
      `expected at least ${minimum} bootstrap replicates` +
        `${resolved.fcr ? ' (FCR-adjusted intervals need 10,000)' : ''}, ` +
        `found ${resolved.replicates}`,
    );
  }
  if (!Number.isInteger(resolved.permutations) || resolved.permutations < 0) {
    fail('permutations', `expected a non-negative integer, found ${resolved.permutations}`);
  }
  if (!(resolved.q > 0 && resolved.q < 1)) fail('q', `expected q in (0, 1), found ${resolved.q}`);
  if (!(resolved.level > 0 && resolved.level < 1)) {
    fail('confidenceLevel', `expected a level in (0, 1), found ${resolved.level}`);
  }
  if (!Number.isInteger(resolved.workers) || resolved.workers < 0) {
    fail('workers', `expected a non-negative integer, found ${resolved.workers}`);
  }
}

let cachedVersion: string | null = null;

/** The iatbayes version from package.json (src/ and dist/ both sit one folder below it). */
function packageVersion(): string {
  if (cachedVersion === null) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    cachedVersion = (JSON.parse(text) as { version: string }).version;
  }
  return cachedVersion;
}
