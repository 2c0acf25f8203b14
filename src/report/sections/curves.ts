/** Sections 3 and 4: ROC curves, score distributions by class, and calibration. */
import type { CellSummary, ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import { rocPanels, rocSpec } from '../charts/roc.js';
import { calibrationSpec, scoreDistributionSpec, type ScorePanel } from '../charts/scores.js';
import { cellDisplayNames } from '../cellNames.js';
import { rocFromScores } from '../rocFromScores.js';
import { calibrationBins } from '../calibrationBins.js';

/** Cells with a curve: the results' own, or one drawn from the cell's out-of-fold scores. */
function withCurves(cells: readonly CellSummary[]): CellSummary[] {
  return cells.map((cell) => {
    if (cell.roc !== undefined || cell.scores === undefined) return cell;
    const roc = rocFromScores(cell.scores);
    return roc === undefined ? cell : { ...cell, roc };
  });
}

/** The ROC section. */
export async function rocSection(input: ReportInput): Promise<SafeHtml> {
  const names = cellDisplayNames(input.cells);
  const panels = rocPanels(withCurves(input.cells), names);
  const withBand = panels.filter((panel) => panel.roc.band !== undefined).length;
  const level = panels.find((panel) => panel.roc.band !== undefined)?.roc.band?.level ?? 0.95;
  const body = panels.length === 0
    ? absent('No ROC curves: the results carry neither curves nor out-of-fold scores.')
    : await figure('roc', rocSpec(panels),
      'ROC curve of each cell (out-of-fold scores) with the pointwise ' +
      `${Math.round(level * 100)}% ` +
      `bootstrap band (shaded; ${withBand} of ${panels.length} cells have one); dashed: chance.`);
  return html`<section id="roc"><h2>3. ROC curves</h2>${body}</section>`;
}

/** The score-distribution and calibration section. */
export async function scoresSection(input: ReportInput): Promise<SafeHtml> {
  const names = cellDisplayNames(input.cells);
  const panels: ScorePanel[] = [];
  const calibration: { name: string; bins: NonNullable<CellSummary['calibration']> }[] = [];
  input.cells.forEach((cell, i) => {
    const label = input.labels.find((entry) => entry.name === cell.label);
    if (cell.scores !== undefined && cell.scores.length > 0) {
      panels.push({
        name: names[i]!,
        scoreName: cell.scoreName
          ?? (cell.scoreKind === 'probability' ? 'Predicted probability' : 'Score'),
        classNames: [label?.negativeName ?? 'label 0', label?.positiveName ?? 'label 1'],
        scores: cell.scores,
      });
    }
    if (cell.scoreKind !== 'probability') return;
    const bins = cell.calibration
      ?? (cell.scores === undefined ? undefined : calibrationBins(cell.scores));
    if (bins !== undefined && bins.length > 0) calibration.push({ name: names[i]!, bins });
  });
  const distributions = panels.length === 0
    ? absent('No score distributions: the results carry no out-of-fold scores.')
    : await figure('scores', scoreDistributionSpec(panels),
      'Out-of-fold score of every participant by true class (dots) with box plots (median, ' +
      'quartiles, whiskers to 1.5 IQR). D-score cells show the raw D-score; model cells the ' +
      'predicted probability of label 1.');
  const reliability = calibration.length === 0
    ? absent('No calibration plots: no cell has predicted probabilities.')
    : await figure('calibration', calibrationSpec(calibration),
      'Calibration: mean predicted probability against the observed rate of label 1 in ten ' +
      'equal-width bins (dot size: participants in the bin); on the dashed diagonal, ' +
      'predictions are calibrated.');
  return html`<section id="scores"><h2>4. Scores by class and calibration</h2>
<h3>Score distributions</h3>${distributions}<h3>Calibration</h3>${reliability}</section>`;
}
