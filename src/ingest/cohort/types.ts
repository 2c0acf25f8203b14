/**
 * Records of a loaded study cohort: participants with their labels and groups, their IAT
 * session, their EEG epochs aligned to the trials by trial id, and every problem and exclusion
 * found on the way.
 */
import type { Epochs } from '../eeg/types.js';
import type { Exclusion, IatSession } from '../iat/types.js';

/** Something wrong or odd in the cohort, located as precisely as known. */
export interface CohortProblem {
  /** 'error': the participant (or part of its data) could not be used; 'warning': it could. */
  severity: 'error' | 'warning';
  participantId?: string;
  file?: string;
  row?: number;
  field?: string;
  message: string;
}

/** How a participant's epochs line up with its IAT trials. */
export interface EpochAlignment {
  /** For each epoch, the index of its trial in `session.trials`, or -1 when it has none. */
  epochToTrial: Int32Array;
  /** Epochs whose trial id names no scored trial (e.g. single-category blocks). */
  epochsWithoutTrial: number;
  /** Scored trials that have no epoch. */
  trialsWithoutEpoch: number;
}

/** One participant of a cohort. */
export interface CohortParticipant {
  id: string;
  /** Numeric columns of participants.tsv (NaN-free: missing values are null). */
  labels: Record<string, number | null>;
  /** Text columns of participants.tsv (missing values are null). */
  groups: Record<string, string | null>;
  /** Scored trials (combined blocks); null when the behaviour could not be read. */
  session: IatSession | null;
  /** EEG epochs (ready, or cut from the raw recording); null without EEG. */
  epochs: Epochs | null;
  alignment: EpochAlignment | null;
  /** Files used, relative to the cohort folder. */
  files: { behaviour?: string; eeg?: string; events?: string };
}

/** A loaded cohort. */
export interface Cohort {
  /** The cohort folder, as given. */
  dir: string;
  task: string | null;
  /** 'folder': sub-XX folders; 'long-csv': one trial file plus a participants file. */
  source: 'folder' | 'long-csv';
  /** Columns of the participants file holding numbers (labels) and text (groups). */
  labelColumns: string[];
  groupColumns: string[];
  participants: CohortParticipant[];
  /** Participants listed in the participants file but left out, with the reason. */
  excludedParticipants: Array<{ id: string; reason: string }>;
  problems: CohortProblem[];
  /** Everything the IAT reader and the loader left out, counted with reasons. */
  exclusions: Exclusion[];
  /** The parsed cohort.json (empty object when there is none). */
  config: CohortConfig;
}

/** cohort.json. */
export interface CohortConfig {
  task?: string;
  /** IAT column/block mapping (the JSON `score --config` takes). */
  iat?: Record<string, unknown>;
  eeg?: {
    format: 'epochs' | 'edf' | 'bdf' | 'brainvision' | 'xdf';
    lockTo?: 'stimulus' | 'response';
    /** Epoch window for raw recordings, seconds (default -0.2 to 0.8). */
    tminS?: number;
    tmaxS?: number;
  };
  /** Long-CSV cohorts: the trial file and the participants file, relative to the folder. */
  trials?: string;
  participants?: string;
}
