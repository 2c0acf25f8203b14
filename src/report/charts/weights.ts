/**
 * Posterior weights of the Bayesian model: the posterior median of each standardised feature's
 * weight with its central credible interval, largest |median| first, and a dashed line at 0.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PosteriorWeight } from '../types.js';

/** How many weights a chart shows at most; the section says when some are left out. */
export const MAX_WEIGHTS_SHOWN = 40;

/** The weights a chart shows: the `limit` largest by |posterior median|, in that order. */
export function strongestWeights(
  weights: readonly PosteriorWeight[],
  limit = MAX_WEIGHTS_SHOWN,
): PosteriorWeight[] {
  return [...weights].sort((a, b) => Math.abs(b.median) - Math.abs(a.median)).slice(0, limit);
}

/** Vega-Lite spec of one model's weights (already selected and ordered). */
export function weightsSpec(
  weights: readonly PosteriorWeight[],
  credibleLevel: number,
): TopLevelSpec {
  const rows = weights.map((weight) => ({
    feature: weight.feature,
    median: weight.median,
    lower: weight.interval[0],
    upper: weight.interval[1],
  }));
  const y = { field: 'feature', type: 'nominal', sort: null, title: null } as const;
  return {
    width: 360,
    height: Math.max(60, 18 * rows.length),
    data: { values: rows },
    layer: [
      {
        mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
        encoding: { x: { datum: 0, type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', color: '#6a51a3', strokeWidth: 3 },
        encoding: {
          y,
          x: {
            field: 'lower',
            type: 'quantitative',
            title:
              `Weight (posterior median, ${Math.round(credibleLevel * 100)}% credible ` +
              'interval)',
          },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, color: '#3f007d' },
        encoding: { y, x: { field: 'median', type: 'quantitative' } },
      },
    ],
  };
}
