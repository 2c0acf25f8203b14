/**
 * The IAT contrast: a standardised difference between the two pairings of the combined
 * blocks, computed separately for the practice and the test phase and then averaged.
 *
 * For any per-trial value x (a response latency, or a per-trial EEG feature):
 *
 *   D_phase = (mean(x | mapping B, phase) - mean(x | mapping A, phase)) / SD_inclusive(phase)
 *   D       = (D_practice + D_test) / 2
 *
 * where SD_inclusive is the sample standard deviation (denominator n - 1) of all trials of
 * both blocks of the phase around their common mean. With latencies after the chosen cleaning
 * this is the D-score of Greenwald, Nosek & Banaji (2003), J Pers Soc Psychol 85(2):197-216,
 * and the D-score code (src/features/dscore/) computes it through this function.
 *
 * Standard error. Write n_A, n_B for the trial counts of a phase, n = n_A + n_B, d = D_phase.
 * Treat the inclusive SD s as an estimate of the common within-block SD sigma (it is slightly
 * larger when the blocks differ, which makes the SE conservative). Then
 *   Var(mean_B - mean_A) = sigma^2 (1/n_A + 1/n_B)                          (independent trials)
 *   Var(s) / sigma^2    ~= 1 / (2 (n - 1))                                  (normal data)
 * and the delta method on d = Delta / s gives
 *   SE(D_phase)^2 ~= 1/n_A + 1/n_B + d^2 / (2 (n - 1)),
 * the large-sample variance of a standardised mean difference (Hedges & Olkin 1985, ch. 5,
 * with n - 1 degrees of freedom for the one pooled SD). The phases use disjoint trials, so
 *   SE(D)^2 = (SE(D_practice)^2 + SE(D_test)^2) / 4.
 * Limitation: trials within a block are treated as independent; serial dependence of
 * latencies (practice effects, fatigue) is ignored, so the SE is a lower bound in that case.
 */
import type { Mapping, Phase } from '../ingest/iat/types.js';

/** Per-trial inputs of a contrast, one entry per trial in each array. */
export interface ContrastTrials {
  /** The per-trial value (units of the caller, e.g. ms for latencies). */
  values: ArrayLike<number>;
  /** 1 when the trial belongs to mapping B, 0 for mapping A. */
  isMappingB: ArrayLike<number>;
  /** 1 when the trial belongs to the test phase, 0 for the practice phase. */
  isTest: ArrayLike<number>;
}

/** The contrast of one phase (or of the pooled phases). */
export interface PhaseContrast {
  /** Number of trials of mapping A and B that entered the contrast. */
  nA: number;
  nB: number;
  /** Block means, in the values' units; null when the block has no trial. */
  meanA: number | null;
  meanB: number | null;
  /** Inclusive SD of both blocks around their common mean (denominator n - 1). */
  sdInclusive: number | null;
  /** (meanB - meanA) / sdInclusive, or null with `reason`. */
  d: number | null;
  /** Standard error of `d` (see the file comment), or null when `d` is null. */
  se: number | null;
  /** Why `d` is null. */
  reason?: string;
}

/** The contrast of both phases and their average. */
export interface ContrastResult {
  practice: PhaseContrast;
  test: PhaseContrast;
  /** Mean of the practice and test contrasts, or null when either is null. */
  d: number | null;
  se: number | null;
  reason?: string;
}

/** Blocks with fewer trials than this give a null contrast (an SD needs two values). */
export const MIN_TRIALS_PER_BLOCK = 2;

/**
 * Standardised B-minus-A contrast of one phase: `phase` 0 = practice, 1 = test, or -1 to
 * pool both phases into one contrast (Richetin et al. 2015's "no practice/test distinction").
 * Sums are accumulated in one pass for the means and a second pass around the common mean for
 * the SD, which keeps full double precision for latencies of any size.
 */
export function phaseContrast(trials: ContrastTrials, phase: 0 | 1 | -1): PhaseContrast {
  const { values, isMappingB, isTest } = trials;
  let nA = 0;
  let nB = 0;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < values.length; i++) {
    if (phase !== -1 && (isTest[i] as number) !== phase) continue;
    const value = values[i] as number;
    if ((isMappingB[i] as number) === 1) {
      nB++;
      sumB += value;
    } else {
      nA++;
      sumA += value;
    }
  }
  const label = phase === 1 ? 'test' : phase === 0 ? 'practice' : 'pooled';
  const mean = (sumA + sumB) / (nA + nB);
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    if (phase !== -1 && (isTest[i] as number) !== phase) continue;
    const deviation = (values[i] as number) - mean;
    squares += deviation * deviation;
  }
  return finishPhase(label, nA, nB, sumA, sumB, squares);
}

