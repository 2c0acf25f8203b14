/**
 * Turns the records of a trial file into IAT trials of the four combined blocks, following a
 * resolved IatReadConfig: drops configured rows, maps block labels (with counterbalancing or
 * Project Implicit pairing definitions) to mapping A/B and practice/test, parses latency and
 * accuracy, groups attempt-level rows into trials, and counts every row it does not use.
 */
import type { IatReadConfig } from './config.js';
import type { CsvRecord, RecordHandler } from './csvStream.js';
import type { Exclusion } from './types.js';
import { InputError } from '../../util/errors.js';

/** One trial as read; the object is reused between calls (copy what you keep). */
export interface TrialEvent {
  participantId: string;
  latencyMs: number;
  error: boolean;
  isMappingB: boolean;
  isTest: boolean;
  /** 1-based record number of the row (header = 1). */
  row: number;
  stimulus: string | undefined;
  trialId: string | undefined;
}

/** Receives trials in file order. */
export interface TrialSink {
  trial(event: TrialEvent): void;
  /** A further attempt of the last trial (attempt-level logs): add its latency in ms. */
  attempt(latencyMs: number, row: number): void;
  /** Whether the sink uses `stimulus` and `trialId` (reading them costs time). */
  wantsLabels?: boolean;
}

const SLOT_NAMES = ['A practice', 'A test', 'B practice', 'B test'] as const;
const MAX_LISTED_ROWS = 20;

/** Counts of rows left out, by reason (and participant where it matters). */
export class ExclusionTally {
  private readonly entries = new Map<string, Exclusion>();

  constructor(private readonly file: string) {}

