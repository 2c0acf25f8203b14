/**
 * Scoring of whole IAT data sets: options with their defaults, one ParticipantScore per
 * participant, every exclusion with its reason, and split-half reliability on request.
 */
import { sampleCorrelation } from 'simple-statistics';
import { compactSession, type CompactSession } from './compact.js';
import { scoreCompact, type HalfScores } from './score.js';
import {
  ALL_VARIANTS, DEFAULT_DSCORE_OPTIONS, type DScoreOptions, type DVariant,
  type ParticipantScore, type SplitHalfReliability,
} from './types.js';
import type { Exclusion, IatReadResult, IatSession } from '../../ingest/iat/types.js';
import { InputError } from '../../util/errors.js';

/** The sign convention, stated in every output. */
export const SIGN_CONVENTION =
  'D = mean(mapping B) - mean(mapping A), over the inclusive SD; positive = slower in B';

/** Settings as reported with the scores. */
export interface ScoreSettings extends DScoreOptions {
  sign: string;
  /** Reader settings (file, format, mapping), when scored from a file. */
  input?: Record<string, unknown>;
}

export interface ScoreReport {
  settings: ScoreSettings;
  participants: ParticipantScore[];
  exclusions: Exclusion[];
  reliability?: SplitHalfReliability[];
}

/** Complete, validated options from a partial set (the defaults fill the gaps). */
export function resolveDScoreOptions(partial: Partial<DScoreOptions> = {}): DScoreOptions {
  const options: DScoreOptions = {
    ...DEFAULT_DSCORE_OPTIONS,
    ...partial,
    fastExclusion: { ...DEFAULT_DSCORE_OPTIONS.fastExclusion, ...(partial.fastExclusion ?? {}) },
    variants: [...(partial.variants ?? DEFAULT_DSCORE_OPTIONS.variants)],
  };
  for (const variant of options.variants) {
    if (!ALL_VARIANTS.includes(variant)) {
      throw new InputError(`unknown D-score variant '${variant}'; expected D1 to D6`, {
        field: 'variants',
      });
    }
  }
  if (options.variants.length === 0) {
    throw new InputError('no D-score variant selected', { field: 'variants' });
  }
  const positive = (value: number, field: string): void => {
    if (!Number.isFinite(value) || value < 0) {
      throw new InputError(`expected a non-negative number, found ${value}`, { field });
    }
  };
  if (options.ceilingMs !== null) positive(options.ceilingMs, 'ceilingMs');
  positive(options.floorMs, 'floorMs');
  positive(options.errorPenaltyMs, 'errorPenaltyMs');
  positive(options.errorSdMultiplier, 'errorSdMultiplier');
  if (!(options.winsorize >= 0 && options.winsorize < 0.5)) {
    throw new InputError(`expected a proportion in [0, 0.5), found ${options.winsorize}`, {
      field: 'winsorize',
    });
  }
  if (options.phases !== 'separate' && options.phases !== 'pooled') {
    throw new InputError(`expected 'separate' or 'pooled', found '${String(options.phases)}'`, {
      field: 'phases',
    });
  }
  return options;
}

/** Collects participant scores one session at a time (used by the streaming scorer). */
export class ScoreAccumulator {
  readonly options: DScoreOptions;
  private readonly participants: ParticipantScore[] = [];
  private readonly halves: HalfScores[] = [];

  constructor(options: Partial<DScoreOptions> = {}) {
    this.options = resolveDScoreOptions(options);
  }

  get count(): number {
    return this.participants.length;
  }

  add(session: CompactSession): ParticipantScore {
    const { score, halves } = scoreCompact(session, this.options);
    this.participants.push(score);
    if (this.options.splitHalf) this.halves.push(halves);
    return score;
  }

  /** The report; reader exclusions first, then one entry per excluded participant. */
  finish(readerExclusions: Exclusion[] = [], input?: Record<string, unknown>): ScoreReport {
    const exclusions = [...readerExclusions];
    for (const participant of this.participants) {
      if (!participant.excluded) continue;
      for (const reason of participant.reasons) {
        exclusions.push({ level: 'participant', participantId: participant.id, reason, count: 1 });
      }
    }
    const report: ScoreReport = {
      settings: { ...this.options, sign: SIGN_CONVENTION, ...(input ? { input } : {}) },
      participants: this.participants,
      exclusions,
    };
    if (this.options.splitHalf) {
      report.reliability = splitHalfReliability(this.halves, this.options);
    }
    return report;
  }
}

/**
 * Scores every session of a read result (or a list of sessions) with the given options.
 * Sign: mapping B minus mapping A (see SIGN_CONVENTION).
 */
export function scoreIat(
  input: IatReadResult | IatSession[],
  options: Partial<DScoreOptions> = {},
): ScoreReport {
  const accumulator = new ScoreAccumulator(options);
  const sessions = Array.isArray(input) ? input : input.sessions;
  for (const session of sessions) accumulator.add(compactSession(session));
  if (Array.isArray(input)) return accumulator.finish();
  return accumulator.finish(input.exclusions, { file: input.file, format: input.format });
}

/**
 * Odd/even split-half reliability per variant: Pearson r across participants of the two
 * halves' scores, and the Spearman-Brown prophecy for the full length, 2r / (1 + r)
 * (Spearman 1910; Brown 1910). Participants with either half null are left out.
 */
export function splitHalfReliability(
  halves: HalfScores[], options: DScoreOptions,
): SplitHalfReliability[] {
  return options.variants.map((variant: DVariant) => {
    const odd: number[] = [];
    const even: number[] = [];
    for (const participant of halves) {
      const pair = participant[variant];
      if (!pair || pair[0] === null || pair[1] === null) continue;
      odd.push(pair[0]);
      even.push(pair[1]);
    }
    if (odd.length < 3) return { variant, n: odd.length, r: null, spearmanBrown: null };
    const r = sampleCorrelation(odd, even);
    if (!Number.isFinite(r)) return { variant, n: odd.length, r: null, spearmanBrown: null };
    return { variant, n: odd.length, r, spearmanBrown: (2 * r) / (1 + r) };
  });
}

/** Column names of the flat per-participant record, in output order. */
export function scoreColumns(options: DScoreOptions): string[] {
  const columns = ['id'];
  for (const v of options.variants) {
    columns.push(v);
    if (options.phases === 'separate') columns.push(`${v}_practice`, `${v}_test`);
    columns.push(`${v}_se`);
    if (options.gScore) {
      columns.push(`G${v.slice(1)}`);
      if (options.phases === 'separate') {
        columns.push(`G${v.slice(1)}_practice`, `G${v.slice(1)}_test`);
      }
    }
  }
  return columns;
}

/** A participant as one flat record: scores by column name (null, never NaN). */
export function flattenScore(
  participant: ParticipantScore, options: DScoreOptions,
): Record<string, string | number | null> {
  const record: Record<string, string | number | null> = { id: participant.id };
  for (const v of options.variants) {
    const score = participant.variants[v];
    record[v] = finiteOrNull(score?.d);
    if (options.phases === 'separate') {
      record[`${v}_practice`] = finiteOrNull(score?.practice);
      record[`${v}_test`] = finiteOrNull(score?.test);
    }
    record[`${v}_se`] = finiteOrNull(score?.se);
    if (options.gScore) {
      const g = `G${v.slice(1)}`;
      record[g] = finiteOrNull(score?.g);
      if (options.phases === 'separate') {
        record[`${g}_practice`] = finiteOrNull(score?.gPractice);
        record[`${g}_test`] = finiteOrNull(score?.gTest);
      }
    }
  }
  return record;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
