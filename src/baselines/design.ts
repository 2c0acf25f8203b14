/**
 * Turning a FeatureTable into the numeric design matrix a baseline fits, with the two
 * training-fold-only transforms every baseline shares: mean imputation of missing contrasts
 * and standardisation. Both are learned in `fit` from the training participants and applied
 * unchanged to test participants, so nothing about a test participant reaches the model.
 */
import type { Dataset } from '../model/estimator.js';
import type { FeatureTable } from '../features/types.js';
import { InputError } from '../util/errors.js';

/** A row-major participants x features matrix. */
export interface DesignMatrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

/** Columns of `table` named in `featureNames` (all columns when omitted), row-major. */
export function designMatrix(table: FeatureTable, featureNames?: readonly string[]): DesignMatrix {
  const names = featureNames ?? table.featureNames;
  const width = table.featureNames.length;
  const rows = table.participantIds.length;
  const indices = names.map((name) => {
    const index = table.featureNames.indexOf(name);
    if (index < 0) {
      throw new InputError(`feature '${name}' is not in the feature table; it has `
        + `${table.featureNames.slice(0, 8).join(', ')}${width > 8 ? ', ...' : ''}`,
        { field: name });
    }
    return index;
  });
  const values = new Float64Array(rows * names.length);
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < indices.length; k++) {
      values[s * names.length + k] = table.d[s * width + indices[k]!]!;
    }
  }
  return { rows, columns: names.length, values };
}

/** The 0/1 training labels of a dataset, checked: both classes present, nothing else. */
export function binaryLabels(train: Dataset, method: string): Float64Array {
  const labels = train.labels;
  if (labels === undefined) {
    throw new InputError(`${method}: fit needs labels; the training dataset has none`,
      { field: 'labels' });
  }
  if (labels.length !== train.features.participantIds.length) {
    throw new InputError(`${method}: ${labels.length} labels for `
      + `${train.features.participantIds.length} participants`, { field: 'labels' });
  }
  let positives = 0;
  labels.forEach((label, s) => {
    if (label !== 0 && label !== 1) {
      throw new InputError(`${method}: label of participant '${train.features.participantIds[s]}'`
        + ` is ${label}; expected 0 or 1`, { field: 'labels' });
    }
    positives += label;
  });
  if (positives === 0 || positives === labels.length) {
    throw new InputError(`${method}: the training fold has only one class (${positives} of `
      + `${labels.length} participants labelled 1); use folds that keep both classes`,
    { field: 'labels' });
  }
  return labels;
}

/** Column means over non-missing values (NaN where a column is entirely missing). */
export function columnMeans(matrix: DesignMatrix): Float64Array {
  const means = new Float64Array(matrix.columns);
  for (let k = 0; k < matrix.columns; k++) {
    let sum = 0;
    let count = 0;
    for (let s = 0; s < matrix.rows; s++) {
      const value = matrix.values[s * matrix.columns + k]!;
      if (!Number.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    means[k] = count === 0 ? Number.NaN : sum / count;
  }
  return means;
}

/**
 * Replaces NaN cells by `fill` (the training means), in place, and returns how many were
 * replaced. A column missing in every training participant cannot be imputed: InputError.
 */
export function imputeMissing(matrix: DesignMatrix, fill: Float64Array,
  featureNames: readonly string[]): number {
  let replaced = 0;
  for (let s = 0; s < matrix.rows; s++) {
    for (let k = 0; k < matrix.columns; k++) {
      const cell = s * matrix.columns + k;
      if (!Number.isNaN(matrix.values[cell]!)) continue;
      if (Number.isNaN(fill[k]!)) {
        throw new InputError(`feature '${featureNames[k]}' is missing for every training `
          + 'participant; drop it from the configuration', { field: featureNames[k] });
      }
      matrix.values[cell] = fill[k]!;
      replaced++;
    }
  }
  return replaced;
}

/** Per-column centre and scale (population SD, divisor n; 1 where the SD is 0, as sklearn). */
export interface Standardizer {
  mean: Float64Array;
  scale: Float64Array;
}

/** Learns a Standardizer from the rows of `matrix` (no missing values). */
export function fitStandardizer(matrix: DesignMatrix): Standardizer {
  const mean = new Float64Array(matrix.columns);
  const scale = new Float64Array(matrix.columns);
  for (let k = 0; k < matrix.columns; k++) {
    let sum = 0;
    for (let s = 0; s < matrix.rows; s++) sum += matrix.values[s * matrix.columns + k]!;
    mean[k] = sum / matrix.rows;
    let squares = 0;
    for (let s = 0; s < matrix.rows; s++) {
      squares += (matrix.values[s * matrix.columns + k]! - mean[k]!) ** 2;
    }
    const sd = Math.sqrt(squares / matrix.rows);
    scale[k] = sd === 0 ? 1 : sd;
  }
  return { mean, scale };
}

/** (x - mean) / scale for every cell, as a new matrix. */
export function standardize(matrix: DesignMatrix, standardizer: Standardizer): DesignMatrix {
  const values = new Float64Array(matrix.values.length);
  for (let s = 0; s < matrix.rows; s++) {
    for (let k = 0; k < matrix.columns; k++) {
      const cell = s * matrix.columns + k;
      values[cell] = (matrix.values[cell]! - standardizer.mean[k]!) / standardizer.scale[k]!;
    }
  }
  return { rows: matrix.rows, columns: matrix.columns, values };
}

/** Logistic function 1 / (1 + exp(-x)), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The participants `rows` of a dataset (features, standard errors, labels and trials). */
export function subsetDataset(dataset: Dataset, rows: readonly number[]): Dataset {
  const table = dataset.features;
  const width = table.featureNames.length;
  const d = new Float64Array(rows.length * width);
  const se = new Float64Array(rows.length * width);
  rows.forEach((s, r) => {
    d.set(table.d.subarray(s * width, (s + 1) * width), r * width);
    se.set(table.se.subarray(s * width, (s + 1) * width), r * width);
  });
  const features: FeatureTable = {
    participantIds: rows.map((s) => table.participantIds[s]!),
    featureNames: [...table.featureNames],
    d,
    se,
  };
  const labels = dataset.labels === undefined ? undefined
    : Float64Array.from(rows, (s) => dataset.labels![s]!);
  const subset: Dataset = labels === undefined ? { features } : { features, labels };
  // Epochs are shared, not copied: a row subset only picks the participants' records.
  if (dataset.trials !== undefined) subset.trials = rows.map((s) => dataset.trials![s]!);
  return subset;
}