  add(level: Exclusion['level'], reason: string, row: number, participantId?: string): void {
    const key = `${participantId ?? ''}\u0000${reason}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { level, reason, count: 0, file: this.file, rows: [] };
      if (participantId !== undefined) entry.participantId = participantId;
      this.entries.set(key, entry);
    }
    entry.count++;
    if ((entry.rows as number[]).length < MAX_LISTED_ROWS) (entry.rows as number[]).push(row);
  }

  list(): Exclusion[] {
    return [...this.entries.values()];
  }
}

/** The row interpreter and what it learned once the file has been read. */
export interface TrialRowReader {
  handler: RecordHandler;
  /** Checks that every combined block occurred; returns the exclusions. */
  finish(): Exclusion[];
  /** Mapping-A pairing sides in effect (Project Implicit), for the reported settings. */
  mappingA(): string[] | undefined;
  /** The columns actually read (optional ones absent from the header are left out). */
  usedColumns: Record<string, string>;
}

/**
 * Builds the record handler for a file whose header is `columns`. Throws an InputError
 * naming the file and field when a configured column is missing.
 */
export function createTrialRowReader(
  file: string, columns: readonly string[], config: IatReadConfig, sink: TrialSink,
): TrialRowReader {
  const index = (name: string, key: string): number => {
    const at = columns.indexOf(name);
    if (at < 0) {
      throw new InputError(
        `column '${name}' (${key}) not found; the header has: ${columns.join(', ')}`,
        { file, row: 1, field: name },
      );
    }
    return at;
  };
  const c = config.columns;
  if ((c.correct === undefined) === (c.error === undefined)) {
    throw new InputError('name exactly one accuracy column, `correct` or `error`', {
      file, field: 'columns.correct',
    });
  }
  const participantAt = index(c.participant, 'participant');
  const blockAt = index(c.block, 'block');
  const latencyAt = index(c.latency, 'latency');
  const accuracyName = (c.correct ?? c.error) as string;
  const accuracyAt = index(accuracyName, c.correct !== undefined ? 'correct' : 'error');
  const explicit = new Set(config.explicitColumns ?? []);
  const optional = (key: 'trial' | 'stimulus' | 'trialId'): number => {
    const name = c[key];
    if (name === undefined) return -1;
    return explicit.has(key) || columns.includes(name) ? index(name, key) : -1;
  };
  const trialAt = optional('trial');
  const stimulusAt = optional('stimulus');
  const trialIdAt = optional('trialId');
  const attemptAt = c.attempt !== undefined ? index(c.attempt, 'attempt') : -1;
  const swapAt = config.counterbalance ? index(config.counterbalance.column, 'counterbalance') : -1;
  const swapValues = new Set(config.counterbalance?.swapValues ?? []);
  const pairingAt = config.pairing ? index(config.pairing.column, 'pairing') : -1;
  const drops = config.dropRows.map((rule) => ({
    at: index(rule.column, 'dropRows'), values: new Set(rule.values), column: rule.column,
  }));
  const highest = Math.max(participantAt, blockAt, latencyAt, accuracyAt, trialAt, attemptAt,
    swapAt, pairingAt, ...drops.map((d) => d.at));

  const slotOf = new Map<string, number>();
  const labelIndexOf = new Map<string, number>();
  const slotLists = [
    config.blocks.aPractice, config.blocks.aTest, config.blocks.bPractice, config.blocks.bTest,
  ];
  slotLists.forEach((labels, slot) => {
    for (const label of labels) {
      if (slotOf.has(label)) {
        throw new InputError(`block label '${label}' is given for two combined blocks`, {
          file, field: 'blocks',
        });
      }
      slotOf.set(label, slot);
      labelIndexOf.set(label, labelIndexOf.size);
    }
  });
  const correctSet = new Set(config.correctValues);
  const errorSet = new Set(config.errorValues);
  const tally = new ExclusionTally(file);
  const slotSeen = [false, false, false, false];
  const mappingSeen = [false, false];
  const otherLabels = new Set<string>();
  const pairingCache = new Map<string, boolean>();
  let mappingA = config.pairing?.mappingA?.map(normaliseSide);
  let mappingASet = mappingA ? new Set(mappingA) : undefined;
  const pairingsSeen = new Set<string>();

  const event: TrialEvent = {
    participantId: '', latencyMs: 0, error: false, isMappingB: false, isTest: false, row: 0,
    stimulus: undefined, trialId: undefined,
  };
  let runParticipant = '';
  let runKeys = new Set<number | string>();
  let lastAttemptKey: number | string | null = null;
  let dataRows = 0;

  const isMappingBByPairing = (definition: string, row: number): boolean => {
    const cached = pairingCache.get(definition);
    if (cached !== undefined) return cached;
    const sides = definition.split(',').map(normaliseSide);
    if (sides.length !== 2 || sides.some((s) => s === '')) {
      throw new InputError(
        `expected a pairing 'category/attribute,category/attribute', found '${definition}'`,
        { file, row, field: config.pairing?.column },
      );
    }
    if (!mappingASet) {
      mappingA = defaultMappingA(sides as [string, string]);
      if (!mappingA) {
        throw new InputError(
          `cannot tell mapping A from pairing '${definition}'; set pairing.mappingA ` +
            `(e.g. "${sides[0]}")`, { file, row, field: config.pairing?.column },
        );
      }
      mappingASet = new Set(mappingA);
    }
    const isB = !sides.some((side) => (mappingASet as Set<string>).has(side));
    pairingCache.set(definition, isB);
    pairingsSeen.add(definition);
    return isB;
  };

  const wantsLabels = sink.wantsLabels === true;
  let lastLabel = '\u0000';
  let lastSlot: number | undefined;
  let lastLabelIndex = -1;
  let lastAccuracy = '\u0000';
  let lastError = false;

  const handler: RecordHandler = (record: CsvRecord, row: number) => {
    dataRows++;
    if (record.length <= highest) {
      throw new InputError(
        `the row has ${record.length} fields, the header ${columns.length}`, { file, row },
      );
    }
    for (const drop of drops) {
      const value = record.field(drop.at);
      if (drop.values.has(value)) {
        tally.add('row', `dropped by rule: ${drop.column} = '${value}'`, row);
        return;
      }
    }
    let slot: number | undefined;
    let label = lastLabel;
    if (record.equals(blockAt, lastLabel)) {
      slot = lastSlot;
    } else {
      label = record.field(blockAt);
      slot = slotOf.get(label);
      lastLabel = label;
      lastSlot = slot;
      lastLabelIndex = labelIndexOf.get(label) ?? -1;
    }
    if (slot === undefined) {
      if (otherLabels.size < 1000) otherLabels.add(label);
      tally.add('row', `not a combined block: ${c.block} = '${label}'`, row);
      return;
    }
    let participantId = runParticipant;
    if (!record.equals(participantAt, runParticipant)) participantId = record.field(participantAt);
    if (participantId === '') {
      throw new InputError('participant id is empty', { file, row, field: c.participant });
    }
    slotSeen[slot] = true;
    let isB = slot >= 2;
    const isTest = (slot & 1) === 1;
    if (swapAt >= 0 && swapValues.has(record.field(swapAt))) isB = !isB;
    if (pairingAt >= 0) isB = isMappingBByPairing(record.field(pairingAt), row);
    mappingSeen[isB ? 1 : 0] = true;

    let error = lastError;
    if (!record.equals(accuracyAt, lastAccuracy)) {
      const accuracy = record.field(accuracyAt);
      if (correctSet.has(accuracy)) error = false;
      else if (errorSet.has(accuracy)) error = true;
      else {
        throw new InputError(
          `expected one of ${[...correctSet, ...errorSet].map((v) => `'${v}'`).join(', ')}` +
            ` (correct: ${[...correctSet].join('/')}), found '${accuracy}'`,
          { file, row, field: accuracyName },
        );
      }
      lastAccuracy = accuracy;
      lastError = error;
    }
    const latency = record.number(latencyAt);

    if (participantId !== runParticipant) {
      runParticipant = participantId;
      runKeys = new Set();
      lastAttemptKey = null;
    }
    let key: number | string | null = null;
    if (trialAt >= 0) key = trialKey(lastLabelIndex, record, trialAt);

    // In attempt logs a trial's latency is the sum of its rows, so one unreadable attempt
    // leaves no usable trial latency: stop rather than drop part of a trial.
    if (attemptAt >= 0 && !(latency >= 0)) {
      throw new InputError(
        `expected a non-negative latency in ms, found '${record.field(latencyAt)}'`,
        { file, row, field: c.latency },
      );
    }
    if (attemptAt >= 0 && key !== null && key === lastAttemptKey) {
      sink.attempt(latency, row);
      return;
    }
    if (key !== null) {
      if (runKeys.has(key)) {
        tally.add('trial', `duplicated trial (${c.block} '${label}', ${c.trial} ` +
          `'${record.field(trialAt)}'); the first occurrence is kept`, row, participantId);
        lastAttemptKey = null;
        return;
      }
      runKeys.add(key);
      lastAttemptKey = key;
    }
    if (!(latency >= 0)) {
      tally.add('trial', `latency is not a non-negative number (column '${c.latency}')`,
        row, participantId);
      lastAttemptKey = null;
      return;
    }
    event.participantId = participantId;
    event.latencyMs = latency;
    event.error = error;
    event.isMappingB = isB;
    event.isTest = isTest;
    event.row = row;
    event.stimulus = wantsLabels && stimulusAt >= 0 ? record.field(stimulusAt) : undefined;
    event.trialId = wantsLabels && trialIdAt >= 0 ? record.field(trialIdAt) : undefined;
    sink.trial(event);
  };

  const finish = (): Exclusion[] => {
    if (dataRows === 0) throw new InputError('the file has a header but no data rows', { file });
    slotSeen.forEach((seen, slot) => {
      if (seen) return;
      const labels = slotLists[slot] as string[];
      throw new InputError(
        `block label ${labels.map((l) => `'${l}'`).join(' / ')} (combined ${SLOT_NAMES[slot]})` +
          ` never occurs; other labels found: ${[...otherLabels].slice(0, 20).join(', ')}`,
        { file, field: c.block },
      );
    });
    if (pairingAt >= 0) {
      mappingSeen.forEach((seen, m) => {
        if (seen) return;
        throw new InputError(
          `no combined block has mapping ${m === 0 ? 'A' : 'B'} (mapping A = ` +
            `${(mappingA ?? []).join(' + ')}); pairings found: ${[...pairingsSeen].join(' | ')}`,
          { file, field: config.pairing?.column },
        );
      });
    }
    return tally.list();
  };

  const usedColumns: Record<string, string> = {};
  for (const [key, name] of Object.entries(c)) {
    if (name !== undefined && columns.includes(name)) usedColumns[key] = name;
  }
  return { handler, finish, mappingA: () => mappingA, usedColumns };
}

/** A key unique per (block label, trial number); numeric when the trial number is. */
function trialKey(labelIndex: number, record: CsvRecord, at: number): number | string {
  const n = record.number(at);
  if (Number.isInteger(n) && n >= 0 && n < 1e9) return labelIndex * 1e9 + n;
  return `${labelIndex}\u0000${record.field(at)}`;
}

function normaliseSide(side: string): string {
  return side.trim().replace(/\s*\/\s*/g, '/').toLowerCase();
}

/**
 * Default mapping A of a pairing 'X/Y,Z/W': of the two possible pairings {X/Y, Z/W} and
 * {X/W, Z/Y}, the one whose sorted sides come first alphabetically. Deterministic and
 * independent of block order; the settings report the choice.
 */
function defaultMappingA(sides: [string, string]): string[] | undefined {
  const parts = sides.map((s) => s.split('/'));
  if (parts.some((p) => p.length !== 2)) return undefined;
  const [[x, y], [z, w]] = parts as [[string, string], [string, string]];
  const first = [`${x}/${y}`, `${z}/${w}`].sort();
  const second = [`${x}/${w}`, `${z}/${y}`].sort();
  return first.join('+') <= second.join('+') ? first : second;
}
