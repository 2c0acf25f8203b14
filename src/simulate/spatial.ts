/**
 * Spatial structure of simulated EEG: channel covariance that falls off with the great-circle
 * distance between electrodes (the exponential kernel of spatially correlated sensor noise,
 * as in de Munck, Huizenga, Waldorp & Heethaar 2002, IEEE Trans Signal Process 50:1565), and
 * Gaussian topographies of focal generators.
 */
import { angularDistance, electrodePosition, type Electrode } from './montage.js';

/**
 * Lower-triangular Cholesky factor (row-major n x n) of C_ij = (1 - nugget) exp(-d_ij /
 * lengthRad) + nugget [i = j], d in radians. The nugget is channel-specific noise; it also
 * keeps C positive definite.
 */
export function spatialCholesky(
  electrodes: Electrode[],
  lengthRad: number,
  nugget: number,
): Float64Array {
  const n = electrodes.length;
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const distance = angularDistance(electrodes[i] as Electrode, electrodes[j] as Electrode);
      const shared = (1 - nugget) * Math.exp(-distance / lengthRad);
      covariance[i * n + j] = shared + (i === j ? nugget : 0);
    }
  }
  return cholesky(covariance, n);
}

/** Cholesky factor L (L L^T = A) of a symmetric positive definite row-major matrix. */
export function cholesky(matrix: Float64Array, n: number): Float64Array {
  const factor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j] as number;
      for (let k = 0; k < j; k++) {
        sum -= (factor[i * n + k] as number) * (factor[j * n + k] as number);
      }
      if (i === j) {
        if (sum <= 0) throw new RangeError(`matrix is not positive definite (pivot ${i})`);
        factor[i * n + i] = Math.sqrt(sum);
      } else {
        factor[i * n + j] = sum / (factor[j * n + j] as number);
      }
    }
  }
  return factor;
}

/** Weight of a focal generator at each electrode: exp(-d^2 / (2 spread^2)), d from `centre`. */
export function gaussianTopography(
  electrodes: Electrode[],
  centre: string,
  spreadRad: number,
): Float64Array {
  const origin = electrodePosition(centre);
  if (origin === undefined) throw new RangeError(`unknown electrode '${centre}'`);
  return Float64Array.from(electrodes, (electrode) => {
    const distance = angularDistance(origin, electrode);
    return Math.exp(-(distance * distance) / (2 * spreadRad * spreadRad));
  });
}
