/**
 * The final Bayesian models of a study: one per task x configuration, fitted on every
 * participant of the task and saved with how its features were made, for `predict`.
 */
import { join } from 'node:path';
import { selectFeatures } from '../features/selectFeatures.js';
import { fitModel } from '../model/fit.js';
import { saveModel } from '../model/serialize.js';
import type { FittedModel } from '../model/types.js';
import type { Logger } from '../util/log.js';
import { safeFileName } from '../util/safeFileName.js';
import { configurationPatterns } from './design.js';
import type { StudySpec } from './studyFile.js';
import type { PreparedTask } from './tasks.js';

export interface FinalModel {
  label: string;
  path: string;
  model: FittedModel;
}

/** One Bayesian model per task x configuration, fitted on every participant of the task. */
export async function fitFinalModels(
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
      const fileName = [study.name, task.spec.name, configuration.name].map(safeFileName).join('-');
      const path = join(modelsDir, `${fileName}.json`);
      saveModel(model, path);
      models.push({ label: `${task.spec.name} · ${configuration.name}`, path, model });
      logger.progress('final models', ++done, total);
    }
  }
  return models;
}
