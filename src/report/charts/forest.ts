/**
 * Forest plot of every cell's AUC: the point estimate, the plain confidence interval (thick)
 * and the false-coverage-rate adjusted interval (thin, Benjamini & Yekutieli 2005, JASA
 * 100:71), with a dashed line at chance (AUC = 0.5) and each cell's q-value at the right.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CellSummary } from '../types.js';
import { cellDisplayNames } from '../cellNames.js';
import { formatP } from '../format.js';

/** Vega-Lite spec of the forest plot, one row per cell in the given order. */
export function forestSpec(cells: readonly CellSummary[]): TopLevelSpec {
  const names = cellDisplayNames(cells);
  const rows = cells.map((cell, i) => ({
    cell: names[i]!,
    auc: cell.auc,
    lower: cell.ci[0],
    upper: cell.ci[1],
    lowerAdjusted: cell.ciAdjusted?.[0] ?? cell.ci[0],
    upperAdjusted: cell.ciAdjusted?.[1] ?? cell.ci[1],
    qText: cell.q === undefined ? `p ${formatP(cell.p)}` : `q ${formatP(cell.q)}`,
  }));
  const height = Math.max(60, 24 * rows.length);
  const y = {
    field: 'cell',
    type: 'nominal',
    sort: null,
    title: null,
    axis: { labelLimit: 260 },
  } as const;
  return {
    data: { values: rows },
    hconcat: [
      {
        width: 300,
        height,
        layer: [
          {
            mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
            encoding: { x: { datum: 0.5, type: 'quantitative' } },
          },
          {
            mark: { type: 'rule', color: '#9ecae1', strokeWidth: 2 },
            encoding: {
              y,
              x: {
                field: 'lowerAdjusted',
                type: 'quantitative',
                title: 'AUC (thick: plain CI, thin: FCR-adjusted CI)',
                scale: { domain: [0, 1] },
                axis: { values: [0, 0.25, 0.5, 0.75, 1] },
              },
              x2: { field: 'upperAdjusted' },
            },
          },
          {
            mark: { type: 'rule', color: '#2171b5', strokeWidth: 5 },
            encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
          },
          {
            mark: { type: 'point', filled: true, color: '#08306b', size: 50 },
            encoding: { y, x: { field: 'auc', type: 'quantitative' } },
          },
        ],
      },
      {
        width: 70,
        height,
        view: { stroke: null },
        mark: { type: 'text', align: 'left' },
        encoding: {
          y: { ...y, axis: null },
          x: { value: 4 },
          text: { field: 'qText', type: 'nominal' },
        },
      },
    ],
    resolve: { scale: { y: 'shared' } },
  };
}
