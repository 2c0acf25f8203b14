/**
 * ROC curves, one small panel per cell: the empirical curve, its bootstrap band when the
 * evaluation produced one, and the chance diagonal (Fawcett 2006, Pattern Recognit. Lett.
 * 27:861).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CellSummary, RocCurve } from '../types.js';
import { formatNumber } from '../format.js';

/** A cell's display name and the curve to draw for it. */
export interface RocPanel {
  name: string;
  auc: number;
  roc: RocCurve;
}

/** Vega-Lite spec of the ROC panels, four per row. */
export function rocSpec(panels: readonly RocPanel[]): TopLevelSpec {
  const curve = panels.flatMap((panel) =>
    panel.roc.fpr.map((fpr, order) => ({
      cell: panel.name, order, fpr, tpr: panel.roc.tpr[order]!,
    })));
  const band = panels.flatMap((panel) =>
    (panel.roc.band?.fpr ?? []).map((fpr, order) => ({
      cell: panel.name,
      order,
      fpr,
      lower: panel.roc.band!.lower[order]!,
      upper: panel.roc.band!.upper[order]!,
    })));
  const diagonal = panels.flatMap((panel) => [
    { cell: panel.name, fpr: 0, tpr: 0 },
    { cell: panel.name, fpr: 1, tpr: 1 },
  ]);
  const x = { field: 'fpr', type: 'quantitative', title: 'False positive rate' } as const;
  const y = { field: 'tpr', type: 'quantitative', title: 'True positive rate' } as const;
  return {
    concat: panels.map((panel) => ({
      title: { text: [panel.name, `AUC ${formatNumber(panel.auc)}`], limit: 250, fontSize: 11 },
      width: 200,
      height: 200,
      layer: [
        {
          data: { values: band.filter((row) => row.cell === panel.name) },
          mark: { type: 'area', color: '#9ecae1', opacity: 0.6 },
          encoding: {
            x,
            y: { field: 'lower', type: 'quantitative', title: 'True positive rate' },
            y2: { field: 'upper' },
          },
        },
        {
          data: { values: diagonal.filter((row) => row.cell === panel.name) },
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: { x, y },
        },
        {
          data: { values: curve.filter((row) => row.cell === panel.name) },
          mark: { type: 'line', color: '#08519c' },
          encoding: { x, y, order: { field: 'order', type: 'quantitative' } },
        },
      ],
    })),
    columns: 4,
    spacing: 30,
  };
}

/** Panels for the cells that have a curve, with their display names. */
export function rocPanels(cells: readonly CellSummary[], names: readonly string[]): RocPanel[] {
  const panels: RocPanel[] = [];
  cells.forEach((cell, i) => {
    if (cell.roc !== undefined) panels.push({ name: names[i]!, auc: cell.auc, roc: cell.roc });
  });
  return panels;
}
