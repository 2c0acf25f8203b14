/**
 * One entry point for every EEG file: detects the format from the file's first bytes (EDF,
 * BDF, XDF magic), else from its extension (.vhdr, ready-epochs .json), and dispatches to the
 * reader. Unknown formats are refused with what was found and what is accepted.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../../util/errors.js';
import { readBrainVision } from './brainvision.js';
import { latin1 } from './bytes.js';
import { looksLikeEdf, readEdf, type EdfOptions } from './edf.js';
import { readEpochsFile } from './epochsFile.js';
import type { Epochs, Raw } from './types.js';
import { looksLikeXdf, readXdf, type XdfOptions } from './xdf.js';

export type EegFormat = 'edf' | 'bdf' | 'brainvision' | 'xdf' | 'epochs';

/** Options passed on to the format's reader (`channels`: EDF/BDF only; `eegStream`: XDF). */
export type ReadRawOptions = XdfOptions & EdfOptions;

/** The format of an EEG file, from its magic bytes or extension. */
export function detectEegFormat(path: string): EegFormat {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputError('file not found', { file: path });
  }
  const head = new Uint8Array(8);
  const fd = openSync(path, 'r');
  const n = readSync(fd, head, 0, 8, 0);
  closeSync(fd);
  const bytes = head.subarray(0, n);
  if (looksLikeXdf(bytes)) return 'xdf';
  if (looksLikeEdf(bytes)) return bytes[0] === 0xff ? 'bdf' : 'edf';
  const extension = extname(path).toLowerCase();
  if (extension === '.vhdr') return 'brainvision';
  if (extension === '.json') return 'epochs';
  throw new InputError(
    `unknown EEG format: extension '${extension}', first bytes ` +
      `${JSON.stringify(latin1(bytes, 0, bytes.length))}; expected EDF/EDF+ (.edf), BDF/BDF+ ` +
      '(.bdf), BrainVision (.vhdr), XDF (.xdf) or ready epochs (.json)',
    { file: path, byteOffset: 0 },
  );
}

/** Reads a continuous recording (EDF/BDF/BrainVision/XDF) into a Raw record. */
export function readRaw(path: string, options: ReadRawOptions = {}): Raw {
  const format = detectEegFormat(path);
  switch (format) {
    case 'edf':
    case 'bdf':
      return readEdf(path, options.channels === undefined ? {} : { channels: options.channels });
    case 'brainvision':
      return pickChannels(readBrainVision(path), options.channels);
    case 'xdf':
      return pickChannels(readXdf(path, options), options.channels);
    default:
      throw new InputError(
        'this is a ready-epochs file; expected a continuous recording (EDF, BDF, BrainVision, XDF)',
        { file: path },
      );
  }
}

/** The named channels of `raw`, in the order named (all when `names` is undefined). */
export function pickChannels(raw: Raw, names: string[] | undefined): Raw {
  if (names === undefined) return raw;
  const index = names.map((name) => {
    const i = raw.channels.findIndex((c) => c.name === name);
    if (i < 0) {
      throw new InputError(
        `no channel named '${name}'; channels are ${raw.channels.map((c) => c.name).join(', ')}`,
        { file: raw.file, field: '--channels' },
      );
    }
    return i;
  });
  return {
    ...raw,
    channels: index.map((i) => raw.channels[i] as Raw['channels'][number]),
    samples: index.map((i) => raw.samples[i] as Float64Array),
  };
}

/** What an EEG file holds: a continuous recording or ready epochs. */
export type EegFileContent = { kind: 'raw'; raw: Raw } | { kind: 'epochs'; epochs: Epochs };

/** Reads any EEG file iatbayes accepts. */
export function readEegFile(path: string, options: ReadRawOptions = {}): EegFileContent {
  if (detectEegFormat(path) === 'epochs') return { kind: 'epochs', epochs: readEpochsFile(path) };
  return { kind: 'raw', raw: readRaw(path, options) };
}
