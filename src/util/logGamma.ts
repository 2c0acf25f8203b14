/** The log Gamma function (for normalising constants of Gamma and inverse-Gamma priors). */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Gamma(x) for x > 0 (Lanczos approximation, g = 7, n = 9; ~1e-15 relative error). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const t = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (t + i);
  const g = t + 7.5;
  return HALF_LOG_2PI + (t + 0.5) * Math.log(g) - g + Math.log(sum);
}
