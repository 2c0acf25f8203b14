/**
 * Permutation null distributions: histograms of the AUC under randomly permuted labels, with
 * the observed AUC as a red rule (Ojala & Garriga 2010, "Permutation tests for studying
 * classifier performance", JMLR 11:1833).
 */
import type { TopLevelSpec } from 'vega-lite';

/** A cell's display name, its null AUCs and its observed AUC. */
export interface PermutationPanel {
  name: string;
  nullAuc: readonly number[];
  observedAuc: number;
}

/** Vega-Lite spec of the null histograms, three per row. */
export function permutationSpec(panels: readonly PermutationPanel[]): TopLevelSpec {
  const x = {
    type: 'quantitative' as const,
    title: 'AUC',
    scale: { domain: [0, 1] },
    axis: { values: [0, 0.25, 0.5, 0.75, 1] },
  };
  return {
    concat: panels.map((panel) => ({
      title: {
        text: [panel.name, `${panel.nullAuc.length} permutations`],
        limit: 270,
        fontSize: 11,
      },
      width: 230,
      height: 110,
      layer: [
        {
          data: { values: panel.nullAuc.map((auc) => ({ auc })) },
          mark: { type: 'bar', color: '#bdbdbd' },
          encoding: {
            x: { ...x, field: 'auc', bin: { extent: [0, 1], step: 0.02 } },
            y: { aggregate: 'count', type: 'quantitative', title: 'Permutations' },
          },
        },
        {
          data: { values: [{ auc: panel.observedAuc }] },
          mark: { type: 'rule', color: '#cb181d', strokeWidth: 2 },
          encoding: { x: { ...x, field: 'auc' } },
        },
      ],
    })),
    columns: 3,
    spacing: 30,
  };
}

/** A cell whose results keep only the null's mean, SD and size. */
export interface PermutationSummaryRow {
  name: string;
  mean: number;
  sd: number;
  count: number;
  observedAuc: number;
}

/**
 * Vega-Lite spec of null summaries: mean ± 2 SD of the permuted AUCs (grey bar, tick at the
 * mean) and the observed AUC (red dot), one row per cell.
 */
export function permutationSummarySpec(rows: readonly PermutationSummaryRow[]): TopLevelSpec {
  const values = rows.map((row) => ({
    cell: row.name,
    mean: row.mean,
    lower: row.mean - 2 * row.sd,
    upper: row.mean + 2 * row.sd,
    observed: row.observedAuc,
  }));
  const y = {
    field: 'cell',
    type: 'nominal' as const,
    sort: null,
    title: null,
    axis: { labelLimit: 260 },
  };
  return {
    width: 360,
    height: Math.max(60, 24 * values.length),
    data: { values },
    layer: [
      {
        mark: { type: 'rule', color: '#bdbdbd', strokeWidth: 6 },
        encoding: {
          y,
          x: { field: 'lower', type: 'quantitative', title: 'AUC', scale: { domain: [0, 1] } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'tick', color: '#636363', thickness: 2 },
        encoding: { y, x: { field: 'mean', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, color: '#cb181d', size: 60 },
        encoding: { y, x: { field: 'observed', type: 'quantitative' } },
      },
    ],
  };
}
