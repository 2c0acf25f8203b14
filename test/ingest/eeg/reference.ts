/**
 * Loads the MNE reference values (test/fixtures/eeg/mne_reference.json, made by
 * mne_reference.py with Debian's python3-mne 1.3) and converts our values to MNE's units.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/sharedData.js';

export interface MneRecording {
  file: string;
  channelNames: string[];
  channelTypes: string[];
  origUnits: string[];
  sfreqHz: number;
  nSamples: number;
  measDate: string | null;
  annotations: { onsetS: number; durationS: number; description: string }[];
  samples: { channel: string; sample: number; value: number }[];
}

export interface MneReference {
  mne: string;
  recordings: MneRecording[];
  hypnogram: { file: string; annotations: MneRecording['annotations'] };
  statusEvents: { file: string; events: [number, number][] };
  /** The analog Trigger channel read as data (volts), sample index and value. */
  trigger: { file: string; channel: string; samples: [number, number][] };
}

export const mneReference = JSON.parse(
  readFileSync(join(repoRoot, 'test', 'fixtures', 'eeg', 'mne_reference.json'), 'utf8'),
) as MneReference;

export function mneRecording(file: string): MneRecording {
  const found = mneReference.recordings.find((r) => r.file === file);
  if (found === undefined) throw new Error(`no MNE reference for ${file}`);
  return found;
}

/**
 * Factor MNE applies to a value in the file's unit: MNE stores micro-prefixed units in their
 * SI base (µV -> V, µS -> S), milli likewise, and leaves other units as they are.
 */
export function mneScale(unit: string): number {
  if (/^[uµμ]/.test(unit) && unit.length > 1) return 1e-6;
  if (/^m/.test(unit) && unit.length > 1) return 1e-3;
  return 1;
}
