/**
 * Records produced by every IAT reader, whatever the export format. Readers map the lab's
 * columns and block labels onto these; scoring and features read only these.
 */

/** Which pairing a combined block uses. The D-score is mapping B minus mapping A. */
export type Mapping = 'A' | 'B';

/** Practice (Greenwald B3/B6) or test (B4/B7) half of the combined blocks. */
export type Phase = 'practice' | 'test';

/** One scored IAT trial (a trial of a combined block). */
export interface IatTrial {
  participantId: string;
  mapping: Mapping;
  phase: Phase;
  /** Response latency in milliseconds; for built-in error penalty designs this already
   * includes the time to correct an error. */
  latencyMs: number;
  /** True when the first response was wrong. */
  error: boolean;
  /** 0-based position of the trial within its block, in presentation order. */
  trialIndex: number;
  /** 1-based row in the source file (header = row 1) of the row that gave this trial. */
  sourceRow: number;
  /** Stimulus label when the export has one. */
  stimulus?: string;
  /** The export's own trial identifier when it has one (used to align EEG epochs). */
  trialId?: string;
}

/** All scored trials of one participant, in presentation order. */
export interface IatSession {
  participantId: string;
  trials: IatTrial[];
}

/** A reason a row, trial or participant was left out, counted and reported. */
export interface Exclusion {
  level: 'row' | 'trial' | 'block' | 'participant';
  participantId?: string;
  reason: string;
  count: number;
  /** Source file and rows, when known. */
  file?: string;
  rows?: number[];
}

/** What a reader returns: sessions plus everything it dropped and why. */
export interface IatReadResult {
  file: string;
  format: string;
  sessions: IatSession[];
  exclusions: Exclusion[];
}
