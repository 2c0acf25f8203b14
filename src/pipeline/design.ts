/**
 * From a study file and its prepared tasks to the evaluation engine's design: each
 * configuration selects its modalities' features (or its own feature patterns), the D-score
 * baseline and EEGNet run in configurations of their own, and every method is a module the
 * permutation workers can rebuild.
 */
import type { ConfigurationSpec, StudyDesign } from '../evaluate/study.js';
import type { MethodSpec } from '../evaluate/methods.js';
import { InputError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { studyMethod } from './estimators.js';
import type { StudySpec } from './studyFile.js';
import { MODALITY_FEATURES, type PreparedTask } from './tasks.js';

/** Name of the configuration the D-score baseline runs in (its one feature, the D-score). */
export const DSCORE_CONFIGURATION = 'D-score';

/** Name of the configuration EEGNet runs in: it reads trial epochs, not contrast features. */
export const EEGNET_CONFIGURATION = 'EEG epochs';

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

/** Feature-name patterns of a configuration: its own, or those of its modalities. */
export function configurationPatterns(
  configuration: StudySpec['configurations'][number],
): string[] {
  return (
    configuration.features ??
    configuration.modalities.map((modality) => MODALITY_FEATURES[modality])
  );
}
