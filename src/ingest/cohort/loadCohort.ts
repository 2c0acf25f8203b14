/**
 * `loadCohort`: reads a cohort folder (cohort.json, participants.tsv, sub-XX/beh/*_beh.tsv,
 * optional sub-XX/eeg/*) or a long-format cohort (one trial file plus a participants file)
 * into a typed Cohort. Fatal input problems throw InputError naming file, row and field; a
 * participant whose data are missing or unreadable is left out and the reason recorded.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError, isInputError } from '../../util/errors.js';
import { silentLogger, type Logger } from '../../util/log.js';
import { readIatFile } from '../iat/read.js';
import { parseConfigJson } from '../iat/config.js';
import type { IatReadConfigInput } from '../iat/config.js';
import type { Exclusion, IatSession } from '../iat/types.js';
import { readEpochsFile } from '../eeg/epochsFile.js';
import { readRaw } from '../eeg/readRaw.js';
import type { Epochs } from '../eeg/types.js';
import { alignEpochs, cutRawEpochs, readEventsTsv } from './epochAlignment.js';
import { readParticipantsTable, type ParticipantsTable } from './participantsTable.js';
import { checkEegMemory, estimateEegBytes } from './memoryEstimate.js';
import { checkRealPathInside, resolveInside } from './safePath.js';
import type { Cohort, CohortConfig, CohortParticipant, CohortProblem } from './types.js';

/** Options of loadCohort. */
export interface LoadCohortOptions {
  /** Label columns that must be present in the participants table. */
  requiredLabels?: string[];
  /** Read EEG when the cohort has it (default true). */
  eeg?: boolean;
  /** Long-format cohorts: trial file and participants file, relative to the folder. */
  trials?: string;
  participants?: string;
  /** IAT column/block mapping (the JSON `score --config` takes); overrides cohort.json's `iat`,
   * for cohorts in read-only folders that have no cohort.json. */
  iat?: Record<string, unknown>;
  /**
   * Refuse the cohort before reading any EEG when its estimated size exceeds this many bytes
   * (default: IATBAYES_MEMORY_LIMIT, else half the physical memory; src/ingest/cohort/
   * memoryEstimate.ts).
   */
  memoryLimitBytes?: number;
  logger?: Logger;
}

const EEG_EXTENSIONS: Record<string, RegExp> = {
  epochs: /_epo\.json$/i,
  brainvision: /\.vhdr$/i,
  edf: /\.edf$/i,
  bdf: /\.bdf$/i,
  xdf: /\.xdf$/i,
};

