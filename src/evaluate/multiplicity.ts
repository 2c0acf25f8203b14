/**
 * False discovery rate control across the cells of a study: Benjamini-Hochberg (1995, JRSS B
 * 57:289) and Benjamini-Yekutieli (2001, Ann. Stat. 29:1165) adjusted p-values (q-values), and
 * the false coverage rate adjusted confidence level of Benjamini & Yekutieli (2005, JASA
 * 100:71) for the cells selected by BH.
 */

/**
 * BH q-values: q_(i) = min over k >= i of min(1, m p_(k) / k), p sorted ascending, returned in
 * the input order (statsmodels multipletests(method='fdr_bh')).
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  return stepUp(pValues, 1);
}

/**
 * BY q-values: the BH q-values times c(m) = sum_{i=1..m} 1/i, capped at 1, valid under any
 * dependence between the tests (statsmodels multipletests(method='fdr_by')).
 */
export function benjaminiYekutieli(pValues: ArrayLike<number>): Float64Array {
  let harmonic = 0;
  for (let i = 1; i <= pValues.length; i++) harmonic += 1 / i;
  return stepUp(pValues, harmonic);
}

function stepUp(pValues: ArrayLike<number>, factor: number): Float64Array {
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${i} is ${p}; expected [0, 1]`);
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const q = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, (pValues[index]! * m * factor) / rank);
    q[index] = Math.min(1, running);
  }
  return q;
}

/**
 * FCR-adjusted confidence level 1 - R q / m for each of the R cells selected (BH q <= q)
 * among m (Benjamini & Yekutieli 2005, Definition 1). Returns null when nothing is selected.
 */
export function fcrAdjustedLevel(selected: number, tested: number, q: number): number | null {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  if (selected === 0) return null;
  return 1 - (selected * q) / tested;
}

/**
 * Monte Carlo permutation p-value p = (b + 1) / (P + 1), b the number of the P permuted
 * statistics at least as large as the observed one (Phipson & Smyth 2010): one-sided, in the
 * fixed direction "label 1 scores higher". `tolerance` (default 1e-12, in AUC units) counts as
 * equal two AUCs that differ only by floating-point rounding.
 */
export function permutationPValue(observed: number, permuted: ArrayLike<number>,
  tolerance = 1e-12): { p: number; exceedances: number; permutations: number } {
  let exceedances = 0;
  for (let i = 0; i < permuted.length; i++) {
    if (permuted[i]! >= observed - tolerance) exceedances++;
  }
  return { p: (exceedances + 1) / (permuted.length + 1), exceedances,
    permutations: permuted.length };
}
