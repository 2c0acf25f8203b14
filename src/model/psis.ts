/**
 * Pareto smoothed importance sampling diagnostic k-hat for a variational posterior (Yao,
 * Vehtari, Simpson & Gelman 2018, "Yes, but did it work?", ICML): importance ratios
 * p(theta, y) / q(theta) at draws from q; a generalized Pareto distribution is fitted to the
 * largest ratios and its shape k says whether q can be trusted (k < 0.5 good, 0.5-0.7 usable
 * with care, > 0.7 unreliable).
 */

/**
 * Fits a generalized Pareto distribution (location 0) to positive exceedances by the empirical
 * Bayes method of Zhang & Stephens (2009, Technometrics 51(3):316-325), with the weakly
 * informative prior on k used by PSIS (Vehtari et al. 2015/2024: shrink towards 0.5 as if with
 * 10 extra observations). `sorted` must be ascending. Returns shape k and scale sigma.
 */
export function fitGeneralizedPareto(sorted: Float64Array): { k: number; sigma: number } {
  const n = sorted.length;
  if (n < 5) return { k: Number.NaN, sigma: Number.NaN };
  const priorBs = 3;
  const priorK = 10;
  const gridSize = 30 + Math.floor(Math.sqrt(n));
  const quartile = sorted[Math.floor(n / 4 + 0.5) - 1] as number;
  const largest = sorted[n - 1] as number;
  const theta = new Float64Array(gridSize);
  const profile = new Float64Array(gridSize);
  for (let j = 0; j < gridSize; j++) {
    const t = (1 - Math.sqrt(gridSize / (j + 0.5))) / (priorBs * quartile) + 1 / largest;
    theta[j] = t;
    let meanLog = 0;
    for (let i = 0; i < n; i++) meanLog += Math.log1p(-t * (sorted[i] as number));
    meanLog /= n;
    // Profile log likelihood at theta, with k(theta) = -mean log(1 - theta x).
    profile[j] = n * (Math.log(-t / meanLog) - meanLog - 1);
  }
  let thetaHat = 0;
  for (let j = 0; j < gridSize; j++) {
    let denominator = 0;
    for (let l = 0; l < gridSize; l++)
      denominator += Math.exp((profile[l] as number) - (profile[j] as number));
    thetaHat += (theta[j] as number) / denominator;
  }
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-thetaHat * (sorted[i] as number));
  k /= n;
  const sigma = -k / thetaHat;
  return { k: (n * k + priorK * 0.5) / (n + priorK), sigma };
}

/**
 * PSIS k-hat of log importance ratios: the tail is the largest min(S/5, 3 sqrt(S)) ratios
 * above the next one (Vehtari et al. 2024, JMLR 25(72)), shifted by it and scaled by the
 * largest ratio for numerical safety.
 */
export function paretoKHat(logRatios: Float64Array): number {
  const S = logRatios.length;
  const finite = Array.from(logRatios).filter((x) => Number.isFinite(x));
  if (finite.length < S) return Infinity;
  const tailLength = Math.ceil(Math.min(0.2 * S, 3 * Math.sqrt(S)));
  if (tailLength < 5) return Number.NaN;
  const ascending = finite.sort((a, b) => a - b);
  const maximum = ascending[S - 1] as number;
  const cutoff = Math.exp((ascending[S - tailLength - 1] as number) - maximum);
  const exceedances = new Float64Array(tailLength);
  for (let i = 0; i < tailLength; i++) {
    exceedances[i] = Math.exp((ascending[S - tailLength + i] as number) - maximum) - cutoff;
  }
  return fitGeneralizedPareto(exceedances).k;
}
