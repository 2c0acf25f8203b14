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
      title: `${panel.name} (${panel.nullAuc.length} permutations)`,
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
  };
}
