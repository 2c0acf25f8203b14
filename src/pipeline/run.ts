/**
 * The whole pipeline of a study (`iatbayes run STUDY.json`, and `npm start` on the demo):
 * ingest -> features -> evaluate (every task x configuration x method, cross-validated, with
 * intervals, permutation p and FDR q) -> final Bayesian models fitted on all participants ->
 * HTML report. Each stage's output is written atomically; the stage timings go into the report.
 */
import { join } from 'node:path';
import { openCheckpoint, removeCheckpoint } from '../evaluate/checkpoint.js';
import {
  type ConfigurationSpec,
  runStudy,
  type StudyDesign,
  studyDesignHash,
} from '../evaluate/study.js';
import type { EvaluationResults } from '../evaluate/results.js';
import type { MethodSpec } from '../evaluate/methods.js';
import { selectFeatures } from '../features/selectFeatures.js';
import { selectBackend } from '../model/backend.js';
import { fitModel } from '../model/fit.js';
import { saveModel } from '../model/serialize.js';
import type { FittedModel } from '../model/types.js';
import { eegFromModel, modelSummaryFromFitted } from '../report/fromModel.js';
import { fromResults } from '../report/fromResults.js';
import { writeReport } from '../report/render.js';
import type { ExclusionCount, ModelSummary, ParticipantData } from '../report/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { InputError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/log.js';
import type { Pseudonymiser } from '../util/pseudonymise.js';
import { groupEegSummary } from './eegSummary.js';
import { studyMethod } from './estimators.js';
import type { StudySpec } from './studyFile.js';
import { MODALITY_FEATURES, prepareTasks, type PreparedTask } from './tasks.js';

/** Name of the configuration the D-score baseline runs in (its one feature, the D-score). */
export const DSCORE_CONFIGURATION = 'D-score';

/** Name of the configuration EEGNet runs in: it reads trial epochs, not contrast features. */
export const EEGNET_CONFIGURATION = 'EEG epochs';

export interface PipelineOptions {
  logger?: Logger;
  /** Worker threads for the permutations (default: every core). */
  workers?: number;
  /** Where results.json and the report go (default 'reports'), and the models ('models'). */
  reportsDir?: string;
  modelsDir?: string;
  /** Skip the final model fits and the report (evaluate only). */
  evaluateOnly?: boolean;
  /** Where results.json goes (default `<reportsDir>/<study name>.results.json`). */
  resultsPath?: string;
  /**
   * Reuse the finished cells of an interrupted run of the same design and inputs, kept in
   * `<resultsPath>.checkpoint.json` (written during every run, removed when it completes).
   */
  resume?: boolean;
  /** Replace every participant ID in results, report and logs by its pseudonym. */
  pseudonymise?: Pseudonymiser;
}

export interface PipelineOutput {
  results: EvaluationResults;
  resultsPath: string;
  reportPath: string | null;
  modelPaths: string[];
  /** Wall time of each stage, in seconds. */
  timings: Array<{ stage: string; seconds: number }>;
}

