/**
 * A results.json with every participant ID replaced by its pseudonym (`report
 * --pseudonymise`): the tasks' ID lists and each cell's out-of-fold predictions, pairs
 * included. Everything else is kept as it is.
 */
import type { EvaluationResults } from '../evaluate/results.js';
import type { Pseudonymiser } from '../util/pseudonymise.js';

/** A copy of `results` with pseudonyms for participant IDs. */
export function pseudonymiseResults(results: EvaluationResults,
  pseudonym: Pseudonymiser): EvaluationResults {
  return {
    ...results,
    tasks: results.tasks.map((task) => ({ ...task,
      participantIds: task.participantIds.map(pseudonym) })),
    cells: results.cells.map((cell) => ({
      ...cell,
      predictions: {
        ...cell.predictions,
        participantIds: cell.predictions.participantIds.map(pseudonym),
        pairs: cell.predictions.pairs === null ? null : {
          ...cell.predictions.pairs,
          positives: cell.predictions.pairs.positives.map(pseudonym),
          negatives: cell.predictions.pairs.negatives.map(pseudonym),
        },
      },
    })),
  };
}
