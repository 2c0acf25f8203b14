/**
 * Streaming reader of delimited text (CSV, TSV): reads the file in 1 MiB chunks and hands
 * each record to a callback with its 1-based row number (header = row 1). Handles a UTF-8
 * BOM, CRLF line ends, quoted fields (parsed by papaparse) and fields with embedded newlines.
 * Chunks without any quote character are split by a plain scanner, which is what makes
 * millions of rows per second possible; every quoted chunk goes through papaparse.
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../../util/errors.js';

/**
 * One record. The plain-text path reads fields straight from the chunk, so asking for a
 * number or comparing a field builds no string. The object is reused between calls.
 */
export interface CsvRecord {
  readonly length: number;
  /** Field `i` as text. */
  field(i: number): string;
  /** Whether field `i` equals `value`. */
  equals(i: number, value: string): boolean;
  /** Field `i` as a number; NaN when empty or not a number. */
  number(i: number): number;
}

/** Called once per data record with its 1-based row number. */
export type RecordHandler = (record: CsvRecord, row: number) => void;

/** A record whose fields are spans of one string (unquoted text). */
class SpanRecord implements CsvRecord {
  text = '';
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  field(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  equals(i: number, value: string): boolean {
    const start = this.starts[i] as number;
    return (this.ends[i] as number) - start === value.length && this.text.startsWith(value, start);
  }

  number(i: number): number {
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    if (end === start) return NaN;
    if (end - start < 10) {
      let value = 0;
      let at = start;
      for (; at < end; at++) {
        const digit = this.text.charCodeAt(at) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (at === end) return value;
    }
    return parseNumber(this.text.slice(start, end));
  }
}

/** A record of separate strings (papaparse output). */
class ArrayRecord implements CsvRecord {
  fields: string[] = [];

  get length(): number {
    return this.fields.length;
  }

  field(i: number): string {
    return this.fields[i] as string;
  }

  equals(i: number, value: string): boolean {
    return this.fields[i] === value;
  }

  number(i: number): number {
    return parseNumber(this.fields[i] as string);
  }
}

/** A number from text: NaN when empty or blank (Number('') would give 0). */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

export interface DelimitedOptions {
  /** Field delimiter; detected from the header when absent (tab, comma or semicolon). */
  delimiter?: string;
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
}

/** Header information given to the caller before the first record. */
export interface DelimitedHeader {
  columns: string[];
  delimiter: string;
}

/**
 * Reads `path`, calls `onHeader` with the header and then the returned handler for every
 * record. Empty lines are skipped (they still count as rows). Resolves to the number of
 * data records.
 */
export async function readDelimited(
  path: string,
  onHeader: (header: DelimitedHeader) => RecordHandler,
  options: DelimitedOptions = {},
): Promise<number> {
  let stream;
  try {
    const highWaterMark = options.chunkBytes ?? 1 << 20;
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark });
  } catch (error) {
    throw new InputError(`cannot read the file: ${(error as Error).message}`, { file: path });
  }
  let pending = '';
  let handler: RecordHandler | null = null;
  let delimiter = options.delimiter ?? '';
  let row = 1;
  let records = 0;
  let first = true;
  const spans = new SpanRecord();
  const strings = new ArrayRecord();

  const emitPlain = (text: string, start: number, end: number): void => {
    let pos = start;
    while (pos < end) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      let stop = lineEnd;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      row++;
      if (stop > pos) {
        spans.text = text;
        spans.length = 0;
        let fieldStart = pos;
        for (;;) {
          let next = text.indexOf(delimiter, fieldStart);
          if (next < 0 || next > stop) next = stop;
          spans.push(fieldStart, next);
          if (next === stop) break;
          fieldStart = next + delimiter.length;
        }
        records++;
        (handler as RecordHandler)(spans, row);
      }
      pos = lineEnd + 1;
    }
  };

  const emitQuoted = (segment: string): void => {
    const crlf = segment.includes('\r\n');
    const body = crlf && segment.endsWith('\r') ? segment.slice(0, -1) : segment;
    const newline = crlf ? '\r\n' : '\n';
    const parsed = Papa.parse<string[]>(body, { delimiter, newline, skipEmptyLines: false });
    const broken = parsed.errors.find((e) => e.type === 'Quotes');
    if (broken) {
      throw new InputError(`malformed quoted field (${broken.message})`, {
        file: path, row: row + 1 + (broken.row ?? 0),
      });
    }
    for (const record of parsed.data) {
      row++;
      const last = record.length - 1;
      const tail = record[last];
      if (tail !== undefined && tail.endsWith('\r')) record[last] = tail.slice(0, -1);
      if (record.length === 1 && record[0] === '') continue;
      records++;
      strings.fields = record;
      (handler as RecordHandler)(strings, row);
    }
  };

  /** Emits every complete record of `text` and returns the unfinished rest. */
  const consume = (text: string, final: boolean): string => {
    let cut = final ? text.length : text.lastIndexOf('\n');
    if (cut < 0) return text;
    const quote = text.indexOf('"');
    if (quote < 0 || quote >= cut) {
      emitPlain(text, 0, cut);
      return final ? '' : text.slice(cut + 1);
    }
    if (!final) cut = lastBalancedNewline(text, cut);
    if (cut < 0) return text;
    emitQuoted(text.slice(0, cut));
    return final ? '' : text.slice(cut + 1);
  };

  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = pending + chunk;
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const headerEnd = text.indexOf('\n');
        if (headerEnd < 0) {
          pending = text;
          continue;
        }
        first = false;
        handler = startHeader(text.slice(0, headerEnd));
        text = text.slice(headerEnd + 1);
      }
      pending = consume(text, false);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the file: ${(error as Error).message}`, { file: path });
  }
  if (first) {
    const text = pending.charCodeAt(0) === 0xfeff ? pending.slice(1) : pending;
    if (text.trim() === '') {
      throw new InputError('the file is empty (no header row)', { file: path });
    }
    handler = startHeader(text);
    pending = '';
  }
  if (pending.length > 0) consume(pending, true);
  return records;

  function startHeader(line: string): RecordHandler {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (clean.trim() === '') {
      throw new InputError('the header row is empty', { file: path, row: 1 });
    }
    if (!delimiter) delimiter = detectDelimiter(clean);
    const parsed = Papa.parse<string[]>(clean, { delimiter });
    const columns = (parsed.data[0] ?? []).map((name) => name.trim());
    return onHeader({ columns, delimiter });
  }
}

/** The most frequent of tab, comma and semicolon outside quotes in the header line. */
export function detectDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { '\t': 0, ',': 0, ';': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch] = (counts[ch] as number) + 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] as [string, number];
  return best[1] > 0 ? best[0] : ',';
}

/** The last newline at or before `cut` that is not inside a quoted field, or -1. */
function lastBalancedNewline(text: string, cut: number): number {
  let quoted = false;
  let last = -1;
  for (let i = 0; i <= cut; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) quoted = !quoted;
    else if (code === 10 && !quoted) last = i;
  }
  return last;
}