/** Runs every stage of `study`; see the module comment. */
export async function runPipeline(
  study: StudySpec,
  options: PipelineOptions = {},
): Promise<PipelineOutput> {
  const logger = options.logger ?? silentLogger;
  const reportsDir = options.reportsDir ?? 'reports';
  const modelsDir = options.modelsDir ?? 'models';
  const timings: Array<{ stage: string; seconds: number }> = [];
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    const result = await work();
    timings.push({ stage, seconds: (performance.now() - began) / 1000 });
    return result;
  };

  const backend = await selectBackend({ logger });
  const read = await timed('ingest and features', () => prepareTasks(study, logger));
  const prepared =
    options.pseudonymise === undefined
      ? read
      : read.map((task) => pseudonymiseTask(task, options.pseudonymise!));
  const design = studyDesign(study, prepared, logger, options.workers);
  const resultsPath =
    options.resultsPath ?? join(reportsDir, `${safeName(study.name)}.results.json`);
  const checkpointPath = `${resultsPath}.checkpoint.json`;
  design.checkpoint = openCheckpoint(checkpointPath, studyDesignHash(design), {
    resume: options.resume === true,
  });
  if (design.checkpoint.resumed > 0) {
    logger.info(`resuming: ${design.checkpoint.resumed} finished units from ${checkpointPath}`);
  }
  const results = await timed('evaluation', () => runStudy(design));
  writeFileAtomic(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
  logger.info(`results: ${resultsPath}`);
  if (options.evaluateOnly === true) {
    removeCheckpoint(checkpointPath);
    return { results, resultsPath, reportPath: null, modelPaths: [], timings };
  }

  const fitted = await timed('final models', () =>
    fitFinalModels(study, prepared, modelsDir, logger),
  );
  const reportPath = join(reportsDir, `${safeName(study.name)}.html`);
  await timed('report', async () => {
    const models: ModelSummary[] = [];
    for (const model of fitted) models.push(await modelSummaryFromFitted(model.label, model.model));
    const eegModel = models.find((model) =>
      model.weights.some((w) => w.feature.startsWith('eeg.')),
    );
    const eegWeights = eegModel === undefined ? undefined : eegFromModel(eegModel);
    const eegGroups = groupEegSummary(prepared.flatMap((task) => task.cohort?.participants ?? []));
    // Group spectra and ERPs are shown whenever the cohorts have EEG, with or without a model
    // that has EEG weights to draw as scalp maps.
    const hasGroups = eegGroups.spectra.length > 0 || eegGroups.erps.length > 0;
    const eeg =
      eegWeights !== undefined
        ? { ...eegWeights, spectra: eegGroups.spectra, erps: eegGroups.erps }
        : hasGroups
          ? { montageName: 'standard 10-10', positions: [], bandWeights: [], ...eegGroups }
          : undefined;
    const input = fromResults(results, {
      title: `iatbayes: ${study.name}`,
      models,
      ...(eeg === undefined ? {} : { eeg }),
      participants: participantData(prepared),
      labelNames: labelNames(prepared),
      ...(study.primary === undefined
        ? {}
        : {
            headlineCellId: [study.primary.task, study.primary.configuration, study.primary.method]
              .join('/'),
          }),
      exclusions: exclusionCounts(prepared),
      config: studyForReport(study),
      backend,
      timings: [...timings],
    });
    await writeReport(input, reportPath, { logger });
  });
  logger.info(`report: ${reportPath}`);
  removeCheckpoint(checkpointPath);
  return {
    results,
    resultsPath,
    reportPath,
    modelPaths: fitted.map((model) => model.path),
    timings,
  };
}

/**
 * The evaluation engine's design: each configuration selects its modalities' features; the
 * D-score baseline (when the study names it) runs in a configuration of its own whose one
 * feature is the participant's D-score, so it is evaluated once per task, not once per
 * configuration.
 */
export function studyDesign(
  study: StudySpec,
  prepared: PreparedTask[],
  logger: Logger,
  workers?: number,
): StudyDesign {
  const configurations: ConfigurationSpec[] = study.configurations.map((configuration) => ({
    name: configuration.name,
    features: configurationPatterns(configuration),
  }));
  const userConfigurations = configurations.map((c) => c.name);
  const dscore = study.methods.find((method) => method.options.kind === 'dscore');
  const dscoreFeature =
    dscore !== undefined && dscore.options.kind === 'dscore' && dscore.options.feature !== undefined
      ? dscore.options.feature
      : `dscore.${study.features.variant ?? 'D2'}`;
  if (dscore !== undefined)
    configurations.unshift({ name: DSCORE_CONFIGURATION, features: [dscoreFeature] });
  if (study.methods.some((method) => method.options.kind === 'eegnet')) {
    // No contrast features: EEGNet learns from Dataset.trials, attached by prepareTasks.
    configurations.push({ name: EEGNET_CONFIGURATION, features: [] });
    const withoutEpochs = prepared.find((task) => task.task.trials === undefined);
    if (withoutEpochs !== undefined) {
      throw new InputError(
        `task '${withoutEpochs.spec.name}' has no trial epochs (a feature-table` +
          ' task); the eegnet method needs a cohort with EEG',
        { file: study.file, field: 'methods' },
      );
    }
  }
  const methods: MethodSpec[] = study.methods.map((method) => {
    if (method.options.kind === 'dscore') {
      const spec = studyMethod({ ...method.options, feature: dscoreFeature }, method.name);
      return { ...spec, configurations: [DSCORE_CONFIGURATION] };
    }
    if (method.options.kind === 'eegnet') {
      const spec = studyMethod(method.options, method.name);
      return { ...spec, configurations: [EEGNET_CONFIGURATION] };
    }
    return { ...studyMethod(method.options, method.name), configurations: userConfigurations };
  });
  return {
    tasks: prepared.map((task) => task.task),
    configurations,
    methods,
    cv: study.cv,
    seed: study.seed,
    bootstrapReplicates: study.bootstrap,
    permutations: study.permutations,
    q: study.q,
    fcr: study.fcr,
    logger,
    ...(workers === undefined ? {} : { workers }),
  };
}

interface FinalModel {
  label: string;
  path: string;
  model: FittedModel;
}