/** Loads the cohort in folder `dir` (see the module comment). */
export async function loadCohort(dir: string, options: LoadCohortOptions = {}): Promise<Cohort> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError('expected a cohort folder, found none', { file: dir });
  }
  const config = readCohortConfig(dir);
  const iatLayer: IatReadConfigInput =
    options.iat !== undefined
      ? parseConfigJson(options.iat, 'study file (key iat)')
      : config.iat === undefined
        ? {}
        : parseConfigJson(config.iat, 'cohort.json (key iat)');
  const trialsName = options.trials ?? config.trials;
  const problems: CohortProblem[] = [];
  const exclusions: Exclusion[] = [];
  const logger = options.logger ?? silentLogger;

  const participantsName =
    options.participants ??
    config.participants ??
    (trialsName === undefined ? 'participants.tsv' : undefined);
  if (participantsName === undefined) {
    throw new InputError('a long-format cohort needs a participants file', {
      file: 'cohort.json',
      field: 'participants',
    });
  }
  const participantsPath = resolveInside(dir, participantsName, { field: 'participants' });
  if (!existsSync(participantsPath)) {
    throw new InputError('the participants table is missing; expected participant_id and labels', {
      file: join(dir, participantsName),
    });
  }
  const table = readParticipantsTable(participantsPath, join(dir, participantsName));
  for (const label of options.requiredLabels ?? []) {
    if (!table.labelColumns.includes(label)) {
      const found = table.groupColumns.includes(label)
        ? 'a column with non-numeric values'
        : 'no such column';
      throw new InputError(
        `expected a numeric label column '${label}', found ${found} ` +
          `(columns: ${[table.idColumn, ...table.labelColumns, ...table.groupColumns].join(', ')})`,
        { file: table.file, row: 1, field: label },
      );
    }
  }

  const sessions =
    trialsName === undefined
      ? null
      : await readLongTrials(dir, trialsName, iatLayer, exclusions, problems);
  if (trialsName === undefined) reportUnlistedFolders(dir, table, problems);
  if (trialsName === undefined && config.eeg !== undefined && options.eeg !== false) {
    checkEegMemory(
      dir,
      estimateCohortEeg(dir, config, table),
      table.rows.length,
      options.memoryLimitBytes,
    );
  }

  const participants: CohortParticipant[] = [];
  const excludedParticipants: Cohort['excludedParticipants'] = [];
  for (const [index, row] of table.rows.entries()) {
    const participant = baseParticipant(row, table);
    const reason =
      sessions === null
        ? await loadFolderParticipant(
            dir,
            config,
            iatLayer,
            participant,
            options,
            problems,
            exclusions,
          )
        : attachLongSession(sessions, participant, problems);
    if (reason === null) participants.push(participant);
    else {
      excludedParticipants.push({ id: row.id, reason });
      exclusions.push({ level: 'participant', participantId: row.id, reason, count: 1 });
    }
    logger.progress('load cohort', index + 1, table.rows.length);
  }
  if (sessions !== null) {
    for (const id of sessions.keys()) {
      if (!table.rows.some((row) => row.id === id)) {
        problems.push({
          severity: 'warning',
          participantId: id,
          file: trialsName,
          message: `participant '${id}' has trials but is not in ${participantsName}; left out`,
        });
      }
    }
  }
  return {
    dir,
    task: config.task ?? null,
    source: sessions === null ? 'folder' : 'long-csv',
    labelColumns: table.labelColumns,
    groupColumns: table.groupColumns,
    participants,
    excludedParticipants,
    problems,
    exclusions,
    config,
  };
}

/** cohort.json when present, checked key by key. */
export function readCohortConfig(dir: string): CohortConfig {
  const path = join(dir, 'cohort.json');
  if (!existsSync(path)) return {};
  checkRealPathInside(dir, path, 'cohort.json', { file: 'cohort.json' });
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file: path });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('expected a JSON object', { file: path });
  }
  const config = value as Record<string, unknown>;
  for (const key of ['task', 'trials', 'participants']) {
    if (config[key] !== undefined && typeof config[key] !== 'string') {
      throw new InputError(`expected a string, found ${JSON.stringify(config[key])}`, {
        file: path,
        field: key,
      });
    }
  }
  if (config.eeg !== undefined) {
    const eeg = config.eeg as Record<string, unknown>;
    if (typeof eeg !== 'object' || eeg === null || !(String(eeg.format) in EEG_EXTENSIONS)) {
      throw new InputError(
        `expected eeg.format to be one of ${Object.keys(EEG_EXTENSIONS).join(', ')}, ` +
          `found ${JSON.stringify(eeg?.format)}`,
        { file: path, field: 'eeg.format' },
      );
    }
    if (eeg.lockTo !== undefined && eeg.lockTo !== 'stimulus' && eeg.lockTo !== 'response') {
      throw new InputError(
        `expected 'stimulus' or 'response', found ${JSON.stringify(eeg.lockTo)}`,
        {
          file: path,
          field: 'eeg.lockTo',
        },
      );
    }
  }
  return config as CohortConfig;
}

function baseParticipant(
  row: ParticipantsTable['rows'][number],
  table: ParticipantsTable,
): CohortParticipant {
  const labels: Record<string, number | null> = {};
  const groups: Record<string, string | null> = {};
  for (const name of table.labelColumns) {
    const value = row.values[name];
    labels[name] = value === null || value === undefined ? null : Number(value);
  }
  for (const name of table.groupColumns) groups[name] = row.values[name] ?? null;
  return { id: row.id, labels, groups, session: null, epochs: null, alignment: null, files: {} };
}

