/**
 * EDF+ / BDF+ annotations: Time-stamped Annotation Lists (TALs) stored as bytes in the
 * `EDF Annotations` signal(s). Grammar (EDF+ specification, Kemp & Olivan 2003, section 2.2.2):
 * `+Onset[\x15Duration]\x14[Text\x14]...\x00`, onsets in seconds from the header start time.
 * The first TAL of every data record is the record's time stamp and has no text.
 */
import { InputError } from '../../util/errors.js';

/** One TAL: an onset (s), an optional duration (s) and zero or more texts. */
export interface Tal {
  onsetS: number;
  durationS: number | null;
  texts: string[];
}

const NUMBER = /^[+-]\d+(\.\d*)?$/;
const DURATION = /^\d+(\.\d*)?$/;

/**
 * Parses the TALs in one data record's bytes of one annotation signal. `byteOffset` is where
 * those bytes start in the file, so errors can say where a malformed TAL lies.
 */
export function parseTals(bytes: Uint8Array, file: string, byteOffset: number): Tal[] {
  const tals: Tal[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (bytes[start] === 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < bytes.length && bytes[end] !== 0) end += 1;
    tals.push(parseOneTal(bytes.subarray(start, end), file, byteOffset + start));
    start = end + 1;
  }
  return tals;
}

function parseOneTal(bytes: Uint8Array, file: string, byteOffset: number): Tal {
  const text = new TextDecoder('utf-8').decode(bytes);
  const parts = text.split('\x14');
  const timing = parts[0] ?? '';
  const [onsetText, durationText] = timing.split('\x15');
  if (onsetText === undefined || !NUMBER.test(onsetText)) {
    throw new InputError(
      `malformed EDF+ annotation: onset '${onsetText ?? ''}' is not a signed number ` +
        '(expected e.g. +12.5)',
      { file, byteOffset, field: 'EDF Annotations' },
    );
  }
  let durationS: number | null = null;
  if (durationText !== undefined && durationText !== '') {
    if (!DURATION.test(durationText)) {
      throw new InputError(
        `malformed EDF+ annotation: duration '${durationText}' is not a non-negative number`,
        { file, byteOffset, field: 'EDF Annotations' },
      );
    }
    durationS = Number(durationText);
  }
  // The texts sit between \x14 separators; the last element after a trailing \x14 is empty.
  const texts = parts.slice(1).filter((part, i, all) => !(i === all.length - 1 && part === ''));
  return { onsetS: Number(onsetText), durationS, texts };
}
