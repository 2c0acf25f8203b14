/**
 * Trial cleaning of each D-score variant (Greenwald, Nosek & Banaji 2003, Table 4): which
 * trials are kept and the latency each kept trial enters the D-score with. Exported so that
 * later stages can use "the trial's latency after the chosen D-score cleaning".
 *
 * Order of the steps (the order implicitMeasures' compute_iat and the paper use):
 * 1. delete trials with latency > ceilingMs (all variants);
 * 2. D2, D5, D6: delete trials with latency < floorMs;
 * 3. D3-D6: replace each error latency by the mean of the block's remaining correct trials
 *    plus 2 SD (D3, D5; SD with denominator n - 1) or plus 600 ms (D4, D6);
 * 4. optional (Richetin et al. 2015): winsorise each block at the given tail proportion.
 */
import { BLOCK_NAMES, type CompactSession, compactSession } from './compact.js';
import {
  DEFAULT_DSCORE_OPTIONS, VARIANT_RULES, type DScoreOptions, type DVariant,
} from './types.js';
import type { IatSession, IatTrial } from '../../ingest/iat/types.js';

/** The kept trials of one variant, keyed by their index in the session. */
export interface CleanedTrials {
  variant: DVariant;
  length: number;
  /** Index of each kept trial in the session's trial list, in presentation order. */
  index: Int32Array;
  /** Latency (ms) each kept trial enters the D-score with (errors replaced for D3-D6). */
  latencyMs: Float64Array;
  isMappingB: Uint8Array;
  isTest: Uint8Array;
  /** Trials deleted by the ceiling and by the floor, and errors replaced. */
  deletedOverCeiling: number;
  deletedUnderFloor: number;
  replacedErrors: number;
  /** Blocks whose error replacement was undefined (their trials are not kept), with why. */
  problems: string[];
}

type CleaningOptions = Pick<
  DScoreOptions, 'ceilingMs' | 'floorMs' | 'errorPenaltyMs' | 'errorSdMultiplier' | 'winsorize'
>;

/** Cleans a compact session for `variant`. Options default to DEFAULT_DSCORE_OPTIONS. */
export function cleanCompact(
  session: CompactSession,
  variant: DVariant,
  options: Partial<CleaningOptions> = {},
): CleanedTrials {
  const settings = { ...DEFAULT_DSCORE_OPTIONS, ...options };
  const rule = VARIANT_RULES[variant];
  const n = session.length;
  const keep = new Uint8Array(n);
  let deletedOverCeiling = 0;
  let deletedUnderFloor = 0;
  for (let i = 0; i < n; i++) {
    const latency = session.latencyMs[i] as number;
    if (settings.ceilingMs !== null && latency > settings.ceilingMs) {
      deletedOverCeiling++;
    } else if (rule.deleteFast && latency < settings.floorMs) {
      deletedUnderFloor++;
    } else {
      keep[i] = 1;
    }
  }

  const latencyOut = new Float64Array(n);
  for (let i = 0; i < n; i++) latencyOut[i] = session.latencyMs[i] as number;
  const problems: string[] = [];
  let replacedErrors = 0;
  if (rule.errors !== 'builtin') {
    const stats = correctStatsPerBlock(session, keep);
    for (let block = 0; block < 4; block++) {
      const { count, mean, sd } = stats[block] as BlockStats;
      const needed = rule.errors === 'mean+2sd' ? 2 : 1;
      const value = rule.errors === 'mean+2sd'
        ? mean + settings.errorSdMultiplier * sd
        : mean + settings.errorPenaltyMs;
      let hasError = false;
      for (let i = 0; i < n; i++) {
        if (keep[i] === 0 || blockOf(session, i) !== block || session.error[i] === 0) continue;
        hasError = true;
        if (count >= needed) {
          latencyOut[i] = value;
          replacedErrors++;
        }
      }
      if (hasError && count < needed) {
        problems.push(
          `${variant}: block ${BLOCK_NAMES[block]} has ${count} correct trial(s); error ` +
            `replacement (${rule.errors}) needs ${needed}, so the block is not scored`,
        );
        for (let i = 0; i < n; i++) if (blockOf(session, i) === block) keep[i] = 0;
      }
    }
  }

  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i] as number;
  const result: CleanedTrials = {
    variant, length: kept,
    index: new Int32Array(kept), latencyMs: new Float64Array(kept),
    isMappingB: new Uint8Array(kept), isTest: new Uint8Array(kept),
    deletedOverCeiling, deletedUnderFloor, replacedErrors, problems,
  };
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    result.index[j] = i;
    result.latencyMs[j] = latencyOut[i] as number;
    result.isMappingB[j] = session.isMappingB[i] as number;
    result.isTest[j] = session.isTest[i] as number;
    j++;
  }
  if (settings.winsorize > 0) winsorizeBlocks(result, settings.winsorize);
  return result;
}

