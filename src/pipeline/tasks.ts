/**
 * From a study's task specification to what the evaluation engine takes: the cohort loaded,
 * the subgroup filter applied, the binary label made, the participants x features table built
 * for the union of the study's modalities. Every participant left out is counted with its
 * reason: missing or tied labels, filtered out, excluded by the D-score rules, missing EEG.
 */
import { dirname } from 'node:path';
import type { StudyTask } from '../evaluate/study.js';
import { readTask } from '../evaluate/studyFile.js';
import { participantTrialEpochs } from '../baselines/eegnet/trialEpochs.js';
import {
  buildParticipantTable,
  type Modality,
  type ParticipantContribution,
} from '../features/participantTable.js';
import type { FeatureTable } from '../features/types.js';
import { loadCohort } from '../ingest/cohort/loadCohort.js';
import type { Cohort, CohortParticipant } from '../ingest/cohort/types.js';
import { InputError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/log.js';
import type { LabelRule, StudySpec, StudyTaskSpec } from './studyFile.js';

/** A task ready for evaluation, with the loaded cohort kept for the report. */
export interface PreparedTask {
  spec: StudyTaskSpec;
  /** The loaded cohort; null for a feature-table task. */
  cohort: Cohort | null;
  task: StudyTask;
  /** Participants of the cohort left out before the table, with reasons (for the report). */
  exclusions: Array<{ participantId: string; reason: string }>;
  /** Trials and epochs each participant in the table contributed (empty for a table task). */
  contributions: ParticipantContribution[];
}

/** Feature-name patterns of each modality (the engine's 'prefix*' selection). */
export const MODALITY_FEATURES: Record<Modality, string> = {
  rt: 'rt.*',
  'eeg-spectral': 'eeg.*',
  'eeg-erp': 'erp.*',
};

/** Loads and prepares every task of a study. */
export async function prepareTasks(
  study: StudySpec,
  logger: Logger = silentLogger,
): Promise<PreparedTask[]> {
  const modalities = [...new Set(study.configurations.flatMap((c) => c.modalities))];
  const trials = study.methods.some((method) => method.options.kind === 'eegnet');
  const prepared: PreparedTask[] = [];
  for (const spec of study.tasks) {
    if (spec.table !== undefined) {
      logger.info(`task ${spec.name}: reading ${spec.table.features}`);
      prepared.push(prepareTableTask(spec, study.features.variant ?? 'D2'));
      continue;
    }
    logger.info(`task ${spec.name}: loading ${spec.cohort}`);
    prepared.push(await prepareTask(spec, modalities, study.features, logger, { trials }));
  }
  return prepared;
}

/** A feature-table task: the table and labels as read, plus the D-score column when the
 * table has an rt.latency contrast. */
function prepareTableTask(spec: StudyTaskSpec, variant: string): PreparedTask {
  const table = spec.table as NonNullable<StudyTaskSpec['table']>;
  const task = readTask(table, dirname(table.features), table.features);
  const hasLatency =
    task.features.featureNames.includes('rt.latency') ||
    task.features.featureNames.includes('rt.latency.practice');
  const features = hasLatency ? withDscoreColumn(task.features, variant) : task.features;
  return { spec, cohort: null, exclusions: [], contributions: [], task: { ...task, features } };
}

/**
 * Loads one task's cohort and builds its table and labels. With `continuous`, the label is the
 * numeric value of the label column (for Gaussian-outcome models) instead of 0/1. With
 * `trials` (a study naming EEGNet) the EEG is loaded even for behaviour-only configurations
 * and the task carries each participant's kept-trial epochs.
 */
export async function prepareTask(
  spec: StudyTaskSpec,
  modalities: Modality[],
  features: StudySpec['features'],
  logger: Logger = silentLogger,
  options: { continuous?: boolean; trials?: boolean } = {},
): Promise<PreparedTask> {
  const wantsEeg = modalities.some((m) => m !== 'rt') || options.trials === true;
  const cohort = await loadCohort(spec.cohort, {
    eeg: wantsEeg,
    logger,
    ...(spec.trials !== undefined ? { trials: spec.trials } : {}),
    ...(spec.participants !== undefined ? { participants: spec.participants } : {}),
    ...(spec.iat !== undefined ? { iat: spec.iat } : {}),
  });
  const exclusions: PreparedTask['exclusions'] = [];
  const keptParticipants: CohortParticipant[] = [];
  const labelOf = new Map<string, number>();
  for (const participant of cohort.participants) {
    const filtered = filterReason(participant, spec, cohort);
    if (filtered !== null) {
      exclusions.push({ participantId: participant.id, reason: filtered });
      continue;
    }
    const label =
      options.continuous === true
        ? continuousLabel(participant, spec.label, cohort)
        : labelFor(participant, spec.label, cohort);
    if (typeof label === 'string') {
      exclusions.push({ participantId: participant.id, reason: label });
      continue;
    }
    labelOf.set(participant.id, label);
    keptParticipants.push(participant);
  }

  if (keptParticipants.length === 0) {
    const reasons = countReasons(exclusions)
      .map((e) => `${e.count} ${e.reason}`)
      .join('; ');
    throw new InputError(
      `task '${spec.name}': no participant is left after its filter and ` +
        `label rule (of ${cohort.participants.length}: ${reasons || 'none loaded'})`,
      { file: spec.cohort },
    );
  }
  const built = buildParticipantTable(
    { ...cohort, participants: keptParticipants, excludedParticipants: [] },
    { modalities: modalities.includes('rt') ? modalities : ['rt', ...modalities], ...features },
  );
  const tableExclusions = built.exclusions;
  const table = withDscoreColumn(built.table, features.variant ?? 'D2');
  for (const exclusion of tableExclusions) {
    exclusions.push({ participantId: exclusion.participantId ?? '', reason: exclusion.reason });
  }
  for (const left of cohort.excludedParticipants) {
    exclusions.push({ participantId: left.id, reason: left.reason });
  }
  const labels = Float64Array.from(table.participantIds, (id) => labelOf.get(id) as number);
  if (options.continuous !== true) checkBothClasses(labels, spec, table);
  // EEGNet's input: each participant's kept-trial epochs, float32 in shared memory (worker
  // threads get them without a copy).
  const byId = new Map(keptParticipants.map((participant) => [participant.id, participant]));
  const trials =
    options.trials === true
      ? table.participantIds.map((id) =>
          participantTrialEpochs(byId.get(id)!, { variant: features.variant ?? 'D2' }),
        )
      : undefined;
  logger.info(
    `task ${spec.name}: ${table.participantIds.length} participants ` +
      `(${labels.filter((y) => y === 1).length} positive), ` +
      `${table.featureNames.length} features, ` +
      `${exclusions.length} left out`,
  );
  return {
    spec,
    cohort,
    exclusions,
    contributions: built.contributions,
    task: {
      name: spec.name,
      features: table,
      labels,
      exclusions: countReasons(exclusions),
      ...(trials === undefined ? {} : { trials }),
    },
  };
}

/**
 * Appends the D-score column `dscore.<variant>` (the D-score baseline's one feature): the
 * rt.latency contrast, or with per-phase features the mean of its practice and test halves,
 * which is the D-score by definition (Greenwald et al. 2003), with SE sqrt(se_p^2 + se_t^2) / 2.
 * Modality patterns (rt.*, eeg.*, erp.*) never select it.
 */
export function withDscoreColumn(table: FeatureTable, variant: string): FeatureTable {
  const P = table.featureNames.length;
  const S = table.participantIds.length;
  const whole = table.featureNames.indexOf('rt.latency');
  const practice = table.featureNames.indexOf('rt.latency.practice');
  const test = table.featureNames.indexOf('rt.latency.test');
  if (whole < 0 && (practice < 0 || test < 0)) {
    throw new Error('withDscoreColumn: the table has no rt.latency contrast');
  }
  const d = new Float64Array(S * (P + 1));
  const se = new Float64Array(S * (P + 1));
  for (let s = 0; s < S; s++) {
    d.set(table.d.subarray(s * P, (s + 1) * P), s * (P + 1));
    se.set(table.se.subarray(s * P, (s + 1) * P), s * (P + 1));
    if (whole >= 0) {
      d[s * (P + 1) + P] = table.d[s * P + whole] as number;
      se[s * (P + 1) + P] = table.se[s * P + whole] as number;
    } else {
      const sePractice = table.se[s * P + practice] as number;
      const seTest = table.se[s * P + test] as number;
      d[s * (P + 1) + P] =
        ((table.d[s * P + practice] as number) + (table.d[s * P + test] as number)) / 2;
      se[s * (P + 1) + P] = Math.sqrt(sePractice ** 2 + seTest ** 2) / 2;
    }
  }
  return { ...table, featureNames: [...table.featureNames, `dscore.${variant}`], d, se };
}

/** The label (0/1) of a participant, or the reason it has none. */
export function labelFor(
  participant: CohortParticipant,
  rule: LabelRule,
  cohort: Cohort,
): number | string {
  if ('column' in rule) {
    const inLabels = rule.column in participant.labels;
    const inGroups = rule.column in participant.groups;
    if (!inLabels && !inGroups) {
      throw new InputError(
        `no label column '${rule.column}' (columns: ` +
          `${[...cohort.labelColumns, ...cohort.groupColumns].join(', ')})`,
        { file: cohort.dir, field: rule.column },
      );
    }
    const value = inLabels ? participant.labels[rule.column] : participant.groups[rule.column];
    if (value === null || value === undefined) return `label '${rule.column}' missing`;
    return String(value) === String(rule.positive) ? 1 : 0;
  }
  const greater = participant.labels[rule.greater];
  const than = participant.labels[rule.than];
  for (const column of [rule.greater, rule.than]) {
    if (!(column in participant.labels)) {
      throw new InputError(`no numeric column '${column}' for the label rule`, {
        file: cohort.dir,
        field: column,
      });
    }
  }
  if (greater === null || greater === undefined || than === null || than === undefined) {
    return `label columns '${rule.greater}' or '${rule.than}' missing`;
  }
  if (greater === than) return `tie: ${rule.greater} = ${rule.than} (label undefined)`;
  return greater > than ? 1 : 0;
}

/** The numeric value of the label column, or the reason there is none. */
function continuousLabel(
  participant: CohortParticipant,
  rule: LabelRule,
  cohort: Cohort,
): number | string {
  if (!('column' in rule) || !(rule.column in participant.labels)) {
    const column = 'column' in rule ? rule.column : rule.greater;
    throw new InputError(`a continuous label needs a numeric column; '${column}' is not one`, {
      file: cohort.dir,
      field: column,
    });
  }
  const value = participant.labels[rule.column];
  return value === null || value === undefined ? `label '${rule.column}' missing` : value;
}

function filterReason(
  participant: CohortParticipant,
  spec: StudyTaskSpec,
  cohort: Cohort,
): string | null {
  for (const [column, values] of Object.entries(spec.filter ?? {})) {
    if (!(column in participant.groups) && !(column in participant.labels)) {
      throw new InputError(`no column '${column}' to filter on`, {
        file: cohort.dir,
        field: column,
      });
    }
    const value = participant.groups[column] ?? participant.labels[column];
    if (!values.map(String).includes(String(value))) {
      return `filtered out: ${column} = ${String(value)}`;
    }
  }
  return null;
}

function checkBothClasses(labels: Float64Array, spec: StudyTaskSpec, table: FeatureTable): void {
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  if (positives < 2 || negatives < 2) {
    throw new InputError(
      `task '${spec.name}' has ${positives} positive and ${negatives} negative participants ` +
        `after exclusions (of ${table.participantIds.length}); each class needs at least 2`,
      { file: spec.cohort },
    );
  }
}

function countReasons(
  exclusions: PreparedTask['exclusions'],
): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const { reason } of exclusions) {
    // Per-participant numbers in a reason would make every reason unique.
    const key = reason.replace(/^\d+(\.\d+)?% of trials \(\d+ of \d+\)/, 'too many trials');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => ({ reason, count }));
}
