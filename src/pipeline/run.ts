/**
 * The whole pipeline of a study (`iatbayes run STUDY.json`, and `npm start` on the demo):
 * ingest -> features -> evaluate (every task x configuration x method, cross-validated, with
 * intervals, permutation p and FDR q) -> final Bayesian models fitted on all participants ->
 * HTML report. Each stage's output is written atomically; the stage timings go into the report.
 */
import { join } from 'node:path';
import { openCheckpoint, removeCheckpoint } from '../evaluate/checkpoint.js';
import { runStudy, studyDesignHash } from '../evaluate/study.js';
import type { EvaluationResults } from '../evaluate/results.js';
import { selectBackend } from '../model/backend.js';
import { writeReport } from '../report/render.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { silentLogger, type Logger } from '../util/log.js';
import type { Pseudonymiser } from '../util/pseudonymise.js';
import { safeFileName } from '../util/safeFileName.js';
import { studyDesign } from './design.js';
import { fitFinalModels } from './finalModels.js';
import { buildReportInput } from './reportInput.js';
import type { StudySpec } from './studyFile.js';
import { prepareTasks, type PreparedTask } from './tasks.js';

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
    options.resultsPath ?? join(reportsDir, `${safeFileName(study.name)}.results.json`);
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
  const reportPath = join(reportsDir, `${safeFileName(study.name)}.html`);
  await timed('report', async () => {
    const input = await buildReportInput(study, prepared, results, fitted, { backend, timings });
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
    contributions: task.contributions.map((entry) => ({
      ...entry,
      participantId: pseudonym(entry.participantId),
    })),
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
