/**
 * Number formatting for the report's text and tables, as journals print them (APA 7th ed.
 * section 6.36): probabilities without a leading zero below .001 shown as "< .001".
 */

/** A p- or q-value: "= .032", "< .001". Returns the comparison operator with the value. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '= n/a';
  if (p < 0.001) return '< .001';
  return `= ${p.toFixed(3).replace(/^0/, '')}`;
}

/** A number with `digits` decimals, or "n/a" when it is not finite. */
export function formatNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** An interval "0.62–0.80". */
export function formatInterval(interval: readonly [number, number], digits = 2): string {
  if (!Number.isFinite(interval[0]) && !Number.isFinite(interval[1])) return 'n/a';
  return `${formatNumber(interval[0], digits)}–${formatNumber(interval[1], digits)}`;
}

/** A fraction as a percentage with no decimals ("95 %" style without the space: "95%"). */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
