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

/** Reusable output buffers of `cleanInto`, grown as needed (one per scoring loop). */
export class CleaningScratch {
  index = new Int32Array(256);
  latencyMs = new Float64Array(256);
  isMappingB = new Uint8Array(256);
  isTest = new Uint8Array(256);

  ensure(n: number): void {
    if (this.index.length >= n) return;
    const size = Math.max(n, 2 * this.index.length);
    this.index = new Int32Array(size);
    this.latencyMs = new Float64Array(size);
    this.isMappingB = new Uint8Array(size);
    this.isTest = new Uint8Array(size);
  }
}

/** What `cleanInto` did; the kept trials are the first `length` entries of the scratch. */
export interface CleaningSummary {
  length: number;
  deletedOverCeiling: number;
  deletedUnderFloor: number;
  replacedErrors: number;
  problems: string[];
}

const blockCount = new Float64Array(4);
const blockSum = new Float64Array(4);
const blockSquares = new Float64Array(4);
const blockErrors = new Float64Array(4);
const blockValue = new Float64Array(4);
const blockDropped = new Uint8Array(4);

/**
 * Cleans `session` for `variant` into `scratch` without allocating per trial: the scorer's
 * fast path. `settings` must be complete. Steps as in the file comment.
 */
export function cleanInto(
  session: CompactSession, variant: DVariant, settings: CleaningOptions, scratch: CleaningScratch,
): CleaningSummary {
  const rule = VARIANT_RULES[variant];
  const n = session.length;
  scratch.ensure(n);
  const { index, latencyMs, isMappingB, isTest } = scratch;
  const ceiling = settings.ceilingMs ?? Infinity;
  const floor = rule.deleteFast ? settings.floorMs : -Infinity;
  const replacing = rule.errors !== 'builtin';
  blockCount.fill(0);
  blockSum.fill(0);
  blockErrors.fill(0);
  let deletedOverCeiling = 0;
  let deletedUnderFloor = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const latency = session.latencyMs[i] as number;
    if (latency > ceiling) {
      deletedOverCeiling++;
      continue;
    }
    if (latency < floor) {
      deletedUnderFloor++;
      continue;
    }
    const b = session.isMappingB[i] as number;
    const t = session.isTest[i] as number;
    index[kept] = i;
    latencyMs[kept] = latency;
    isMappingB[kept] = b;
    isTest[kept] = t;
    kept++;
    if (replacing) {
      const block = 2 * b + t;
      if (session.error[i] === 1) {
        blockErrors[block]++;
      } else {
        blockCount[block]++;
        blockSum[block] += latency;
      }
    }
  }
  const summary: CleaningSummary = {
    length: kept, deletedOverCeiling, deletedUnderFloor, replacedErrors: 0, problems: [],
  };
  if (replacing) replaceErrors(session, variant, settings, scratch, summary);
  if (settings.winsorize > 0) winsorizeBlocks(scratch, summary.length, settings.winsorize);
  return summary;
}

/** Step 3: error latencies -> block mean of correct (+ 2 SD or + penalty), in place. */
function replaceErrors(
  session: CompactSession, variant: DVariant, settings: CleaningOptions,
  scratch: CleaningScratch, summary: CleaningSummary,
): void {
  const rule = VARIANT_RULES[variant];
  const { index, latencyMs, isMappingB, isTest } = scratch;
  const withSd = rule.errors === 'mean+2sd';
  const kept = summary.length;
  blockSquares.fill(0);
  const mean = [0, 1, 2, 3].map((b) => (blockSum[b] as number) / (blockCount[b] as number));
  if (withSd) {
    for (let j = 0; j < kept; j++) {
      if (session.error[index[j] as number] === 1) continue;
      const block = 2 * (isMappingB[j] as number) + (isTest[j] as number);
      const deviation = (latencyMs[j] as number) - (mean[block] as number);
      blockSquares[block] += deviation * deviation;
    }
  }
  const needed = withSd ? 2 : 1;
  let anyDropped = false;
  for (let block = 0; block < 4; block++) {
    const count = blockCount[block] as number;
    blockDropped[block] = 0;
    if (withSd) {
      const sd = Math.sqrt((blockSquares[block] as number) / (count - 1));
      blockValue[block] = (mean[block] as number) + settings.errorSdMultiplier * sd;
    } else {
      blockValue[block] = (mean[block] as number) + settings.errorPenaltyMs;
    }
    if ((blockErrors[block] as number) > 0 && count < needed) {
      blockDropped[block] = 1;
      anyDropped = true;
      summary.problems.push(
        `${variant}: block ${BLOCK_NAMES[block]} has ${count} correct trial(s); error ` +
          `replacement (${rule.errors}) needs ${needed}, so the block is not scored`,
      );
    }
  }
  let write = 0;
  for (let j = 0; j < kept; j++) {
    const block = 2 * (isMappingB[j] as number) + (isTest[j] as number);
    if (anyDropped && blockDropped[block] === 1) continue;
    if (session.error[index[j] as number] === 1) {
      latencyMs[write] = blockValue[block] as number;
      summary.replacedErrors++;
    } else {
      latencyMs[write] = latencyMs[j] as number;
    }
    index[write] = index[j] as number;
    isMappingB[write] = isMappingB[j] as number;
    isTest[write] = isTest[j] as number;
    write++;
  }
  summary.length = write;
}

/** Cleans a compact session for `variant`. Options default to DEFAULT_DSCORE_OPTIONS. */
export function cleanCompact(
  session: CompactSession,
  variant: DVariant,
  options: Partial<CleaningOptions> = {},
): CleanedTrials {
  const settings = { ...DEFAULT_DSCORE_OPTIONS, ...options };
  const scratch = new CleaningScratch();
  const summary = cleanInto(session, variant, settings, scratch);
  const kept = summary.length;
  return {
    variant,
    length: kept,
    index: scratch.index.slice(0, kept),
    latencyMs: scratch.latencyMs.slice(0, kept),
    isMappingB: scratch.isMappingB.slice(0, kept),
    isTest: scratch.isTest.slice(0, kept),
    deletedOverCeiling: summary.deletedOverCeiling,
    deletedUnderFloor: summary.deletedUnderFloor,
    replacedErrors: summary.replacedErrors,
    problems: summary.problems,
  };
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

/**
 * Winsorises each block's cleaned latencies: the k = floor(p * n) smallest values are set to
 * the (k + 1)-th smallest and the k largest to the (k + 1)-th largest (Richetin et al. 2015).
 */
function winsorizeBlocks(cleaned: CleaningScratch, length: number, proportion: number): void {
  for (let block = 0; block < 4; block++) {
    const members: number[] = [];
    for (let j = 0; j < length; j++) {
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
