/**
 * Posterior summaries of the outcome weights w of a fitted model: median, mean, SD and an
 * equal-tailed credible interval per feature, from draws of the variational posterior. Weights
 * are per SD of the training cohort's standardised contrast (the model's own scale).
 * The median is the point estimate to show: under the default ARD prior the weights' posterior
 * has very heavy tails (docs/model.md, Convergence), so a mean can lie outside its own 95 %
 * interval; the median cannot.
 */
import { drawWeights, quantile } from './predict.js';
import type { FittedModel } from './types.js';

export interface WeightSummary {
  feature: string;
  median: number;
  mean: number;
  sd: number;
  lower: number;
  upper: number;
}

/** Summaries of every weight, in the model's feature order, at credible `level`. */
export async function summariseWeights(model: FittedModel, level = 0.95): Promise<WeightSummary[]> {
  const draws = await drawWeights(model);
  const P = model.featureNames.length;
  const column = new Float64Array(draws.count);
  return model.featureNames.map((feature, p) => {
    let sum = 0;
    for (let c = 0; c < draws.count; c++) {
      column[c] = draws.w[c * P + p] as number;
      sum += column[c] as number;
    }
    const mean = sum / draws.count;
    let squares = 0;
    for (let c = 0; c < draws.count; c++) squares += ((column[c] as number) - mean) ** 2;
    const sorted = column.slice().sort();
    return {
      feature,
      median: quantile(sorted, 0.5),
      mean,
      sd: Math.sqrt(squares / Math.max(1, draws.count - 1)),
      lower: quantile(sorted, (1 - level) / 2),
      upper: quantile(sorted, (1 + level) / 2),
    };
  });
}
