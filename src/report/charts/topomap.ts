/**
 * Scalp maps of the model's EEG weights, one per frequency band: the weights interpolated over
 * the flattened head (src/report/topography.ts), drawn as grid cells inside the head outline
 * with the nose at the top, electrodes as dots with their names. All bands share one symmetric
 * colour scale so that maps can be compared.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BandWeights, ElectrodePosition } from '../types.js';
import { interpolateTopography } from '../topography.js';

/** Points of the head outline (circle), nose and ears, as polyline pieces. */
function headOutline(radius: number): { part: string; order: number; x: number; y: number }[] {
  const points: { part: string; order: number; x: number; y: number }[] = [];
  for (let i = 0; i <= 72; i++) {
    const angle = (2 * Math.PI * i) / 72;
    const [x, y] = [radius * Math.cos(angle), radius * Math.sin(angle)];
    points.push({ part: 'head', order: i, x, y });
  }
  const nose = [[-0.1, 0.995], [0, 1.1], [0.1, 0.995]];
  nose.forEach(([x, y], order) =>
    points.push({ part: 'nose', order, x: x! * radius, y: y! * radius }));
  for (const side of [-1, 1]) {
    const ear = [[1, 0.1], [1.05, 0.12], [1.07, 0], [1.05, -0.12], [1, -0.1]];
    ear.forEach(([x, y], order) =>
      points.push({
        part: side < 0 ? 'left ear' : 'right ear', order, x: side * x! * radius, y: y! * radius,
      }));
  }
  return points;
}

/** Vega-Lite spec of one scalp map per band, three per row. */
export function topomapSpec(
  positions: readonly ElectrodePosition[],
  bands: readonly BandWeights[],
): TopLevelSpec {
  const largest = Math.max(
    1e-12,
    ...bands.flatMap((band) => band.weights.map((entry) => Math.abs(entry.weight))),
  );
  const color = {
    field: 'weight',
    type: 'quantitative',
    title: 'Weight',
    scale: { scheme: 'redblue', reverse: true, domain: [-largest, largest] },
  } as const;
  return {
    concat: bands.map((band) => {
      const byChannel = new Map(positions.map((position) => [position.channel, position]));
      const present = band.weights.filter((entry) => byChannel.has(entry.channel));
      const electrodes = present.map((entry) => byChannel.get(entry.channel)!);
      const grid = interpolateTopography(electrodes, present.map((entry) => entry.weight));
      const half = grid.cellSize / 2;
      const cells: { x: number; x2: number; y: number; y2: number; weight: number }[] = [];
      for (let i = 0; i < grid.value.length; i++) {
        if (Number.isNaN(grid.value[i]!)) continue;
        cells.push({
          x: grid.x[i]! - half,
          x2: grid.x[i]! + half,
          y: grid.y[i]! - half,
          y2: grid.y[i]! + half,
          weight: grid.value[i]!,
        });
      }
      const extent = grid.headRadius * 1.15;
      const scale = { domain: [-extent, extent], nice: false, zero: false };
      const axis = null;
      const range = band.rangeHz === undefined ? ''
        : ` (${band.rangeHz[0]}–${band.rangeHz[1]} Hz)`;
      return {
        title: `${band.band}${range}`,
        width: 220,
        height: 220,
        layer: [
          {
            data: { values: cells },
            mark: { type: 'rect', strokeWidth: 0 },
            encoding: {
              x: { field: 'x', type: 'quantitative', scale, axis },
              x2: { field: 'x2' },
              y: { field: 'y', type: 'quantitative', scale, axis },
              y2: { field: 'y2' },
              color,
            },
          },
          {
            data: { values: headOutline(grid.headRadius) },
            mark: { type: 'line', color: '#222', strokeWidth: 1.5 },
            encoding: {
              x: { field: 'x', type: 'quantitative', scale, axis },
              y: { field: 'y', type: 'quantitative', scale, axis },
              detail: { field: 'part', type: 'nominal' },
              order: { field: 'order', type: 'quantitative' },
            },
          },
          {
            data: { values: electrodes.map((e) => ({ channel: e.channel, x: e.x, y: e.y })) },
            layer: [
              { mark: { type: 'point', filled: true, color: '#111', size: 10 } },
              {
                mark: { type: 'text', fontSize: 7, dy: -6, color: '#111' },
                encoding: { text: { field: 'channel' } },
              },
            ],
            encoding: {
              x: { field: 'x', type: 'quantitative', scale, axis },
              y: { field: 'y', type: 'quantitative', scale, axis },
            },
          },
        ],
        view: { stroke: null },
      };
    }),
    columns: 3,
    resolve: { scale: { color: 'shared' } },
  };
}
