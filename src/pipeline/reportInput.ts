/**
 * What the report needs beyond results.json, gathered from the pipeline's own stages: the
 * final models' weights and diagnostics, EEG scalp maps and group spectra/ERPs, the data each
 * participant contributed, the readers' exclusions, label wording, the primary comparison and
 * the study configuration.
 */
import type { EvaluationResults } from '../evaluate/results.js';
import { eegFromModel, modelSummaryFromFitted } from '../report/fromModel.js';
import { fromResults } from '../report/fromResults.js';
import type {
  ExclusionCount,
  ModelSummary,
  ParticipantData,
  ReportInput,
} from '../report/types.js';
import { groupEegSummary } from './eegSummary.js';
import type { FinalModel } from './finalModels.js';
import type { StudySpec } from './studyFile.js';
import type { PreparedTask } from './tasks.js';

/** The report input of a finished study run. */
export async function buildReportInput(
  study: StudySpec,
  prepared: PreparedTask[],
  results: EvaluationResults,
  fitted: FinalModel[],
  run: { backend: string; timings: Array<{ stage: string; seconds: number }> },
): Promise<ReportInput> {
  const models: ModelSummary[] = [];
  for (const model of fitted) models.push(await modelSummaryFromFitted(model.label, model.model));
  const eegModel = models.find((model) => model.weights.some((w) => w.feature.startsWith('eeg.')));
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
  const primary = study.primary;
  return fromResults(results, {
    title: `iatbayes: ${study.name}`,
    models,
    ...(eeg === undefined ? {} : { eeg }),
    participants: participantData(prepared),
    labelNames: labelNames(prepared),
    ...(primary === undefined
      ? {}
      : { headlineCellId: [primary.task, primary.configuration, primary.method].join('/') }),
    exclusions: exclusionCounts(prepared),
    config: studyForReport(study),
    backend: run.backend,
    timings: [...run.timings],
  });
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
