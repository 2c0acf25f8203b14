/**
 * The 7-block IAT procedure the simulator runs (Greenwald, McGhee & Schwartz 1998; block sizes
 * of Greenwald, Nosek & Banaji 2003 and, for the modern design, the 40-trial reversed target
 * block that Nosek, Greenwald & Banaji 2005 recommend to reduce order effects).
 */
import type { Mapping, Phase } from '../ingest/iat/types.js';

/** 'standard': 20/20/20/40/20/20/40 trials; 'modern': 20/20/20/40/40/20/40. */
export type IatDesignName = 'standard' | 'modern';

/** Which combined mapping comes first (counterbalancing). */
export type BlockOrder = 'A-first' | 'B-first';

/** What a block asks for. */
export type BlockKind = 'target' | 'attribute' | 'combined';

/** One block of the procedure as a participant meets it. */
export interface IatBlock {
  /** 1-7, Greenwald block number (position in the session). */
  number: number;
  /** Name written to block_name (e.g. combined_A_test). */
  name: string;
  kind: BlockKind;
  /** Mapping of a combined block; null for single-category blocks. */
  mapping: Mapping | null;
  phase: Phase | null;
  trialCount: number;
}

const TRIAL_COUNTS: Record<IatDesignName, readonly number[]> = {
  standard: [20, 20, 20, 40, 20, 20, 40],
  modern: [20, 20, 20, 40, 40, 20, 40],
};

/** The seven blocks of one participant, in presentation order. */
export function iatBlocks(design: IatDesignName, order: BlockOrder): IatBlock[] {
  const counts = TRIAL_COUNTS[design];
  const first: Mapping = order === 'A-first' ? 'A' : 'B';
  const second: Mapping = order === 'A-first' ? 'B' : 'A';
  const layout: Array<Omit<IatBlock, 'number' | 'trialCount'>> = [
    { name: 'target_practice', kind: 'target', mapping: null, phase: null },
    { name: 'attribute_practice', kind: 'attribute', mapping: null, phase: null },
    { name: `combined_${first}_practice`, kind: 'combined', mapping: first, phase: 'practice' },
    { name: `combined_${first}_test`, kind: 'combined', mapping: first, phase: 'test' },
    { name: 'target_reversed', kind: 'target', mapping: null, phase: null },
    { name: `combined_${second}_practice`, kind: 'combined', mapping: second, phase: 'practice' },
    { name: `combined_${second}_test`, kind: 'combined', mapping: second, phase: 'test' },
  ];
  return layout.map((block, index) => ({
    ...block,
    number: index + 1,
    trialCount: counts[index] as number,
  }));
}

/** Trial id written to the behaviour file and the EEG epochs: b<block>t<trial, 2 digits>. */
export function trialId(blockNumber: number, trialNumber: number): string {
  return `b${blockNumber}t${String(trialNumber).padStart(2, '0')}`;
}

/** The block_name -> (mapping, phase) table the cohort's IAT config gives the reader. */
export const COMBINED_BLOCK_NAMES: Readonly<Record<string, { mapping: Mapping; phase: Phase }>> = {
  combined_A_practice: { mapping: 'A', phase: 'practice' },
  combined_A_test: { mapping: 'A', phase: 'test' },
  combined_B_practice: { mapping: 'B', phase: 'practice' },
  combined_B_test: { mapping: 'B', phase: 'test' },
};