/** Estimated bytes of every listed participant's EEG (files that cannot be found count 0). */
function estimateCohortEeg(dir: string, config: CohortConfig, table: ParticipantsTable): number {
  const format = (config.eeg as NonNullable<CohortConfig['eeg']>).format;
  const pattern = EEG_EXTENSIONS[format] as RegExp;
  let total = 0;
  for (const row of table.rows) {
    try {
      const file = findFile(dir, join(row.id, 'eeg'), pattern, config.task);
      if (file !== null) total += estimateEegBytes(join(dir, file), format);
    } catch (error) {
      // The participant's own load reports the problem with its file.
      if (!isInputError(error)) throw error;
    }
  }
  return total;
}

/** Folders named like participants but missing from the table are reported, not loaded. */
function reportUnlistedFolders(
  dir: string,
  table: ParticipantsTable,
  problems: CohortProblem[],
): void {
  const listed = new Set(table.rows.map((row) => row.id));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (/^sub-/.test(entry.name) && !listed.has(entry.name)) {
      problems.push({
        severity: 'warning',
        participantId: entry.name,
        file: entry.name,
        message: `folder '${entry.name}' is not listed in ${table.file}; left out`,
      });
    }
  }
}

/** Reads one participant's folder; returns null when usable, else the exclusion reason. */
async function loadFolderParticipant(
  dir: string,
  config: CohortConfig,
  iatLayer: IatReadConfigInput,
  participant: CohortParticipant,
  options: LoadCohortOptions,
  problems: CohortProblem[],
  exclusions: Exclusion[],
): Promise<string | null> {
  const id = participant.id;
  const folder = resolveInside(dir, id, { file: 'participants.tsv', field: 'participant_id' });
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    const reason = `participant folder '${id}/' is missing`;
    problems.push({ severity: 'error', participantId: id, file: id, message: reason });
    return reason;
  }
  const behaviour = findFile(dir, join(id, 'beh'), /_beh\.tsv$/i, config.task);
  if (behaviour === null) {
    const reason = `no behaviour file ${id}/beh/*_beh.tsv`;
    problems.push({ severity: 'error', participantId: id, file: `${id}/beh`, message: reason });
    return reason;
  }
  participant.files.behaviour = behaviour;
  const session = await readSession(dir, behaviour, iatLayer, id, problems, exclusions);
  if (session === null) return `behaviour file ${behaviour} could not be used`;
  participant.session = session;
  if (config.eeg !== undefined && options.eeg !== false)
    loadEeg(dir, config, participant, problems);
  return null;
}

async function readSession(
  dir: string,
  behaviour: string,
  iatLayer: IatReadConfigInput,
  id: string,
  problems: CohortProblem[],
  exclusions: Exclusion[],
): Promise<IatSession | null> {
  try {
    const result = await readIatFile(join(dir, behaviour), iatLayer);
    exclusions.push(...result.exclusions);
    const own = result.sessions.find((s) => s.participantId === id);
    for (const other of result.sessions) {
      if (other.participantId !== id) {
        problems.push({
          severity: 'warning',
          participantId: id,
          file: behaviour,
          field: 'participant_id',
          message: `rows of participant '${other.participantId}' in ${id}'s file; left out`,
        });
      }
    }
    if (own === undefined) {
      problems.push({
        severity: 'error',
        participantId: id,
        file: behaviour,
        field: 'participant_id',
        message: `no scored trials of '${id}' in the file`,
      });
      return null;
    }
    return own;
  } catch (error) {
    if (!isInputError(error)) throw error;
    problems.push({
      severity: 'error',
      participantId: id,
      file: behaviour,
      message: error.message,
    });
    return null;
  }
}

