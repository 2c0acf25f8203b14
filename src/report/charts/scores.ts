/**
 * Out-of-fold scores by true class, one panel per cell (box plot with every participant as a
 * dot), and reliability diagrams for the cells whose scores are probabilities (DeGroot &
 * Fienberg 1983, The Statistician 32:12).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationBin, ParticipantScore } from '../types.js';

/** A cell's display name, its scores and how to name them. */
export interface ScorePanel {
  name: string;
  scoreName: string;
  classNames: readonly [negative: string, positive: string];
  scores: readonly ParticipantScore[];
}

/**
 * Deterministic vertical jitter in [-0.3, 0.3] from the participant's position, so that the
 * same results always give the same picture (no random numbers in the report).
 */
function jitter(index: number): number {
  return (((index * 0.618033988749895) % 1) - 0.5) * 0.6;
}

/** Vega-Lite spec of the score distributions, two panels per row. */
export function scoreDistributionSpec(panels: readonly ScorePanel[]): TopLevelSpec {
  return {
    concat: panels.map((panel) => {
      const values = panel.scores.map((entry, index) => ({
        participant: entry.participantId,
        group: panel.classNames[entry.label],
        label: entry.label,
        score: entry.score,
        jitter: jitter(index),
      }));
      const y = {
        field: 'group',
        type: 'nominal',
        title: null,
        sort: [panel.classNames[0], panel.classNames[1]],
      } as const;
      const x = { field: 'score', type: 'quantitative', title: panel.scoreName } as const;
      return {
        title: { text: panel.name, limit: 380, fontSize: 11 },
        width: 300,
        height: { step: 40 },
        data: { values },
        layer: [
          {
            mark: { type: 'boxplot', extent: 1.5, opacity: 0.5, size: 24 },
            encoding: {
              y,
              x,
              color: {
                field: 'label',
                type: 'nominal',
                legend: null,
                scale: { domain: [0, 1], range: ['#6baed6', '#fb6a4a'] },
              },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 14, opacity: 0.6, color: '#333' },
            encoding: {
              y,
              x,
              yOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [-1, 1] } },
            },
          },
        ],
      };
    }),
    columns: 2,
  };
}

/** A cell's display name and its reliability bins. */
export interface CalibrationPanel {
  name: string;
  bins: readonly CalibrationBin[];
}

/** Vega-Lite spec of the reliability diagrams, three per row. */
export function calibrationSpec(panels: readonly CalibrationPanel[]): TopLevelSpec {
  const x = {
    field: 'meanPredicted',
    type: 'quantitative' as const,
    title: 'Mean predicted probability',
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'observedRate',
    type: 'quantitative' as const,
    title: 'Observed rate of label 1',
    scale: { domain: [0, 1] },
  };
  return {
    concat: panels.map((panel) => ({
      title: { text: panel.name, limit: 250, fontSize: 11 },
      width: 200,
      height: 200,
      layer: [
        {
          data: {
            values: [{ meanPredicted: 0, observedRate: 0 }, { meanPredicted: 1, observedRate: 1 }],
          },
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: { x, y },
        },
        {
          data: { values: panel.bins.map((bin) => ({ ...bin })) },
          mark: { type: 'line', color: '#08519c', point: true },
          encoding: { x, y },
        },
        {
          data: { values: panel.bins.map((bin) => ({ ...bin })) },
          mark: { type: 'point', filled: true, color: '#08519c' },
          encoding: {
            x,
            y,
            size: { field: 'count', type: 'quantitative', title: 'n in bin' },
          },
        },
      ],
    })),
    columns: 3,
    spacing: 30,
  };
}
