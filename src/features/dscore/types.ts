/**
 * Options and results of IAT D-scoring (Greenwald, Nosek & Banaji 2003, J Pers Soc Psychol
 * 85(2):197-216; robust options after Richetin, Costantini, Perugini & Schoenbrodt 2015,
 * PLoS ONE 10(6):e0129601).
 */
/** The six D-score algorithms of Greenwald et al. (2003), Table 4. */
export type DVariant = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6';

export const ALL_VARIANTS: readonly DVariant[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

/** How error trials are treated: latency as recorded (built-in penalty), or replaced. */
export type ErrorTreatment = 'builtin' | 'mean+2sd' | 'mean+penalty';

/** The rules that define each variant. */
export interface VariantRule {
  /** Delete latencies below `floorMs` (before error replacement). */
  deleteFast: boolean;
  errors: ErrorTreatment;
}

export const VARIANT_RULES: Readonly<Record<DVariant, VariantRule>> = {
  D1: { deleteFast: false, errors: 'builtin' },
  D2: { deleteFast: true, errors: 'builtin' },
  D3: { deleteFast: false, errors: 'mean+2sd' },
  D4: { deleteFast: false, errors: 'mean+penalty' },
  D5: { deleteFast: true, errors: 'mean+2sd' },
  D6: { deleteFast: true, errors: 'mean+penalty' },
};

/** Every rule the paper leaves open, with the common default. */
export interface DScoreOptions {
  /** Variants to compute (default all six). */
  variants: DVariant[];
  /** Trials with latency > ceilingMs are deleted (default 10,000 ms); null keeps all. */
  ceilingMs: number | null;
  /** D2/D5/D6 delete trials with latency < floorMs before error replacement (default 400). */
  floorMs: number;
  /** Penalty added to the block mean of correct trials for D4/D6 (default 600 ms). */
  errorPenaltyMs: number;
  /** Multiplier of the block SD of correct trials for D3/D5 (default 2). */
  errorSdMultiplier: number;
  /** Participant exclusion when more than `maxProportion` of trials are < `thresholdMs`. */
  fastExclusion: { enabled: boolean; thresholdMs: number; maxProportion: number };
  /** 'separate' (the 2003 D: practice and test contrasts averaged) or 'pooled' (one contrast
   * over all four blocks; Richetin et al. 2015). */
  phases: 'separate' | 'pooled';
  /** Proportion winsorised in each tail of every block after error treatment (0 = off;
   * Richetin et al. 2015 use 0.10). */
  winsorize: number;
  /** Also compute the G-score (normal-quantile rank contrast) on each variant's latencies. */
  gScore: boolean;
  /** Also compute odd/even split-half reliability with Spearman-Brown correction. */
  splitHalf: boolean;
}

export const DEFAULT_DSCORE_OPTIONS: Readonly<DScoreOptions> = {
  variants: [...ALL_VARIANTS],
  ceilingMs: 10_000,
  floorMs: 400,
  errorPenaltyMs: 600,
  errorSdMultiplier: 2,
  fastExclusion: { enabled: true, thresholdMs: 300, maxProportion: 0.1 },
  phases: 'separate',
  winsorize: 0,
  gScore: false,
  splitHalf: false,
};

/** Score of one variant for one participant. */
export interface VariantScore {
  /** The D-score (mapping B minus mapping A), or null with `reason`. */
  d: number | null;
  /** Practice and test halves (null when pooled or not computable). */
  practice: number | null;
  test: number | null;
  /** Standard error of `d` from the trial counts (see src/features/contrast.ts). */
  se: number | null;
  /** G-score, when requested. */
  g?: number | null;
  gPractice?: number | null;
  gTest?: number | null;
  reason?: string;
}

/** Trial counts of one participant. */
export interface ParticipantCounts {
  /** Trials of the four combined blocks as read. */
  trials: number;
  errors: number;
  /** Trials per block: A practice, A test, B practice, B test. */
  aPractice: number;
  aTest: number;
  bPractice: number;
  bTest: number;
  /** Trials above the ceiling (deleted for every variant). */
  overCeiling: number;
  /** Trials below the floor (deleted for D2, D5, D6). */
  underFloor: number;
  /** Trials below the fast-participant threshold (300 ms by default). */
  underFastThreshold: number;
}

/** Result for one participant. */
export interface ParticipantScore {
  id: string;
  excluded: boolean;
  reasons: string[];
  counts: ParticipantCounts;
  variants: Partial<Record<DVariant, VariantScore>>;
}

/** Split-half reliability of one variant across participants. */
export interface SplitHalfReliability {
  variant: DVariant;
  /** Participants with both halves scored. */
  n: number;
  /** Pearson correlation of odd- and even-trial scores. */
  r: number | null;
  /** Spearman-Brown corrected reliability 2r / (1 + r). */
  spearmanBrown: number | null;
}
