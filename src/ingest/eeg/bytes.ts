/**
 * Bounds-checked reading of binary EEG files. Every read that could run past the end of the
 * file goes through `requireBytes`, so a truncated file ends in an InputError naming the byte
 * offset and the field instead of a RangeError or a silently short array.
 */
import { InputError } from '../../util/errors.js';

/** Throws unless `length` bytes starting at `offset` lie inside `bytes`. */
export function requireBytes(
  bytes: Uint8Array,
  offset: number,
  length: number,
  file: string,
  field: string,
): void {
  if (offset < 0 || offset + length > bytes.length) {
    throw new InputError(
      `file is truncated: ${field} needs ${length} bytes at byte ${offset}, ` +
        `but the file has ${bytes.length} bytes`,
      { file, byteOffset: offset, field },
    );
  }
}

/** A DataView over exactly the bytes of `bytes` (which may be a view into a larger buffer). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Latin-1 text of a byte range (EDF headers are 7-bit ASCII; Latin-1 keeps any byte). */
export function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = offset; i < offset + length; i += 1) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}

/** True when every value is finite; otherwise throws naming the channel and sample. */
export function requireFiniteSamples(
  samples: Float64Array[],
  names: string[],
  file: string,
  byteOffsetOf?: (channel: number, sample: number) => number,
): void {
  for (let c = 0; c < samples.length; c += 1) {
    const channel = samples[c] as Float64Array;
    for (let i = 0; i < channel.length; i += 1) {
      if (!Number.isFinite(channel[i] as number)) {
        const location = byteOffsetOf === undefined ? {} : { byteOffset: byteOffsetOf(c, i) };
        throw new InputError(
          `sample ${i} of channel '${names[c]}' is ${channel[i]}; expected a finite number`,
          { file, field: names[c], ...location },
        );
      }
    }
  }
}
