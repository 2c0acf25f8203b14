/**
 * Streaming D-scoring of a trial file: each participant's trials are held in compact typed
 * arrays only until the next participant's rows begin, then scored and released, so memory
 * does not grow with the number of trials in the file.
 */
import { CompactSessionBuilder } from './compact.js';
import { ScoreAccumulator, type ScoreReport } from './scoreIat.js';
import type { DScoreOptions } from './types.js';
import type { IatReadConfigInput } from '../../ingest/iat/config.js';
import { streamIatTrials } from '../../ingest/iat/read.js';
import type { TrialEvent, TrialSink } from '../../ingest/iat/trialRows.js';
import { InputError } from '../../util/errors.js';
import { silentLogger, type Logger } from '../../util/log.js';

/**
 * Scores every participant of `file`.
 * Limitation: the report keeps one ParticipantScore per participant (about 2 KB each), so
 * memory still grows with the number of participants, though not with their trials; on the
 * 10-million-trial benchmark (83,334 participants) the peak RSS is under 300 MB.
 * A participant's rows must be contiguous (as every
 * known export writes them); a participant reappearing later is an InputError naming the row.
 */
export async function scoreIatFile(
  file: string,
  layers: IatReadConfigInput[],
  options: Partial<DScoreOptions> = {},
  logger: Logger = silentLogger,
): Promise<ScoreReport> {
  const accumulator = new ScoreAccumulator(options);
  const finished = new Set<string>();
  let current: CompactSessionBuilder | null = null;
  let currentLastRow = 0;
  const flush = (): void => {
    if (!current) return;
    accumulator.add(current.build());
    finished.add(current.participantId);
    if (accumulator.count % 10_000 === 0) logger.info(`scored ${accumulator.count} participants`);
    current = null;
  };
  const sink: TrialSink = {
    trial(event: TrialEvent) {
      if (current === null || current.participantId !== event.participantId) {
        flush();
        if (finished.has(event.participantId)) {
          throw new InputError(
            `participant '${event.participantId}' appears again after other participants' rows` +
              ` (its earlier rows ended before row ${currentLastRow + 1}); the scorer needs each` +
              ' participant\'s rows together: sort the file by participant',
            { file, row: event.row },
          );
        }
        current = new CompactSessionBuilder(event.participantId);
      }
      current.push(event.latencyMs, event.error, event.isMappingB, event.isTest);
      currentLastRow = event.row;
    },
    attempt(latencyMs: number) {
      current?.addToLast(latencyMs);
    },
  };
  const summary = await streamIatTrials(file, layers, () => sink);
  flush();
  const input: Record<string, unknown> = {
    file, format: summary.preset, rows: summary.dataRows, columns: summary.usedColumns,
    blocks: summary.config.blocks,
  };
  if (summary.config.counterbalance) input.counterbalance = summary.config.counterbalance;
  if (summary.config.pairing) {
    input.pairing = { column: summary.config.pairing.column, mappingA: summary.mappingA };
  }
  if (summary.config.dropRows.length > 0) input.dropRows = summary.config.dropRows;
  return accumulator.finish(summary.exclusions, input);
}
