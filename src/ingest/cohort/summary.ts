/**
 * A plain summary of a loaded cohort for `iatbayes cohort inspect`: label balance, trials and
 * epochs per participant, problems and exclusions.
 */
import type { Cohort } from './types.js';

/** Balance of one label column. */
export interface LabelSummary {
  name: string;
  kind: 'binary' | 'continuous';
  missing: number;
  /** Binary labels: count of 0 and of 1. */
  counts?: { '0': number; '1': number };
  /** Continuous labels: mean, SD (n - 1), min, max. */
  mean?: number;
  sd?: number;
  min?: number;
  max?: number;
}

/** One participant's row of the summary. */
export interface ParticipantSummary {
  id: string;
  trials: number;
  errorRate: number | null;
  epochs: number | null;
  epochsAligned: number | null;
  labels: Record<string, number | null>;
  groups: Record<string, string | null>;
}

/** The summary object `cohort inspect --json` prints. */
export interface CohortSummary {
  dir: string;
  task: string | null;
  source: Cohort['source'];
  participants: number;
  excludedParticipants: Cohort['excludedParticipants'];
  labels: LabelSummary[];
  groups: Array<{ name: string; counts: Record<string, number> }>;
  perParticipant: ParticipantSummary[];
  problems: Cohort['problems'];
  exclusions: Array<{ level: string; reason: string; count: number; participants: number }>;
}

/** Summarises `cohort`. Exclusions with the same level and reason are added up. */
export function summariseCohort(cohort: Cohort): CohortSummary {
  const labels = cohort.labelColumns.map((name): LabelSummary => {
    const values = cohort.participants.map((p) => p.labels[name] ?? null);
    const present = values.filter((v): v is number => v !== null);
    const missing = values.length - present.length;
    if (present.every((v) => v === 0 || v === 1)) {
      const ones = present.filter((v) => v === 1).length;
      return { name, kind: 'binary', missing, counts: { '0': present.length - ones, '1': ones } };
    }
    const mean = present.reduce((s, v) => s + v, 0) / present.length;
    const sd = Math.sqrt(
      present.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, present.length - 1),
    );
    return {
      name,
      kind: 'continuous',
      missing,
      mean,
      sd,
      min: Math.min(...present),
      max: Math.max(...present),
    };
  });
  const groups = cohort.groupColumns.map((name) => {
    const counts: Record<string, number> = {};
    for (const p of cohort.participants) {
      const key = p.groups[name] ?? 'n/a';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { name, counts };
  });
  const perParticipant = cohort.participants.map((p): ParticipantSummary => {
    const trials = p.session?.trials ?? [];
    const errors = trials.filter((t) => t.error).length;
    return {
      id: p.id,
      trials: trials.length,
      errorRate: trials.length === 0 ? null : errors / trials.length,
      epochs: p.epochs?.nEpochs ?? null,
      epochsAligned:
        p.alignment === null ? null : p.alignment.epochToTrial.filter((i) => i >= 0).length,
      labels: p.labels,
      groups: p.groups,
    };
  });
  const merged = new Map<
    string,
    { level: string; reason: string; count: number; ids: Set<string> }
  >();
  for (const exclusion of cohort.exclusions) {
    const key = `${exclusion.level}\u0000${exclusion.reason}`;
    const entry = merged.get(key) ?? {
      level: exclusion.level,
      reason: exclusion.reason,
      count: 0,
      ids: new Set(),
    };
    entry.count += exclusion.count;
    if (exclusion.participantId !== undefined) entry.ids.add(exclusion.participantId);
    merged.set(key, entry);
  }
  return {
    dir: cohort.dir,
    task: cohort.task,
    source: cohort.source,
    participants: cohort.participants.length,
    excludedParticipants: cohort.excludedParticipants,
    labels,
    groups,
    perParticipant,
    problems: cohort.problems,
    exclusions: [...merged.values()].map(({ level, reason, count, ids }) => ({
      level,
      reason,
      count,
      participants: ids.size,
    })),
  };
}

/** The summary as text tables (what `cohort inspect` prints without --json). */
export function formatCohortSummary(summary: CohortSummary): string {
  const lines: string[] = [];
  lines.push(`cohort: ${summary.dir} (task ${summary.task ?? 'unnamed'}, ${summary.source})`);
  lines.push(
    `participants: ${summary.participants} loaded, ${summary.excludedParticipants.length} left out`,
  );
  for (const left of summary.excludedParticipants)
    lines.push(`  left out ${left.id}: ${left.reason}`);
  lines.push('', 'labels:');
  for (const label of summary.labels) {
    if (label.kind === 'binary' && label.counts) {
      const total = label.counts['0'] + label.counts['1'];
      const share = total === 0 ? 0 : label.counts['1'] / total;
      lines.push(
        `  ${label.name}: binary, 0: ${label.counts['0']}, 1: ${label.counts['1']} ` +
          `(${(100 * share).toFixed(1)} % ones), missing ${label.missing}`,
      );
    } else {
      lines.push(
        `  ${label.name}: continuous, mean ${fmt(label.mean)}, sd ${fmt(label.sd)}, ` +
          `range ${fmt(label.min)}..${fmt(label.max)}, missing ${label.missing}`,
      );
    }
  }
  for (const group of summary.groups) {
    const counts = Object.entries(group.counts)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    lines.push(`  ${group.name} (group): ${counts}`);
  }
  lines.push('', 'participant  trials  errors  epochs  aligned');
  for (const p of summary.perParticipant) {
    lines.push(
      [
        p.id.padEnd(11),
        String(p.trials).padStart(6),
        (p.errorRate === null ? '-' : `${(100 * p.errorRate).toFixed(1)}%`).padStart(7),
        (p.epochs === null ? '-' : String(p.epochs)).padStart(7),
        (p.epochsAligned === null ? '-' : String(p.epochsAligned)).padStart(8),
      ].join('  '),
    );
  }
  lines.push('', `problems: ${summary.problems.length}`);
  for (const problem of summary.problems) {
    const where = [
      problem.participantId,
      problem.file,
      problem.row && `row ${problem.row}`,
      problem.field,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${problem.severity}: ${where ? `${where}: ` : ''}${problem.message}`);
  }
  lines.push('', 'exclusions (summed over participants):');
  for (const e of summary.exclusions) {
    lines.push(
      `  ${e.level}: ${e.reason}: ${e.count}` +
        (e.participants > 0 ? ` (${e.participants} participants)` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}

function fmt(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(2);
}
