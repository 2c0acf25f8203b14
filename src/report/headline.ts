/**
 * The summary's headline: which cell it reports and one sentence about it that a clinician can
 * read. The AUC is explained as the probability that a randomly chosen participant with the
 * label scores higher than one without it (Hanley & McNeil 1982, Radiology 143:29).
 */
import type { CellSummary, LabelSummary, ReportInput } from './types.js';
import { formatInterval, formatP, formatPercent } from './format.js';

/** The cell named by `headlineCellId`, else the first primary cell, else the first cell. */
export function headlineCell(input: ReportInput): CellSummary | undefined {
  if (input.headlineCellId !== undefined) {
    const named = input.cells.find((cell) => cell.id === input.headlineCellId);
    if (named !== undefined) return named;
  }
  return input.cells.find((cell) => cell.primary === true) ?? input.cells[0];
}

/** Plain-language sentence about one cell (text; the caller escapes it). */
export function headlineSentence(
  cell: CellSummary,
  label: LabelSummary | undefined,
  nCells: number,
): string {
  const positive = label?.positiveName ?? `${cell.label} = 1`;
  const negative = label?.negativeName ?? `${cell.label} = 0`;
  const features = cell.featureSet === undefined ? '' : ` from ${cell.featureSet}`;
  const qPart = cell.q === undefined ? ''
    : `, q ${formatP(cell.q)} after correction for ${nCells} comparisons`;
  const nNegative = cell.n - cell.nPositive;
  if (!Number.isFinite(cell.auc)) {
    return `Among ${cell.n} participants (${cell.nPositive} ${positive}, ${nNegative} ` +
      `${negative}), the AUC of the ${cell.method} method${features} could not be computed ` +
      '(see the data-quality section).';
  }
  return `Among ${cell.n} participants (${cell.nPositive} ${positive}, ${nNegative} ` +
    `${negative}), the ${cell.method} method${features} told the two groups apart with an AUC of ` +
    `${cell.auc.toFixed(2)} (${formatPercent(cell.ciLevel)} CI ${formatInterval(cell.ci)}; ` +
    `p ${formatP(cell.p)}${qPart}): given one participant from each group, it ranks the ` +
    `${positive} participant higher ${formatPercent(cell.auc)} of the time, where 50% is chance.`;
}
