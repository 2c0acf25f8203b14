/**
 * Bayes-optimal discrimination of the simulated binary label. The label is Bernoulli with
 * probability p = sigmoid(intercept + eta), eta ~ N(0, s^2) the weighted sum of the true
 * participant contrasts, so no classifier can rank participants better than by p itself.
 */

/** Logistic function 1 / (1 + exp(-x)). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Empirical AUC of `scores` for binary `labels` (Mann-Whitney U / (n1 n0), ties count 1/2;
 * Hanley & McNeil 1982, Radiology 143:29). NaN when a class is empty.
 */
export function empiricalAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let rankSumPositives = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const score = scores[order[i] as number];
    while (j + 1 < order.length && scores[order[j + 1] as number] === score) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        rankSumPositives += midRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const GRID_POINTS = 4001;
const GRID_HALF_WIDTH_SD = 8;

/**
 * Population AUC of the true probability: P(eta_1 > eta_0) for a random positive and a random
 * negative participant, with eta ~ N(0, sdEta^2) and P(y = 1 | eta) = sigmoid(intercept + eta).
 * Computed by quadrature on a grid of +-8 SD (the densities of positives and negatives are the
 * normal density times p and 1 - p). 0.5 when sdEta is 0.
 */
export function populationBayesAuc(intercept: number, sdEta: number): number {
  if (sdEta <= 0) return 0.5;
  const step = (2 * GRID_HALF_WIDTH_SD * sdEta) / (GRID_POINTS - 1);
  let negativeMassBelow = 0;
  let totalPositive = 0;
  let totalNegative = 0;
  let concordant = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    const eta = -GRID_HALF_WIDTH_SD * sdEta + i * step;
    const density = Math.exp(-0.5 * (eta / sdEta) ** 2);
    const p = sigmoid(intercept + eta);
    const positive = density * p;
    const negative = density * (1 - p);
    concordant += positive * (negativeMassBelow + 0.5 * negative);
    negativeMassBelow += negative;
    totalPositive += positive;
    totalNegative += negative;
  }
  return concordant / (totalPositive * totalNegative);
}

/** E[sigmoid(intercept + eta)] for eta ~ N(0, sdEta^2), by the same quadrature. */
export function expectedPrevalence(intercept: number, sdEta: number): number {
  if (sdEta <= 0) return sigmoid(intercept);
  const step = (2 * GRID_HALF_WIDTH_SD * sdEta) / (GRID_POINTS - 1);
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    const eta = -GRID_HALF_WIDTH_SD * sdEta + i * step;
    const density = Math.exp(-0.5 * (eta / sdEta) ** 2);
    weighted += density * sigmoid(intercept + eta);
    total += density;
  }
  return weighted / total;
}

/** The intercept whose expected prevalence is `prevalence` (bisection to 1e-10). */
export function interceptForPrevalence(prevalence: number, sdEta: number): number {
  if (!(prevalence > 0 && prevalence < 1)) {
    throw new RangeError(`prevalence must be in (0, 1), got ${prevalence}`);
  }
  let low = -40;
  let high = 40;
  while (high - low > 1e-10) {
    const middle = (low + high) / 2;
    if (expectedPrevalence(middle, sdEta) < prevalence) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