/** One Bayesian model per task x configuration, fitted on every participant of the task. */
async function fitFinalModels(
  study: StudySpec,
  prepared: PreparedTask[],
  modelsDir: string,
  logger: Logger,
): Promise<FinalModel[]> {
  const bayes = study.methods.find((method) => method.options.kind === 'bayes');
  if (bayes === undefined) return [];
  const settings = bayes.options.kind === 'bayes' ? bayes.options.settings : undefined;
  const models: FinalModel[] = [];
  let done = 0;
  const total = prepared.length * study.configurations.length;
  for (const task of prepared) {
    for (const configuration of study.configurations) {
      const table = selectFeatures(
        task.task.features,
        configurationPatterns(configuration),
        `configuration '${configuration.name}' in task '${task.spec.name}'`,
      );
      if (table.featureNames.length === 0) continue;
      const model = await fitModel(table, task.task.labels, {
        seed: study.seed,
        paretoK: true,
        ...(settings === undefined ? {} : { settings }),
      });
      model.provenance = {
        study: study.name,
        task: task.spec.name,
        cohort: task.spec.cohort,
        label: task.spec.label,
        configuration: configuration.name,
        modalities: configuration.modalities,
        features: study.features,
      };
      const path = join(
        modelsDir,
        `${safeName(study.name)}-${safeName(task.spec.name)}-${safeName(configuration.name)}.json`,
      );
      saveModel(model, path);
      models.push({ label: `${task.spec.name} · ${configuration.name}`, path, model });
      logger.progress('final models', ++done, total);
    }
  }
  return models;
}

/** Feature-name patterns of a configuration: its own, or those of its modalities. */
function configurationPatterns(configuration: StudySpec['configurations'][number]): string[] {
  return (
    configuration.features ??
    configuration.modalities.map((modality) => MODALITY_FEATURES[modality])
  );
}

/**
 * The task with pseudonyms in place of participant IDs: in its feature table (hence in the
 * results and the report), its exclusions and its cohort's participants (the report's data
 * table). The cohort is copied, not changed.
 */
function pseudonymiseTask(task: PreparedTask, pseudonym: Pseudonymiser): PreparedTask {
  const features = task.task.features;
  return {
    ...task,
    task: {
      ...task.task,
      features: { ...features, participantIds: features.participantIds.map(pseudonym) },
    },
    exclusions: task.exclusions.map((exclusion) => ({
      ...exclusion,
      participantId: exclusion.participantId === '' ? '' : pseudonym(exclusion.participantId),
    })),
    cohort:
      task.cohort === null
        ? null
        : {
            ...task.cohort,
            participants: task.cohort.participants.map((participant) => ({
              ...participant,
              id: pseudonym(participant.id),
            })),
          },
  };
}

/** Each task's participants with the trials and epochs that entered their contrasts. */
function participantData(prepared: PreparedTask[]): ParticipantData[] {
  return prepared.flatMap((task) =>
    task.contributions.map((entry) => ({
      ...entry,
      participantId: `${task.spec.name}/${entry.participantId}`,
    })),
  );
}

/** How class 1 and class 0 of each task's label read in words. */
function labelNames(
  prepared: PreparedTask[],
): Record<string, { positiveName: string; negativeName: string }> {
  const names: Record<string, { positiveName: string; negativeName: string }> = {};
  for (const { spec } of prepared) {
    const rule = spec.label;
    names[spec.name] =
      'column' in rule
        ? {
            positiveName: `${rule.column} = ${rule.positive}`,
            negativeName: `${rule.column} \u2260 ${rule.positive}`,
          }
        : {
            positiveName: `${rule.greater} > ${rule.than}`,
            negativeName: `${rule.greater} < ${rule.than}`,
          };
  }
  return names;
}

/**
 * Row, trial and block exclusions of the readers, per task. Participant exclusions are not
 * repeated here: results.json carries them per task and the report lists them from there.
 */
function exclusionCounts(prepared: PreparedTask[]): ExclusionCount[] {
  const counts = new Map<string, ExclusionCount>();
  for (const task of prepared) {
    for (const exclusion of task.cohort?.exclusions ?? []) {
      if (exclusion.level === 'participant') continue;
      const reason = `${task.spec.name}: ${exclusion.reason}`;
      const key = `${exclusion.level}|${reason}`;
      const entry = counts.get(key) ?? { level: exclusion.level, reason, count: 0 };
      entry.count += exclusion.count;
      counts.set(key, entry);
    }
  }
  return [...counts.values()];
}

function studyForReport(study: StudySpec): unknown {
  return {
    name: study.name,
    seed: study.seed,
    tasks: study.tasks.map((task) => ({ ...task })),
    configurations: study.configurations,
    methods: study.methods,
    cv: study.cv,
    bootstrap: study.bootstrap,
    permutations: study.permutations,
    q: study.q,
    fcr: study.fcr,
    features: study.features,
  };
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}
