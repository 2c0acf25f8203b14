/**
 * An estimate, made before any EEG is read, of the memory a cohort's EEG will take once
 * loaded, so that a cohort larger than the machine can hold is refused at once with a clear
 * message instead of failing (or swapping) part-way. Ready epochs are held as float64 samples:
 * epochs x channels x samples x 8 bytes, from the header's `shape`. A continuous recording
 * (EDF, BDF, BrainVision, XDF) is bounded by its file size x 8 / (bytes per stored sample):
 * its epochs cannot hold more samples than the recording, unless epochs overlap.
 */
import { readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { InputError } from '../../util/errors.js';

/** Bytes per stored sample of each continuous format (BrainVision and XDF: the smallest). */
const STORED_SAMPLE_BYTES: Record<string, number> = {
  edf: 2, bdf: 3, brainvision: 2, xdf: 4,
};

/** Headers larger than this are not parsed for the estimate (the reader will judge them). */
const MAX_HEADER_BYTES = 10 * 1024 * 1024;

/** Estimated in-memory bytes of one participant's EEG file (0 when it cannot be told). */
export function estimateEegBytes(path: string, format: string): number {
  try {
    if (format === 'epochs') {
      if (statSync(path).size > MAX_HEADER_BYTES) return 0;
      const header = JSON.parse(readFileSync(path, 'utf8')) as { shape?: unknown };
      const shape = header.shape;
      if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) return 0;
      return (shape as number[]).reduce((product, n) => product * n, 8);
    }
    const bytesPerSample = STORED_SAMPLE_BYTES[format];
    if (bytesPerSample === undefined) return 0;
    return (statSync(path).size * 8) / bytesPerSample;
  } catch {
    return 0;
  }
}

/**
 * The memory limit for a cohort's EEG, in bytes: `explicit` when given, else the
 * IATBAYES_MEMORY_LIMIT environment variable (bytes, or a number with K, M, G or T, powers of
 * 1024), else half the machine's physical memory.
 */
export function eegMemoryLimit(explicit?: number): { bytes: number; source: string } {
  if (explicit !== undefined) return { bytes: explicit, source: 'the memoryLimitBytes option' };
  const text = process.env.IATBAYES_MEMORY_LIMIT;
  if (text !== undefined && text.trim() !== '') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
    if (match === null) {
      throw new InputError(`expected a size such as 8G or 500M, found '${text}'`,
        { field: 'IATBAYES_MEMORY_LIMIT' });
    }
    const power = ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
    return { bytes: Number(match[1]) * 1024 ** power, source: 'IATBAYES_MEMORY_LIMIT' };
  }
  return { bytes: Math.floor(totalmem() / 2), source: 'half the physical memory' };
}

/** Sizes in readable units ("3.2 GiB"). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Throws an InputError when `estimatedBytes` exceeds the limit (see eegMemoryLimit). */
export function checkEegMemory(dir: string, estimatedBytes: number, participants: number,
  explicitLimit?: number): void {
  const limit = eegMemoryLimit(explicitLimit);
  if (estimatedBytes <= limit.bytes) return;
  throw new InputError(`the EEG of ${participants} participants needs about `
    + `${formatBytes(estimatedBytes)} of memory (estimated from the files' headers and sizes), `
    + `more than the limit of ${formatBytes(limit.bytes)} (${limit.source}); load fewer `
    + 'participants, cut shorter epochs, or raise IATBAYES_MEMORY_LIMIT if the machine has the '
    + 'memory', { file: dir, field: 'eeg' });
}
