/**
 * Scalp topography: values known at electrodes are interpolated onto a regular grid over the
 * flattened head by inverse-distance weighting (Shepard 1968, "A two-dimensional interpolation
 * function for irregularly-spaced data", Proc. 23rd ACM National Conference, 517-524).
 *
 * Limitation: MNE and EEGLAB draw topographies with spherical splines (Perrin et al. 1989),
 * which extrapolate smoothly past the outermost electrodes; inverse-distance weighting is flat
 * there and shows small plateaus around each electrode. It never overshoots the electrode
 * values, which keeps the map honest about what was measured.
 */
import type { ElectrodePosition } from './types.js';

/** A square grid of interpolated values; NaN outside the head circle. */
export interface TopographyGrid {
  /** Grid cell centres (same units as the electrode positions), row-major. */
  x: Float64Array;
  y: Float64Array;
  value: Float64Array;
  /** Width of one grid cell. */
  cellSize: number;
  /** Radius of the head circle the grid is clipped to. */
  headRadius: number;
}

/** Options of `interpolateTopography`. */
export interface TopographyOptions {
  /** Cells along each side of the square grid (default 32). */
  gridSize?: number;
  /** Exponent of the inverse distance (default 2, Shepard's choice). */
  power?: number;
  /** Head radius; default: the farthest electrode from (0, 0) plus 5 %. */
  headRadius?: number;
}

/**
 * Interpolates `values[i]` (at `positions[i]`) onto a `gridSize` x `gridSize` grid centred on
 * (0, 0) spanning the head circle. Each grid value is sum(w_i v_i) / sum(w_i) with
 * w_i = 1 / d_i^power; a grid point on an electrode takes that electrode's value. Grid cells
 * whose centre lies outside the head circle are NaN.
 */
export function interpolateTopography(
  positions: readonly ElectrodePosition[],
  values: readonly number[],
  options: TopographyOptions = {},
): TopographyGrid {
  if (positions.length !== values.length) {
    throw new RangeError(`${positions.length} positions but ${values.length} values`);
  }
  if (positions.length === 0) throw new RangeError('a topography needs at least one electrode');
  const gridSize = options.gridSize ?? 32;
  const power = options.power ?? 2;
  const headRadius = options.headRadius ?? 1.05 * Math.max(...positions.map(radiusOf));

  const cellSize = (2 * headRadius) / gridSize;
  const total = gridSize * gridSize;
  const x = new Float64Array(total);
  const y = new Float64Array(total);
  const value = new Float64Array(total);
  for (let row = 0; row < gridSize; row++) {
    for (let column = 0; column < gridSize; column++) {
      const index = row * gridSize + column;
      x[index] = -headRadius + (column + 0.5) * cellSize;
      y[index] = headRadius - (row + 0.5) * cellSize;
      value[index] = Math.hypot(x[index]!, y[index]!) > headRadius
        ? Number.NaN
        : inverseDistanceAt(x[index]!, y[index]!, positions, values, power);
    }
  }
  return { x, y, value, cellSize, headRadius };
}

/** Shepard's inverse-distance weighted value at (px, py). */
export function inverseDistanceAt(
  px: number,
  py: number,
  positions: readonly ElectrodePosition[],
  values: readonly number[],
  power: number,
): number {
  let weighted = 0;
  let weights = 0;
  for (let i = 0; i < positions.length; i++) {
    const distance = Math.hypot(px - positions[i]!.x, py - positions[i]!.y);
    if (distance < 1e-12) return values[i]!;
    const weight = 1 / distance ** power;
    weighted += weight * values[i]!;
    weights += weight;
  }
  return weighted / weights;
}

function radiusOf(position: ElectrodePosition): number {
  return Math.hypot(position.x, position.y);
}
