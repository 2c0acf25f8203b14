/**
 * D-scores D1-D6 of Greenwald, Nosek & Banaji (2003) for each participant, computed through
 * the generic B-minus-A contrast (src/features/contrast.ts) on the latencies each variant's
 * cleaning keeps (src/features/dscore/clean.ts). Sign: mapping B minus mapping A.
 */
import { contrastScore, pooledContrast, type ContrastTrials } from '../contrast.js';
import { CleaningScratch, cleanInto } from './clean.js';
import { BLOCK_NAMES, type CompactSession } from './compact.js';
import { gScorePhase } from './gscore.js';
import type {
  DScoreOptions, DVariant, ParticipantCounts, ParticipantScore, VariantScore,
} from './types.js';

/** Odd- and even-trial scores of one participant for one variant (for split-half). */
export type HalfScores = Partial<Record<DVariant, [number | null, number | null]>>;

const scratch = new CleaningScratch();

/** Scores one participant. `options` must be complete (merge with the defaults first). */
export function scoreCompact(
  session: CompactSession,
  options: DScoreOptions,
): { score: ParticipantScore; halves: HalfScores } {
  const counts = countTrials(session, options);
  const reasons: string[] = [];
  const blockSizes = [counts.aPractice, counts.aTest, counts.bPractice, counts.bTest];
  blockSizes.forEach((size, block) => {
    if (size === 0) reasons.push(`no trials in combined block ${BLOCK_NAMES[block]}`);
  });
  const fast = options.fastExclusion;
  if (
    fast.enabled && counts.trials > 0 &&
    counts.underFastThreshold / counts.trials > fast.maxProportion
  ) {
    const percent = ((100 * counts.underFastThreshold) / counts.trials).toFixed(1);
    reasons.push(
      `${percent}% of trials (${counts.underFastThreshold} of ${counts.trials}) faster than ` +
        `${fast.thresholdMs} ms (limit ${100 * fast.maxProportion}%)`,
    );
  }
  const excluded = reasons.length > 0;
  const variants: Partial<Record<DVariant, VariantScore>> = {};
  const halves: HalfScores = {};
  for (const variant of options.variants) {
    if (excluded) {
      variants[variant] = { d: null, practice: null, test: null, se: null, reason: 'excluded' };
      continue;
    }
    const summary = cleanInto(session, variant, options, scratch);
    const trials: ContrastTrials = {
      values: scratch.latencyMs.subarray(0, summary.length),
      isMappingB: scratch.isMappingB.subarray(0, summary.length),
      isTest: scratch.isTest.subarray(0, summary.length),
    };
    const result = scoreCleaned(trials, summary.problems, options);
    variants[variant] = result;
    if (result.reason) reasons.push(`${variant}: ${result.reason}`);
    if (options.splitHalf) halves[variant] = splitHalfScores(trials, options);
  }
  return {
    score: { id: session.participantId, excluded, reasons, counts, variants },
    halves,
  };
}

/**
 * The D-score (and optionally G) of one variant's cleaned trials: the contrast of their
 * cleaned latencies. `cleaningProblems` are prefixed to the reason of a null score.
 */
export function scoreCleaned(
  trials: ContrastTrials, cleaningProblems: string[], options: DScoreOptions,
): VariantScore {
  const problems = cleaningProblems.length > 0 ? `${cleaningProblems.join('; ')}; ` : '';
  let score: VariantScore;
  if (options.phases === 'pooled') {
    const pooled = pooledContrast(trials);
    score = {
      d: pooled.d, practice: null, test: null, se: pooled.se,
      ...(pooled.reason ? { reason: problems + pooled.reason } : {}),
    };
  } else {
    const contrast = contrastScore(trials);
    score = {
      d: contrast.d, practice: contrast.practice.d, test: contrast.test.d, se: contrast.se,
      ...(contrast.reason ? { reason: problems + contrast.reason } : {}),
    };
  }
  if (options.gScore) {
    if (options.phases === 'pooled') {
      score.g = gScorePhase(trials, -1);
    } else {
      score.gPractice = gScorePhase(trials, 0);
      score.gTest = gScorePhase(trials, 1);
      score.g = score.gPractice === null || score.gTest === null
        ? null : (score.gPractice + score.gTest) / 2;
    }
  }
  return score;
}

/**
 * Scores of the odd and the even trials of each block (by position among the block's kept
 * trials, in presentation order). Cleaning (deletions, error replacement values) is that of
 * the whole block, so each half uses the same per-trial latencies as the full score.
 */
function splitHalfScores(
  cleaned: ContrastTrials, options: DScoreOptions,
): [number | null, number | null] {
  const position = [0, 0, 0, 0];
  const length = cleaned.values.length;
  const parity = new Uint8Array(length);
  for (let j = 0; j < length; j++) {
    const block = 2 * (cleaned.isMappingB[j] as number) + (cleaned.isTest[j] as number);
    parity[j] = (position[block] as number) % 2;
    position[block]++;
  }
  const half = (which: number): number | null => {
    const idx: number[] = [];
    for (let j = 0; j < length; j++) if (parity[j] === which) idx.push(j);
    const trials: ContrastTrials = {
      values: Float64Array.from(idx, (j) => cleaned.values[j] as number),
      isMappingB: Uint8Array.from(idx, (j) => cleaned.isMappingB[j] as number),
      isTest: Uint8Array.from(idx, (j) => cleaned.isTest[j] as number),
    };
    return options.phases === 'pooled' ? pooledContrast(trials).d : contrastScore(trials).d;
  };
  return [half(0), half(1)];
}

function countTrials(session: CompactSession, options: DScoreOptions): ParticipantCounts {
  const perBlock = [0, 0, 0, 0];
  let errors = 0;
  let overCeiling = 0;
  let underFloor = 0;
  let underFast = 0;
  for (let i = 0; i < session.length; i++) {
    const latency = session.latencyMs[i] as number;
    perBlock[2 * (session.isMappingB[i] as number) + (session.isTest[i] as number)]++;
    errors += session.error[i] as number;
    if (options.ceilingMs !== null && latency > options.ceilingMs) overCeiling++;
    if (latency < options.floorMs) underFloor++;
    if (latency < options.fastExclusion.thresholdMs) underFast++;
  }
  return {
    trials: session.length, errors,
    aPractice: perBlock[0] as number, aTest: perBlock[1] as number,
    bPractice: perBlock[2] as number, bTest: perBlock[3] as number,
    overCeiling, underFloor, underFastThreshold: underFast,
  };
}