/** One kept trial and the latency it enters the D-score with. */
export interface CleanedIatTrial {
  trial: IatTrial;
  cleanedLatencyMs: number;
}

/**
 * The kept trials of `session` for `variant`, each with its cleaned latency (ms): the
 * latency of "the trial after the chosen D-score cleaning".
 */
export function cleanSession(
  session: IatSession,
  variant: DVariant,
  options: Partial<CleaningOptions> = {},
): { trials: CleanedIatTrial[]; cleaned: CleanedTrials } {
  const cleaned = cleanCompact(compactSession(session), variant, options);
  const trials: CleanedIatTrial[] = [];
  for (let j = 0; j < cleaned.length; j++) {
    trials.push({
      trial: session.trials[cleaned.index[j] as number] as IatTrial,
      cleanedLatencyMs: cleaned.latencyMs[j] as number,
    });
  }
  return { trials, cleaned };
}

interface BlockStats {
  count: number;
  mean: number;
  sd: number;
}

function blockOf(session: CompactSession, i: number): number {
  return 2 * (session.isMappingB[i] as number) + (session.isTest[i] as number);
}

/** Mean and SD (n - 1) of the kept correct latencies of each block. */
function correctStatsPerBlock(session: CompactSession, keep: Uint8Array): BlockStats[] {
  const count = [0, 0, 0, 0];
  const sum = [0, 0, 0, 0];
  for (let i = 0; i < session.length; i++) {
    if (keep[i] === 0 || session.error[i] === 1) continue;
    const block = blockOf(session, i);
    count[block]++;
    sum[block] += session.latencyMs[i] as number;
  }
  const mean = sum.map((s, b) => (count[b] > 0 ? s / (count[b] as number) : NaN));
  const squares = [0, 0, 0, 0];
  for (let i = 0; i < session.length; i++) {
    if (keep[i] === 0 || session.error[i] === 1) continue;
    const block = blockOf(session, i);
    const deviation = (session.latencyMs[i] as number) - (mean[block] as number);
    squares[block] += deviation * deviation;
  }
  return count.map((c, b) => ({
    count: c,
    mean: mean[b] as number,
    sd: c > 1 ? Math.sqrt((squares[b] as number) / (c - 1)) : NaN,
  }));
}

/**
 * Winsorises each block's cleaned latencies: the k = floor(p * n) smallest values are set to
 * the (k + 1)-th smallest and the k largest to the (k + 1)-th largest (Richetin et al. 2015).
 */
function winsorizeBlocks(cleaned: CleanedTrials, proportion: number): void {
  for (let block = 0; block < 4; block++) {
    const members: number[] = [];
    for (let j = 0; j < cleaned.length; j++) {
      const b = 2 * (cleaned.isMappingB[j] as number) + (cleaned.isTest[j] as number);
      if (b === block) members.push(j);
    }
    const k = Math.floor(proportion * members.length);
    if (k === 0) continue;
    const sorted = members.map((j) => cleaned.latencyMs[j] as number).sort((a, b) => a - b);
    const low = sorted[k] as number;
    const high = sorted[sorted.length - 1 - k] as number;
    for (const j of members) {
      const value = cleaned.latencyMs[j] as number;
      if (value < low) cleaned.latencyMs[j] = low;
      else if (value > high) cleaned.latencyMs[j] = high;
    }
  }
}