function loadEeg(
  dir: string,
  config: CohortConfig,
  participant: CohortParticipant,
  problems: CohortProblem[],
): void {
  const eeg = config.eeg as NonNullable<CohortConfig['eeg']>;
  const id = participant.id;
  const pattern = EEG_EXTENSIONS[eeg.format] as RegExp;
  const file = findFile(dir, join(id, 'eeg'), pattern, config.task);
  if (file === null) {
    problems.push({
      severity: 'warning',
      participantId: id,
      file: `${id}/eeg`,
      message: `no ${eeg.format} EEG file; the participant has behaviour only`,
    });
    return;
  }
  participant.files.eeg = file;
  try {
    let epochs: Epochs;
    if (eeg.format === 'epochs') {
      epochs = readEpochsFile(join(dir, file));
    } else {
      const eventsFile = findFile(dir, join(id, 'eeg'), /_events\.tsv$/i, config.task);
      if (eventsFile === null) {
        problems.push({
          severity: 'warning',
          participantId: id,
          file,
          message: 'no *_events.tsv beside the recording; EEG left out',
        });
        return;
      }
      participant.files.events = eventsFile;
      const raw = readRaw(join(dir, file));
      const events = readEventsTsv(join(dir, eventsFile), eventsFile);
      const cut = cutRawEpochs(
        raw,
        events,
        eeg.lockTo ?? 'stimulus',
        eeg.tminS ?? -0.2,
        eeg.tmaxS ?? 0.8,
      );
      if (cut.outOfRange > 0) {
        problems.push({
          severity: 'warning',
          participantId: id,
          file: eventsFile,
          message:
            `${cut.outOfRange} events too close to the recording's edges for an epoch; ` +
            'left out',
        });
      }
      epochs = cut.epochs;
    }
    participant.epochs = epochs;
    if (participant.session !== null) {
      participant.alignment = alignEpochs(epochs, participant.session);
      if (epochs.trialIds === undefined) {
        problems.push({
          severity: 'warning',
          participantId: id,
          file,
          field: 'trial_ids',
          message: 'epochs carry no trial ids; they cannot be aligned to trials',
        });
      }
    }
  } catch (error) {
    if (!isInputError(error)) throw error;
    problems.push({ severity: 'error', participantId: id, file, message: error.message });
  }
}

/**
 * The one file in `folder` (relative to dir) matching `pattern`, preferring names with
 * `_task-<task>_`; null when there is none. More than one candidate is an InputError.
 */
function findFile(
  dir: string,
  folder: string,
  pattern: RegExp,
  task: string | undefined,
): string | null {
  const absolute = join(dir, folder);
  if (!existsSync(absolute)) return null;
  checkRealPathInside(dir, absolute, folder, { file: folder });
  let names = readdirSync(absolute).filter((name) => pattern.test(name) && !name.startsWith('.'));
  if (task !== undefined && names.length > 1) {
    const forTask = names.filter((name) => name.includes(`_task-${task}_`));
    if (forTask.length > 0) names = forTask;
  }
  if (names.length === 0) return null;
  if (names.length > 1) {
    throw new InputError(`expected one file matching ${pattern}, found ${names.join(', ')}`, {
      file: folder,
    });
  }
  const name = relative(dir, join(absolute, names[0] as string));
  checkRealPathInside(dir, join(dir, name), name, { file: name });
  return name;
}

async function readLongTrials(
  dir: string,
  trialsName: string,
  iatLayer: IatReadConfigInput,
  exclusions: Exclusion[],
  problems: CohortProblem[],
): Promise<Map<string, IatSession>> {
  const path = resolveInside(dir, trialsName, { field: 'trials' });
  if (!existsSync(path)) {
    throw new InputError('the trial file is missing', { file: join(dir, trialsName) });
  }
  const result = await readIatFile(path, iatLayer);
  exclusions.push(...result.exclusions);
  if (result.sessions.length === 0) {
    problems.push({
      severity: 'error',
      file: trialsName,
      message: 'no scored trials in the trial file',
    });
  }
  return new Map(result.sessions.map((session) => [session.participantId, session]));
}

function attachLongSession(
  sessions: Map<string, IatSession>,
  participant: CohortParticipant,
  problems: CohortProblem[],
): string | null {
  const session = sessions.get(participant.id);
  if (session === undefined) {
    const reason = `no trials of '${participant.id}' in the trial file`;
    problems.push({ severity: 'error', participantId: participant.id, message: reason });
    return reason;
  }
  participant.session = session;
  return null;
}
