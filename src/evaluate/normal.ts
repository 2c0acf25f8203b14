/**
 * The standard normal distribution function and its inverse, to double precision, for the
 * BCa interval (Efron 1987) and FCR-adjusted levels. scipy calls them `ndtr` and `ndtri`.
 *
 * erfc is summed from its Taylor series (all terms positive, Abramowitz & Stegun 7.1.6) for
 * |x| <= 2 and from its continued fraction (A&S 7.1.14, evaluated by the modified Lentz method)
 * beyond, so the lower tail keeps full relative precision down to about 1e-300.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;

/** erf(x) for |x| <= 2 by the series 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/**
 * erfc(x) for x > 2 by the continued fraction
 * exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + ...))).
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Complementary error function erfc(x) = 1 - erf(x), relative precision ~1e-15. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 2) return x > 27.3 ? 0 : erfcContinuedFraction(x);
  if (x < -2) return x < -6 ? 2 : 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/** Standard normal distribution function Phi(z) = P(Z <= z) (scipy.special.ndtr). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT_2);
}

/** Standard normal density phi(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal quantile Phi^-1(p) (scipy.special.ndtri): -Infinity at 0, +Infinity at 1,
 * NaN outside [0, 1]. Starts from Abramowitz & Stegun 26.2.23 (error < 4.5e-4) and refines by
 * Newton steps on log Phi, which keep relative precision deep in the lower tail.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;

  const t = Math.sqrt(-2 * Math.log(p));
  let z = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  const logP = Math.log(p);
  for (let iteration = 0; iteration < 50; iteration++) {
    const cdf = normalCdf(z);
    const step = ((Math.log(cdf) - logP) * cdf) / normalPdf(z);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
