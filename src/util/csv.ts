/**
 * CSV output that spreadsheet programs cannot execute: a cell that starts with = + - @, tab
 * or carriage return is prefixed with a single quote (OWASP "CSV injection" guidance), unless
 * it is a plain number such as -0.42, which stays a number.
 */

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV cell: neutralised against formula injection, quoted when needed (RFC 4180). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? formatNumber(value) : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text) && !NUMBER_PATTERN.test(text)) {
    text = `'${text}`;
  }
  if (/[",\n\r]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** A number as CSV text: full precision, empty for NaN (never the string "NaN"). */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  return String(value);
}

/** A whole CSV document from a header and rows, with a final newline. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>,
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}