/**
 * The two-phase contrast (mean of the practice and test contrasts) of per-trial values, with
 * the per-phase results. See the file comment for the formula and its standard error. Both
 * phases are computed in two passes over the trials (sums, then squares around each phase's
 * mean), the same arithmetic as `phaseContrast` for each phase.
 */
export function contrastScore(trials: ContrastTrials): ContrastResult {
  checkLengths(trials);
  const { values, isMappingB, isTest } = trials;
  const count = [0, 0, 0, 0];
  const sum = [0, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const group = 2 * (isTest[i] as number) + (isMappingB[i] as number);
    count[group]++;
    sum[group] += values[i] as number;
  }
  const squares = [0, 0];
  const mean = [
    (sum[0] + sum[1]) / (count[0] + count[1]), (sum[2] + sum[3]) / (count[2] + count[3]),
  ];
  for (let i = 0; i < values.length; i++) {
    const phase = isTest[i] as number;
    const deviation = (values[i] as number) - (mean[phase] as number);
    squares[phase] += deviation * deviation;
  }
  const practice = finishPhase('practice', count[0], count[1], sum[0], sum[1], squares[0]);
  const test = finishPhase('test', count[2], count[3], sum[2], sum[3], squares[1]);
  if (practice.d === null || test.d === null) {
    const reason = [practice.reason, test.reason].filter(Boolean).join('; ');
    return { practice, test, d: null, se: null, reason };
  }
  const d = (practice.d + test.d) / 2;
  const se = Math.sqrt(((practice.se as number) ** 2 + (test.se as number) ** 2) / 4);
  return { practice, test, d, se };
}

/** A phase's contrast from its block counts, sums and squares around the phase mean. */
function finishPhase(
  label: string, nA: number, nB: number, sumA: number, sumB: number, squares: number,
): PhaseContrast {
  const meanA = nA > 0 ? sumA / nA : null;
  const meanB = nB > 0 ? sumB / nB : null;
  if (nA < MIN_TRIALS_PER_BLOCK || nB < MIN_TRIALS_PER_BLOCK) {
    const short = nA < MIN_TRIALS_PER_BLOCK ? `A (${nA})` : `B (${nB})`;
    return {
      nA, nB, meanA, meanB, sdInclusive: null, d: null, se: null,
      reason: `${label}: block of mapping ${short} has fewer than ${MIN_TRIALS_PER_BLOCK} trials`,
    };
  }
  const n = nA + nB;
  const sd = Math.sqrt(squares / (n - 1));
  if (!(sd > 0) || !Number.isFinite(sd)) {
    return { nA, nB, meanA, meanB, sdInclusive: sd, d: null, se: null,
      reason: `${label}: inclusive SD is 0` };
  }
  const d = ((meanB as number) - (meanA as number)) / sd;
  const se = Math.sqrt(1 / nA + 1 / nB + (d * d) / (2 * (n - 1)));
  return { nA, nB, meanA, meanB, sdInclusive: sd, d, se };
}

/** One contrast over both phases pooled (no practice/test distinction). */
export function pooledContrast(trials: ContrastTrials): PhaseContrast {
  checkLengths(trials);
  return phaseContrast(trials, -1);
}

/**
 * Builds the contrast inputs from per-trial values and records that carry `mapping` and
 * `phase` (IatTrial does). `values[i]` belongs to `trials[i]`.
 */
export function contrastTrialsOf(
  trials: ReadonlyArray<{ mapping: Mapping; phase: Phase }>,
  values: ArrayLike<number>,
): ContrastTrials {
  if (values.length !== trials.length) {
    throw new RangeError(`contrast: ${values.length} values for ${trials.length} trials`);
  }
  const isMappingB = new Uint8Array(trials.length);
  const isTest = new Uint8Array(trials.length);
  for (let i = 0; i < trials.length; i++) {
    const trial = trials[i] as { mapping: Mapping; phase: Phase };
    isMappingB[i] = trial.mapping === 'B' ? 1 : 0;
    isTest[i] = trial.phase === 'test' ? 1 : 0;
  }
  return { values, isMappingB, isTest };
}

function checkLengths(trials: ContrastTrials): void {
  const n = trials.values.length;
  if (trials.isMappingB.length !== n || trials.isTest.length !== n) {
    throw new RangeError(
      `contrast: values (${n}), isMappingB (${trials.isMappingB.length}) and isTest ` +
        `(${trials.isTest.length}) must have one entry per trial`,
    );
  }
}
